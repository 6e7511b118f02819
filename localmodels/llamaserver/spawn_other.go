//go:build !unix

package llamaserver

import (
	"os"
	"os/exec"
	"syscall"
)

// Without Unix process groups and signals the child is one process, stopped by killing it: no graceful stop and
// no parent-death signal.
func procAttr() *syscall.SysProcAttr { return nil }

type spawner struct{}

func newSpawner() *spawner                 { return &spawner{} }
func (*spawner) start(cmd *exec.Cmd) error { return cmd.Start() }
func (*spawner) close()                    {}

func terminateGroup(pid int) error { return killGroup(pid) }

func killGroup(pid int) error {
	p, err := os.FindProcess(pid)
	if err != nil {
		return err
	}
	return p.Kill()
}
