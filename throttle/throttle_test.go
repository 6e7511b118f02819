package throttle_test

import (
	"context"
	"net"
	"sort"
	"sync"
	"testing"
	"time"

	"github.com/redis/rueidis"
	"github.com/stretchr/testify/require"

	"github.com/bodhiapp/bodhi/dbtest"
	"github.com/bodhiapp/bodhi/throttle"
)

// testWindow is short enough for the Redis backend to see a window close in real time.
const testWindow = 400 * time.Millisecond

// backend is one Limiter under test, with a way to let time pass for it.
type backend struct {
	limiter throttle.Limiter
	advance func(d time.Duration)
	// slack is how far a reported time left may fall below the exact value: Redis's clock runs on meanwhile.
	slack time.Duration
}

func memoryBackend(t *testing.T) backend {
	var mu sync.Mutex
	now := time.Date(2026, 1, 2, 3, 4, 5, 0, time.UTC)
	clock := func() time.Time { mu.Lock(); defer mu.Unlock(); return now }
	return backend{
		limiter: throttle.NewMemory(testWindow, clock),
		advance: func(d time.Duration) { mu.Lock(); defer mu.Unlock(); now = now.Add(d) },
	}
}

func redisBackend(t *testing.T) backend {
	url, prefix := dbtest.Redis(t)
	r, err := throttle.NewRedis(url, prefix, testWindow)
	require.NoError(t, err)
	t.Cleanup(func() { r.Close() })
	return backend{limiter: r, advance: time.Sleep, slack: 150 * time.Millisecond}
}

var backends = map[string]func(t *testing.T) backend{"memory": memoryBackend, "redis": redisBackend}

// TestConformance is the contract both implementations keep.
func TestConformance(t *testing.T) {
	for name, mk := range backends {
		t.Run(name, func(t *testing.T) {
			t.Parallel()
			for _, c := range []struct {
				name string
				run  func(t *testing.T, b backend)
			}{
				{"counting", testCounting},
				{"window expiry", testWindowExpiry},
				{"retry after", testRetryAfter},
				{"concurrency", testConcurrency},
			} {
				t.Run(c.name, func(t *testing.T) { c.run(t, mk(t)) })
			}
		})
	}
}

func testCounting(t *testing.T, b backend) {
	ctx := context.Background()
	_, blocked, err := b.limiter.Blocked(ctx, "authfail:addr:192.0.2.1", 1)
	require.NoError(t, err)
	require.False(t, blocked, "a key that never failed is not blocked")
	for want := 1; want <= 3; want++ {
		n, _, err := b.limiter.Fail(ctx, "authfail:addr:192.0.2.1")
		require.NoError(t, err)
		require.Equal(t, want, n)
		for limit, wantBlocked := range map[int]bool{want - 1: true, want: true, want + 1: false} {
			if limit < 1 {
				continue
			}
			_, blocked, err := b.limiter.Blocked(ctx, "authfail:addr:192.0.2.1", limit)
			require.NoError(t, err)
			require.Equal(t, wantBlocked, blocked, "%d failures, limit %d", want, limit)
		}
	}
	n, _, err := b.limiter.Fail(ctx, "authfail:addr:192.0.2.2")
	require.NoError(t, err)
	require.Equal(t, 1, n, "keys are counted apart")
	_, blocked, err = b.limiter.Blocked(ctx, "authfail:addr:192.0.2.1", 3)
	require.NoError(t, err)
	require.True(t, blocked, "Blocked records nothing, and another key's failure does not reset this one")
}

func testWindowExpiry(t *testing.T, b backend) {
	ctx := context.Background()
	for range 3 {
		_, _, err := b.limiter.Fail(ctx, "k")
		require.NoError(t, err)
	}
	b.advance(testWindow / 2)
	n, _, err := b.limiter.Fail(ctx, "k")
	require.NoError(t, err)
	require.Equal(t, 4, n, "a failure inside the window counts on; it does not extend the window")
	b.advance(testWindow/2 + 50*time.Millisecond)
	retry, blocked, err := b.limiter.Blocked(ctx, "k", 1)
	require.NoError(t, err)
	require.False(t, blocked, "the window closed one length after its first failure")
	require.Zero(t, retry)
	n, retry, err = b.limiter.Fail(ctx, "k")
	require.NoError(t, err)
	require.Equal(t, 1, n, "the next failure opens a new window")
	require.InDelta(t, testWindow, retry, float64(b.slack)+1)
}

