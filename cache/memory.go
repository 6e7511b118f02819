package cache

import (
	"context"
	"strings"
	"sync"
	"time"

	lru "github.com/hashicorp/golang-lru/v2"
)

// MemoryMaxEntries bounds the in-process cache; the least recently used entry goes first.
const MemoryMaxEntries = 10_000

type memEntry struct {
	value   []byte
	expires time.Time
}

// Memory is the in-process cache. Invalidation is local and synchronous.
type Memory struct {
	entries   *lru.Cache[string, memEntry]
	now       func() time.Time
	mu        sync.RWMutex
	listeners []func(string)
}

// NewMemory returns an empty in-process cache. now may be nil (time.Now).
func NewMemory(now func() time.Time) *Memory {
	entries, err := lru.New[string, memEntry](MemoryMaxEntries)
	if err != nil {
		panic(err) // only for a non-positive size
	}
	if now == nil {
		now = time.Now
	}
	return &Memory{entries: entries, now: now}
}

func (m *Memory) Get(_ context.Context, key string) ([]byte, bool, error) {
	e, ok := m.entries.Get(key)
	if !ok {
		return nil, false, nil
	}
	if !m.now().Before(e.expires) {
		m.entries.Remove(key)
		return nil, false, nil
	}
	return e.value, true, nil
}

func (m *Memory) Set(_ context.Context, key string, value []byte, ttl time.Duration) error {
	m.entries.Add(key, memEntry{value: value, expires: m.now().Add(ttl)})
	return nil
}

func (m *Memory) Invalidate(_ context.Context, keys ...string) error {
	for _, k := range keys {
		m.entries.Remove(k)
		m.notify(k)
	}
	return nil
}

func (m *Memory) InvalidatePrefix(_ context.Context, prefix string) error {
	for _, k := range m.entries.Keys() {
		if strings.HasPrefix(k, prefix) {
			m.entries.Remove(k)
		}
	}
	m.notify(prefix + "*")
	return nil
}

func (m *Memory) OnInvalidate(fn func(string)) {
	m.mu.Lock()
	defer m.mu.Unlock()
	m.listeners = append(m.listeners, fn)
}

func (m *Memory) notify(pattern string) {
	m.mu.RLock()
	listeners := m.listeners
	m.mu.RUnlock()
	for _, fn := range listeners {
		fn(pattern)
	}
}

func (m *Memory) Ping(context.Context) error { return nil }
func (m *Memory) Backend() string            { return "memory" }

// Coherent is always true: memory invalidations are synchronous, and a CLI change reaches a standalone server
// through the TTLs (runtime.md §6.4).
func (m *Memory) Coherent() bool { return true }
func (m *Memory) Close() error   { return nil }
