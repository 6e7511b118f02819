package bench

import (
	"fmt"
	"io"
	"runtime"
	"strings"
	"time"
)

// Goals of runtime.md §13.
const (
	GoalAddedP50 = 500 * time.Microsecond
	GoalAddedP99 = 2 * time.Millisecond
	GoalRatio    = 0.45
	GoalTxPerReq = 0.0
)

// The run's shape: the rate and provider delay of §13, the rest chosen to take about a minute and a half.
const (
	FixedRate      = 1000
	ProviderDelay  = 20 * time.Millisecond
	RunDuration    = 10 * time.Second
	SaturationLoad = 32 // requests in flight at saturation, for both targets
	StreamRequests = 500
	Slices         = 5 // each phase alternates the targets in this many slices
)

// Pair is one phase's runs of the two targets.
type Pair struct{ Direct, Gateway Run }

// Report is the figures of one gateway load run.
type Report struct {
	Fixed, Saturated, Streamed Pair
	// Transactions run by the app and session databases while the phases ran, and over a quiet window of the same
	// server before them (its background work).
	Transactions, IdleTransactions int64
	// UsageBatches are the usage writer's inserts (attempts, failed ones included) while the phases ran, and
	// UsageEvents the events they wrote: the only database work the gateway requests cause, off their path.
	UsageBatches, UsageEvents int64
	IdleWindow, RunWindow     time.Duration
	// Scanned lists the tables scanned from the quiet window to the end ("api_tokens +40"): where transactions
	// came from.
	Scanned []string
	// OthersCPU is the share of the machine other processes used during the phases (-1: unknown).
	OthersCPU float64
}

// GatewayRequests is how many gateway requests the phases sent.
func (r Report) GatewayRequests() int {
	return len(r.Fixed.Gateway.Latencies) + len(r.Saturated.Gateway.Latencies) + len(r.Streamed.Gateway.Latencies)
}

func met(ok bool) string {
	if ok {
		return "yes"
	}
	return "no"
}

func added(direct, gateway time.Duration) string {
	return fmt.Sprintf("%+.3f", float64(gateway-direct)/float64(time.Millisecond))
}

// Print writes the figures as a Markdown table, ready for the README.
func (r Report) Print(w io.Writer) {
	fd, fg := Summarize(r.Fixed.Direct.Latencies), Summarize(r.Fixed.Gateway.Latencies)
	sd, sg := Summarize(r.Streamed.Direct.Latencies), Summarize(r.Streamed.Gateway.Latencies)
	ratio := r.Saturated.Gateway.RPS() / r.Saturated.Direct.RPS()
	perReq := float64(r.Transactions-r.UsageBatches) / float64(r.GatewayRequests())

	fmt.Fprintf(w, "\nGateway load: hosted (PostgreSQL + Redis), API token, loopback; NumCPU=%d GOMAXPROCS=%d, %s\n\n",
		runtime.NumCPU(), runtime.GOMAXPROCS(0), runtime.Version())
	fmt.Fprintln(w, "| phase | figure | direct | gateway | added or ratio | goal | met |")
	fmt.Fprintln(w, "|---|---|---|---|---|---|---|")
	phase1 := fmt.Sprintf("1. %d req/s, %s per target, provider answers after %s", FixedRate, RunDuration, ProviderDelay)
	fmt.Fprintf(w, "| %s | p50 ms | %s | %s | %s | ≤ +0.5 | %s |\n", phase1, Ms(fd.P50), Ms(fg.P50), added(fd.P50, fg.P50),
		met(fg.P50-fd.P50 <= GoalAddedP50))
	fmt.Fprintf(w, "| | p90 ms | %s | %s | %s | – | |\n", Ms(fd.P90), Ms(fg.P90), added(fd.P90, fg.P90))
	fmt.Fprintf(w, "| | p99 ms | %s | %s | %s | ≤ +2 | %s |\n", Ms(fd.P99), Ms(fg.P99), added(fd.P99, fg.P99),
		met(fg.P99-fd.P99 <= GoalAddedP99))
	fmt.Fprintf(w, "| | max ms | %s | %s | %s | – | |\n", Ms(fd.Max), Ms(fg.Max), added(fd.Max, fg.Max))
	fmt.Fprintf(w, "| | requests (sent per s) | %d (%.0f) | %d (%.0f) | | | |\n", fd.N, sentRate(r.Fixed.Direct),
		fg.N, sentRate(r.Fixed.Gateway))
	fmt.Fprintf(w, "| 2. saturation, %s per target, instant provider, %d in flight | req/s | %.0f | %.0f | %.2f | ≥ %.2f | %s |\n",
		RunDuration, SaturationLoad, r.Saturated.Direct.RPS(), r.Saturated.Gateway.RPS(), ratio, GoalRatio,
		met(ratio >= GoalRatio))
	fmt.Fprintf(w, "| 3. streaming, %d sequential, first chunk at once | TTFB p50 ms | %s | %s | %s | – | |\n",
		StreamRequests, Ms(sd.P50), Ms(sg.P50), added(sd.P50, sg.P50))
	fmt.Fprintf(w, "| | TTFB p99 ms | %s | %s | %s | – | |\n", Ms(sd.P99), Ms(sg.P99), added(sd.P99, sg.P99))
	fmt.Fprintf(w, "| 4. DB transactions during 1–3 (app + session databases), less the usage batches | per gateway request | | %d / %d | %.5f | 0 | %s |\n",
		r.Transactions-r.UsageBatches, r.GatewayRequests(), perReq, met(perReq <= GoalTxPerReq))
	fmt.Fprintf(w, "| 5. usage batches written during 1–3 (one insert each, off the request path) | batches (events) | | %d (%d) | %.1f events per batch | – | |\n",
		r.UsageBatches, r.UsageEvents, float64(r.UsageEvents)/max(float64(r.UsageBatches), 1))
	fmt.Fprintf(w, "\nPhases 1–3 took %s; the same server ran %d transactions in a quiet %s window before them.\n",
		r.RunWindow.Round(time.Second), r.IdleTransactions, r.IdleWindow.Round(time.Second))
	if len(r.Scanned) > 0 {
		fmt.Fprintf(w, "Tables scanned from the quiet window on: %s.\n", strings.Join(r.Scanned, ", "))
	}
	if r.OthersCPU >= 0 {
		fmt.Fprintf(w, "Other processes (PostgreSQL and Redis included) used %.0f%% of the machine's CPU meanwhile.\n",
			100*r.OthersCPU)
	}
	fmt.Fprintln(w)
}

// sentRate is the rate the open-loop generator actually achieved.
func sentRate(r Run) float64 {
	return float64(len(r.Latencies)+r.Errors) / r.Sending.Seconds()
}
