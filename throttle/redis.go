package throttle

import (
	"context"
	"errors"
	"fmt"
	"strconv"
	"sync"
	"sync/atomic"
	"time"

	"github.com/redis/rueidis"
)

// opTimeout bounds every Redis call: a failed authentication must not wait on a Redis that does not answer.
const opTimeout = 500 * time.Millisecond

// pauseAfterError is how long calls fail at once with ErrUnavailable after a Redis error, so that during an outage
// requests do not each wait opTimeout, and a reconnection is attempted at most this often.
const pauseAfterError = 2 * time.Second

// failScript counts one failure and returns {count, milliseconds left}. The window's expiry is set when the key
// has none: on the first failure, and should a key ever have lost its TTL (it would otherwise block for good).
// One script is one round trip, and atomic: concurrent failures on several replicas are all counted.
var failScript = rueidis.NewLuaScript(`
local n = redis.call('INCR', KEYS[1])
local ttl = redis.call('PTTL', KEYS[1])
if ttl < 0 then
  redis.call('PEXPIRE', KEYS[1], ARGV[1])
  ttl = tonumber(ARGV[1])
end
return {n, ttl}
`)

// Redis is the Limiter shared by replicas: one counter per key, <prefix><key>, expiring when its window closes.
type Redis struct {
	opts   rueidis.ClientOption
	prefix string
	window string // milliseconds, as the script's argument

	client      atomic.Pointer[rueidis.Client]
	pausedUntil atomic.Int64 // unix nanoseconds

	mu         sync.Mutex // guards connecting and closed, so Close never races a connection attempt
	connecting bool
	closed     bool
	wg         sync.WaitGroup
}

// NewRedis prepares a counter with keys under prefix (BODHI_REDIS_PREFIX) and windows of the given length. It
// tries to connect once now; if Redis does not answer, calls fail with ErrUnavailable while it keeps trying in
// the background, so a Redis that is down at startup does not stop the server.
func NewRedis(url, prefix string, length time.Duration) (*Redis, error) {
	opts, err := rueidis.ParseURL(url)
	if err != nil {
		return nil, fmt.Errorf("REDIS_URL: %w", err)
	}
	opts.Dialer.Timeout = 2 * time.Second
	opts.DisableCache = true // counters change on every failure: nothing to cache on the client
	r := &Redis{opts: opts, prefix: prefix, window: strconv.FormatInt(length.Milliseconds(), 10)}
	r.connecting = true
	r.wg.Add(1)
	r.connect()
	return r, nil
}

// connect makes the client. rueidis reconnects an existing client by itself, so connect is needed only until
// one client has been made.
func (r *Redis) connect() {
	defer r.wg.Done()
	c, err := rueidis.NewClient(r.opts)
	r.mu.Lock()
	defer r.mu.Unlock()
	r.connecting = false
	switch {
	case err != nil:
		r.pause()
	case r.closed:
		c.Close()
	default:
		r.client.Store(&c)
	}
}

// get returns the client, or ErrUnavailable at once while paused or not yet connected (starting a connection
// attempt in the background).
func (r *Redis) get() (rueidis.Client, error) {
	if time.Now().UnixNano() < r.pausedUntil.Load() {
		return nil, ErrUnavailable
	}
	if c := r.client.Load(); c != nil {
		return *c, nil
	}
	r.mu.Lock()
	defer r.mu.Unlock()
	if !r.closed && !r.connecting {
		r.connecting = true
		r.wg.Add(1)
		go r.connect()
	}
	return nil, ErrUnavailable
}

func (r *Redis) pause() { r.pausedUntil.Store(time.Now().Add(pauseAfterError).UnixNano()) }

// failed pauses the client after a Redis error, unless the caller's own context ended (a client that went away
// says nothing about Redis), and wraps err.
func (r *Redis) failed(ctx context.Context, op, key string, err error) error {
	if ctx.Err() == nil {
		r.pause()
	}
	return fmt.Errorf("redis %s %s: %w", op, key, errors.Join(ErrUnavailable, err))
}

func (r *Redis) Fail(ctx context.Context, key string) (int, time.Duration, error) {
	c, err := r.get()
	if err != nil {
		return 0, 0, err
	}
	opCtx, cancel := context.WithTimeout(ctx, opTimeout)
	defer cancel()
	reply, err := failScript.Exec(opCtx, c, []string{r.prefix + key}, []string{r.window}).AsIntSlice()
	if err == nil && len(reply) != 2 {
		err = fmt.Errorf("unexpected reply %v", reply)
	}
	if err != nil {
		return 0, 0, r.failed(ctx, "count failure", key, err)
	}
	return int(reply[0]), time.Duration(reply[1]) * time.Millisecond, nil
}

func (r *Redis) Blocked(ctx context.Context, key string, limit int) (time.Duration, bool, error) {
	c, err := r.get()
	if err != nil {
		return 0, false, err
	}
	opCtx, cancel := context.WithTimeout(ctx, opTimeout)
	defer cancel()
	full := r.prefix + key
	res := c.DoMulti(opCtx, c.B().Get().Key(full).Build(), c.B().Pttl().Key(full).Build())
	count, err := res[0].AsInt64()
	if rueidis.IsRedisNil(err) {
		return 0, false, nil // no open window
	}
	if err != nil {
		return 0, false, r.failed(ctx, "read failures", key, err)
	}
	ttl, err := res[1].AsInt64()
	if err != nil {
		return 0, false, r.failed(ctx, "read failures", key, err)
	}
	if ttl <= 0 { // the window closed between the two reads (-2), or the key has no expiry (-1) to wait for
		return 0, false, nil
	}
	return time.Duration(ttl) * time.Millisecond, count >= int64(limit), nil
}

func (r *Redis) Backend() string { return "redis" }

// Close waits for a connection attempt in flight, then closes the client.
func (r *Redis) Close() error {
	r.mu.Lock()
	r.closed = true
	r.mu.Unlock()
	r.wg.Wait()
	if c := r.client.Load(); c != nil {
		(*c).Close()
	}
	return nil
}
