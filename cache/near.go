package cache

import (
	"context"
	"strings"
	"time"

	lru "github.com/hashicorp/golang-lru/v2"
	"golang.org/x/sync/singleflight"
)

// nearMaxEntries bounds each near cache.
const nearMaxEntries = 10_000

// Near keeps decoded values in process in front of a shared Cache, so a warm read is a map lookup with no
// decoding and no network. Every invalidation of the shared cache, local or from another replica, drops the
// matching entries; the TTL bounds staleness should a broadcast be lost. Concurrent misses of one key share one
// load, so an expiry under load costs one database query, not one per request in flight.
type Near[T any] struct {
	shared  Cache
	ttl     time.Duration
	now     func() time.Time
	entries *lru.Cache[string, nearEntry[T]]
	flight  singleflight.Group
}

type nearEntry[T any] struct {
	value   T
	expires time.Time
}

// NewNear builds a near cache over shared; ttl is both the in-process and the shared-cache lifetime.
func NewNear[T any](shared Cache, ttl time.Duration, now func() time.Time) *Near[T] {
	entries, _ := lru.New[string, nearEntry[T]](nearMaxEntries)
	if now == nil {
		now = time.Now
	}
	n := &Near[T]{shared: shared, ttl: ttl, now: now, entries: entries}
	shared.OnInvalidate(n.drop)
	return n
}

// Get returns the value of key: from process memory, else from the shared cache, else from load (whose result
// is written to both). load reports found=false for "no such value", which is not cached.
func (n *Near[T]) Get(ctx context.Context, key string, load func(context.Context) (T, bool, error)) (T, bool, error) {
	// While invalidations cannot reach this process (runtime.md §6.5), nothing is served from or kept in process
	// memory; concurrent reads of one key still share one load.
	coherent := n.shared.Coherent()
	if coherent {
		if e, ok := n.entries.Get(key); ok && n.now().Before(e.expires) {
			return e.value, true, nil
		}
	}
	type result struct {
		value T
		found bool
	}
	v, err, _ := n.flight.Do(key, func() (any, error) {
		ctx := context.WithoutCancel(ctx)
		if !coherent {
			value, found, err := load(ctx)
			return result{value, found}, err
		}
		if value, found, err := GetJSON[T](ctx, n.shared, key); err == nil && found {
			n.entries.Add(key, nearEntry[T]{value: value, expires: n.now().Add(n.ttl)})
			return result{value, true}, nil
		}
		value, found, err := load(ctx)
		if err != nil || !found {
			return result{value, found}, err
		}
		_ = SetJSON(ctx, n.shared, key, value, n.ttl) // a shared-cache outage only costs other replicas a load
		n.entries.Add(key, nearEntry[T]{value: value, expires: n.now().Add(n.ttl)})
		return result{value, true}, nil
	})
	if err != nil {
		var zero T
		return zero, false, err
	}
	r := v.(result)
	return r.value, r.found, nil
}

// drop removes entries covered by an invalidation pattern (a key, "prefix*" or "*").
func (n *Near[T]) drop(pattern string) {
	if !strings.HasSuffix(pattern, "*") {
		n.entries.Remove(pattern)
		return
	}
	for _, k := range n.entries.Keys() {
		if Matches(pattern, k) {
			n.entries.Remove(k)
		}
	}
}

// Peek returns key's value only if Get would serve it from process memory; it never reads the shared cache or
// loads. Callers use it to accept what memory already proves before paying for a lookup.
func (n *Near[T]) Peek(key string) (T, bool) {
	if n.shared.Coherent() {
		if e, ok := n.entries.Get(key); ok && n.now().Before(e.expires) {
			return e.value, true
		}
	}
	var zero T
	return zero, false
}
