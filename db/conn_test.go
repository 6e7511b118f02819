package db_test

import (
	"context"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/bodhiapp/bodhi/db"
	"github.com/bodhiapp/bodhi/dbtest"
	"github.com/bodhiapp/bodhi/migrations"
)

func TestParseURL(t *testing.T) {
	tests := []struct {
		url     string
		dialect db.Dialect
		target  string
		wantErr bool
	}{
		{url: "sqlite:/tmp/x/bodhi.sqlite", dialect: db.SQLite, target: "/tmp/x/bodhi.sqlite"},
		{url: "sqlite:///tmp/x.sqlite", dialect: db.SQLite, target: "/tmp/x.sqlite"},
		{url: "sqlite:relative.sqlite", dialect: db.SQLite, target: "relative.sqlite"},
		{url: "postgres://u:p@localhost:5432/bodhi", dialect: db.Postgres, target: "postgres://u:p@localhost:5432/bodhi"},
		{url: "postgresql://localhost/bodhi", dialect: db.Postgres, target: "postgresql://localhost/bodhi"},
		{url: "sqlite:", wantErr: true},
		{url: "mysql://localhost/x", wantErr: true},
		{url: "", wantErr: true},
	}
	for _, tt := range tests {
		t.Run(tt.url, func(t *testing.T) {
			d, target, err := db.ParseURL(tt.url)
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

func TestRedactURL(t *testing.T) {
	require.Equal(t, "postgres://bodhi:***@db:5432/bodhi", db.RedactURL("postgres://bodhi:s3cret@db:5432/bodhi"))
	require.Equal(t, "postgres://db/bodhi", db.RedactURL("postgres://db/bodhi"))
	require.Equal(t, "redis://:***@r:6379/0", db.RedactURL("redis://:pw@r:6379/0"))
}

func TestSessionSchema(t *testing.T) {
	ctx := context.Background()
	conn, err := db.Connect(ctx, dbtest.PostgresURL(t), "bodhi_sessions")
	require.NoError(t, err)
	defer conn.Close()
	runner, err := conn.Migrator(migrations.Session)
	require.NoError(t, err)
	_, err = runner.Up(ctx)
	require.NoError(t, err)
	var schema string
	require.NoError(t, conn.Pool.QueryRow(ctx,
		"SELECT schemaname FROM pg_tables WHERE tablename = 'sessions'").Scan(&schema))
	require.Equal(t, "bodhi_sessions", schema, "the sessions table lives in SESSION_DB_SCHEMA")
	require.NoError(t, conn.Pool.QueryRow(ctx,
		"SELECT schemaname FROM pg_tables WHERE tablename = 'bodhi_session_migrations'").Scan(&schema))
	require.Equal(t, "bodhi_sessions", schema, "and so does its version table")

	_, err = db.Connect(ctx, dbtest.SQLiteURL(t), "bodhi_sessions")
	require.Error(t, err, "a schema needs PostgreSQL")
}

// TestConcurrentMigrations starts several migrators on one PostgreSQL database at once, as replicas starting
// together do: the advisory lock serialises them and every one succeeds.
func TestConcurrentMigrations(t *testing.T) {
	url := dbtest.PostgresURL(t)
	ctx := context.Background()
	errs := make(chan error, 4)
	for i := 0; i < 4; i++ {
		go func() {
			s, err := db.Open(ctx, url)
			if err == nil {
				err = s.Migrate(ctx)
				s.Close()
			}
			errs <- err
		}()
	}
	for i := 0; i < 4; i++ {
		require.NoError(t, <-errs)
	}
}
