// Package apptest runs Bodhi the way users meet it, for end-to-end tests: a real server on a loopback port, the
// development identity provider beside it, and a browser-like client that logs in through the provider's form.
package apptest

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"log/slog"
	"net"
	"net/http"
	"net/http/httptest"
	"slices"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/bodhiapp/bodhi/apidoc/contract"
	"github.com/bodhiapp/bodhi/app"
	"github.com/bodhiapp/bodhi/cache"
	"github.com/bodhiapp/bodhi/config"
	"github.com/bodhiapp/bodhi/crypto"
	"github.com/bodhiapp/bodhi/db"
	"github.com/bodhiapp/bodhi/dbtest"
	"github.com/bodhiapp/bodhi/devidp"
	"github.com/bodhiapp/bodhi/httpserve"
	"github.com/bodhiapp/bodhi/metrics"
	"github.com/bodhiapp/bodhi/orgs"
)

// MasterKeySource is the test deployment's BODHI_ENCRYPTION_KEY.
const MasterKeySource = "apptest-master-key-0123456789abcdef-0123"

// IdP is a running development identity provider.
type IdP struct {
	*devidp.Server
	URL  string // http://127.0.0.1:<port>, the BODHI_AUTH_URL
	down atomic.Bool
}

// SetDown makes every call to the provider answer 503 (an outage) until SetDown(false).
func (p *IdP) SetDown(down bool) { p.down.Store(down) }

// StartIdP serves the development identity provider with seed on a loopback port until t ends.
func StartIdP(t testing.TB, seed devidp.Seed, accessTTL time.Duration) *IdP {
	t.Helper()
	srv := httptest.NewServer(nil)
	t.Cleanup(srv.Close)
	idp, err := devidp.New(devidp.Config{IssuerBase: srv.URL, Seed: seed, AccessTTL: accessTTL,
		Logger: quietLogger()})
	require.NoError(t, err)
	p := &IdP{Server: idp, URL: srv.URL}
	srv.Config.Handler = http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if p.down.Load() {
			http.Error(w, "identity provider down (test)", http.StatusServiceUnavailable)
			return
		}
		idp.ServeHTTP(w, r)
	})
	return p
}

// Org is an org to provision in Bodhi, with the client the identity provider knows it by.
type Org struct {
	Slug, Name, ClientID, Secret string
	FirstAdmin                   *string
}

// Bodhi is a running server.
type Bodhi struct {
	App    *app.App
	Config *config.Config
	Port   int
	Hosted bool
	// Conns is the server's connection-capped listener (its count of open connections).
	Conns *httpserve.Listener
	// MetricsURL is GET /metrics on the separate metrics listener, as `bodhi serve` opens it when
	// BODHI_METRICS_ADDR is set (e.g. 127.0.0.1:0); "" without it.
	MetricsURL string
	store      string   // DATABASE_URL, for provisioning behind the server's back
	env        []string // the settings it was started with (Join)
	srv        *httptest.Server
}

// StopServing closes the listener and waits for the requests in progress, as a graceful shutdown does before
// the app closes.
func (b *Bodhi) StopServing() { b.srv.Close() }

// Listener reserves Bodhi's port before the identity provider is seeded with redirect URIs that name it. The
// server starts in Start, once the configuration exists, with the production limits (package httpserve).
type Listener struct {
	srv  *httptest.Server
	Port int
	// Logs, when set, receives the server's log as JSON lines at info level (tests that read the log).
	Logs io.Writer
	// Options are passed to app.New (tests that replace a part, e.g. the local-model catalog).
	Options []app.Option
	// Unchecked leaves out the OpenAPI contract check (package apidoc/contract), for load measurements that must
	// see the server alone; every other test has its traffic checked.
	Unchecked bool
}

// Listen opens Bodhi's loopback listener; connections wait in its backlog until Start.
func Listen(t testing.TB) *Listener {
	t.Helper()
	srv := httptest.NewUnstartedServer(nil)
	t.Cleanup(srv.Close)
	return &Listener{srv: srv, Port: srv.Listener.Addr().(*net.TCPAddr).Port}
}

