package auth_test

import (
	"context"
	"strings"
	"sync/atomic"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/bodhiapp/bodhi/auth"
	"github.com/bodhiapp/bodhi/cache"
	"github.com/bodhiapp/bodhi/db"
	"github.com/bodhiapp/bodhi/dbtest"
)

// tokenCountingStore counts token lookups that reach the database.
type tokenCountingStore struct {
	db.DbService
	lookups atomic.Int64
}

func (s *tokenCountingStore) GetAPITokenByPrefix(ctx context.Context, orgID, prefix string) (db.APIToken, error) {
	s.lookups.Add(1)
	return s.DbService.GetAPITokenByPrefix(ctx, orgID, prefix)
}

func TestAPITokens(t *testing.T) {
	caches := map[string]func(t *testing.T) (cache.Cache, cache.Cache){
		"memory": func(t *testing.T) (cache.Cache, cache.Cache) { m := cache.NewMemory(nil); return m, m },
		"redis": func(t *testing.T) (cache.Cache, cache.Cache) {
			url, prefix := dbtest.Redis(t)
			open := func() cache.Cache {
				r, err := cache.NewRedis(context.Background(), cache.RedisOptions{URL: url, Prefix: prefix, Subscribe: true})
				require.NoError(t, err)
				t.Cleanup(func() { r.Close() })
				require.Eventually(t, func() bool { return r.Ping(context.Background()) == nil }, 5e9, 1e7)
				return r
			}
			return open(), open()
		},
	}
	for _, d := range dbtest.Dialects {
		for name, mkCache := range caches {
			t.Run(d.Name+"/"+name, func(t *testing.T) {
				t.Parallel()
				f := newFixture(t, d)
				store := &tokenCountingStore{DbService: f.store.DbService}
				c1, c2 := mkCache(t)
				replica1, replica2 := auth.NewAPITokens(store, c1, nil), auth.NewAPITokens(store, c2, nil)
				ctx := context.Background()
				acme, globex := f.create(t, "acme"), f.create(t, "globex")

				token, row, err := replica1.Create(ctx, acme.ID, "alice", "ci", auth.LevelPowerUser)
				require.NoError(t, err)
				require.Len(t, token, 52)
				require.True(t, strings.HasPrefix(token, "bodhiapp_"))
				require.Equal(t, token[:17], row.TokenPrefix)
				require.Equal(t, auth.HashToken(token), row.TokenHash)
				require.NotContains(t, row.TokenHash, token)

				id, err := replica2.Verify(ctx, acme.ID, token)
				require.NoError(t, err)
				require.Equal(t, auth.KindAPIToken, id.Kind)
				require.Equal(t, auth.LevelPowerUser, id.TokenScope)
				require.Equal(t, "alice", id.TokenOwnerID)
				require.Empty(t, id.UserID, "API tokens carry no user identity")

				// With Redis, the first read's miss may stay in rueidis' client-side cache until the server's
				// tracking invalidation (for our own SET) arrives: wait until reads are served from the cache.
				require.Eventually(t, func() bool {
					before := store.lookups.Load()
					_, err := replica2.Verify(ctx, acme.ID, token)
					return err == nil && store.lookups.Load() == before
				}, 5e9, 1e7)
				before := store.lookups.Load()
				for i := 0; i < 20; i++ {
					_, err := replica2.Verify(ctx, acme.ID, token)
					require.NoError(t, err)
				}
				require.Equal(t, before, store.lookups.Load(), "warm verification needs no query")

				_, err = replica2.Verify(ctx, globex.ID, token)
				require.ErrorIs(t, err, auth.ErrTokenInvalid, "a token never authenticates in another org")
				_, err = replica2.Verify(ctx, acme.ID, token[:51]+"x")
				require.ErrorIs(t, err, auth.ErrTokenInvalid, "the hash is compared even for a cached row")
				_, err = replica2.Verify(ctx, acme.ID, "bodhiapp_short")
				require.ErrorIs(t, err, auth.ErrTokenInvalid)

				_, err = replica1.Update(ctx, acme.ID, "alice", row.ID, "ci", db.TokenInactive)
				require.NoError(t, err)
				require.Eventually(t, func() bool {
					_, err := replica2.Verify(ctx, acme.ID, token)
					return err == auth.ErrTokenInactive
				}, 5e9, 1e7, "deactivation reaches the other replica through the invalidation")
			})
		}
	}
}
