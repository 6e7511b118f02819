package main

import (
	"bytes"
	"context"
	"fmt"
	"net/http"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/bodhiapp/bodhi/apptest"
)

// TestDev starts `bodhi dev` twice on one home (the second run keeps the org) and logs in as the seeded admin
// through the identity provider's form.
func TestDev(t *testing.T) {
	home := filepath.Join(t.TempDir(), "dev")
	port, idpPort := freePort(t), freePort(t) // the seed written by the first run names these ports
	runDev(t, home, port, idpPort, true)
	runDev(t, home, port, idpPort, false) // the same home and port from BODHI_HOME and BODHI_PORT, as `make dev` passes them
}

func TestDevRefusesABadPort(t *testing.T) {
	r := bodhi(t, []string{"HOME=" + t.TempDir(), "BODHI_PORT=eighty"}, "", "dev")
	require.Equal(t, exitUsage, r.code, r.stderr)
	require.Contains(t, r.stderr, `BODHI_PORT must be a port number (1-65535); got "eighty"`)
}

// runDev runs `bodhi dev` on home and port, given as flags or in the environment, until the checks end.
func runDev(t *testing.T, home string, port, idpPort int, flags bool) {
	ctx, cancel := context.WithCancel(context.Background())
	stderr := &syncBuffer{}
	environ := []string{"HOME=" + t.TempDir()}
	args := []string{"dev", "--idp-port", fmt.Sprint(idpPort), "--password", "secret-pw"}
	if flags {
		args = append(args, "--home", home, "--port", fmt.Sprint(port))
	} else {
		environ = append(environ, "BODHI_HOME="+home, "BODHI_PORT="+fmt.Sprint(port))
	}
	c := &cli{stdin: strings.NewReader(""), stdout: &bytes.Buffer{}, stderr: stderr, ctx: ctx,
		environ: environ, version: "test", commitSHA: "x"}
	done := make(chan int, 1)
	go func() { done <- c.run(args) }()
	defer func() {
		cancel()
		select {
		case code := <-done:
			require.Equal(t, 0, code, stderr.String())
		case <-time.After(15 * time.Second):
			t.Error("bodhi dev did not stop")
		}
	}()

	b := apptest.NewBrowser(t, fmt.Sprintf("localhost:%d", port))
	require.Eventually(t, func() bool {
		resp, err := apptest.HTTPClient().Get(fmt.Sprintf("http://127.0.0.1:%d/ping", port))
		if err != nil {
			return false
		}
		resp.Body.Close()
		return resp.StatusCode == http.StatusOK
	}, 20*time.Second, 50*time.Millisecond, stderr.String())
	require.Contains(t, stderr.String(), "admin")
	require.Contains(t, stderr.String(), "secret-pw")
	require.Contains(t, stderr.String(), "data:               "+home+" (")
	require.Contains(t, stderr.String(), fmt.Sprintf("listening on http://127.0.0.1:%d/ui/", port))

	info := b.Do(http.MethodGet, "/bodhi/v1/app/info", nil).JSON(t)
	require.Equal(t, "ready", info["status"], "the dev org is ready at once")
	r := b.Login("admin", "secret-pw")
	require.Equal(t, http.StatusOK, r.Status, "%s", r.Body)
	me := b.Do(http.MethodGet, "/bodhi/v1/user", nil).JSON(t)
	require.Equal(t, "resource_admin", me["role"])
	require.FileExists(t, filepath.Join(home, "devidp.json"))
	require.FileExists(t, filepath.Join(home, "devidp-key.pem"))
}
