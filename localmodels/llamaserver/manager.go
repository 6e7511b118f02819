// Package llamaserver runs llama.cpp's llama-server for the standalone server's local aliases (runtime.md §9.4):
// one child process at a time, started for the alias a request names, shared by the requests for that alias,
// switched when another alias is asked for, stopped after BODHI_KEEP_ALIVE_SECS without requests and when Bodhi
// stops. Requests go to the child's OpenAI-compatible endpoints on a loopback port, their answers relayed untouched.
//
// Manager implements gateway.LocalRunner. It is built in app.New in standalone mode only.
package llamaserver

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"net"
	"net/http"
	"os/exec"
	"sync"
	"time"

	"github.com/bodhiapp/bodhi/gateway"
	"github.com/bodhiapp/bodhi/shellwords"
)

// Options configure a Manager.
type Options struct {
	Binary    string        // BODHI_LLAMA_SERVER; empty: llama-server on PATH
	Args      string        // BODHI_LLAMACPP_ARGS, split like a shell
	KeepAlive time.Duration // BODHI_KEEP_ALIVE_SECS: idle time before the child is stopped
	Logger    *slog.Logger
	Timing    Timing // zero fields take the spec's values
}

// Timing are the waits of runtime.md §9.4; tests shorten them.
type Timing struct {
	HealthInterval time.Duration // between two /health polls while the child starts (200 ms)
	StartTimeout   time.Duration // how long the child may take to answer /health with 200 (120 s)
	DrainTimeout   time.Duration // how long a switch waits for the running alias's requests to end (60 s)
	StopGrace      time.Duration // from SIGTERM to SIGKILL (5 s)
}

func (t Timing) withDefaults() Timing {
	def := func(d *time.Duration, v time.Duration) {
		if *d <= 0 {
			*d = v
		}
	}
	def(&t.HealthInterval, 200*time.Millisecond)
	def(&t.StartTimeout, 120*time.Second)
	def(&t.DrainTimeout, 60*time.Second)
	def(&t.StopGrace, 5*time.Second)
	return t
}

// Manager owns the llama-server child.
type Manager struct {
	binary    string
	extraArgs []string
	log       *slog.Logger
	timing    Timing
	spawner   *spawner
	transport *http.Transport
	client    *http.Client
	// turn is held by whoever starts, switches or stops the child: one at a time (runtime.md §9.4). A channel
	// rather than a mutex, so that waiting for it ends with the request's context.
	turn chan struct{}
	done chan struct{} // closed by Close

	mu        sync.Mutex
	current   *process // the child, or nil
	closed    bool
	keepAlive time.Duration
	idle      idleTimer

	counts counters
}

// New builds the manager; nothing starts until a request needs it. It fails when BODHI_LLAMACPP_ARGS cannot be
// split (an unterminated quote).
func New(opts Options) (*Manager, error) {
	extra, err := shellwords.Split(opts.Args)
	if err != nil {
		return nil, fmt.Errorf("BODHI_LLAMACPP_ARGS %q: %w", opts.Args, err)
	}
	log := opts.Logger
	if log == nil {
		log = slog.New(slog.DiscardHandler)
	}
	// The child is on loopback: no proxy from the environment, no total timeout (a stream lasts as long as the
	// model writes); a client that goes away cancels the call through its context.
	transport := &http.Transport{Proxy: nil, DialContext: (&net.Dialer{Timeout: 5 * time.Second}).DialContext,
		MaxIdleConnsPerHost: 32, IdleConnTimeout: 90 * time.Second, DisableCompression: true}
	return &Manager{binary: opts.Binary, extraArgs: extra, log: log, timing: opts.Timing.withDefaults(),
		spawner: newSpawner(), transport: transport, client: &http.Client{Transport: transport},
		turn: make(chan struct{}, 1), done: make(chan struct{}), keepAlive: opts.KeepAlive}, nil
}

var _ gateway.LocalRunner = (*Manager)(nil)

// Forward sends a model request to the child serving target, starting it, or switching to it, first. path is the
// OpenAI endpoint (gateway.EndpointChat, gateway.EndpointEmbeddings), served by llama-server under /v1. The answer
// is the child's, whatever its status, with its body streaming; closing the body ends the request for the idle
// timer and for a switch that waits. ctx is the client's: when it ends, so does the call to the child.
//
// Errors: ErrBinaryNotFound, ErrStartFailed, ErrExited (the child died before it answered; the message says how),
// gateway.ErrProviderUnreachable (the call failed otherwise, e.g. the client went away).
func (m *Manager) Forward(ctx context.Context, target gateway.LocalTarget, path, accept string,
	body []byte) (*http.Response, error) {
	p, err := m.acquire(ctx, target)
	if err != nil {
		return nil, err
	}
	resp, err := m.send(ctx, p, path, accept, body)
	if err != nil {
		m.release(p)
		return nil, err
	}
	resp.Body = &requestBody{ReadCloser: resp.Body, ctx: ctx, p: p, release: func() { m.release(p) }}
	return resp, nil
}

