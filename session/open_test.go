package session_test

import (
	"context"
	"strings"
	"testing"

	"github.com/jackc/pgx/v5"
	"github.com/stretchr/testify/require"

	"github.com/bodhiapp/bodhi/db"
	"github.com/bodhiapp/bodhi/dbtest"
	"github.com/bodhiapp/bodhi/session"
)

func openDialect(t *testing.T, url, schema string) db.Dialect {
	t.Helper()
	ctx := context.Background()
	s, err := session.Open(ctx, url, schema, nil)
	require.NoError(t, err)
	defer func() { require.NoError(t, s.Close()) }()
	require.NoError(t, s.Ping(ctx))
	store, ok := s.(*session.DBStore)
	require.True(t, ok, "Open returns a *session.DBStore, got %T", s)
	return store.Dialect()
}

func TestOpenPicksTheBackendFromTheURLScheme(t *testing.T) {
	t.Parallel()
	t.Run("sqlite:path", func(t *testing.T) {
		t.Parallel()
		require.Equal(t, db.SQLite, openDialect(t, dbtest.SQLiteURL(t), ""))
	})
	t.Run("sqlite://path", func(t *testing.T) {
		t.Parallel()
		url := "sqlite://" + strings.TrimPrefix(dbtest.SQLiteURL(t), "sqlite:")
		require.Equal(t, db.SQLite, openDialect(t, url, ""))
	})
	t.Run("postgres://", func(t *testing.T) {
		t.Parallel()
		require.Equal(t, db.Postgres, openDialect(t, dbtest.PostgresURL(t), ""))
	})
	t.Run("postgresql://", func(t *testing.T) {
		t.Parallel()
		url := "postgresql://" + strings.TrimPrefix(dbtest.PostgresURL(t), "postgres://")
		require.Equal(t, db.Postgres, openDialect(t, url, ""))
	})
}

func TestOpenRejectsBadURLs(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	for _, url := range []string{"mysql://root@localhost/bodhi", "redis://127.0.0.1:6379", "/tmp/session.sqlite", "", "sqlite:"} {
		_, err := session.Open(ctx, url, "", nil)
		require.Error(t, err, "url %q", url)
		require.Contains(t, err.Error(), "open session database", "url %q", url)
	}
	_, err := session.Open(ctx, "mysql://root:hunter2@localhost/bodhi", "", nil)
	require.NotContains(t, err.Error(), "hunter2", "the password never appears in the error")

	_, err = session.Open(ctx, dbtest.SQLiteURL(t), "bodhi_sessions", nil)
	require.ErrorContains(t, err, "PostgreSQL", "a schema only makes sense with PostgreSQL")
}

func TestOpenMigratesOnceAndReopens(t *testing.T) {
	t.Parallel()
	for _, d := range dbtest.Dialects {
		t.Run(d.Name, func(t *testing.T) {
			t.Parallel()
			ctx := context.Background()
			url := d.URL(t)
			s, err := session.Open(ctx, url, "", nil)
			require.NoError(t, err)
			require.NoError(t, s.Save(ctx, &session.Record{ID: rowID(1), OrgID: "org-a", Data: map[string]string{"k": "v"}}))
			require.NoError(t, s.Close())

			s, err = session.Open(ctx, url, "", nil)
			require.NoError(t, err, "a second Open finds the migrations applied")
			defer s.Close()
			got, err := s.Load(ctx, rowID(1))
			require.NoError(t, err)
			require.NotNil(t, got, "rows survive a reopen")
		})
	}
}

// TestPostgresSchemaHoldsTheTable checks SESSION_DB_SCHEMA: the sessions table and the session migrations' version
// table live in that schema, not in public (data-model.md §5).
func TestPostgresSchemaHoldsTheTable(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	url := dbtest.PostgresURL(t)
	s, err := session.Open(ctx, url, "bodhi_sessions", nil)
	require.NoError(t, err)
	defer s.Close()
	require.NoError(t, s.Save(ctx, &session.Record{ID: rowID(1), OrgID: "org-a", Data: map[string]string{"k": "v"}}))

	conn, err := pgx.Connect(ctx, url)
	require.NoError(t, err)
	defer conn.Close(ctx)
	var inSchema, inPublic, versions *string
	require.NoError(t, conn.QueryRow(ctx,
		"SELECT to_regclass('bodhi_sessions.sessions')::text, to_regclass('public.sessions')::text, "+
			"to_regclass('bodhi_sessions.bodhi_session_migrations')::text").Scan(&inSchema, &inPublic, &versions))
	require.NotNil(t, inSchema)
	require.Nil(t, inPublic)
	require.NotNil(t, versions)
	var n int
	require.NoError(t, conn.QueryRow(ctx, "SELECT count(*) FROM bodhi_sessions.sessions").Scan(&n))
	require.Equal(t, 1, n)
}
