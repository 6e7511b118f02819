package usage

import (
	"context"
	"fmt"
	"log/slog"
	"sync"
	"sync/atomic"
	"time"

	"github.com/google/uuid"

	"github.com/bodhiapp/bodhi/db"
)

// Store is where batches go.
type Store interface {
	InsertUsageEvents(ctx context.Context, events []db.UsageEvent) (int64, error)
}

// Options tune a Recorder; zero values take the defaults.
type Options struct {
	// Capacity is the buffer's size in events (default 20,000: at 1,000 requests a second, 20 s of database
	// outage before the first drop).
	Capacity int
	// BatchSize caps the events of one insert (default 500).
	BatchSize int
	// FlushInterval is the longest an event waits in the buffer (default 1 s): what a crashed process can lose.
	FlushInterval time.Duration
	// Observe sees every event as it is recorded (metrics); it must be cheap and must not block.
	Observe func(Event)
	Logger  *slog.Logger
}

func (o *Options) defaults() {
	if o.Capacity <= 0 {
		o.Capacity = 20_000
	}
	if o.BatchSize <= 0 {
		o.BatchSize = 500
	}
	if o.FlushInterval <= 0 {
		o.FlushInterval = time.Second
	}
	if o.Logger == nil {
		o.Logger = slog.New(slog.DiscardHandler)
	}
}

// Retry bounds of a failed batch: it is retried, same ids, until it is written or the recorder closes.
const (
	retryMin = 100 * time.Millisecond
	retryMax = 5 * time.Second
	// attemptTimeout bounds one insert, so a stalled database turns into a retry rather than a stuck writer.
	attemptTimeout = 10 * time.Second
)

// Recorder buffers events and writes them in batches from one goroutine. Record never blocks: when the buffer
// passes half full the writer is told to flush at once (back-pressure on the writer, not on the request), and
// only a buffer that stays full drops events, each one counted and the count logged.
type Recorder struct {
	store Store
	opts  Options
	queue chan Event
	// hurry asks the writer to flush now instead of at the end of its interval.
	hurry   chan struct{}
	closing chan struct{}
	stopped chan struct{}
	// stopCtx ends a retry loop that Close's deadline cut short.
	stopCtx    context.Context
	stopCancel context.CancelFunc
	closeOnce  sync.Once
	closed     atomic.Bool

	flushes, flushedEvents, flushFailures, dropped atomic.Uint64
	streams                                        atomic.Int64
	lastDropLog                                    atomic.Int64 // unix nanos of the last drop warning
}

// NewRecorder starts the writer; Close stops it after writing what is buffered.
func NewRecorder(store Store, opts Options) *Recorder {
	opts.defaults()
	ctx, cancel := context.WithCancel(context.Background())
	r := &Recorder{store: store, opts: opts, queue: make(chan Event, opts.Capacity), hurry: make(chan struct{}, 1),
		closing: make(chan struct{}), stopped: make(chan struct{}), stopCtx: ctx, stopCancel: cancel}
	go r.write()
	return r
}

// Record queues ev; it never blocks. An event without an id gets one (UUIDv7), and its start time defaults to now.
func (r *Recorder) Record(ev Event) {
	if ev.ID == "" {
		ev.ID = uuid.Must(uuid.NewV7()).String()
	}
	if ev.StartedAt.IsZero() {
		ev.StartedAt = time.Now()
	}
	if r.opts.Observe != nil {
		r.opts.Observe(ev)
	}
	if r.closed.Load() {
		r.drop("the recorder is closed")
		return
	}
	select {
	case r.queue <- ev:
	default:
		r.drop("the usage buffer is full")
		return
	}
	if len(r.queue) >= cap(r.queue)/2 {
		select {
		case r.hurry <- struct{}{}:
		default:
		}
	}
}

func (r *Recorder) drop(why string) {
	n := r.dropped.Add(1)
	now := time.Now().UnixNano()
	last := r.lastDropLog.Load()
	if now-last >= int64(time.Second) && r.lastDropLog.CompareAndSwap(last, now) {
		r.opts.Logger.Warn("usage events dropped", "reason", why, "dropped_total", n,
			"buffer_capacity", cap(r.queue))
	}
}

// StreamStarted counts a streamed answer in flight; call the returned func when it ends.
func (r *Recorder) StreamStarted() (ended func()) {
	r.streams.Add(1)
	var once sync.Once
	return func() { once.Do(func() { r.streams.Add(-1) }) }
}

