package cache_test

import (
	"context"
	"sync"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/bodhiapp/bodhi/cache"
	"github.com/bodhiapp/bodhi/dbtest"
)

// recorder collects invalidation patterns delivered to a listener.
type recorder struct {
	mu   sync.Mutex
	seen []string
}

func (r *recorder) add(p string) {
	r.mu.Lock()
	defer r.mu.Unlock()
	r.seen = append(r.seen, p)
}

func (r *recorder) has(p string) bool {
	r.mu.Lock()
	defer r.mu.Unlock()
	for _, s := range r.seen {
		if s == p {
			return true
		}
	}
	return false
}

type backend struct {
	name string
	// open returns two caches that share state: the same Redis prefix, or the same memory instance.
	open func(t *testing.T) (cache.Cache, cache.Cache)
}

var backends = []backend{
	{"memory", func(t *testing.T) (cache.Cache, cache.Cache) {
		m := cache.NewMemory(nil)
		return m, m
	}},
	{"redis", func(t *testing.T) (cache.Cache, cache.Cache) {
		url, prefix := dbtest.Redis(t)
		return newRedis(t, url, prefix), newRedis(t, url, prefix)
	}},
}

func newRedis(t *testing.T, url, prefix string) *cache.Redis {
	t.Helper()
	r, err := cache.NewRedis(context.Background(), cache.RedisOptions{URL: url, Prefix: prefix, Subscribe: true})
	require.NoError(t, err)
	t.Cleanup(func() { r.Close() })
	require.Eventually(t, func() bool { return r.Ping(context.Background()) == nil }, 5*time.Second, 10*time.Millisecond,
		"the subscription must go live")
	return r
}

func forEachBackend(t *testing.T, fn func(t *testing.T, a, b cache.Cache)) {
	for _, be := range backends {
		t.Run(be.name, func(t *testing.T) {
			t.Parallel()
			a, b := be.open(t)
			fn(t, a, b)
		})
	}
}

func TestGetSetInvalidate(t *testing.T) {
	forEachBackend(t, func(t *testing.T, a, b cache.Cache) {
		ctx := context.Background()
		_, ok, err := a.Get(ctx, "org:acme")
		require.NoError(t, err)
		require.False(t, ok)

		require.NoError(t, a.Set(ctx, "org:acme", []byte("v1"), time.Minute))
		got, ok, err := b.Get(ctx, "org:acme")
		require.NoError(t, err)
		require.True(t, ok)
		require.Equal(t, "v1", string(got))

		// A write elsewhere is seen (Redis client-side caching is invalidated by the server).
		require.NoError(t, b.Set(ctx, "org:acme", []byte("v2"), time.Minute))
		require.Eventually(t, func() bool {
			got, _, _ := a.Get(ctx, "org:acme")
			return string(got) == "v2"
		}, 5*time.Second, 10*time.Millisecond)

		require.NoError(t, a.Invalidate(ctx, "org:acme", "org:id:1"))
		require.Eventually(t, func() bool {
			_, ok, _ := b.Get(ctx, "org:acme")
			return !ok
		}, 5*time.Second, 10*time.Millisecond)
	})
}

func TestTTL(t *testing.T) {
	forEachBackend(t, func(t *testing.T, a, _ cache.Cache) {
		ctx := context.Background()
		require.NoError(t, a.Set(ctx, "short", []byte("x"), 150*time.Millisecond))
		require.NoError(t, a.Set(ctx, "long", []byte("y"), time.Minute))
		require.Eventually(t, func() bool {
			_, ok, _ := a.Get(ctx, "short")
			return !ok
		}, 5*time.Second, 20*time.Millisecond, "an entry expires after its TTL")
		_, ok, err := a.Get(ctx, "long")
		require.NoError(t, err)
		require.True(t, ok)
	})
}

func TestInvalidatePrefix(t *testing.T) {
	forEachBackend(t, func(t *testing.T, a, b cache.Cache) {
		ctx := context.Background()
		for _, k := range []string{"org:acme", "org:globex", "token:x"} {
			require.NoError(t, a.Set(ctx, k, []byte(k), time.Minute))
		}
		rec := &recorder{}
		b.OnInvalidate(rec.add)
		require.NoError(t, a.InvalidatePrefix(ctx, "org:"))
		for _, k := range []string{"org:acme", "org:globex"} {
			require.Eventually(t, func() bool {
				_, ok, _ := b.Get(ctx, k)
				return !ok
			}, 5*time.Second, 10*time.Millisecond, k)
		}
		_, ok, err := b.Get(ctx, "token:x")
		require.NoError(t, err)
		require.True(t, ok, "keys outside the prefix stay")
		require.Eventually(t, func() bool { return rec.has("org:*") }, 5*time.Second, 10*time.Millisecond)
	})
}

