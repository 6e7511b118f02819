package db_test

import (
	"context"
	"strings"
	"testing"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/stretchr/testify/require"

	"github.com/bodhiapp/bodhi/db"
	"github.com/bodhiapp/bodhi/dbtest"
)

func openSessionsDialect(t *testing.T, url, schema string) db.Dialect {
	t.Helper()
	ctx := context.Background()
	s, err := db.OpenSessions(ctx, url, schema)
	require.NoError(t, err)
	defer func() { require.NoError(t, s.Close()) }()
	require.NoError(t, s.Ping(ctx))
	return s.Dialect()
}

func TestOpenSessionsPicksTheDialectFromTheURLScheme(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct {
		name string
		url  func(t *testing.T) string
		want db.Dialect
	}{
		{"sqlite:path", func(t *testing.T) string { return dbtest.SQLiteURL(t) }, db.SQLite},
		{"sqlite://path", func(t *testing.T) string {
			return "sqlite://" + strings.TrimPrefix(dbtest.SQLiteURL(t), "sqlite:")
		}, db.SQLite},
		{"postgres://", func(t *testing.T) string { return dbtest.PostgresURL(t) }, db.Postgres},
		{"postgresql://", func(t *testing.T) string {
			return "postgresql://" + strings.TrimPrefix(dbtest.PostgresURL(t), "postgres://")
		}, db.Postgres},
	} {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			require.Equal(t, tc.want, openSessionsDialect(t, tc.url(t), ""))
		})
	}
}

func TestOpenSessionsRejectsBadURLs(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	for _, url := range []string{"mysql://root@localhost/bodhi", "redis://127.0.0.1:6379", "/tmp/session.sqlite", "", "sqlite:"} {
		_, err := db.OpenSessions(ctx, url, "")
		require.Error(t, err, "url %q", url)
		require.Contains(t, err.Error(), "open session database", "url %q", url)
	}
	_, err := db.OpenSessions(ctx, "mysql://root:hunter2@localhost/bodhi", "")
	require.NotContains(t, err.Error(), "hunter2", "the password never appears in the error")

	_, err = db.OpenSessions(ctx, dbtest.SQLiteURL(t), "bodhi_sessions")
	require.ErrorContains(t, err, "PostgreSQL", "a schema only makes sense with PostgreSQL")
}

func TestOpenSessionsMigratesOnceAndReopens(t *testing.T) {
	t.Parallel()
	for _, d := range dbtest.Dialects {
		t.Run(d.Name, func(t *testing.T) {
			t.Parallel()
			ctx := context.Background()
			url := d.URL(t)
			s, err := db.OpenSessions(ctx, url, "")
			require.NoError(t, err)
			save(t, s, rowID(1), "org-a", map[string]string{"k": "v"})
			require.NoError(t, s.Close())

			s, err = db.OpenSessions(ctx, url, "")
			require.NoError(t, err, "a second open finds the migrations applied")
			defer s.Close()
			require.NotNil(t, loaded(t, s, rowID(1)), "rows survive a reopen")
		})
	}
}

// TestSessionsPostgresSchemaHoldsTheTable checks SESSION_DB_SCHEMA: the sessions table and the session
// migrations' version table live in that schema, not in public (data-model.md §5).
func TestSessionsPostgresSchemaHoldsTheTable(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	url := dbtest.PostgresURL(t)
	s, err := db.OpenSessions(ctx, url, "bodhi_sessions")
	require.NoError(t, err)
	defer s.Close()
	save(t, s, rowID(1), "org-a", map[string]string{"k": "v"})

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

// TestSessionStoreCallDeadline checks the session store's calls, like the app store's, end within the call
// deadline while its database is stalled, as ErrUnavailable (/health and the session middleware answer 503).
func TestSessionStoreCallDeadline(t *testing.T) {
	t.Parallel()
	relay := dbtest.NewStall(t, dbtest.PostgresTarget(t))
	ctx := context.Background()
	s, err := db.OpenSessions(ctx, relay.StalledPostgres().URL(t), "", db.WithCallTimeout(callTimeout))
	require.NoError(t, err)
	t.Cleanup(func() { s.Close() })
	save(t, s, rowID(1), "org-a", map[string]string{"k": "v"})

	relay.Pause()
	resumed := false
	t.Cleanup(func() {
		if !resumed {
			relay.Resume()
		}
	})
	calls := map[string]func() error{
		"load": func() error { _, err := s.Load(ctx, rowID(1)); return err },
		"save": func() error {
			_, err := s.Save(ctx, db.SessionRecord{ID: rowID(1), OrgID: "org-a"})
			return err
		},
		"delete by user": func() error { _, err := s.DeleteByUser(ctx, "org-a", "user-1"); return err },
	}
	for what, call := range calls {
		done := make(chan error, 1)
		go func() { done <- call() }()
		select {
		case err := <-done:
			require.ErrorIs(t, err, db.ErrUnavailable, what)
		case <-time.After(noHang):
			t.Fatalf("%s: still waiting on the stalled session database after %v", what, noHang)
		}
	}
	relay.Resume()
	resumed = true
	require.Eventually(t, func() bool { _, err := s.Load(ctx, rowID(1)); return err == nil }, noHang,
		20*time.Millisecond, "the store answers again once the database does")
}
