// Package membudget bounds the memory that buffered request bodies take at once, process-wide
// (BODHI_BODY_MEMORY_MB, README "Limits and timeouts"): a body is read into memory only once its bytes have been
// reserved from the budget, and a request that cannot reserve them within a short wait is turned away instead of
// growing the process.
package membudget

import (
	"context"
	"errors"
	"sync/atomic"
	"time"

	"golang.org/x/sync/semaphore"
)

// ErrBusy reports that the budget stayed exhausted for the whole wait (or the request is larger than the budget).
var ErrBusy = errors.New("the request-body memory budget is exhausted")

// Budget is a number of bytes shared by every request. The zero value is not usable; use New.
type Budget struct {
	sem  *semaphore.Weighted
	size int64
	wait time.Duration
	// inUse and peak are gauges for tests and figures; inUse rises after the semaphore grants and falls before it
	// takes the bytes back, so it never exceeds size.
	inUse atomic.Int64
	peak  atomic.Int64
}

// New returns a budget of size bytes; a reservation that cannot be granted at once waits up to wait.
func New(size int64, wait time.Duration) *Budget {
	return &Budget{sem: semaphore.NewWeighted(size), size: size, wait: wait}
}

// Size is the budget in bytes.
func (b *Budget) Size() int64 { return b.size }

// InUse is the number of bytes reserved now.
func (b *Budget) InUse() int64 { return b.inUse.Load() }

// Peak is the most bytes ever reserved at once.
func (b *Budget) Peak() int64 { return b.peak.Load() }

// ResetPeak sets the peak back to the bytes in use now (a test measures one burst).
func (b *Budget) ResetPeak() { b.peak.Store(b.inUse.Load()) }

// reserve takes n bytes: at once when they are free (the common case costs one uncontended mutex), else after
// waiting up to b.wait. It fails with ErrBusy, or with ctx's error when the request is cancelled meanwhile.
func (b *Budget) reserve(ctx context.Context, n int64) error {
	if n <= 0 {
		return nil
	}
	if n > b.size {
		return ErrBusy // would never be granted: answer now rather than after the wait
	}
	if !b.sem.TryAcquire(n) {
		waitCtx, cancel := context.WithTimeout(ctx, b.wait)
		err := b.sem.Acquire(waitCtx, n)
		cancel()
		if err != nil {
			if ctx.Err() != nil {
				return ctx.Err()
			}
			return ErrBusy
		}
	}
	used := b.inUse.Add(n)
	for {
		p := b.peak.Load()
		if used <= p || b.peak.CompareAndSwap(p, used) {
			return nil
		}
	}
}

func (b *Budget) release(n int64) {
	if n <= 0 {
		return
	}
	b.inUse.Add(-n)
	b.sem.Release(n)
}

// Reservation is bytes held from a budget until Release.
type Reservation struct {
	budget *Budget
	n      int64
}

// Release gives the bytes back; it is safe to call more than once and on the zero Reservation.
func (r *Reservation) Release() {
	if r.budget != nil {
		r.budget.release(r.n)
		r.n = 0
	}
}

// Bytes is the size of the reservation.
func (r *Reservation) Bytes() int64 { return r.n }
