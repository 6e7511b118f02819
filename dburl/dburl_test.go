package dburl_test

import (
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/bodhiapp/bodhi/dburl"
)

func TestParse(t *testing.T) {
	tests := []struct {
		url     string
		dialect dburl.Dialect
		target  string
		wantErr bool
	}{
		{url: "sqlite:/tmp/x/bodhi.sqlite", dialect: dburl.SQLite, target: "/tmp/x/bodhi.sqlite"},
		{url: "sqlite:///tmp/x.sqlite", dialect: dburl.SQLite, target: "/tmp/x.sqlite"},
		{url: "sqlite:relative.sqlite", dialect: dburl.SQLite, target: "relative.sqlite"},
		{url: "postgres://u:p@localhost:5432/bodhi", dialect: dburl.Postgres, target: "postgres://u:p@localhost:5432/bodhi"},
		{url: "postgresql://localhost/bodhi", dialect: dburl.Postgres, target: "postgresql://localhost/bodhi"},
		{url: "sqlite:", wantErr: true},
		{url: "mysql://localhost/x", wantErr: true},
		{url: "", wantErr: true},
	}
	for _, tt := range tests {
		t.Run(tt.url, func(t *testing.T) {
			d, target, err := dburl.Parse(tt.url)
			if tt.wantErr {
				require.Error(t, err)
				return
			}
			require.NoError(t, err)
			require.Equal(t, tt.dialect, d)
			require.Equal(t, tt.target, target)
		})
	}
}

func TestRedact(t *testing.T) {
	require.Equal(t, "postgres://bodhi:***@db:5432/bodhi", dburl.Redact("postgres://bodhi:s3cret@db:5432/bodhi"))
	require.Equal(t, "postgres://db/bodhi", dburl.Redact("postgres://db/bodhi"))
	require.Equal(t, "redis://:***@r:6379/0", dburl.Redact("redis://:pw@r:6379/0"))
}
