package bench

import (
	"context"
	"sync"
	"time"
)

// Run is what one load run measured: a latency per successful request, and the errors.
type Run struct {
	Latencies []time.Duration
	Errors    int
	FirstErr  error
	Elapsed   time.Duration // from the first request sent to the last answer read
	Sending   time.Duration // open loop only: how long sending took (longer than planned when the generator lagged)
}

// RPS is the successful requests per second.
func (r Run) RPS() float64 { return float64(len(r.Latencies)) / r.Elapsed.Seconds() }

func (r *Run) add(d time.Duration, err error) {
	if err != nil {
		r.Errors++
		if r.FirstErr == nil {
			r.FirstErr = err
		}
		return
	}
	r.Latencies = append(r.Latencies, d)
}

// Merge adds o's requests to r: one measurement made of several slices.
func (r *Run) Merge(o Run) {
	r.Latencies = append(r.Latencies, o.Latencies...)
	r.Errors += o.Errors
	if r.FirstErr == nil {
		r.FirstErr = o.FirstErr
	}
	r.Elapsed += o.Elapsed
	r.Sending += o.Sending
}

// ConstantRate sends rate requests per second for d, open loop: each request leaves at its planned time whatever
// the earlier ones are doing, so a slow answer never slows the load (no coordinated omission). A generator that
// wakes late sends the requests it owes at once, as vegeta does.
func ConstantRate(ctx context.Context, call func(context.Context) (time.Duration, error), rate int, d time.Duration) Run {
	interval := time.Second / time.Duration(rate)
	total := int(d / interval)
	lat := make([]time.Duration, total)
	errs := make([]error, total)
	var wg sync.WaitGroup
	start := time.Now()
	for i := 0; i < total; i++ {
		if wait := time.Until(start.Add(time.Duration(i) * interval)); wait > 0 {
			time.Sleep(wait)
		}
		wg.Add(1)
		go func() {
			defer wg.Done()
			lat[i], errs[i] = call(ctx)
		}()
	}
	run := Run{Sending: time.Since(start)}
	wg.Wait()
	run.Elapsed = time.Since(start)
	for i := range lat {
		run.add(lat[i], errs[i])
	}
	return run
}

// Saturate keeps workers requests in flight for d, closed loop: each worker sends its next request as soon as the
// previous answer is read, so the throughput is whatever the machine can do.
func Saturate(ctx context.Context, call func(context.Context) (time.Duration, error), workers int, d time.Duration) Run {
	runs := make([]Run, workers)
	var wg sync.WaitGroup
	start := time.Now()
	deadline := start.Add(d)
	for w := range runs {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for time.Now().Before(deadline) {
				runs[w].add(call(ctx))
			}
		}()
	}
	wg.Wait()
	elapsed := time.Since(start)
	var run Run
	for _, r := range runs {
		run.Merge(r)
	}
	run.Elapsed = elapsed
	return run
}

// Sequential sends n requests one after the other: latency without queueing.
func Sequential(ctx context.Context, call func(context.Context) (time.Duration, error), n int) Run {
	var run Run
	start := time.Now()
	for i := 0; i < n; i++ {
		run.add(call(ctx))
	}
	run.Elapsed = time.Since(start)
	return run
}
