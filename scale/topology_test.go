//go:build scale

package scale

import (
	"encoding/json"
	"fmt"
	"net"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/bodhiapp/bodhi/apptest"
	"github.com/bodhiapp/bodhi/dbtest"
)

const (
	replicaCount = 3
	// drainSecs is each replica's BODHI_SHUTDOWN_DELAY_SECS: several HAProxy health checks (every 250 ms) fit in it.
	drainSecs = 1
	// The fake upstream's streams (3 s): still in flight when a stopping replica's drain delay ends and its
	// listener closes, so the graceful shutdown must wait for them.
	streamChunks = 12
	streamDelay  = 250 * time.Millisecond
)

// process is a child process whose output goes to <dir>/<name>.log. It dies with the test process.
type process struct {
	name string
	cmd  *exec.Cmd
	done chan struct{}
	err  error
}

func startProcess(t *testing.T, dir, name string, env []string, bin string, args ...string) *process {
	t.Helper()
	logFile, err := os.OpenFile(filepath.Join(dir, name+".log"), os.O_CREATE|os.O_WRONLY|os.O_APPEND, 0o644)
	require.NoError(t, err)
	cmd := exec.Command(bin, args...)
	cmd.Env, cmd.Stdout, cmd.Stderr = env, logFile, logFile
	// Own process group (cleanup kills it whole), and killed should this test process die first.
	cmd.SysProcAttr = &syscall.SysProcAttr{Setpgid: true, Pdeathsig: syscall.SIGKILL}
	require.NoError(t, cmd.Start(), "start %s", name)
	p := &process{name: name, cmd: cmd, done: make(chan struct{})}
	go func() {
		p.err = cmd.Wait()
		logFile.Close()
		close(p.done)
	}()
	return p
}

// stop sends sig and waits up to within for the exit, then kills the process group. It returns the exit error.
func (p *process) stop(sig syscall.Signal, within time.Duration) error {
	select {
	case <-p.done:
		return p.err
	default:
	}
	_ = p.cmd.Process.Signal(sig)
	select {
	case <-p.done:
		return p.err
	case <-time.After(within):
		_ = syscall.Kill(-p.cmd.Process.Pid, syscall.SIGKILL)
		<-p.done
		return fmt.Errorf("%s did not exit within %s of %s", p.name, within, sig)
	}
}

// topology is everything the checks run against (runtime.md §11.1).
type topology struct {
	bin, dir  string
	env       []string // every replica's environment but its port; also the CLI's
	proxyPort int
	ports     [replicaCount]int
	replicas  [replicaCount]*process
	redis     *process
	idpURL    string
	provider  *apptest.Provider
}

func freePorts(t *testing.T, n int) []int {
	t.Helper()
	var ports []int
	var listeners []net.Listener
	for range n {
		ln, err := net.Listen("tcp", "127.0.0.1:0")
		require.NoError(t, err)
		listeners = append(listeners, ln)
		ports = append(ports, ln.Addr().(*net.TCPAddr).Port)
	}
	for _, ln := range listeners {
		ln.Close()
	}
	return ports
}

// waitFor polls ok every 50 ms until it holds or within passes.
func waitFor(within time.Duration, ok func() bool) bool {
	deadline := time.Now().Add(within)
	for {
		if ok() {
			return true
		}
		if time.Now().After(deadline) {
			return false
		}
		time.Sleep(50 * time.Millisecond)
	}
}

func tcpUp(port int) func() bool {
	return func() bool {
		c, err := net.DialTimeout("tcp", fmt.Sprintf("127.0.0.1:%d", port), 200*time.Millisecond)
		if err == nil {
			c.Close()
		}
		return err == nil
	}
}

func httpOK(url string) func() bool {
	return func() bool {
		resp, err := (&http.Client{Timeout: time.Second}).Get(url)
		if err != nil {
			return false
		}
		resp.Body.Close()
		return resp.StatusCode == http.StatusOK
	}
}

