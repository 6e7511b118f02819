package llamaserver

import (
	"context"
	"errors"
	"fmt"
	"net"
	"net/http"
	"os/exec"
	"slices"
	"time"

	"github.com/bodhiapp/bodhi/gateway"
)

// process is one llama-server child serving one alias.
type process struct {
	target gateway.LocalTarget
	args   []string // as started, the port included
	cmd    *exec.Cmd
	pid    int
	base   string // http://127.0.0.1:<port>
	out    *output
	exited chan struct{} // closed once the child has exited and its output is read
	status error         // how it exited (exec's *ExitError, nil for status 0); read after exited is closed

	// Guarded by Manager.mu.
	inflight int
	retiring bool          // a switch, idle stop or Close is stopping it: new requests do not join it
	drained  chan struct{} // closed when inflight falls to 0, for a switch that waits
}

// serves reports whether p was started for target as it is now: the same alias, file and context parameters.
// An alias whose parameters changed since needs a new process.
func (p *process) serves(target gateway.LocalTarget) bool {
	return p.target.Alias == target.Alias && p.target.ModelPath == target.ModelPath &&
		slices.Equal(p.target.ContextParams, target.ContextParams)
}

func (p *process) alive() bool {
	select {
	case <-p.exited:
		return false
	default:
		return true
	}
}

// exitStatus says how the child ended, for the errors and the log.
func (p *process) exitStatus() string {
	if p.status == nil {
		return "exit status 0"
	}
	return p.status.Error()
}

// spawn starts the child for target on a free loopback port, its output going to out; a goroutine waits for it
// and closes exited.
func (m *Manager) spawn(target gateway.LocalTarget, binary string) (*process, error) {
	port, err := freePort()
	if err != nil {
		return nil, startFailed("no free port on 127.0.0.1", nil, err)
	}
	args := arguments(target, port, m.extraArgs)
	cmd := exec.Command(binary, args...)
	cmd.SysProcAttr = procAttr()
	cmd.Env = childEnv()
	out := newOutput(m.log, target.Alias)
	stdout, stderr := out.writer("stdout"), out.writer("stderr")
	cmd.Stdout, cmd.Stderr = stdout, stderr
	// A grandchild holding the pipes open must not keep Wait from reporting the exit.
	cmd.WaitDelay = 2 * time.Second
	if err := m.spawner.start(cmd); err != nil {
		return nil, startFailed(fmt.Sprintf("cannot run %s: %v", binary, err), nil, err)
	}
	p := &process{target: target, args: args, cmd: cmd, pid: cmd.Process.Pid,
		base: fmt.Sprintf("http://127.0.0.1:%d", port), out: out, exited: make(chan struct{})}
	go func() {
		p.status = cmd.Wait()
		stdout.Flush()
		stderr.Flush()
		close(p.exited)
		m.exitedOnItsOwn(p)
	}()
	m.log.Info("llama-server started", "alias", target.Alias, "pid", p.pid, "port", port, "args", loggedArgs(args))
	return p, nil
}

// freePort asks the kernel for a free loopback port. It is free when asked; the child binds it a moment later.
func freePort() (int, error) {
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return 0, err
	}
	defer l.Close()
	return l.Addr().(*net.TCPAddr).Port, nil
}

// errManagerClosed ends a start that Close interrupted.
var errManagerClosed = errors.New("the llama-server manager is closed")

// awaitHealthy polls the child's GET /health every HealthInterval until it answers 200, for up to StartTimeout
// (runtime.md §9.4). llama-server answers 503 while it loads the model, then 200 {"status": "ok"}.
func (m *Manager) awaitHealthy(p *process) error {
	deadline := time.NewTimer(m.timing.StartTimeout)
	defer deadline.Stop()
	tick := time.NewTicker(m.timing.HealthInterval)
	defer tick.Stop()
	for {
		if m.healthy(p) {
			return nil
		}
		select {
		case <-p.exited:
			return fmt.Errorf("it exited (%s) before it was ready", p.exitStatus())
		case <-m.done:
			return errManagerClosed
		case <-deadline.C:
			return fmt.Errorf("it was not ready after %s", m.timing.StartTimeout)
		case <-tick.C:
		}
	}
}

func (m *Manager) healthy(p *process) bool {
	ctx, cancel := context.WithTimeout(context.Background(), healthCallTimeout)
	defer cancel()
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, p.base+"/health", nil)
	if err != nil {
		return false
	}
	resp, err := m.client.Do(req)
	if err != nil {
		return false
	}
	resp.Body.Close()
	return resp.StatusCode == http.StatusOK
}

// healthCallTimeout bounds one health call: a child that accepts but does not answer is polled again.
const healthCallTimeout = 2 * time.Second

// stop ends the child's process group: SIGTERM, then SIGKILL after StopGrace (runtime.md §9.4). It returns once
// the child has exited.
func (m *Manager) stop(p *process, why string) {
	if !p.alive() {
		return
	}
	_ = terminateGroup(p.pid)
	grace := time.NewTimer(m.timing.StopGrace)
	defer grace.Stop()
	select {
	case <-p.exited:
	case <-grace.C:
		m.log.Warn("llama-server did not stop on SIGTERM; killing it", "alias", p.target.Alias, "pid", p.pid,
			"grace", m.timing.StopGrace)
		_ = killGroup(p.pid)
		<-p.exited
	}
	m.transport.CloseIdleConnections()
	m.log.Info("llama-server stopped", "alias", p.target.Alias, "pid", p.pid, "why", why)
}
