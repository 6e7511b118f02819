// Package cache is Bodhi's shared cache (runtime.md §6): an in-process implementation for standalone servers and a
// Redis one (client-side caching plus a pub/sub invalidation broadcast) for replicas that must agree.
package cache

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"strings"
	"time"
)

// Cache stores byte values under logical keys. Every entry has a TTL. Invalidations reach every replica and every
// OnInvalidate listener, local or remote.
type Cache interface {
	// Get returns (nil, false, nil) on a miss.
	Get(ctx context.Context, key string) ([]byte, bool, error)
	Set(ctx context.Context, key string, value []byte, ttl time.Duration) error
	// Invalidate deletes keys everywhere and notifies every replica.
	Invalidate(ctx context.Context, keys ...string) error
	// InvalidatePrefix does the same for every key starting with prefix.
	InvalidatePrefix(ctx context.Context, prefix string) error
	// OnInvalidate registers fn, called with each invalidated key, or with a prefix ending in "*". The pattern "*"
	// alone means "anything may have changed" (sent when a Redis subscription is re-established).
	OnInvalidate(fn func(keyOrPrefix string))
	Ping(ctx context.Context) error
	// Coherent reports whether every invalidation, from any replica, reaches this process's listeners. While it is
	// false (a Redis subscription down), in-process copies may be stale and must not be served: callers read
	// through to the database instead, which is what an outage costs (runtime.md §6.5).
	Coherent() bool
	// Backend is "memory" or "redis".
	Backend() string
	Close() error
}

// ErrUnavailable is returned while the Redis backend cannot be reached.
var ErrUnavailable = errors.New("cache unavailable")

// GetJSON reads key and decodes it as a T.
func GetJSON[T any](ctx context.Context, c Cache, key string) (T, bool, error) {
	var v T
	raw, ok, err := c.Get(ctx, key)
	if err != nil || !ok {
		return v, false, err
	}
	if err := json.Unmarshal(raw, &v); err != nil {
		return v, false, fmt.Errorf("decode cached %s: %w", key, err)
	}
	return v, true, nil
}

// SetJSON encodes v and stores it under key.
func SetJSON[T any](ctx context.Context, c Cache, key string, v T, ttl time.Duration) error {
	raw, err := json.Marshal(v)
	if err != nil {
		return fmt.Errorf("encode %s for the cache: %w", key, err)
	}
	return c.Set(ctx, key, raw, ttl)
}

// Matches reports whether an invalidation pattern (a key, "prefix*" or "*") covers key.
func Matches(pattern, key string) bool {
	if p, ok := strings.CutSuffix(pattern, "*"); ok {
		return strings.HasPrefix(key, p)
	}
	return pattern == key
}