func testRetryAfter(t *testing.T, b backend) {
	ctx := context.Background()
	_, retry, err := b.limiter.Fail(ctx, "k")
	require.NoError(t, err)
	require.LessOrEqual(t, retry, testWindow)
	require.Greater(t, retry, testWindow-b.slack-1, "a new window has its whole length left")

	b.advance(testWindow / 4)
	_, retry, err = b.limiter.Fail(ctx, "k")
	require.NoError(t, err)
	require.LessOrEqual(t, retry, testWindow*3/4, "time left counts from the first failure")
	require.Greater(t, retry, testWindow*3/4-b.slack-1)

	wait, blocked, err := b.limiter.Blocked(ctx, "k", 2)
	require.NoError(t, err)
	require.True(t, blocked)
	require.LessOrEqual(t, wait, retry, "Blocked reports the same window")
	require.Greater(t, wait, retry-b.slack-1)
}

func testConcurrency(t *testing.T, b backend) {
	ctx := context.Background()
	const n = 100
	counts := make([]int, n)
	var wg sync.WaitGroup
	for i := range n {
		wg.Add(1)
		go func() {
			defer wg.Done()
			c, _, err := b.limiter.Fail(ctx, "k")
			if err != nil {
				t.Errorf("fail %d: %v", i, err)
			}
			counts[i] = c
		}()
	}
	wg.Wait()
	sort.Ints(counts)
	for i, c := range counts {
		require.Equal(t, i+1, c, "every failure is counted once: the counts are 1..%d", n)
	}
	_, blocked, err := b.limiter.Blocked(ctx, "k", n)
	require.NoError(t, err)
	require.True(t, blocked)
	_, blocked, err = b.limiter.Blocked(ctx, "k", n+1)
	require.NoError(t, err)
	require.False(t, blocked)
}

// TestRedisKeys: counters live under the configured prefix and expire with their window, so Redis never keeps
// a key for good.
func TestRedisKeys(t *testing.T) {
	url, prefix := dbtest.Redis(t)
	r, err := throttle.NewRedis(url, prefix, time.Minute)
	require.NoError(t, err)
	t.Cleanup(func() { r.Close() })
	ctx := context.Background()
	_, _, err = r.Fail(ctx, "authfail:org:org-1")
	require.NoError(t, err)

	opts, err := rueidis.ParseURL(url)
	require.NoError(t, err)
	opts.DisableCache = true
	raw, err := rueidis.NewClient(opts)
	require.NoError(t, err)
	defer raw.Close()
	ttl, err := raw.Do(ctx, raw.B().Pttl().Key(prefix+"authfail:org:org-1").Build()).AsInt64()
	require.NoError(t, err)
	require.Greater(t, ttl, int64(55_000))
	require.LessOrEqual(t, ttl, int64(60_000))

	// A counter that lost its expiry (written by hand, or by an older version) gets one on the next failure.
	require.NoError(t, raw.Do(ctx, raw.B().Set().Key(prefix+"authfail:org:org-2").Value("7").Build()).Error())
	n, retry, err := r.Fail(ctx, "authfail:org:org-2")
	require.NoError(t, err)
	require.Equal(t, 8, n)
	require.Equal(t, time.Minute, retry)
}

// TestRedisUnreachable: with Redis down every call fails at once with ErrUnavailable (callers fail open); it
// never blocks anyone.
func TestRedisUnreachable(t *testing.T) {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	require.NoError(t, err)
	addr := ln.Addr().String()
	ln.Close() // nothing listens there now

	r, err := throttle.NewRedis("redis://"+addr+"/0", "down:", time.Minute)
	require.NoError(t, err)
	defer r.Close()
	ctx := context.Background()
	start := time.Now()
	for range 50 {
		_, _, err := r.Fail(ctx, "k")
		require.ErrorIs(t, err, throttle.ErrUnavailable)
		_, blocked, err := r.Blocked(ctx, "k", 1)
		require.ErrorIs(t, err, throttle.ErrUnavailable)
		require.False(t, blocked)
	}
	require.Less(t, time.Since(start), time.Second, "an outage costs no waiting")
}

// TestMemoryBounded: closed windows are swept, and the number of keys never passes MemoryMaxKeys.
func TestMemoryBounded(t *testing.T) {
	now := time.Unix(0, 0)
	m := throttle.NewMemory(time.Minute, func() time.Time { return now })
	ctx := context.Background()
	for i := range throttle.MemoryMaxKeys + 10 {
		_, _, err := m.Fail(ctx, "authfail:addr:"+time.Duration(i).String())
		require.NoError(t, err)
	}
	require.Equal(t, throttle.MemoryMaxKeys, m.Len(), "the least recently failed keys went first")
	now = now.Add(time.Minute)
	_, _, err := m.Fail(ctx, "fresh")
	require.NoError(t, err)
	require.Equal(t, 1, m.Len(), "every closed window was dropped")
}
