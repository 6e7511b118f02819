package cache

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"sync"
	"sync/atomic"
	"time"

	"github.com/redis/rueidis"
)

// Client-side cache lifetime of a Redis read. Redis's tracking evicts the local copy as soon as the key changes,
// so this only bounds staleness if an invalidation message were lost.
const localCacheTTL = 60 * time.Second

// opTimeout bounds every Redis call: during an outage rueidis keeps retrying, and a request must fall back to the
// database instead of waiting for Redis.
const opTimeout = time.Second

// Backoff bounds for reconnecting to Redis and re-subscribing (runtime.md §3.3).
const (
	minBackoff = time.Second
	maxBackoff = 30 * time.Second
)

// RedisOptions configures NewRedis.
type RedisOptions struct {
	URL    string
	Prefix string // BODHI_REDIS_PREFIX, e.g. "bodhi:"
	// Subscribe starts the invalidation subscriber (servers); one-shot writers such as the CLI leave it off.
	Subscribe bool
	// ConnectWait is how long NewRedis waits for a first connection before returning a cache that keeps
	// reconnecting in the background (runtime.md §3.1 step 6). Zero means 10 s.
	ConnectWait time.Duration
	Logger      *slog.Logger
}

// Redis is the cache shared by replicas: GET through rueidis client-side caching, and invalidations broadcast on
// the <prefix>cache:invalidate channel.
type Redis struct {
	opts    RedisOptions
	log     *slog.Logger
	channel string

	client     atomic.Pointer[rueidis.Client]
	subscribed atomic.Bool

	mu        sync.RWMutex
	listeners []func(string)

	ctx    context.Context
	cancel context.CancelFunc
	wg     sync.WaitGroup
	closed sync.Once
}

// NewRedis connects to opts.URL. If Redis does not answer within ConnectWait, it still returns a usable cache:
// every operation fails with ErrUnavailable (callers fall back to the database) while it keeps reconnecting.
func NewRedis(ctx context.Context, opts RedisOptions) (*Redis, error) {
	clientOpts, err := rueidis.ParseURL(opts.URL)
	if err != nil {
		return nil, fmt.Errorf("REDIS_URL: %w", err)
	}
	if opts.ConnectWait == 0 {
		opts.ConnectWait = 10 * time.Second
	}
	if opts.Logger == nil {
		opts.Logger = slog.New(slog.DiscardHandler)
	}
	clientOpts.Dialer.Timeout = 2 * time.Second
	r := &Redis{opts: opts, log: opts.Logger, channel: opts.Prefix + "cache:invalidate"}
	r.ctx, r.cancel = context.WithCancel(context.WithoutCancel(ctx))

	connected := make(chan struct{})
	r.wg.Add(1)
	go r.connectLoop(clientOpts, connected)
	select {
	case <-connected:
	case <-time.After(opts.ConnectWait):
		r.log.Warn("Redis did not answer; serving without the shared cache while reconnecting",
			"wait", opts.ConnectWait)
	case <-ctx.Done():
	}
	if opts.Subscribe {
		r.wg.Add(1)
		go r.subscribeLoop(connected)
	}
	return r, nil
}

func (r *Redis) connectLoop(opts rueidis.ClientOption, connected chan<- struct{}) {
	defer r.wg.Done()
	backoff := minBackoff
	for {
		c, err := rueidis.NewClient(opts)
		if err == nil {
			if r.ctx.Err() != nil { // closed while connecting
				c.Close()
				return
			}
			r.client.Store(&c)
			close(connected)
			return
		}
		r.log.Debug("connect to Redis", "err", err)
		if !sleep(r.ctx, backoff) {
			return
		}
		backoff = min(backoff*2, maxBackoff)
	}
}

// subscribeLoop keeps one dedicated connection subscribed to the invalidation channel. Each (re)subscription
// notifies "*": messages may have been missed while it was down.
func (r *Redis) subscribeLoop(connected <-chan struct{}) {
	defer r.wg.Done()
	select {
	case <-connected:
	case <-r.ctx.Done():
		return
	}
	client := *r.client.Load()
	backoff := minBackoff
	for r.ctx.Err() == nil {
		dc, release := client.Dedicate()
		wait := dc.SetPubSubHooks(rueidis.PubSubHooks{
			OnMessage: func(m rueidis.PubSubMessage) { r.notify(m.Message) },
			OnSubscription: func(s rueidis.PubSubSubscription) {
				if s.Kind == "subscribe" && s.Channel == r.channel {
					r.subscribed.Store(true)
					r.notify("*")
				}
			},
		})
		err := dc.Do(r.ctx, dc.B().Subscribe().Channel(r.channel).Build()).Error()
		if err == nil {
			backoff = minBackoff
			select {
			case err = <-wait:
			case <-r.ctx.Done():
			}
		}
		r.subscribed.Store(false)
		release()
		if r.ctx.Err() != nil {
			return
		}
		r.log.Warn("Redis invalidation subscription lost; reconnecting", "err", err, "retry_in", backoff)
		if !sleep(r.ctx, backoff) {
			return
		}
		backoff = min(backoff*2, maxBackoff)
	}
}

func (r *Redis) get() (rueidis.Client, error) {
	c := r.client.Load()
	if c == nil {
		return nil, ErrUnavailable
	}
	return *c, nil
}

