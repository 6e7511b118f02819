package bench

import (
	"math"
	"slices"
	"strconv"
	"time"
)

// Summary is a latency distribution's percentiles (nearest rank).
type Summary struct {
	N                  int
	P50, P90, P99, Max time.Duration
}

// Summarize sorts a copy of latencies and reads its percentiles.
func Summarize(latencies []time.Duration) Summary {
	if len(latencies) == 0 {
		return Summary{}
	}
	s := slices.Clone(latencies)
	slices.Sort(s)
	at := func(q float64) time.Duration { return s[int(math.Ceil(q*float64(len(s))))-1] }
	return Summary{N: len(s), P50: at(0.50), P90: at(0.90), P99: at(0.99), Max: s[len(s)-1]}
}

// Ms formats d in milliseconds with microsecond precision.
func Ms(d time.Duration) string {
	return strconv.FormatFloat(float64(d)/float64(time.Millisecond), 'f', 3, 64)
}