func TestInvalidationReachesListeners(t *testing.T) {
	forEachBackend(t, func(t *testing.T, a, b cache.Cache) {
		local, remote := &recorder{}, &recorder{}
		a.OnInvalidate(local.add)
		b.OnInvalidate(remote.add)
		start := time.Now()
		require.NoError(t, a.Invalidate(context.Background(), "org:acme"))
		require.True(t, local.has("org:acme"), "the writer's own listeners hear it at once")
		require.Eventually(t, func() bool { return remote.has("org:acme") }, 5*time.Second, 5*time.Millisecond,
			"another replica hears it")
		t.Logf("invalidation reached the other cache in %v", time.Since(start))
	})
}

func TestJSONHelpers(t *testing.T) {
	forEachBackend(t, func(t *testing.T, a, _ cache.Cache) {
		type rec struct {
			Slug   string `json:"slug"`
			Status string `json:"status"`
		}
		ctx := context.Background()
		require.NoError(t, cache.SetJSON(ctx, a, "org:acme", rec{"acme", "active"}, time.Minute))
		got, ok, err := cache.GetJSON[rec](ctx, a, "org:acme")
		require.NoError(t, err)
		require.True(t, ok)
		require.Equal(t, rec{"acme", "active"}, got)
		_, ok, err = cache.GetJSON[rec](ctx, a, "org:none")
		require.NoError(t, err)
		require.False(t, ok)
	})
}

func TestPrefixesIsolateTests(t *testing.T) {
	url, p1 := dbtest.Redis(t)
	_, p2 := dbtest.Redis(t)
	a, b := newRedis(t, url, p1), newRedis(t, url, p2)
	ctx := context.Background()
	heard := &recorder{}
	b.OnInvalidate(heard.add)
	require.NoError(t, a.Set(ctx, "k", []byte("a"), time.Minute))
	_, ok, err := b.Get(ctx, "k")
	require.NoError(t, err)
	require.False(t, ok, "another prefix is another keyspace")
	require.NoError(t, a.Invalidate(ctx, "k"))
	time.Sleep(100 * time.Millisecond)
	require.False(t, heard.has("k"), "and another invalidation channel")
}

func TestMatches(t *testing.T) {
	tests := []struct {
		pattern, key string
		want         bool
	}{
		{"org:acme", "org:acme", true},
		{"org:acme", "org:acme2", false},
		{"org:*", "org:acme", true},
		{"*", "anything", true},
		{"token:*", "org:acme", false},
	}
	for _, tt := range tests {
		require.Equal(t, tt.want, cache.Matches(tt.pattern, tt.key), "%s ~ %s", tt.pattern, tt.key)
	}
}

func TestMemoryIsBounded(t *testing.T) {
	m := cache.NewMemory(nil)
	ctx := context.Background()
	require.NoError(t, m.Set(ctx, "first", []byte("x"), time.Hour))
	for i := 0; i < cache.MemoryMaxEntries; i++ {
		require.NoError(t, m.Set(ctx, "k"+string(rune(i+1000)), []byte("x"), time.Hour))
	}
	_, ok, _ := m.Get(ctx, "first")
	require.False(t, ok, "the least recently used entry is evicted past the bound")
}

func TestRedisUnavailable(t *testing.T) {
	r, err := cache.NewRedis(context.Background(), cache.RedisOptions{
		URL: "redis://127.0.0.1:1/0", Prefix: "x:", Subscribe: true, ConnectWait: 200 * time.Millisecond,
	})
	require.NoError(t, err, "an unreachable Redis does not stop startup")
	defer r.Close()
	ctx := context.Background()
	_, _, err = r.Get(ctx, "k")
	require.ErrorIs(t, err, cache.ErrUnavailable)
	require.Error(t, r.Set(ctx, "k", []byte("v"), time.Minute))
	require.Error(t, r.Invalidate(ctx, "k"))
	require.Error(t, r.Ping(ctx))
	require.Equal(t, "redis", r.Backend())
}