// usable is the client for reads and writes of entries. A subscribing cache whose subscription is down counts
// as unavailable: Redis is probably unreachable, and the answer (a miss) should come at once, not after a timeout.
func (r *Redis) usable() (rueidis.Client, error) {
	if r.opts.Subscribe && !r.subscribed.Load() {
		return nil, ErrUnavailable
	}
	return r.get()
}

func (r *Redis) Get(ctx context.Context, key string) ([]byte, bool, error) {
	c, err := r.usable()
	if err != nil {
		return nil, false, err
	}
	ctx, cancel := context.WithTimeout(ctx, opTimeout)
	defer cancel()
	v, err := c.DoCache(ctx, c.B().Get().Key(r.opts.Prefix+key).Cache(), localCacheTTL).AsBytes()
	if rueidis.IsRedisNil(err) {
		return nil, false, nil
	}
	if err != nil {
		return nil, false, fmt.Errorf("redis GET %s: %w", key, err)
	}
	return v, true, nil
}

func (r *Redis) Set(ctx context.Context, key string, value []byte, ttl time.Duration) error {
	c, err := r.usable()
	if err != nil {
		return err
	}
	ctx, cancel := context.WithTimeout(ctx, opTimeout)
	defer cancel()
	cmd := c.B().Set().Key(r.opts.Prefix + key).Value(rueidis.BinaryString(value)).PxMilliseconds(ttl.Milliseconds()).Build()
	if err := c.Do(ctx, cmd).Error(); err != nil {
		return fmt.Errorf("redis SET %s: %w", key, err)
	}
	return nil
}

func (r *Redis) Invalidate(ctx context.Context, keys ...string) error {
	if len(keys) == 0 {
		return nil
	}
	for _, k := range keys {
		r.notify(k) // this replica at once, even if its subscription is down
	}
	c, err := r.get()
	if err != nil {
		return err
	}
	ctx, cancel := context.WithTimeout(ctx, opTimeout)
	defer cancel()
	full := make([]string, len(keys))
	for i, k := range keys {
		full[i] = r.opts.Prefix + k
	}
	cmds := rueidis.Commands{c.B().Unlink().Key(full...).Build()}
	for _, k := range keys {
		cmds = append(cmds, c.B().Publish().Channel(r.channel).Message(k).Build())
	}
	for _, res := range c.DoMulti(ctx, cmds...) {
		if err := res.Error(); err != nil {
			return fmt.Errorf("redis invalidate %v: %w", keys, err)
		}
	}
	return nil
}

func (r *Redis) InvalidatePrefix(ctx context.Context, prefix string) error {
	r.notify(prefix + "*")
	c, err := r.get()
	if err != nil {
		return err
	}
	ctx, cancel := context.WithTimeout(ctx, 10*opTimeout)
	defer cancel()
	var cursor uint64
	for {
		entry, err := c.Do(ctx, c.B().Scan().Cursor(cursor).Match(r.opts.Prefix+prefix+"*").Count(500).Build()).AsScanEntry()
		if err != nil {
			return fmt.Errorf("redis scan %s*: %w", prefix, err)
		}
		if len(entry.Elements) > 0 {
			if err := c.Do(ctx, c.B().Unlink().Key(entry.Elements...).Build()).Error(); err != nil {
				return fmt.Errorf("redis unlink %s*: %w", prefix, err)
			}
		}
		if cursor = entry.Cursor; cursor == 0 {
			break
		}
	}
	if err := c.Do(ctx, c.B().Publish().Channel(r.channel).Message(prefix+"*").Build()).Error(); err != nil {
		return fmt.Errorf("redis publish %s*: %w", prefix, err)
	}
	return nil
}

func (r *Redis) OnInvalidate(fn func(string)) {
	r.mu.Lock()
	defer r.mu.Unlock()
	r.listeners = append(r.listeners, fn)
}

func (r *Redis) notify(pattern string) {
	r.mu.RLock()
	listeners := r.listeners
	r.mu.RUnlock()
	for _, fn := range listeners {
		fn(pattern)
	}
}

// Ping succeeds only when Redis answers and, for a subscribing cache, the invalidation subscription is live:
// without it this replica could serve stale org state (runtime.md §6.5).
func (r *Redis) Ping(ctx context.Context) error {
	c, err := r.get()
	if err != nil {
		return err
	}
	if err := c.Do(ctx, c.B().Ping().Build()).Error(); err != nil {
		return fmt.Errorf("redis PING: %w", err)
	}
	if r.opts.Subscribe && !r.subscribed.Load() {
		return errors.New("redis invalidation subscription is not live")
	}
	return nil
}

func (r *Redis) Backend() string { return "redis" }

// Coherent is true while the invalidation subscription is live (a writer-only cache never holds copies).
func (r *Redis) Coherent() bool { return !r.opts.Subscribe || r.subscribed.Load() }

// Close stops the background loops and closes the client.
func (r *Redis) Close() error {
	r.closed.Do(func() {
		r.cancel()
		if c := r.client.Load(); c != nil {
			(*c).Close()
		}
		r.wg.Wait()
	})
	return nil
}

func sleep(ctx context.Context, d time.Duration) bool {
	t := time.NewTimer(d)
	defer t.Stop()
	select {
	case <-t.C:
		return true
	case <-ctx.Done():
		return false
	}
}