// Start provisions orgs in a fresh database of dialect d and starts Bodhi on l. hosted selects hosted mode
// (PostgreSQL and Redis, orgs at <slug>.localhost:<port>); standalone takes exactly one org.
func (l *Listener) Start(t testing.TB, idp *IdP, d dbtest.Dialect, hosted bool, provision []Org, extraEnv ...string) *Bodhi {
	t.Helper()
	ctx := context.Background()
	appURL, sessionURL := d.URL(t), d.URL(t)
	store, err := db.Open(ctx, appURL)
	require.NoError(t, err)
	require.NoError(t, store.Migrate(ctx))
	master, err := crypto.MasterKeyFromSource(MasterKeySource)
	require.NoError(t, err)
	for _, o := range provision {
		_, err := orgs.Create(ctx, store, master, orgs.CreateParams{Slug: o.Slug, DisplayName: o.Name,
			ClientID: o.ClientID, ClientSecret: o.Secret, FirstAdminUserID: o.FirstAdmin, SingleOrg: !hosted})
		require.NoError(t, err)
	}
	require.NoError(t, store.Close())

	env := []string{
		"BODHI_HOME=" + t.TempDir(), "DATABASE_URL=" + appURL, "SESSION_DB_URL=" + sessionURL,
		"BODHI_ENCRYPTION_KEY=" + MasterKeySource, "BODHI_AUTH_URL=" + idp.URL, "BODHI_AUTH_REALM=" + idp.Realm(),
		"BODHI_PUBLIC_SCHEME=http", fmt.Sprintf("BODHI_PUBLIC_PORT=%d", l.Port), "BODHI_HOST=127.0.0.1",
		"HF_HOME=" + t.TempDir(), // never the user's own Hugging Face cache; extraEnv may name another
	}
	if hosted {
		redisURL, prefix := dbtest.Redis(t)
		env = append(env, "BODHI_MULTI_TENANT=true", "BODHI_ORG_DOMAIN=localhost", "REDIS_URL="+redisURL,
			"BODHI_REDIS_PREFIX="+prefix, "BODHI_COOKIE_SECURE=false")
	}
	return l.serve(t, append(env, extraEnv...), hosted, appURL)
}

// Join starts another replica of of's deployment on l: the same databases, Redis and settings, its own home.
func (l *Listener) Join(t testing.TB, of *Bodhi) *Bodhi {
	t.Helper()
	env := append(slices.Clone(of.env), "BODHI_HOME="+t.TempDir(), fmt.Sprintf("BODHI_PUBLIC_PORT=%d", l.Port))
	return l.serve(t, env, of.Hosted, of.store)
}

// serve builds the app from env and serves it on l.
func (l *Listener) serve(t testing.TB, env []string, hosted bool, appURL string) *Bodhi {
	t.Helper()
	ctx := context.Background()
	cfg, err := config.Load(nil, env, map[string]string{"BODHI_VERSION": "test"})
	require.NoError(t, err)
	log := quietLogger()
	if l.Logs != nil {
		log = slog.New(slog.NewJSONHandler(l.Logs, &slog.HandlerOptions{Level: slog.LevelInfo}))
	}
	a, err := app.New(ctx, cfg, append([]app.Option{app.WithLogger(log)}, l.Options...)...)
	require.NoError(t, err)
	t.Cleanup(func() { a.Close(context.Background()) })
	limits := httpserve.FromConfig(cfg)
	var handler http.Handler = a
	if !l.Unchecked {
		handler = contract.Check(t, a)
	}
	httpserve.Configure(l.srv.Config, handler, limits)
	conns := httpserve.CapConnections(l.srv.Listener, limits.MaxConnections, log)
	l.srv.Listener = conns
	l.srv.Start()
	b := &Bodhi{App: a, Config: cfg, Port: l.Port, Hosted: hosted, Conns: conns, store: appURL, env: env, srv: l.srv}
	if cfg.MetricsAddr != "" {
		// Its own listener, outside the contract check: /metrics is no route of the OpenAPI document.
		m, err := metrics.Listen(cfg.MetricsAddr, a.Metrics().Handler(), log)
		require.NoError(t, err)
		t.Cleanup(func() { _ = m.Shutdown(context.Background()) })
		b.MetricsURL = m.URL()
	}
	return b
}

