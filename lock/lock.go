// Package lock serialises work across goroutines and replicas (runtime.md §7): an in-process implementation for a
// single server, and a Redis one on rueidislock for replicas. Its first user is session token refresh.
package lock

import (
	"context"
	"sync"
)

// Locker hands out named locks.
type Locker interface {
	// Acquire blocks until it holds the lock name or ctx ends. The returned context ends when the lock is lost
	// (its Redis keys expired or were deleted) or released; calling the returned cancel function releases it.
	Acquire(ctx context.Context, name string) (context.Context, context.CancelFunc, error)
	// Backend is "memory" or "redis".
	Backend() string
	Close() error
}

// Memory is the in-process Locker: a map of named one-slot semaphores with reference counts, so the map holds
// only names that are held or waited for.
type Memory struct {
	mu    sync.Mutex
	locks map[string]*slot
}

type slot struct {
	ch   chan struct{}
	refs int
}

// NewMemory returns an in-process Locker.
func NewMemory() *Memory { return &Memory{locks: map[string]*slot{}} }

func (m *Memory) Acquire(ctx context.Context, name string) (context.Context, context.CancelFunc, error) {
	m.mu.Lock()
	s := m.locks[name]
	if s == nil {
		s = &slot{ch: make(chan struct{}, 1)}
		m.locks[name] = s
	}
	s.refs++
	m.mu.Unlock()

	select {
	case s.ch <- struct{}{}:
	case <-ctx.Done():
		m.unref(name, s)
		return nil, nil, ctx.Err()
	}
	held, cancel := context.WithCancel(ctx)
	// Released exactly once, when the holder cancels or its parent context ends.
	context.AfterFunc(held, func() {
		<-s.ch
		m.unref(name, s)
	})
	return held, cancel, nil
}

func (m *Memory) unref(name string, s *slot) {
	m.mu.Lock()
	defer m.mu.Unlock()
	if s.refs--; s.refs == 0 {
		delete(m.locks, name)
	}
}

func (m *Memory) Backend() string { return "memory" }
func (m *Memory) Close() error    { return nil }
