package bench

import (
	"context"
	"maps"
	"os"
	"runtime"
	"testing"
	"time"

	"github.com/stretchr/testify/require"
)

// TestGatewayLoad is the gateway's load benchmark (runtime.md §13): the bench provider reached directly and through
// a hosted Bodhi, in one process on loopback, phase by phase. It prints the figures and asserts none of them (a
// speed is never a test result); it fails only when a request fails.
func TestGatewayLoad(t *testing.T) {
	if os.Getenv("BODHI_BENCH") != "1" {
		t.Skip("SKIPPING: a measurement (about 90 s), not a test; `make bench` runs it with BODHI_BENCH=1")
	}
	ctx := context.Background()
	d := startDeployment(t)
	tx, err := NewTransactions(ctx, adminDatabaseURL(), d.bodhi.Config.DatabaseURL, d.bodhi.Config.SessionDBURL)
	require.NoError(t, err)
	defer func() { _ = tx.Close(ctx) }()
	readTx := func() int64 {
		n, err := tx.Read(ctx)
		require.NoError(t, err)
		return n
	}

	// Warm-up: connections in both pools, the server's caches (org, API token, model list) and prepared statements.
	for _, target := range []Target{d.direct, d.gateway} {
		mustSucceed(t, "warm-up", Saturate(ctx, target.Chat, SaturationLoad, 2*time.Second))
		mustSucceed(t, "warm-up", Sequential(ctx, target.Stream, 50))
	}

	// Quiet windows, so every backend has flushed its statistics (StatsFlushWait) before each reading. The table
	// scans' own connection ends a second before the first reading, its statistics flushed when it exits.
	var rep Report
	time.Sleep(StatsFlushWait)
	scansBefore := tableScans(t, d)
	time.Sleep(time.Second)
	idleStart, start := readTx(), time.Now()
	time.Sleep(StatsFlushWait)
	before := readTx()
	rep.IdleTransactions, rep.IdleWindow = before-idleStart, time.Since(start)
	usageBefore := d.bodhi.App.UsageStats()

	cpuBefore, cpuErr := SampleCPU()
	start = time.Now()
	// (1) Added latency at a fixed rate, provider answering after 20 ms.
	d.provider.SetDelay(ProviderDelay)
	rep.Fixed = measure(d, func(target Target) Run {
		return ConstantRate(ctx, target.Chat, FixedRate, RunDuration/Slices)
	})
	// (2) CPU-bound throughput: an instant provider, at saturation.
	d.provider.SetDelay(0)
	rep.Saturated = measure(d, func(target Target) Run {
		return Saturate(ctx, target.Chat, SaturationLoad, RunDuration/Slices)
	})
	// (3) Streaming time to first byte, one request at a time.
	rep.Streamed = measure(d, func(target Target) Run { return Sequential(ctx, target.Stream, StreamRequests/Slices) })
	rep.RunWindow = time.Since(start)
	if cpuAfter, err := SampleCPU(); cpuErr == nil && err == nil {
		rep.OthersCPU = cpuBefore.OthersShare(cpuAfter, runtime.NumCPU())
	} else {
		rep.OthersCPU = -1
	}

	// (4) Database transactions while 1–3 ran.
	time.Sleep(StatsFlushWait)
	rep.Transactions = readTx() - before
	usageAfter := d.bodhi.App.UsageStats()
	rep.UsageBatches = int64(usageAfter.Flushes + usageAfter.FlushFailures - usageBefore.Flushes - usageBefore.FlushFailures)
	rep.UsageEvents = int64(usageAfter.FlushedEvents - usageBefore.FlushedEvents)
	rep.Scanned = ScansSince(scansBefore, tableScans(t, d))

	rep.Print(os.Stdout)
	for _, p := range []Pair{rep.Fixed, rep.Saturated, rep.Streamed} {
		for _, r := range []Run{p.Direct, p.Gateway} {
			if r.Errors > 0 {
				t.Errorf("%d requests failed; the first: %v", r.Errors, r.FirstErr)
			}
		}
	}
}

// measure runs one phase as Slices slices per target, alternating direct-gateway and gateway-direct: the machine
// is shared, and a burst of other work then lands on both targets instead of skewing one. Each slice starts from
// a freshly collected heap, since the provider, the gateway and the generator share one Go runtime and a
// collection owed by one slice would otherwise land in the next.
func measure(d deployment, slice func(Target) Run) Pair {
	var p Pair
	for i := 0; i < Slices; i++ {
		order := []*Run{&p.Direct, &p.Gateway}
		targets := []Target{d.direct, d.gateway}
		if i%2 == 1 {
			order[0], order[1], targets[0], targets[1] = order[1], order[0], targets[1], targets[0]
		}
		for j, target := range targets {
			runtime.GC()
			order[j].Merge(slice(target))
		}
	}
	return p
}

// tableScans reads the scans of the app and session databases' tables.
func tableScans(t *testing.T, d deployment) map[string]int64 {
	t.Helper()
	all := map[string]int64{}
	for _, url := range []string{d.bodhi.Config.DatabaseURL, d.bodhi.Config.SessionDBURL} {
		scans, err := TableScans(context.Background(), url)
		require.NoError(t, err)
		maps.Copy(all, scans)
	}
	return all
}

func mustSucceed(t *testing.T, what string, r Run) {
	t.Helper()
	require.Zero(t, r.Errors, "%s: %d requests failed; the first: %v", what, r.Errors, r.FirstErr)
}