// startTopology brings up PostgreSQL databases, a private Redis, the identity provider, the fake upstream, three
// replicas, the orgs and HAProxy. Everything it starts stops when t ends; the logs stay when t failed.
func startTopology(t *testing.T) *topology {
	for _, tool := range []string{"haproxy", "redis-server"} {
		if _, err := exec.LookPath(tool); err != nil {
			t.Fatalf("%s is missing (make test.scale installs it): %v", tool, err)
		}
	}
	dir, err := os.MkdirTemp("", "bodhi-scale-")
	require.NoError(t, err)
	t.Cleanup(func() {
		if t.Failed() {
			t.Logf("logs and configuration kept in %s", dir)
			return
		}
		os.RemoveAll(dir)
	})
	s := &topology{dir: dir, bin: os.Getenv("BODHI_SCALE_BIN")}
	if s.bin == "" {
		s.bin = filepath.Join(dir, "bodhi")
		build := exec.Command("go", "build", "-o", s.bin, "../cmd/bodhi")
		build.Stdout, build.Stderr = os.Stderr, os.Stderr
		require.NoError(t, build.Run(), "build bodhi")
	}
	var stops []func()
	t.Cleanup(func() {
		for i := len(stops) - 1; i >= 0; i-- {
			stops[i]()
		}
	})

	ports := freePorts(t, replicaCount+3)
	redisPort, idpPort := ports[1], ports[2]
	s.proxyPort = ports[0]
	copy(s.ports[:], ports[3:])
	appURL, sessionURL := dbtest.PostgresURL(t), dbtest.PostgresURL(t) // fresh databases, dropped at the end

	s.redis = startProcess(t, dir, "redis", os.Environ(), "redis-server", "--port", fmt.Sprint(redisPort),
		"--bind", "127.0.0.1", "--save", "", "--appendonly", "no", "--daemonize", "no")
	stops = append(stops, func() { s.redis.stop(syscall.SIGTERM, 5*time.Second) })
	require.True(t, waitFor(10*time.Second, tcpUp(redisPort)), "redis-server did not start")

	seedPath := filepath.Join(dir, "devidp-seed.json")
	seed, err := json.MarshalIndent(apptest.TwoOrgSeed(true, s.proxyPort), "", "  ")
	require.NoError(t, err)
	require.NoError(t, os.WriteFile(seedPath, seed, 0o600))
	s.idpURL = fmt.Sprintf("http://localhost:%d", idpPort)
	idp := startProcess(t, dir, "devidp", os.Environ(), s.bin, "devidp", "--addr", fmt.Sprintf("127.0.0.1:%d", idpPort),
		"--access-ttl", "15s", "--seed", seedPath)
	stops = append(stops, func() { idp.stop(syscall.SIGTERM, 5*time.Second) })
	require.True(t, waitFor(10*time.Second, httpOK(fmt.Sprintf("http://127.0.0.1:%d/realms/bodhi/.well-known/openid-configuration", idpPort))),
		"the identity provider did not start")

	s.provider = apptest.StartProvider(t)
	s.provider.StreamChunks, s.provider.StreamDelay = streamChunks, streamDelay

	s.env = []string{
		"PATH=" + os.Getenv("PATH"), "HOME=" + dir,
		"BODHI_MULTI_TENANT=true", "DATABASE_URL=" + appURL, "SESSION_DB_URL=" + sessionURL,
		fmt.Sprintf("REDIS_URL=redis://127.0.0.1:%d/0", redisPort),
		"BODHI_ORG_DOMAIN=localhost", "BODHI_PUBLIC_SCHEME=http", fmt.Sprintf("BODHI_PUBLIC_PORT=%d", s.proxyPort),
		"BODHI_COOKIE_SECURE=false", "BODHI_TRUSTED_PROXIES=127.0.0.1/32,::1/128", "BODHI_AUTH_URL=" + s.idpURL,
		"BODHI_ALLOW_PRIVATE_UPSTREAMS=true", "BODHI_ENCRYPTION_KEY=" + apptest.MasterKeySource,
		"BODHI_HOST=127.0.0.1", "BODHI_LOG_FORMAT=json", "BODHI_LOG_LEVEL=info",
		fmt.Sprintf("BODHI_SHUTDOWN_DELAY_SECS=%d", drainSecs),
	}
	// The three start together: migrations run under an advisory lock.
	for i := range replicaCount {
		s.startReplica(t, i)
	}
	stops = append(stops, func() {
		for _, r := range s.replicas {
			if r != nil {
				r.stop(syscall.SIGTERM, 40*time.Second)
			}
		}
	})
	for i := range replicaCount {
		s.waitReplica(t, i)
	}

	// Each `org create` waits 2 s for its second invalidation (runtime.md §6.4): run them side by side.
	orgs := []apptest.Org{apptest.Acme, apptest.Globex}
	errs := make([]error, len(orgs))
	var wg sync.WaitGroup
	for i, o := range orgs {
		wg.Go(func() {
			out, err := s.cli(append(s.env, "ORG_CLIENT_SECRET="+o.Secret), "org", "create", "--slug", o.Slug,
				"--name", o.Name, "--client-id", o.ClientID, "--client-secret-env", "ORG_CLIENT_SECRET")
			if err != nil {
				errs[i] = fmt.Errorf("org create %s: %w: %s", o.Slug, err, out)
			}
		})
	}
	wg.Wait()
	for _, err := range errs {
		require.NoError(t, err)
	}

	cfg := filepath.Join(dir, "haproxy.cfg")
	require.NoError(t, os.WriteFile(cfg, []byte(haproxyConfig(s.proxyPort, s.ports[:])), 0o644))
	proxy := startProcess(t, dir, "haproxy", os.Environ(), "haproxy", "-db", "-f", cfg)
	stops = append(stops, func() { proxy.stop(syscall.SIGTERM, 5*time.Second) })
	require.True(t, waitFor(10*time.Second, func() bool {
		return s.servedBy(t, replicaCount)
	}), "HAProxy did not route to all three replicas")
	return s
}

