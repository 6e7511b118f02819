package main

import (
	"context"
	"encoding/json"
	"fmt"
	"log/slog"
	"net"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/bodhiapp/bodhi/metrics/metricstest"
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
	port, metricsPort := freePort(t), freePort(t)
	// The default log level (warn), as `make run` starts it.
	cmd := exec.Command(bin, "serve", "--host", "127.0.0.1", "--port", fmt.Sprint(port))
	cmd.Env = []string{"BODHI_HOME=" + home, "HOME=" + t.TempDir(), "PATH=" + os.Getenv("PATH"),
		"BODHI_SHUTDOWN_DELAY_SECS=2", fmt.Sprintf("BODHI_METRICS_ADDR=127.0.0.1:%d", metricsPort)}
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
	require.Equal(t, 1, strings.Count(logs.String(), fmt.Sprintf("listening on %s/ui/", base)),
		"one line names the URL, at the default log level: %s", logs)

	// GET /metrics on the metrics listener only: the public port answers 404.
	metricsURL := fmt.Sprintf("http://127.0.0.1:%d/metrics", metricsPort)
	scrape := metricstest.Scrape(t, metricsURL)
	require.GreaterOrEqual(t, scrape.Value("bodhi_http_requests_total", map[string]string{"route": "/ping", "status": "2xx"}),
		1.0, "the /ping calls above")
	resp, err = http.Get(base + "/metrics")
	require.NoError(t, err)
	resp.Body.Close()
	require.Equal(t, http.StatusNotFound, resp.StatusCode)

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
	metricstest.Scrape(t, metricsURL) // still scraped during the drain
	select {
	case err := <-exited:
		require.NoError(t, err, "graceful shutdown exits 0: %s", logs)
		_, err = http.Get(metricsURL)
		require.Error(t, err, "the metrics listener is closed too")
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

// The listening line is written in every log format and at every level, with the URL a browser can open.
func TestAnnounceListening(t *testing.T) {
	for _, c := range []struct {
		format string
		level  slog.Level
		addr   net.Addr
		url    string
	}{
		{"text", slog.LevelError, &net.TCPAddr{IP: net.IPv4(127, 0, 0, 1), Port: 1135}, "http://127.0.0.1:1135/ui/"},
		{"json", slog.LevelWarn, &net.TCPAddr{IP: net.IPv4zero, Port: 8080}, "http://localhost:8080/ui/"},
		{"text", slog.LevelDebug, &net.TCPAddr{IP: net.IPv6unspecified, Port: 80}, "http://localhost:80/ui/"},
		{"json", slog.LevelInfo, &net.TCPAddr{IP: net.IPv6loopback, Port: 1135}, "http://[::1]:1135/ui/"},
	} {
		t.Run(c.format+"/"+c.level.String(), func(t *testing.T) {
			var out strings.Builder
			opts := &slog.HandlerOptions{Level: c.level}
			var h slog.Handler = slog.NewTextHandler(&out, opts)
			if c.format == "json" {
				h = slog.NewJSONHandler(&out, opts)
			}
			announceListening(context.Background(), slog.New(h), "1.2.3", c.addr)
			lines := strings.Split(strings.TrimSpace(out.String()), "\n")
			require.Len(t, lines, 1, out.String())
			require.Contains(t, lines[0], "Bodhi 1.2.3 listening on "+c.url)
			if c.format == "json" {
				var rec map[string]any
				require.NoError(t, json.Unmarshal([]byte(lines[0]), &rec), "a JSON log stays JSON")
				require.Equal(t, c.url, rec["url"])
			}
		})
	}
}