// Stats reads the counters.
func (r *Recorder) Stats() Stats {
	return Stats{Depth: len(r.queue), Capacity: cap(r.queue), Flushes: r.flushes.Load(),
		FlushedEvents: r.flushedEvents.Load(), FlushFailures: r.flushFailures.Load(), Dropped: r.dropped.Load(),
		InFlightStreams: r.streams.Load()}
}

// Close writes every buffered event and stops the writer. When ctx ends first (the database stays down), the
// events still unwritten are counted as dropped and logged, and Close returns ctx's error.
func (r *Recorder) Close(ctx context.Context) error {
	r.closeOnce.Do(func() {
		r.closed.Store(true)
		close(r.closing)
	})
	select {
	case <-r.stopped:
		return nil
	case <-ctx.Done():
		r.stopCancel()
		<-r.stopped
		return fmt.Errorf("flush usage events: %w", ctx.Err())
	}
}

// write is the one writer: it batches by size and by time, and on close drains the buffer.
func (r *Recorder) write() {
	defer close(r.stopped)
	defer r.stopCancel()
	batch := make([]Event, 0, r.opts.BatchSize)
	ticker := time.NewTicker(r.opts.FlushInterval)
	defer ticker.Stop()
	flush := func() {
		if len(batch) > 0 {
			r.flush(batch)
			batch = batch[:0]
		}
	}
	for {
		select {
		case ev := <-r.queue:
			batch = append(batch, ev)
			if len(batch) >= r.opts.BatchSize {
				flush()
			}
		case <-r.hurry:
			batch = r.fill(batch)
			flush()
		case <-ticker.C:
			flush()
		case <-r.closing:
			for {
				batch = r.fill(batch)
				if len(batch) == 0 {
					return
				}
				flush()
			}
		}
	}
}

// fill adds queued events to batch, without waiting, up to the batch size.
func (r *Recorder) fill(batch []Event) []Event {
	for len(batch) < r.opts.BatchSize {
		select {
		case ev := <-r.queue:
			batch = append(batch, ev)
		default:
			return batch
		}
	}
	return batch
}

// flush writes one batch, retrying with backoff until it is written or Close's deadline passes.
func (r *Recorder) flush(batch []Event) {
	rows := make([]db.UsageEvent, len(batch))
	for i, ev := range batch {
		rows[i] = row(ev)
	}
	wait := retryMin
	for attempt := 1; ; attempt++ {
		ctx, cancel := context.WithTimeout(r.stopCtx, attemptTimeout)
		_, err := r.store.InsertUsageEvents(ctx, rows)
		cancel()
		if err == nil {
			r.flushes.Add(1)
			r.flushedEvents.Add(uint64(len(rows)))
			if attempt > 1 {
				r.opts.Logger.Info("usage events written after retries", "events", len(rows), "attempts", attempt)
			}
			return
		}
		r.flushFailures.Add(1)
		if r.stopCtx.Err() != nil {
			r.dropped.Add(uint64(len(rows)))
			r.opts.Logger.Error("usage events lost: the database did not take them before shutdown",
				"events", len(rows), "err", err)
			return
		}
		r.opts.Logger.Warn("usage batch not written; retrying", "events", len(rows), "attempt", attempt,
			"retry_in", wait, "err", err)
		select {
		case <-time.After(wait):
		case <-r.stopCtx.Done():
		}
		wait = min(wait*2, retryMax)
	}
}

func row(ev Event) db.UsageEvent {
	return db.UsageEvent{ID: ev.ID, OrgID: ev.OrgID, UserID: ev.UserID, Username: ev.Username, AuthKind: ev.AuthKind,
		TokenID: ev.TokenID, AppClientID: ev.AppClientID, Model: ev.Model, ProviderModel: ev.ProviderModel,
		APIModelID: ev.APIModelID, Provider: ev.Provider, Route: ev.Route, Stream: ev.Stream, Status: int64(ev.Status),
		PromptTokens: ev.PromptTokens, CompletionTokens: ev.CompletionTokens, TotalTokens: ev.TotalTokens,
		UpstreamMS: ev.Upstream.Milliseconds(), TTFBMS: ev.TTFB.Milliseconds(), StartedAt: ev.StartedAt}
}
