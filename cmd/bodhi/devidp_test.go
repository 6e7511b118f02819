package main

import (
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"net/url"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/bodhiapp/bodhi/devidp"
)

// runDevIDPCommand starts `bodhi devidp args…` in process on a free loopback port and returns its base URL, its
// stderr and a stop function that cancels the command's context and returns the exit code.
func runDevIDPCommand(t *testing.T, args ...string) (base string, stderr *syncBuffer, stop func() int) {
	t.Helper()
	port := freePort(t)
	ctx, cancel := context.WithCancel(context.Background())
	stderr = &syncBuffer{}
	c := &cli{stdin: strings.NewReader(""), stdout: &syncBuffer{}, stderr: stderr, version: "test",
		commitSHA: "test-sha", ctx: ctx}
	exited := make(chan int, 1)
	go func() {
		exited <- c.run(append([]string{"devidp", "--addr", fmt.Sprintf("127.0.0.1:%d", port)}, args...))
	}()
	stopped := false
	stop = func() int {
		t.Helper()
		cancel()
		select {
		case code := <-exited:
			stopped = true
			return code
		case <-time.After(10 * time.Second):
			t.Fatalf("devidp did not stop when its context ended: %s", stderr)
			return -1
		}
	}
	t.Cleanup(func() {
		if !stopped {
			stop()
		}
	})
	return fmt.Sprintf("http://127.0.0.1:%d", port), stderr, stop
}

// discovery waits for the provider to answer and returns its discovery document.
func discovery(t *testing.T, base, realm string, stderr *syncBuffer) map[string]any {
	t.Helper()
	var doc map[string]any
	require.Eventually(t, func() bool {
		resp, err := http.Get(base + "/realms/" + realm + "/.well-known/openid-configuration")
		if err != nil {
			return false
		}
		defer resp.Body.Close()
		return resp.StatusCode == http.StatusOK && json.NewDecoder(resp.Body).Decode(&doc) == nil
	}, 10*time.Second, 20*time.Millisecond, "devidp did not come up: %s", stderr)
	return doc
}

func TestDevIDPCommandServesUntilCancelled(t *testing.T) {
	keyPath := filepath.Join(t.TempDir(), "devidp-key.pem")
	base, stderr, stop := runDevIDPCommand(t, "--signing-key", keyPath, "--access-ttl", "15s")
	doc := discovery(t, base, "bodhi", stderr)
	port := strings.TrimPrefix(base, "http://127.0.0.1:")
	require.Equal(t, "http://localhost:"+port+"/realms/bodhi", doc["issuer"], "the issuer base defaults to localhost:<port>")

	// The built-in seed is loaded and --access-ttl applies.
	resp, err := http.PostForm(base+"/realms/bodhi/protocol/openid-connect/token", url.Values{
		"grant_type": {"password"}, "client_id": {"demo-app"}, "username": {"admin"},
		"password": {devidp.DefaultPassword}})
	require.NoError(t, err)
	var tok map[string]any
	require.NoError(t, json.NewDecoder(resp.Body).Decode(&tok))
	resp.Body.Close()
	require.Equal(t, http.StatusOK, resp.StatusCode, "%v", tok)
	require.EqualValues(t, 15, tok["expires_in"])

	require.Equal(t, exitOK, stop(), stderr.String())
	require.Contains(t, stderr.String(), devidp.Banner)
	info, err := os.Stat(keyPath)
	require.NoError(t, err, "the signing key file is created")
	require.Equal(t, os.FileMode(0o600), info.Mode().Perm())
}

func TestDevIDPCommandSeedAndRealm(t *testing.T) {
	seed := filepath.Join(t.TempDir(), "seed.json")
	require.NoError(t, os.WriteFile(seed, []byte(`{"realm": "seeded",
		"clients": [{"client_id": "bodhi-x", "secret": "s", "kind": "resource"}]}`), 0o600))

	base, stderr, stop := runDevIDPCommand(t, "--seed", seed, "--issuer-base", "http://auth.example.test/")
	doc := discovery(t, base, "seeded", stderr)
	require.Equal(t, "http://auth.example.test/realms/seeded", doc["issuer"], "the seed names the realm")
	require.Equal(t, exitOK, stop())

	base, stderr, stop = runDevIDPCommand(t, "--seed", seed, "--realm", "flagged")
	discovery(t, base, "flagged", stderr)
	require.Equal(t, exitOK, stop(), "--realm overrides the seed")
}

func TestDevIDPCommandUsageErrors(t *testing.T) {
	badSeed := filepath.Join(t.TempDir(), "seed.json")
	require.NoError(t, os.WriteFile(badSeed, []byte(`{"realm": "bodhi", "colour": "red"}`), 0o600))
	for _, tc := range []struct {
		args []string
		want string
	}{
		{[]string{"--addr", "0.0.0.0:1136"}, "--allow-remote"},
		{[]string{"--addr", ":1136"}, "--allow-remote"},
		{[]string{"--addr", "192.0.2.10:1136"}, "not a loopback address"},
		{[]string{"--addr", "nonsense"}, "--addr"},
		{[]string{"--addr", "127.0.0.1:99999"}, "invalid port"},
		{[]string{"--access-ttl", "0s"}, "at least 1s"},
		{[]string{"--refresh-ttl", "-5s"}, "at least 1s"},
		{[]string{"--seed", badSeed}, `unknown field "colour"`},
		{[]string{"--seed", filepath.Join(t.TempDir(), "missing.json")}, "missing.json"},
		{[]string{"--addr", "127.0.0.1:0", "--issuer-base", "ftp://x"}, "issuer base"},
		{[]string{"--addr", "127.0.0.1:0", "--realm", "a b"}, "realm"},
		{[]string{"--bogus"}, "unknown flag"},
		{[]string{"extra"}, "no arguments"},
		{[]string{"--log-level", "loud"}, "--log-level"},
	} {
		// A deadline, so that a case which wrongly starts serving fails instead of hanging the run.
		ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
		var stderr syncBuffer
		c := &cli{stdin: strings.NewReader(""), stdout: &syncBuffer{}, stderr: &stderr, ctx: ctx}
		code := c.run(append([]string{"devidp"}, tc.args...))
		cancel()
		require.Equal(t, exitUsage, code, "%v: %s", tc.args, stderr.String())
		require.Contains(t, stderr.String(), tc.want, "%v", tc.args)
	}
}

func TestCheckListenAddr(t *testing.T) {
	for addr, loopback := range map[string]bool{
		"127.0.0.1:1136": true, "localhost:1136": true, "[::1]:1136": true, "127.0.0.2:1136": true,
		"0.0.0.0:1136": false, ":1136": false, "[::]:1136": false, "example.com:1136": false,
	} {
		err := checkListenAddr(addr, false)
		require.Equal(t, loopback, err == nil, "%s: %v", addr, err)
		require.NoError(t, checkListenAddr(addr, true), "--allow-remote permits %s", addr)
	}
}