func (s *topology) replicaName(i int) string { return fmt.Sprintf("r%d", i+1) }

func (s *topology) startReplica(t *testing.T, i int) {
	t.Helper()
	env := append(append([]string(nil), s.env...), fmt.Sprintf("BODHI_PORT=%d", s.ports[i]),
		"BODHI_HOME="+filepath.Join(s.dir, "home-"+s.replicaName(i)))
	s.replicas[i] = startProcess(t, s.dir, "replica-"+s.replicaName(i), env, s.bin, "serve")
}

func (s *topology) waitReplica(t *testing.T, i int) {
	t.Helper()
	require.True(t, waitFor(30*time.Second, httpOK(fmt.Sprintf("http://127.0.0.1:%d/ping", s.ports[i]))),
		"replica %s did not come up (log: %s)", s.replicaName(i), filepath.Join(s.dir, "replica-"+s.replicaName(i)+".log"))
}

// servedBy reports whether /ping through the proxy reaches n distinct replicas within 3n requests.
func (s *topology) servedBy(t *testing.T, n int) bool {
	seen := map[string]bool{}
	for range 3 * n {
		resp, err := (&http.Client{Timeout: time.Second}).Get(fmt.Sprintf("http://127.0.0.1:%d/ping", s.proxyPort))
		if err != nil {
			return false
		}
		resp.Body.Close()
		if resp.StatusCode == http.StatusOK && resp.Header.Get("X-Bodhi-Replica") != "" {
			seen[resp.Header.Get("X-Bodhi-Replica")] = true
		}
	}
	return len(seen) >= n
}

// cli runs `bodhi args…` with env and returns its combined output.
func (s *topology) cli(env []string, args ...string) (string, error) {
	cmd := exec.Command(s.bin, args...)
	cmd.Env = env
	out, err := cmd.CombinedOutput()
	return string(out), err
}

// command is `bodhi args…` with the replicas' environment (the CLI of an operator of this deployment).
func (s *topology) command(args ...string) *exec.Cmd {
	cmd := exec.Command(s.bin, args...)
	cmd.Env = s.env
	return cmd
}

// host is the Host of slug's org on a port: <slug>.localhost:<port>.
func host(slug string, port int) string { return fmt.Sprintf("%s.localhost:%d", slug, port) }

func (s *topology) replicaHost(i int, slug string) string { return host(slug, s.ports[i]) }
func (s *topology) proxyHost(slug string) string          { return host(slug, s.proxyPort) }

// haproxyConfig is the reverse proxy of runtime.md §11.1: round robin over the replicas, Host passed unchanged
// (with its port), X-Forwarded-For and -Proto set, responses streamed (HAProxy does not buffer them), HTTP/1.1
// to the replicas. Active health checks on /health take a draining replica (503) out of rotation, as Traefik
// does in the compose deployment; a refused connection is retried on another replica.
func haproxyConfig(port int, replicas []int) string {
	var b strings.Builder
	fmt.Fprintf(&b, `global
    maxconn 4096

defaults
    mode http
    timeout connect 2s
    timeout client 5m
    timeout server 5m
    timeout http-request 30s
    option forwardfor
    retries 3
    option redispatch 1

frontend web
    bind 127.0.0.1:%d
    http-request set-header X-Forwarded-Proto http
    default_backend bodhi

backend bodhi
    balance roundrobin
    option httpchk
    http-check send meth GET uri /health
    http-check expect status 200
    default-server check inter 250ms fall 1 rise 2
    # Which replica answered, so the checks can show the round robin.
    http-response set-header X-Bodhi-Replica %%s
`, port)
	for i, p := range replicas {
		fmt.Fprintf(&b, "    server r%d 127.0.0.1:%d\n", i+1, p)
	}
	return b.String()
}
