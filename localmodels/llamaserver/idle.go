package llamaserver

import (
	"time"
)

// idleTimer stops the child after the keep-alive without requests (runtime.md §9.4). It is armed when the last
// request on the child ends and disarmed when a request joins; every arming gets a new generation, so a timer that
// fires after it was disarmed or re-armed does nothing. Guarded by Manager.mu.
type idleTimer struct {
	timer *time.Timer
	since time.Time // when the child became idle; zero while disarmed
	gen   uint64
}

func (t *idleTimer) stop() {
	if t.timer != nil {
		t.timer.Stop()
		t.timer = nil
	}
	t.since = time.Time{}
	t.gen++
}

// armIdle starts counting p's idle time. The caller holds m.mu.
func (m *Manager) armIdle(p *process) {
	m.idle.stop()
	m.idle.since = time.Now()
	m.scheduleIdleStop(p)
}

// scheduleIdleStop (re)sets the timer to fire keep-alive after the child became idle. The caller holds m.mu.
func (m *Manager) scheduleIdleStop(p *process) {
	if m.idle.timer != nil {
		m.idle.timer.Stop()
	}
	m.idle.gen++
	gen := m.idle.gen
	wait := time.Until(m.idle.since.Add(m.keepAlive))
	m.idle.timer = time.AfterFunc(max(wait, 0), func() { m.idleStop(p, gen) })
}

// idleStop stops p when it is still the idle child of generation gen once the turn is free.
func (m *Manager) idleStop(p *process, gen uint64) {
	select {
	case m.turn <- struct{}{}:
	case <-m.done:
		return
	}
	defer func() { <-m.turn }()
	m.mu.Lock()
	if m.idle.gen != gen || m.current != p || p.inflight > 0 || p.retiring {
		m.mu.Unlock()
		return
	}
	p.retiring = true // a request arriving now waits for the turn, then starts a new child
	m.mu.Unlock()
	m.retire("idle for " + m.KeepAlive().String())
}

// SetKeepAlive changes the idle time before the child is stopped. A child already idle is stopped keep-alive
// after it became idle (at once when that time has passed): the settings page's change applies to the running
// timer.
func (m *Manager) SetKeepAlive(d time.Duration) {
	m.mu.Lock()
	defer m.mu.Unlock()
	m.keepAlive = d
	if m.idle.timer != nil && m.current != nil {
		m.scheduleIdleStop(m.current)
	}
	m.log.Info("llama-server keep-alive changed", "keep_alive", d)
}

// KeepAlive is the idle time before the child is stopped.
func (m *Manager) KeepAlive() time.Duration {
	m.mu.Lock()
	defer m.mu.Unlock()
	return m.keepAlive
}
