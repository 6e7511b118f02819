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
	runDev(t, home, port, idpPort)
	runDev(t, home, port, idpPort)
}

func runDev(t *testing.T, home string, port, idpPort int) {
	ctx, cancel := context.WithCancel(context.Background())
	stderr := &syncBuffer{}
	c := &cli{stdin: strings.NewReader(""), stdout: &bytes.Buffer{}, stderr: stderr, ctx: ctx,
		environ: []string{"HOME=" + t.TempDir()}, version: "test", commitSHA: "x"}
	done := make(chan int, 1)
	go func() {
		done <- c.run([]string{"dev", "--home", home, "--port", fmt.Sprint(port), "--idp-port", fmt.Sprint(idpPort),
			"--password", "secret-pw"})
	}()
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

	info := b.Do(http.MethodGet, "/bodhi/v1/app/info", nil).JSON(t)
	require.Equal(t, "ready", info["status"], "the dev org is ready at once")
	r := b.Login("admin", "secret-pw")
	require.Equal(t, http.StatusOK, r.Status, "%s", r.Body)
	me := b.Do(http.MethodGet, "/bodhi/v1/user", nil).JSON(t)
	require.Equal(t, "resource_admin", me["role"])
	require.FileExists(t, filepath.Join(home, "devidp.json"))
	require.FileExists(t, filepath.Join(home, "devidp-key.pem"))
}
