package lock

import (
	"context"
	"fmt"
	"log/slog"
	"sync"
	"sync/atomic"
	"time"

	"github.com/redis/rueidis"
	"github.com/redis/rueidis/rueidislock"
)

// KeyValidity is how long a holder's keys live without being extended: a holder that dies frees its lock
// within this time. rueidislock extends them while the lock is held.
const KeyValidity = 10 * time.Second

// pingTimeout bounds the reachability check before each acquisition.
const pingTimeout = 500 * time.Millisecond

// Redis is the Locker shared by replicas. When Redis cannot be reached it falls back to the in-process lock for
// that acquisition and logs a warning (runtime.md §7).
type Redis struct {
	opts     rueidislock.LockerOption
	log      *slog.Logger
	locker   atomic.Pointer[rueidislock.Locker]
	fallback *Memory
	mu       sync.Mutex // serialises connection attempts
	closed   atomic.Bool
}

// NewRedis prepares a Redis locker with keys under prefix+"lock". It connects lazily, so a Redis that is down at
// startup does not stop the server.
func NewRedis(url, prefix string, log *slog.Logger) (*Redis, error) {
	clientOpts, err := rueidis.ParseURL(url)
	if err != nil {
		return nil, fmt.Errorf("REDIS_URL: %w", err)
	}
	clientOpts.Dialer.Timeout = 2 * time.Second
	if log == nil {
		log = slog.New(slog.DiscardHandler)
	}
	r := &Redis{
		opts: rueidislock.LockerOption{ClientOption: clientOpts, KeyPrefix: prefix + "lock", KeyValidity: KeyValidity,
			NoLoopTracking: true},
		log: log, fallback: NewMemory(),
	}
	_, _ = r.connect() // best effort now; Acquire retries
	return r, nil
}

func (r *Redis) connect() (rueidislock.Locker, error) {
	if l := r.locker.Load(); l != nil {
		return *l, nil
	}
	r.mu.Lock()
	defer r.mu.Unlock()
	if l := r.locker.Load(); l != nil {
		return *l, nil
	}
	if r.closed.Load() {
		return nil, rueidislock.ErrLockerClosed
	}
	l, err := rueidislock.NewLocker(r.opts)
	if err != nil {
		return nil, err
	}
	r.locker.Store(&l)
	return l, nil
}

func (r *Redis) Acquire(ctx context.Context, name string) (context.Context, context.CancelFunc, error) {
	l, err := r.connect()
	if err == nil {
		pingCtx, cancel := context.WithTimeout(ctx, pingTimeout)
		err = l.Client().Do(pingCtx, l.Client().B().Ping().Build()).Error()
		cancel()
	}
	if err != nil {
		if ctx.Err() != nil {
			return nil, nil, ctx.Err()
		}
		r.log.Warn("Redis unreachable; using an in-process lock", "lock", name, "err", err)
		return r.fallback.Acquire(ctx, name)
	}
	return l.WithContext(ctx, name)
}

func (r *Redis) Backend() string { return "redis" }

// Close closes the Redis client.
func (r *Redis) Close() error {
	r.closed.Store(true)
	r.mu.Lock()
	defer r.mu.Unlock()
	if l := r.locker.Load(); l != nil {
		(*l).Close()
	}
	return nil
}