// Host is the Host header of slug's org: <slug>.localhost:<port> hosted, localhost:<port> standalone.
func (b *Bodhi) Host(slug string) string {
	if b.Hosted {
		return fmt.Sprintf("%s.localhost:%d", slug, b.Port)
	}
	return fmt.Sprintf("localhost:%d", b.Port)
}

// CallbackURL is the login redirect URI the identity provider must know for slug's org.
func CallbackURL(hosted bool, slug string, port int) string {
	if hosted {
		return fmt.Sprintf("http://%s.localhost:%d/ui/auth/callback", slug, port)
	}
	return fmt.Sprintf("http://localhost:%d/ui/auth/callback", port)
}

// loopbackDialer sends every connection to 127.0.0.1 on the URL's port, so test clients can use real org host
// names (acme.localhost) without DNS.
func loopbackDialer() func(ctx context.Context, network, addr string) (net.Conn, error) {
	var d net.Dialer
	return func(ctx context.Context, network, addr string) (net.Conn, error) {
		_, port, err := net.SplitHostPort(addr)
		if err != nil {
			return nil, err
		}
		return d.DialContext(ctx, network, net.JoinHostPort("127.0.0.1", port))
	}
}

// HTTPClient is a client that dials loopback for every host and never follows redirects.
func HTTPClient() *http.Client {
	return &http.Client{
		Transport:     &http.Transport{DialContext: loopbackDialer(), DisableKeepAlives: false},
		CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse },
		Timeout:       30 * time.Second,
	}
}

func trimBase(u string) string { return strings.TrimSuffix(u, "/") }

// SetOrgStatus changes an org's status behind the server's back, then publishes the invalidation as
// `bodhi org set-status` does.
func (b *Bodhi) SetOrgStatus(t testing.TB, slug, status string) {
	t.Helper()
	ctx := context.Background()
	store, err := db.Open(ctx, b.store)
	require.NoError(t, err)
	defer store.Close()
	_, org, err := orgs.SetStatus(ctx, store, slug, status)
	require.NoError(t, err)
	if b.Config.RedisURL == "" {
		return // standalone without Redis: the test reaches in through the app's own cache instead
	}
	w, err := cache.NewRedis(ctx, cache.RedisOptions{URL: b.Config.RedisURL, Prefix: b.Config.RedisPrefix})
	require.NoError(t, err)
	defer w.Close()
	require.NoError(t, w.Invalidate(ctx, "org:"+org.Slug, "org:id:"+org.ID))
}

// Store opens the server's app database from outside, for fixtures the HTTP API cannot create yet.
func (b *Bodhi) Store(t testing.TB) *db.DbServiceImpl {
	t.Helper()
	s, err := db.Open(context.Background(), b.store)
	require.NoError(t, err)
	t.Cleanup(func() { s.Close() })
	return s
}

// SetClientRoles replaces a user's client roles at the provider (PUT /dev/users/{username}); the user's next
// login carries them.
func (p *IdP) SetClientRoles(t testing.TB, username string, roles map[string][]string) {
	t.Helper()
	body, _ := json.Marshal(map[string]any{"client_roles": roles})
	req, err := http.NewRequest(http.MethodPut, p.URL+"/realms/"+p.Realm()+"/dev/users/"+username, bytes.NewReader(body))
	require.NoError(t, err)
	req.Header.Set("Content-Type", "application/json")
	resp, err := HTTPClient().Do(req)
	require.NoError(t, err)
	resp.Body.Close()
	require.Equal(t, http.StatusOK, resp.StatusCode)
}
