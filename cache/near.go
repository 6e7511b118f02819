package cache

import (
	"context"
	"strings"
	"sync"
	"time"

	lru "github.com/hashicorp/golang-lru/v2"
	"golang.org/x/sync/singleflight"
)

// nearMaxEntries bounds each near cache.
const nearMaxEntries = 10_000

// While a reload fails, a caller holding a value past its lifetime waits at most stalePatience for the reload
// before taking the old value, and a failed reload is not tried again for staleRetry: a stalled database then
// costs one reload in flight per key, not a queue of requests behind it.
const (
	stalePatience = 100 * time.Millisecond
	staleRetry    = time.Second
)

// Near keeps decoded values in process in front of a shared Cache, so a warm read is a map lookup with no
// decoding and no network. Every invalidation of the shared cache, local or from another replica, drops the
// matching entries; the TTL bounds staleness should a broadcast be lost. Concurrent misses of one key share one
// load, so an expiry under load costs one database query, not one per request in flight.
//
// With ServeStale, a value past its lifetime is still served, for at most the stale window, while reloading it
// fails or hangs (the database stalled or down): never after an invalidation dropped it, and never while
// invalidations cannot arrive.
type Near[T any] struct {
	shared  Cache
	ttl     time.Duration
	stale   time.Duration
	now     func() time.Time
	entries *lru.Cache[string, nearEntry[T]]
	obs     Observer
	flight  singleflight.Group
	failed  sync.Map // key → time.Time of the last failed reload
}

type nearEntry[T any] struct {
	value   T
	expires time.Time
}

// NearOption configures NewNear.
type NearOption func(*nearOptions)

type nearOptions struct{ stale time.Duration }

// ServeStale lets a value be served up to window past its lifetime while reloading it fails (0: never).
func ServeStale(window time.Duration) NearOption {
	return func(o *nearOptions) { o.stale = window }
}

// NewNear builds a near cache over shared; ttl is both the in-process and the shared-cache lifetime.
func NewNear[T any](shared Cache, ttl time.Duration, now func() time.Time, opts ...NearOption) *Near[T] {
	var o nearOptions
	for _, opt := range opts {
		opt(&o)
	}
	entries, _ := lru.New[string, nearEntry[T]](nearMaxEntries)
	if now == nil {
		now = time.Now
	}
	n := &Near[T]{shared: shared, ttl: ttl, stale: o.stale, now: now, entries: entries, obs: ObserverOf(shared)}
	shared.OnInvalidate(n.drop)
	return n
}

type nearResult[T any] struct {
	value T
	found bool
}

// Get returns the value of key: from process memory, else from the shared cache, else from load (whose result
// is written to both). load reports found=false for "no such value", which is not cached.
func (n *Near[T]) Get(ctx context.Context, key string, load func(context.Context) (T, bool, error)) (T, bool, error) {
	// While invalidations cannot reach this process (runtime.md §6.5), nothing is served from or kept in process
	// memory; concurrent reads of one key still share one load.
	coherent := n.shared.Coherent()
	var stale *nearEntry[T]
	if coherent {
		if e, ok := n.entries.Get(key); ok {
			now := n.now()
			if now.Before(e.expires) {
				n.obs.Lookup(TierNear, Name(key), true)
				return e.value, true, nil
			}
			if n.stale > 0 && now.Before(e.expires.Add(n.stale)) {
				if n.failedRecently(key, now) {
					n.obs.Lookup(TierNear, Name(key), true)
					return e.value, true, nil
				}
				stale = &e
			}
		}
	}
	n.obs.Lookup(TierNear, Name(key), false)
	results := n.flight.DoChan(key, func() (any, error) {
		r, err := n.reload(context.WithoutCancel(ctx), key, coherent, load)
		if err != nil {
			n.failed.Store(key, n.now())
		} else {
			n.failed.Delete(key)
		}
		return r, err
	})
	if stale == nil {
		return unpack[T](<-results)
	}
	patience := time.NewTimer(stalePatience)
	defer patience.Stop()
	select {
	case r := <-results:
		if r.Err != nil {
			return stale.value, true, nil
		}
		return unpack[T](r)
	case <-patience.C: // the reload goes on; its result is kept when it comes
		return stale.value, true, nil
	}
}

func unpack[T any](r singleflight.Result) (T, bool, error) {
	if r.Err != nil {
		var zero T
		return zero, false, r.Err
	}
	v := r.Val.(nearResult[T])
	return v.value, v.found, nil
}

func (n *Near[T]) failedRecently(key string, now time.Time) bool {
	at, ok := n.failed.Load(key)
	return ok && now.Sub(at.(time.Time)) < staleRetry
}

// reload reads key from the shared cache, else from load, and remembers what it found.
func (n *Near[T]) reload(ctx context.Context, key string, coherent bool, load func(context.Context) (T, bool, error)) (nearResult[T], error) {
	if !coherent {
		value, found, err := load(ctx)
		return nearResult[T]{value, found}, err
	}
	if value, found, err := GetJSON[T](ctx, n.shared, key); err == nil && found {
		n.entries.Add(key, nearEntry[T]{value: value, expires: n.now().Add(n.ttl)})
		return nearResult[T]{value, true}, nil
	}
	value, found, err := load(ctx)
	if err != nil {
		return nearResult[T]{}, err
	}
	if !found {
		n.entries.Remove(key) // gone at the source: an old copy must not be served stale later
		return nearResult[T]{value, false}, nil
	}
	_ = SetJSON(ctx, n.shared, key, value, n.ttl) // a shared-cache outage only costs other replicas a load
	n.entries.Add(key, nearEntry[T]{value: value, expires: n.now().Add(n.ttl)})
	return nearResult[T]{value, true}, nil
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
// loads. Callers use it to accept what memory already proves before paying for a lookup. It reports its hits
// only: a caller that misses goes on to Get, which reports the miss.
func (n *Near[T]) Peek(key string) (T, bool) {
	if n.shared.Coherent() {
		if e, ok := n.entries.Get(key); ok && n.now().Before(e.expires) {
			n.obs.Lookup(TierNear, Name(key), true)
			return e.value, true
		}
	}
	var zero T
	return zero, false
}
