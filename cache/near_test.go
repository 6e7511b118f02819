package cache_test

import (
	"context"
	"errors"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/bodhiapp/bodhi/cache"
	"github.com/bodhiapp/bodhi/dbtest"
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

// TestNearReadsThroughWhileIncoherent: while the Redis invalidation subscription is down, a change made elsewhere
// cannot be announced, so the near cache serves no remembered value and every read goes to the loader.
func TestNearReadsThroughWhileIncoherent(t *testing.T) {
	srv := dbtest.StartRedis(t)
	ctx := context.Background()
	r, err := cache.NewRedis(ctx, cache.RedisOptions{URL: srv.URL(), Prefix: "near:", Subscribe: true,
		ConnectWait: 5 * time.Second})
	require.NoError(t, err)
	t.Cleanup(func() { r.Close() })
	require.Eventually(t, r.Coherent, 5*time.Second, 10*time.Millisecond)

	current := "v1"
	var loads atomic.Int32
	load := func(context.Context) (string, bool, error) { loads.Add(1); return current, true, nil }
	near := cache.NewNear[string](r, time.Minute, nil)
	v, _, _ := near.Get(ctx, "k", load)
	require.Equal(t, "v1", v)
	v, _, _ = near.Get(ctx, "k", load)
	require.Equal(t, "v1", v)
	require.EqualValues(t, 1, loads.Load(), "coherent: the second read is served from process memory")

	srv.Stop()
	require.Eventually(t, func() bool { return !r.Coherent() }, 5*time.Second, 10*time.Millisecond,
		"the lost subscription is noticed")
	current = "v2" // changed by another replica, whose broadcast cannot arrive
	v, found, err := near.Get(ctx, "k", load)
	require.NoError(t, err)
	require.True(t, found)
	require.Equal(t, "v2", v, "nothing remembered is served while incoherent")
	require.EqualValues(t, 2, loads.Load())

	srv.Start()
	require.Eventually(t, r.Coherent, 40*time.Second, 50*time.Millisecond, "the subscription comes back")
	current = "v3"
	v, _, _ = near.Get(ctx, "k", load)
	require.Equal(t, "v3", v, "the resubscription flushed what was remembered before the outage")
}

// A value past its lifetime is served while its reload fails or hangs (a stalled database), for at most the stale
// window, never after an invalidation, and never once the source says it is gone.
func TestNearServesStaleWhileReloadFails(t *testing.T) {
	forEachBackend(t, func(t *testing.T, a, b cache.Cache) {
		ctx := context.Background()
		const ttl = 300 * time.Millisecond
		var loads atomic.Int32
		value := func(v string) func(context.Context) (string, bool, error) {
			return func(context.Context) (string, bool, error) { loads.Add(1); return v, true, nil }
		}
		failing := func(context.Context) (string, bool, error) { loads.Add(1); return "", false, errors.New("db down") }
		expire := func() { time.Sleep(ttl + 200*time.Millisecond) } // past both the in-process and shared lifetimes

		near := cache.NewNear[string](a, ttl, nil, cache.ServeStale(time.Minute))
		v, _, err := near.Get(ctx, "k", value("v1"))
		require.NoError(t, err)
		require.Equal(t, "v1", v)

		expire()
		v, found, err := near.Get(ctx, "k", failing)
		require.NoError(t, err, "the old value stands in for a failed reload")
		require.True(t, found)
		require.Equal(t, "v1", v)
		before := loads.Load()
		v, _, err = near.Get(ctx, "k", failing)
		require.NoError(t, err)
		require.Equal(t, "v1", v)
		require.Equal(t, before, loads.Load(), "a reload that just failed is not retried by every request")

		// A hanging reload: callers get the old value after a short wait, and the reload's result when it comes.
		time.Sleep(1100 * time.Millisecond) // past the retry pause after a failure
		release := make(chan struct{})
		hanging := func(context.Context) (string, bool, error) { <-release; return "v2", true, nil }
		done := make(chan string, 1)
		go func() { v, _, _ := near.Get(ctx, "k", hanging); done <- v }()
		select {
		case v := <-done:
			require.Equal(t, "v1", v)
		case <-time.After(5 * time.Second):
			t.Fatal("a caller with an old value waited on a hanging reload")
		}
		close(release)
		require.Eventually(t, func() bool {
			v, _, _ := near.Get(ctx, "k", failing)
			return v == "v2"
		}, 5*time.Second, 10*time.Millisecond, "the reload that finished late is kept")

		// Never across an invalidation.
		require.NoError(t, b.Invalidate(ctx, "k"))
		require.Eventually(t, func() bool {
			_, _, err := near.Get(ctx, "k", failing)
			return err != nil
		}, 5*time.Second, 10*time.Millisecond, "an invalidated value is not served stale")

		// Never once the source says the value is gone.
		v, _, err = near.Get(ctx, "gone", value("g1"))
		require.NoError(t, err)
		require.Equal(t, "g1", v)
		expire()
		_, found, err = near.Get(ctx, "gone", func(context.Context) (string, bool, error) { return "", false, nil })
		require.NoError(t, err)
		require.False(t, found)
		_, _, err = near.Get(ctx, "gone", failing)
		require.Error(t, err)

		// Not beyond the stale window.
		short := cache.NewNear[string](a, ttl, nil, cache.ServeStale(ttl))
		_, _, err = short.Get(ctx, "w", value("w1"))
		require.NoError(t, err)
		time.Sleep(2*ttl + 200*time.Millisecond)
		_, _, err = short.Get(ctx, "w", failing)
		require.Error(t, err, "past the stale window the failure shows")
	})
}
