package dbtest

import (
	"fmt"
	"net"
	"os/exec"
	"testing"
	"time"
)

// PrivateRedis is a redis-server of the test's own, on a free port, for outage tests: the shared Redis is never
// stopped (runtime.md §12).
type PrivateRedis struct {
	t    testing.TB
	port int
	cmd  *exec.Cmd
}

// StartRedis starts a private redis-server; it is stopped when t ends.
func StartRedis(t testing.TB) *PrivateRedis {
	t.Helper()
	if _, err := exec.LookPath("redis-server"); err != nil {
		Unavailable(t, "redis-server (Debian package redis-server)", "PATH", err)
		return nil
	}
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatalf("find a free port: %v", err)
	}
	port := ln.Addr().(*net.TCPAddr).Port
	ln.Close()
	r := &PrivateRedis{t: t, port: port}
	r.Start()
	t.Cleanup(r.Stop)
	return r
}

// URL is the private server's redis:// URL.
func (r *PrivateRedis) URL() string { return fmt.Sprintf("redis://127.0.0.1:%d/0", r.port) }

// Start (re)starts the server on its port and waits until it accepts connections.
func (r *PrivateRedis) Start() {
	r.t.Helper()
	r.cmd = exec.Command("redis-server", "--port", fmt.Sprint(r.port), "--bind", "127.0.0.1", "--save", "",
		"--appendonly", "no", "--daemonize", "no")
	if err := r.cmd.Start(); err != nil {
		r.t.Fatalf("start redis-server: %v", err)
	}
	deadline := time.Now().Add(10 * time.Second)
	for time.Now().Before(deadline) {
		if c, err := net.DialTimeout("tcp", fmt.Sprintf("127.0.0.1:%d", r.port), 200*time.Millisecond); err == nil {
			c.Close()
			return
		}
		time.Sleep(20 * time.Millisecond)
	}
	r.t.Fatalf("redis-server did not start on port %d", r.port)
}

// Stop kills the server (an outage, not a clean shutdown).
func (r *PrivateRedis) Stop() {
	if r.cmd == nil || r.cmd.Process == nil {
		return
	}
	_ = r.cmd.Process.Kill()
	_ = r.cmd.Wait()
	r.cmd = nil
}
