//go:build unix && !linux

package llamaserver

import (
	"os/exec"
	"syscall"
)

// Outside Linux there is no parent-death signal: the child runs in its own process group, which Close stops, but
// a Bodhi killed by SIGKILL leaves it running (stop it with `pkill llama-server`). The Linux file explains the
// thread that Linux needs; here children start from any goroutine.
func procAttr() *syscall.SysProcAttr { return &syscall.SysProcAttr{Setpgid: true} }

type spawner struct{}

func newSpawner() *spawner                 { return &spawner{} }
func (*spawner) start(cmd *exec.Cmd) error { return cmd.Start() }
func (*spawner) close()                    {}

func terminateGroup(pid int) error { return syscall.Kill(-pid, syscall.SIGTERM) }
func killGroup(pid int) error      { return syscall.Kill(-pid, syscall.SIGKILL) }
