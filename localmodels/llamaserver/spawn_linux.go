//go:build linux

package llamaserver

import (
	"os/exec"
	"runtime"
	"syscall"
)

// On Linux the child gets a parent-death signal: if Bodhi dies, even by SIGKILL, the kernel kills llama-server,
// so no orphan holds the model's memory and its port.
//
// The kernel sends that signal when the *thread* that forked the child exits, not the process (prctl(2),
// PR_SET_PDEATHSIG; golang/go#27505). Go ends an OS thread when a goroutine locked to it returns without
// unlocking, so a child forked from whatever thread ran the request's goroutine could be killed long before Bodhi
// exits. Every child is therefore forked from one goroutine locked to its thread for the manager's whole life:
// that thread never exits while a child may be running. When the manager closes (its child already stopped), the
// goroutine returns still locked and its thread ends with it, so a child that somehow outlived Close gets its
// signal then.
func procAttr() *syscall.SysProcAttr {
	return &syscall.SysProcAttr{Setpgid: true, Pdeathsig: syscall.SIGKILL}
}

// spawner forks children from its locked thread.
type spawner struct {
	requests chan spawnRequest
}

type spawnRequest struct {
	cmd    *exec.Cmd
	result chan error
}

func newSpawner() *spawner {
	s := &spawner{requests: make(chan spawnRequest)}
	locked := make(chan struct{})
	go func() {
		runtime.LockOSThread() // never unlocked: the thread must not be reused, then must end with this goroutine
		close(locked)
		for r := range s.requests {
			r.result <- r.cmd.Start()
		}
	}()
	<-locked
	return s
}

// start starts cmd from the locked thread.
func (s *spawner) start(cmd *exec.Cmd) error {
	result := make(chan error, 1)
	s.requests <- spawnRequest{cmd: cmd, result: result}
	return <-result
}

// close ends the goroutine and its thread; start must not be called after it.
func (s *spawner) close() { close(s.requests) }

// terminateGroup asks the child's process group to stop (SIGTERM), killGroup forces it (SIGKILL).
func terminateGroup(pid int) error { return syscall.Kill(-pid, syscall.SIGTERM) }
func killGroup(pid int) error      { return syscall.Kill(-pid, syscall.SIGKILL) }
