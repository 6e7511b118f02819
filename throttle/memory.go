package throttle

import (
	"context"
	"sync"
	"time"

	lru "github.com/hashicorp/golang-lru/v2"
)

// MemoryMaxKeys bounds the in-process counter. When more keys have open windows (an attack spread over very many
// addresses), the least recently failed key is forgotten first: it may fail again, up to its limit.
const MemoryMaxKeys = 100_000

// Memory is the in-process Limiter, for a single server.
type Memory struct {
	window time.Duration
	now    func() time.Time

	mu        sync.Mutex // makes each read-modify-write of a window atomic
	windows   *lru.Cache[string, window]
	lastSweep time.Time
}

type window struct {
	count int
	ends  time.Time
}

// NewMemory returns an empty counter with windows of the given length. now may be nil (time.Now).
func NewMemory(length time.Duration, now func() time.Time) *Memory {
	windows, err := lru.New[string, window](MemoryMaxKeys)
	if err != nil {
		panic(err) // only for a non-positive size
	}
	if now == nil {
		now = time.Now
	}
	return &Memory{window: length, now: now, windows: windows, lastSweep: now()}
}

func (m *Memory) Fail(_ context.Context, key string) (int, time.Duration, error) {
	m.mu.Lock()
	defer m.mu.Unlock()
	now := m.now()
	m.sweep(now)
	w, ok := m.windows.Get(key)
	if !ok || !now.Before(w.ends) {
		w = window{ends: now.Add(m.window)}
	}
	w.count++
	m.windows.Add(key, w)
	return w.count, w.ends.Sub(now), nil
}

func (m *Memory) Blocked(_ context.Context, key string, limit int) (time.Duration, bool, error) {
	m.mu.Lock()
	defer m.mu.Unlock()
	now := m.now()
	w, ok := m.windows.Peek(key) // a check is not a failure: it does not make the key recent
	if !ok || !now.Before(w.ends) {
		return 0, false, nil
	}
	return w.ends.Sub(now), w.count >= limit, nil
}

// sweep drops closed windows, at most once per window length, so keys that stopped failing do not stay until the
// LRU pushes them out.
func (m *Memory) sweep(now time.Time) {
	if now.Sub(m.lastSweep) < m.window {
		return
	}
	m.lastSweep = now
	for _, k := range m.windows.Keys() {
		if w, ok := m.windows.Peek(k); ok && !now.Before(w.ends) {
			m.windows.Remove(k)
		}
	}
}

// Len is the number of keys held, closed windows not yet swept included.
func (m *Memory) Len() int { return m.windows.Len() }

func (m *Memory) Backend() string { return "memory" }
func (m *Memory) Close() error    { return nil }
