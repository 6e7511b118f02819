package cache_test

import (
	"context"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/bodhiapp/bodhi/cache"
)

func TestNearCache(t *testing.T) {
	forEachBackend(t, func(t *testing.T, a, b cache.Cache) {
		ctx := context.Background()
		var loads atomic.Int32
		load := func(v string) func(context.Context) (string, bool, error) {
			return func(context.Context) (string, bool, error) {
				loads.Add(1)
				time.Sleep(20 * time.Millisecond) // long enough for concurrent callers to pile up
				return v, true, nil
			}
		}
		nearA, nearB := cache.NewNear[string](a, time.Minute, nil), cache.NewNear[string](b, time.Minute, nil)

		var wg sync.WaitGroup
		for i := 0; i < 20; i++ {
			wg.Add(1)
			go func() {
				defer wg.Done()
				v, ok, err := nearA.Get(ctx, "k", load("v1"))
				require.NoError(t, err)
				require.True(t, ok)
				require.Equal(t, "v1", v)
			}()
		}
		wg.Wait()
		require.EqualValues(t, 1, loads.Load(), "concurrent misses share one load")

		v, _, _ := nearB.Get(ctx, "k", load("other"))
		require.Equal(t, "v1", v, "another replica reads the shared value, not the loader")
		require.EqualValues(t, 1, loads.Load())

		require.NoError(t, b.Invalidate(ctx, "k"))
		require.Eventually(t, func() bool {
			v, _, _ := nearA.Get(ctx, "k", load("v2"))
			return v == "v2"
		}, 5*time.Second, 10*time.Millisecond, "an invalidation anywhere drops the in-process copy")

		_, found, err := nearA.Get(ctx, "missing", func(context.Context) (string, bool, error) { return "", false, nil })
		require.NoError(t, err)
		require.False(t, found)
		v, found, _ = nearA.Get(ctx, "missing", load("now-there"))
		require.True(t, found, "a miss is not cached")
		require.Equal(t, "now-there", v)
	})
}
