package llamaserver

import (
	"sync/atomic"
	"time"
)

// Status is the running child, for Ollama's /api/ps and for tests.
type Status struct {
	Running   bool
	Alias     string
	ModelPath string
	PID       int
	Args      []string  // as started
	InFlight  int       // requests being answered
	IdleStop  time.Time // when the idle timer stops the child; zero while requests are in flight
}

// Status reports the running child; Running is false when there is none.
func (m *Manager) Status() Status {
	m.mu.Lock()
	defer m.mu.Unlock()
	p := m.current
	if p == nil || !p.alive() {
		return Status{}
	}
	s := Status{Running: true, Alias: p.target.Alias, ModelPath: p.target.ModelPath, PID: p.pid,
		Args: append([]string(nil), p.args...), InFlight: p.inflight}
	if !m.idle.since.IsZero() {
		s.IdleStop = m.idle.since.Add(m.keepAlive)
	}
	return s
}

// Loaded is the alias the running child serves and when the idle timer will stop it (for Ollama's /api/ps); while
// requests are in flight, a full keep-alive from now. ok is false when no child runs.
func (m *Manager) Loaded() (alias string, until time.Time, ok bool) {
	s := m.Status()
	if !s.Running {
		return "", time.Time{}, false
	}
	until = s.IdleStop
	if until.IsZero() {
		until = time.Now().Add(m.KeepAlive())
	}
	return s.Alias, until, true
}

// Counts are the manager's totals since it was built, for metrics.
type Counts struct {
	Starts        uint64 // children that became ready
	StartFailures uint64 // children that exited or timed out before they were ready
	Crashes       uint64 // ready children that exited on their own (not stopped by Bodhi)
}

type counters struct{ starts, startFailures, crashes atomic.Uint64 }

// Counts reports the totals.
func (m *Manager) Counts() Counts {
	return Counts{Starts: m.counts.starts.Load(), StartFailures: m.counts.startFailures.Load(),
		Crashes: m.counts.crashes.Load()}
}
