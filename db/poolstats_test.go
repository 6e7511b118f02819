package db_test

import (
	"context"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/bodhiapp/bodhi/db"
	"github.com/bodhiapp/bodhi/dbtest"
)

// Pool figures read the same on both dialects: a transaction holds one connection in use until it ends.
func TestPoolStats(t *testing.T) {
	dbtest.EachDialect(t, func(t *testing.T, d dbtest.Dialect) {
		ctx := context.Background()
		s := dbtest.Store(t, d)
		before := s.PoolStats()
		require.Equal(t, db.Dialect(d.Name), before.Dialect)
		require.Positive(t, before.Max)
		require.Zero(t, before.InUse)
		require.NoError(t, s.WithTx(ctx, func(tx db.DbService) error {
			during := s.PoolStats()
			require.Equal(t, 1, during.InUse)
			require.GreaterOrEqual(t, during.Open, 1)
			_, err := tx.CountOrgs(ctx)
			return err
		}))
		after := s.PoolStats()
		require.Zero(t, after.InUse)
		require.Equal(t, after.Open, after.Idle)

		sessions, err := db.OpenSessions(ctx, d.URL(t), "")
		require.NoError(t, err)
		t.Cleanup(func() { sessions.Close() })
		require.Equal(t, db.Dialect(d.Name), sessions.PoolStats().Dialect)
		require.Positive(t, sessions.PoolStats().Max)
	})
}
