package cache_test

import (
	"context"
	"sync"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/bodhiapp/bodhi/cache"
)

// counts is an Observer that counts what it is told.
type counts struct {
	mu            sync.Mutex
	lookups       map[string]int // tier/name/hit|miss
	invalidations map[string]int
}

func newCounts() *counts { return &counts{lookups: map[string]int{}, invalidations: map[string]int{}} }

func (c *counts) Lookup(tier, name string, hit bool) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.lookups[tier+"/"+name+"/"+map[bool]string{true: "hit", false: "miss"}[hit]]++
}

func (c *counts) Invalidation(name string) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.invalidations[name]++
}

func (c *counts) lookup(key string) int {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.lookups[key]
}

func (c *counts) invalidated(name string) int {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.invalidations[name]
}

func TestName(t *testing.T) {
	for key, want := range map[string]string{
		"org:acme": "org", "org:id:0190": "org", "apitoken:org1:bodhiapp_x": "apitoken", "apitoken:org1:*": "apitoken",
		"models:org1": "models", "*": "all", "org*": "org", "": "other", "Org:x": "other", "a b:c": "other",
	} {
		require.Equal(t, want, cache.Name(key), key)
	}
}

// Both backends report shared-tier hits and misses, near-tier hits and misses of a Near built over them, and the
// invalidations their listeners receive, including those sent by another replica (Redis).
func TestObserver(t *testing.T) {
	for _, b := range backends {
		t.Run(b.name, func(t *testing.T) {
			ctx := context.Background()
			raw, other := b.open(t)
			obs := newCounts()
			c := cache.WithObserver(raw, obs)
			require.Same(t, obs, cache.ObserverOf(c).(*counts))
			require.NotNil(t, cache.ObserverOf(raw), "a cache without an observer has a no-op one")
			require.Equal(t, raw.Backend(), c.Backend())

			_, ok, err := c.Get(ctx, "models:o1")
			require.NoError(t, err)
			require.False(t, ok)
			require.NoError(t, c.Set(ctx, "models:o1", []byte(`["a"]`), time.Minute))
			require.Equal(t, 1, obs.lookup("shared/models/miss"))
			// Redis: the client-side copy of the miss lasts until the server's tracking message arrives.
			require.Eventually(t, func() bool {
				_, ok, err := c.Get(ctx, "models:o1")
				return err == nil && ok
			}, 5*time.Second, 5*time.Millisecond)
			require.Equal(t, 1, obs.lookup("shared/models/hit"))

			near := cache.NewNear[[]string](c, time.Minute, nil)
			load := func(context.Context) ([]string, bool, error) { return []string{"b"}, true, nil }
			for range 3 {
				_, _, err := near.Get(ctx, "useraliases:o1", load)
				require.NoError(t, err)
			}
			require.Equal(t, 1, obs.lookup("near/useraliases/miss"))
			require.Equal(t, 2, obs.lookup("near/useraliases/hit"))
			_, ok = near.Peek("useraliases:o1")
			require.True(t, ok)
			_, ok = near.Peek("useraliases:o2")
			require.False(t, ok)
			require.Equal(t, 3, obs.lookup("near/useraliases/hit"), "a Peek that finds the value is a hit")
			require.Equal(t, 1, obs.lookup("near/useraliases/miss"), "one that does not leaves the miss to Get")
			require.Equal(t, 1, obs.lookup("shared/useraliases/miss"), "the near miss read the shared tier once")

			require.NoError(t, c.Invalidate(ctx, "useraliases:o1"))
			require.GreaterOrEqual(t, obs.invalidated("useraliases"), 1)
			require.NoError(t, other.Invalidate(ctx, "apitoken:o1:x"))
			require.Eventually(t, func() bool { return obs.invalidated("apitoken") >= 1 }, 5*time.Second,
				10*time.Millisecond, "an invalidation from another replica is counted when it arrives")
			_, _, err = near.Get(ctx, "useraliases:o1", load)
			require.NoError(t, err)
			require.Equal(t, 2, obs.lookup("near/useraliases/miss"), "the invalidation dropped the near entry")
		})
	}
}