// acquire returns the child serving target with one more request in flight, starting or switching as needed.
func (m *Manager) acquire(ctx context.Context, target gateway.LocalTarget) (*process, error) {
	if p := m.join(target); p != nil {
		return p, nil
	}
	select {
	case m.turn <- struct{}{}:
	case <-ctx.Done():
		return nil, gateway.ErrProviderUnreachable.Because(fmt.Errorf("wait for llama-server: %w", ctx.Err()))
	case <-m.done:
		return nil, m.closedError()
	}
	defer func() { <-m.turn }()
	if p := m.join(target); p != nil { // started by the request that held the turn before
		return p, nil
	}
	if m.isClosed() {
		return nil, m.closedError()
	}
	m.retire("switch to " + target.Alias)
	binary, err := m.resolveBinary()
	if err != nil {
		return nil, err
	}
	p, err := m.spawn(target, binary)
	if err != nil {
		return nil, err
	}
	if err := m.awaitHealthy(p); err != nil {
		m.stop(p, "start failed")
		if errors.Is(err, errManagerClosed) {
			return nil, m.closedError()
		}
		m.counts.startFailures.Add(1)
		m.log.Warn("llama-server failed to start", "alias", target.Alias, "err", err, "stderr", p.out.Tail())
		return nil, startFailed(err.Error(), p.out.Tail(), err)
	}
	m.counts.starts.Add(1)
	m.mu.Lock()
	defer m.mu.Unlock()
	m.current = p
	p.inflight++
	m.idle.stop()
	return p, nil
}

// join counts one more request on the running child when it serves target and is not being stopped.
func (m *Manager) join(target gateway.LocalTarget) *process {
	m.mu.Lock()
	defer m.mu.Unlock()
	p := m.current
	if p == nil || p.retiring || !p.alive() || !p.serves(target) {
		return nil
	}
	p.inflight++
	m.idle.stop()
	return p
}

// release ends one request on p; the last one arms the idle timer and frees a switch that waits.
func (m *Manager) release(p *process) {
	m.mu.Lock()
	defer m.mu.Unlock()
	p.inflight--
	if p.inflight > 0 {
		return
	}
	if p.drained != nil {
		close(p.drained)
		p.drained = nil
	}
	if m.current == p && !p.retiring && !m.closed {
		m.armIdle(p)
	}
}

// retire stops the running child, if any, once its requests have ended or DrainTimeout has passed. The caller
// holds the turn.
func (m *Manager) retire(why string) {
	m.mu.Lock()
	p := m.current
	if p == nil {
		m.mu.Unlock()
		return
	}
	p.retiring = true
	m.idle.stop()
	var drained chan struct{}
	if p.inflight > 0 {
		if p.drained == nil {
			p.drained = make(chan struct{})
		}
		drained = p.drained
	}
	m.mu.Unlock()

	if drained != nil {
		wait := time.NewTimer(m.timing.DrainTimeout)
		select {
		case <-drained:
		case <-p.exited:
		case <-m.done:
		case <-wait.C:
			m.log.Warn("llama-server still has requests in flight; stopping it anyway", "alias", p.target.Alias,
				"waited", m.timing.DrainTimeout)
		}
		wait.Stop()
	}
	m.stop(p, why)
	m.mu.Lock()
	if m.current == p {
		m.current = nil
	}
	m.mu.Unlock()
}

// exitedOnItsOwn forgets a child that died while it was the running one (crashed, killed from outside): the next
// request starts a new one.
func (m *Manager) exitedOnItsOwn(p *process) {
	m.mu.Lock()
	defer m.mu.Unlock()
	if m.current != p || p.retiring {
		return
	}
	m.current = nil
	m.idle.stop()
	m.counts.crashes.Add(1)
	m.log.Warn("llama-server exited", "alias", p.target.Alias, "pid", p.pid, "status", p.exitStatus(),
		"stderr", p.out.Tail())
}

// resolveBinary is BODHI_LLAMA_SERVER when it names an executable, else llama-server on PATH (runtime.md §9.4).
// It is looked up at every start, so installing llama-server needs no restart.
func (m *Manager) resolveBinary() (string, error) {
	if m.binary != "" {
		if path, err := exec.LookPath(m.binary); err == nil {
			return path, nil
		}
		m.log.Warn("BODHI_LLAMA_SERVER is not an executable; looking for llama-server on PATH", "path", m.binary)
	}
	path, err := exec.LookPath("llama-server")
	if err != nil {
		return "", ErrBinaryNotFound.Because(err)
	}
	return path, nil
}

func (m *Manager) isClosed() bool {
	m.mu.Lock()
	defer m.mu.Unlock()
	return m.closed
}

func (m *Manager) closedError() error {
	return withOutput(ErrExited, "Bodhi is shutting down", nil, errManagerClosed)
}

// Close stops the child (SIGTERM to its group, SIGKILL after the grace period) and refuses requests from then on.
// It returns once the child has exited, or when ctx ends. It is idempotent.
func (m *Manager) Close(ctx context.Context) error {
	m.mu.Lock()
	if m.closed {
		m.mu.Unlock()
		return nil
	}
	m.closed = true
	close(m.done) // a start in progress gives up and frees the turn
	m.idle.stop()
	m.mu.Unlock()

	select {
	case m.turn <- struct{}{}: // free, even when ctx has ended already
	default:
		select {
		case m.turn <- struct{}{}:
		case <-ctx.Done():
			// No time left for a graceful stop: no child may outlive Bodhi all the same.
			m.mu.Lock()
			if p := m.current; p != nil {
				_ = killGroup(p.pid)
			}
			m.mu.Unlock()
			return fmt.Errorf("stop llama-server: %w", ctx.Err())
		}
	}
	defer func() { <-m.turn }()
	m.retire("Bodhi is stopping")
	m.spawner.close()
	m.transport.CloseIdleConnections()
	return nil
}
