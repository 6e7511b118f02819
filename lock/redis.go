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
	opts   rueidislock.LockerOption
	log    *slog.Logger
	locker atomic.Pointer[rueidislock.Locker]
	local  *Memory    // one waiter per process on Redis; the whole lock while Redis is down
	mu     sync.Mutex // serialises connection attempts
	closed atomic.Bool
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
		log: log, local: NewMemory(),
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

// Acquire takes the in-process lock first, so at most one goroutine per replica waits on Redis: rueidislock
// wakes one local waiter per release and can leave a crowd of local waiters asleep until their contexts end
// (30 waiters on three replicas timed out in TestContentionAcrossReplicas). The in-process lock is also the
// fallback when Redis cannot be reached.
func (r *Redis) Acquire(ctx context.Context, name string) (context.Context, context.CancelFunc, error) {
	local, releaseLocal, err := r.local.Acquire(ctx, name)
	if err != nil {
		return nil, nil, err
	}
	l, err := r.connect()
	if err == nil {
		pingCtx, cancel := context.WithTimeout(ctx, pingTimeout)
		err = l.Client().Do(pingCtx, l.Client().B().Ping().Build()).Error()
		cancel()
	}
	if err != nil {
		if ctx.Err() != nil {
			releaseLocal()
			return nil, nil, ctx.Err()
		}
		r.log.Warn("Redis unreachable; using an in-process lock", "lock", name, "err", err)
		return local, releaseLocal, nil
	}
	held, release, err := l.WithContext(local, name)
	if err != nil {
		releaseLocal()
		return nil, nil, err
	}
	// Losing the Redis lock (keys expired) or releasing it frees the local one too.
	context.AfterFunc(held, releaseLocal)
	return held, release, nil
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
