package cache

import (
	"context"
	"strings"
)

// Tiers of a lookup: the shared cache (in-process LRU or Redis), or a near cache of decoded values in front of it
// (cache.Near, and the org resolver's own map).
const (
	TierShared = "shared"
	TierNear   = "near"
)

// Observer learns of lookups and invalidations, for metrics (package metrics implements it; this package stays
// free of any metrics library). Its methods are called on the request path: they must be cheap and safe for
// concurrent use.
type Observer interface {
	// Lookup reports one read of key's cache (Name) in tier: hit, or miss (a read that failed counts as a miss:
	// the caller goes to the database just the same).
	Lookup(tier, name string, hit bool)
	// Invalidation reports one invalidation reaching this process's listeners (from this replica or, through
	// Redis, from another), by the name of the cache it covers ("all" for "*").
	Invalidation(name string)
}

// Name is the bounded label of key's cache: its first segment (org, apitoken, token, models, useraliases), so
// metrics never carry an org id, a token hash or a slug. The pattern "*" is "all"; a key of an unexpected shape
// is "other".
func Name(keyOrPattern string) string {
	if keyOrPattern == "*" {
		return "all"
	}
	name, _, _ := strings.Cut(strings.TrimSuffix(keyOrPattern, "*"), ":")
	if name == "" || len(name) > 32 {
		return "other"
	}
	for _, r := range name {
		if (r < 'a' || r > 'z') && r != '_' {
			return "other"
		}
	}
	return name
}

// WithObserver returns c reporting to o: its reads (tier shared), the reads of every Near built over it (tier
// near; callers with their own in-process tier report through ObserverOf) and every invalidation its listeners
// receive.
func WithObserver(c Cache, o Observer) Cache {
	c.OnInvalidate(func(pattern string) { o.Invalidation(Name(pattern)) })
	return &observed{Cache: c, o: o}
}

// ObserverOf is the observer c reports to; one that ignores everything when c has none.
func ObserverOf(c Cache) Observer {
	if oc, ok := c.(*observed); ok {
		return oc.o
	}
	return nopObserver{}
}

type observed struct {
	Cache
	o Observer
}

func (c *observed) Get(ctx context.Context, key string) ([]byte, bool, error) {
	v, ok, err := c.Cache.Get(ctx, key)
	c.o.Lookup(TierShared, Name(key), ok)
	return v, ok, err
}

type nopObserver struct{}

func (nopObserver) Lookup(string, string, bool) {}
func (nopObserver) Invalidation(string)         {}
