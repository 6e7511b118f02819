package main

import (
	"fmt"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"syscall"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/bodhiapp/bodhi/apptest"
	"github.com/bodhiapp/bodhi/localmodels/llamaserver/llamaservertest"
)

func TestMain(m *testing.M) { os.Exit(llamaservertest.Main(m)) }

// TestKilledBodhiLeavesNoLlamaServer boots the real binary (`bodhi dev`: a standalone server with its identity
// provider, so the test can sign in and get a token) with the fake llama-server and a model in a Hugging Face
// cache, has a chat request start llama-server, kills Bodhi with SIGKILL, which it cannot catch, and checks that
// the kernel's parent-death signal ended the child.
func TestKilledBodhiLeavesNoLlamaServer(t *testing.T) {
	if testing.Short() {
		t.Skip("builds and runs the binary")
	}
	if runtime.GOOS != "linux" {
		t.Skip("the parent-death signal is Linux's")
	}
	bin := filepath.Join(t.TempDir(), "bodhi")
	build := exec.Command("go", "build", "-o", bin, ".")
	build.Stderr = os.Stderr
	require.NoError(t, build.Run())

	dir := t.TempDir()
	hfHome, record := filepath.Join(dir, "hf"), filepath.Join(dir, "record.jsonl")
	repo := filepath.Join(hfHome, "hub", "models--o--r")
	const commit = "4f1b8c2e9d7a6b5c4d3e2f1a0b9c8d7e6f5a4b3c"
	require.NoError(t, os.MkdirAll(filepath.Join(repo, "refs"), 0o755))
	require.NoError(t, os.WriteFile(filepath.Join(repo, "refs", "main"), []byte(commit), 0o644))
	llamaservertest.ModelFile(t, filepath.Join(repo, "snapshots", commit), "x-Q4_K_M.gguf")

	port, idpPort := freePort(t), freePort(t)
	cmd := exec.Command(bin, "dev", "--home", filepath.Join(dir, "home"), "--port", fmt.Sprint(port),
		"--idp-port", fmt.Sprint(idpPort), "--password", "secret-pw")
	cmd.Env = []string{"HOME=" + dir, "PATH=" + os.Getenv("PATH"), "HF_HOME=" + hfHome,
		"BODHI_LLAMA_SERVER=" + llamaservertest.Binary(t), "BODHI_LLAMACPP_ARGS=--fake-record " + record}
	logs := &syncBuffer{}
	cmd.Stdout, cmd.Stderr = logs, logs
	require.NoError(t, cmd.Start())
	t.Cleanup(func() { _ = cmd.Process.Kill(); _ = cmd.Wait() })
	require.Eventually(t, func() bool {
		resp, err := apptest.HTTPClient().Get(fmt.Sprintf("http://127.0.0.1:%d/ping", port))
		if err != nil {
			return false
		}
		resp.Body.Close()
		return resp.StatusCode == http.StatusOK
	}, 30*time.Second, 50*time.Millisecond, "bodhi dev did not come up: %s", logs)

	b := apptest.NewBrowser(t, fmt.Sprintf("localhost:%d", port))
	r := b.Login("admin", "secret-pw")
	require.Equal(t, http.StatusOK, r.Status, "%s", r.Body)
	r = b.Do(http.MethodPost, "/bodhi/v1/tokens", map[string]string{"scope": "scope_token_user"})
	require.Equal(t, http.StatusCreated, r.Status, "%s", r.Body)
	api := apptest.NewBrowser(t, fmt.Sprintf("localhost:%d", port))
	api.Headers.Set("Authorization", "Bearer "+r.JSON(t)["token"].(string))
	r = api.Do(http.MethodPost, "/v1/chat/completions", map[string]any{"model": "o/r:Q4_K_M",
		"messages": []any{map[string]string{"role": "user", "content": "hi"}}})
	if r.Status == http.StatusNotFound {
		t.Skipf("the HF cache's model alias is not routed yet (the catalog of local aliases is not wired): %s", r.Body)
	}
	require.Equal(t, http.StatusOK, r.Status, "%s", r.Body)

	starts := llamaservertest.Only(llamaservertest.Events(t, record), "start")
	require.Len(t, starts, 1)
	child := starts[0].PID
	require.True(t, llamaservertest.Alive(child))
	t.Cleanup(func() { _ = syscall.Kill(child, syscall.SIGKILL) }) // should the test fail

	require.NoError(t, cmd.Process.Signal(syscall.SIGKILL))
	_ = cmd.Wait()
	llamaservertest.RequireGone(t, child, 10*time.Second)
}
