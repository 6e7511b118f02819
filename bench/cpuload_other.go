//go:build !linux

package bench

import (
	"errors"
	"time"
)

// CPUSample is unavailable outside Linux: the report then says so instead of giving the noise figure.
type CPUSample struct{ at time.Time }

// SampleCPU is only implemented on Linux.
func SampleCPU() (CPUSample, error) {
	return CPUSample{}, errors.New("CPU sampling needs Linux /proc/stat")
}

// OthersShare is never called when SampleCPU failed.
func (s CPUSample) OthersShare(CPUSample, int) float64 { return 0 }
