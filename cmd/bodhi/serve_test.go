package main

import (
	"encoding/json"
	"fmt"
	"net"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"syscall"
	"testing"
	"time"

	"github.com/stretchr/testify/require"
)

// TestServeBinary boots the real binary as `make run` does, on a fresh BODHI_HOME with the built-in defaults,
// and talks to it over HTTP like a user would.
func TestServeBinary(t *testing.T) {
	if testing.Short() {
		t.Skip("builds and runs the binary")
	}
	bin := filepath.Join(t.TempDir(), "bodhi")
	build := exec.Command("go", "build", "-o", bin, ".")
	build.Stderr = os.Stderr
	require.NoError(t, build.Run())

	home := filepath.Join(t.TempDir(), "home")
	port := freePort(t)
	cmd := exec.Command(bin, "serve", "--host", "127.0.0.1", "--port", fmt.Sprint(port), "--log-level", "info")
	cmd.Env = []string{"BODHI_HOME=" + home, "HOME=" + t.TempDir(), "PATH=" + os.Getenv("PATH"),
		"BODHI_SHUTDOWN_DELAY_SECS=2"}
	logs := &syncBuffer{}
	cmd.Stdout, cmd.Stderr = logs, logs
	require.NoError(t, cmd.Start())
	exited := make(chan error, 1)
	go func() { exited <- cmd.Wait() }()
	t.Cleanup(func() { _ = cmd.Process.Kill() })

	base := fmt.Sprintf("http://127.0.0.1:%d", port)
	require.Eventually(t, func() bool {
		resp, err := http.Get(base + "/ping")
		if err != nil {
			return false
		}
		resp.Body.Close()
		return resp.StatusCode == http.StatusOK
	}, 20*time.Second, 50*time.Millisecond, "server did not come up: %s", logs)

	resp, err := http.Get(base + "/health")
	require.NoError(t, err)
	var health map[string]any
	require.NoError(t, json.NewDecoder(resp.Body).Decode(&health))
	resp.Body.Close()
	require.Equal(t, http.StatusOK, resp.StatusCode)
	require.Equal(t, "ok", health["status"])

	for _, f := range []string{"bodhi.sqlite", "session.sqlite", "encryption.key"} {
		require.FileExists(t, filepath.Join(home, f), "standalone defaults live under BODHI_HOME")
	}
	require.Contains(t, logs.String(), "listening on http://127.0.0.1:")

	require.NoError(t, cmd.Process.Signal(syscall.SIGTERM))
	// The drain delay: /health turns 503 at once so a proxy stops sending, while requests are still served.
	require.Eventually(t, func() bool {
		resp, err := http.Get(base + "/health")
		if err != nil {
			return false
		}
		defer resp.Body.Close()
		var h map[string]any
		_ = json.NewDecoder(resp.Body).Decode(&h)
		return resp.StatusCode == http.StatusServiceUnavailable && h["status"] == "draining"
	}, 2*time.Second, 20*time.Millisecond, "health during the drain delay: %s", logs)
	resp, err = http.Get(base + "/ping")
	require.NoError(t, err, "still serving during the drain delay")
	resp.Body.Close()
	require.Equal(t, http.StatusOK, resp.StatusCode)
	require.True(t, resp.Close, "responses close their connection while draining")
	select {
	case err := <-exited:
		require.NoError(t, err, "graceful shutdown exits 0: %s", logs)
	case <-time.After(15 * time.Second):
		t.Fatalf("server did not stop on SIGTERM: %s", logs)
	}
}

func freePort(t *testing.T) int {
	t.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	require.NoError(t, err)
	defer ln.Close()
	return ln.Addr().(*net.TCPAddr).Port
}
