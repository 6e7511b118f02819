//go:build linux

package llamaserver_test

import (
	"bufio"
	"os"
	"os/exec"
	"runtime"
	"strconv"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/bodhiapp/bodhi/localmodels/llamaserver/llamaservertest"
)

// TestParentKilledLeavesNoChild kills the process that started llama-server with SIGKILL, which it cannot catch:
// the kernel's parent-death signal must end the child. The stand-in for Bodhi is this test binary in helper mode
// (runHelper), which drives a Manager exactly as Bodhi does.
func TestParentKilledLeavesNoChild(t *testing.T) {
	t.Parallel()
	model := llamaservertest.ModelFile(t, t.TempDir(), "x-Q4_K_M.gguf")
	helper := exec.Command(os.Args[0], "-test.run=^$")
	helper.Env = append(os.Environ(), helperEnv+"="+llamaservertest.Binary(t)+" "+model)
	stdout, err := helper.StdoutPipe()
	require.NoError(t, err)
	helper.Stderr = os.Stderr
	require.NoError(t, helper.Start())
	t.Cleanup(func() { _ = helper.Process.Kill(); _ = helper.Wait() })

	line, err := bufio.NewReader(stdout).ReadString('\n')
	require.NoError(t, err)
	pid, err := strconv.Atoi(strings.TrimSpace(strings.TrimPrefix(line, "pid ")))
	require.NoError(t, err, line)
	require.True(t, llamaservertest.Alive(pid), "the helper's child runs")
	t.Cleanup(func() { _ = syscall.Kill(pid, syscall.SIGKILL) }) // should the test fail

	require.NoError(t, helper.Process.Signal(syscall.SIGKILL))
	_ = helper.Wait()
	llamaservertest.RequireGone(t, pid, 10*time.Second)
}

// TestChildOutlivesTheRequestersThread starts the child from a goroutine whose OS thread then ends (a goroutine
// that exits while locked to its thread takes the thread with it). Had the child been forked from that thread, its
// parent-death signal would kill it now (golang/go#27505); the manager forks from a thread of its own.
func TestChildOutlivesTheRequestersThread(t *testing.T) {
	t.Parallel()
	b := newBundle(t)
	target := b.target(t, "o/r:Q4_K_M")
	done := make(chan struct{})
	go func() {
		defer close(done)
		runtime.LockOSThread() // never unlocked: the thread ends with this goroutine
		b.chat(t, target)
	}()
	<-done
	pid := b.pid(t)
	time.Sleep(300 * time.Millisecond) // the thread's exit, then the signal, would come within this
	require.True(t, llamaservertest.Alive(pid), "the child survived its requester's thread")
	b.chat(t, target)
	require.Equal(t, pid, b.pid(t))
}
