package cache_test

import (
	"context"
	"sync/atomic"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/bodhiapp/bodhi/cache"
)

// switchable is a shared cache whose coherence the test decides.
type switchable struct {
	cache.Cache
	incoherent atomic.Bool
}

func (s *switchable) Coherent() bool { return !s.incoherent.Load() }

// TestNearPeek: Peek serves exactly what Get would serve from process memory, and never loads.
func TestNearPeek(t *testing.T) {
	ctx := context.Background()
	now := time.Unix(0, 0)
	shared := &switchable{Cache: cache.NewMemory(func() time.Time { return now })}
	near := cache.NewNear[string](shared, time.Minute, func() time.Time { return now })

	require.NoError(t, cache.SetJSON(ctx, shared, "k", "shared", time.Hour))
	_, ok := near.Peek("k")
	require.False(t, ok, "a value only in the shared cache is not in process memory")

	v, _, err := near.Get(ctx, "k", func(context.Context) (string, bool, error) { return "loaded", true, nil })
	require.NoError(t, err)
	require.Equal(t, "shared", v)
	v, ok = near.Peek("k")
	require.True(t, ok)
	require.Equal(t, "shared", v)

	shared.incoherent.Store(true)
	_, ok = near.Peek("k")
	require.False(t, ok, "nothing remembered is served while invalidations cannot arrive")
	shared.incoherent.Store(false)

	now = now.Add(time.Minute)
	_, ok = near.Peek("k")
	require.False(t, ok, "an expired entry is not served")

	_, _, _ = near.Get(ctx, "k", func(context.Context) (string, bool, error) { return "loaded", true, nil })
	require.NoError(t, shared.Invalidate(ctx, "k"))
	_, ok = near.Peek("k")
	require.False(t, ok, "an invalidation drops the entry")
}
