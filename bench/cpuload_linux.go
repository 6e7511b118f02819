package bench

import (
	"bufio"
	"fmt"
	"os"
	"strconv"
	"strings"
	"syscall"
	"time"
)

// clockTicks is USER_HZ, the unit of /proc/stat: 100 on every Linux architecture Go supports.
const clockTicks = 100

// CPUSample is the machine's busy CPU time and this process's, at one instant.
type CPUSample struct {
	at              time.Time
	machine, itself time.Duration
}

// SampleCPU reads /proc/stat and this process's rusage.
func SampleCPU() (CPUSample, error) {
	f, err := os.Open("/proc/stat")
	if err != nil {
		return CPUSample{}, err
	}
	defer f.Close()
	line, err := bufio.NewReader(f).ReadString('\n')
	if err != nil {
		return CPUSample{}, fmt.Errorf("read /proc/stat: %w", err)
	}
	fields := strings.Fields(line) // cpu user nice system idle iowait irq softirq steal ...
	if len(fields) < 9 || fields[0] != "cpu" {
		return CPUSample{}, fmt.Errorf("unexpected /proc/stat line %q", line)
	}
	var busy int64
	for _, i := range []int{1, 2, 3, 6, 7, 8} { // everything but idle and iowait
		n, err := strconv.ParseInt(fields[i], 10, 64)
		if err != nil {
			return CPUSample{}, fmt.Errorf("parse /proc/stat: %w", err)
		}
		busy += n
	}
	var ru syscall.Rusage
	if err := syscall.Getrusage(syscall.RUSAGE_SELF, &ru); err != nil {
		return CPUSample{}, fmt.Errorf("getrusage: %w", err)
	}
	return CPUSample{at: time.Now(), machine: time.Duration(busy) * time.Second / clockTicks,
		itself: time.Duration(ru.Utime.Nano() + ru.Stime.Nano())}, nil
}

// OthersShare is the share of the machine's CPU capacity (wall time × cpus) that other processes used between
// s and later: the noise the figures were measured under. PostgreSQL and Redis count as others.
func (s CPUSample) OthersShare(later CPUSample, cpus int) float64 {
	others := (later.machine - s.machine) - (later.itself - s.itself)
	return max(0, float64(others)/(float64(later.at.Sub(s.at))*float64(cpus)))
}
