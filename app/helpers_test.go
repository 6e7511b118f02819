package app

import (
	"context"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/bodhiapp/bodhi/auth"
	"github.com/bodhiapp/bodhi/cache"
	"github.com/bodhiapp/bodhi/crypto"
	"github.com/bodhiapp/bodhi/db"
)

func mustMaster(t testing.TB) crypto.Key {
	t.Helper()
	k, err := crypto.MasterKeyFromSource(testKey)
	require.NoError(t, err)
	return k
}

// invalidateOrg does what every writer of an org row does after its commit.
func invalidateOrg(t testing.TB, a *App, org db.Organization) {
	t.Helper()
	require.NoError(t, a.cache.Invalidate(context.Background(), auth.OrgKey(org.Slug), auth.OrgIDKey(org.ID)))
}

// newRedisWriter is a cache client like the CLI's: it publishes invalidations without subscribing.
func newRedisWriter(t *testing.T, url, prefix string) *cache.Redis {
	t.Helper()
	w, err := cache.NewRedis(context.Background(), cache.RedisOptions{URL: url, Prefix: prefix})
	require.NoError(t, err)
	t.Cleanup(func() { w.Close() })
	return w
}
