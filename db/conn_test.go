package db_test

import (
	"context"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/bodhiapp/bodhi/db"
	"github.com/bodhiapp/bodhi/dbtest"
	"github.com/bodhiapp/bodhi/migrations"
)

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
