package app

import (
	"context"
	"encoding/json"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/bodhiapp/bodhi/apidoc/contract"
	"github.com/bodhiapp/bodhi/config"
	"github.com/bodhiapp/bodhi/db"
	"github.com/bodhiapp/bodhi/dbtest"
	"github.com/bodhiapp/bodhi/orgs"
)

const testKey = "app-test-master-key-0123456789abcdef"

// newTestApp starts an App on a fresh database of dialect d (the session database too). extraEnv adds settings.
func newTestApp(t testing.TB, d dbtest.Dialect, extraEnv ...string) *App {
	t.Helper()
	appURL, sessionURL := d.URL(t), d.URL(t)
	env := append([]string{
		"BODHI_HOME=" + t.TempDir(), "DATABASE_URL=" + appURL, "SESSION_DB_URL=" + sessionURL,
		"BODHI_ENCRYPTION_KEY=" + testKey,
	}, extraEnv...)
	cfg, err := config.Load(nil, env, map[string]string{"BODHI_VERSION": "9.9.9", "BODHI_COMMIT_SHA": "abc123"})
	require.NoError(t, err)
	a, err := New(context.Background(), cfg)
	require.NoError(t, err)
	t.Cleanup(func() { require.NoError(t, a.Close(context.Background())) })
	a.handler = contract.Check(t, a.handler) // every call of the test is checked against the OpenAPI document
	return a
}

func forEachDialect(t *testing.T, fn func(t *testing.T, d dbtest.Dialect)) {
	for _, d := range dbtest.Dialects {
		t.Run(d.Name, func(t *testing.T) {
			t.Parallel()
			fn(t, d)
		})
	}
}

type response struct {
	status int
	header http.Header
	body   []byte
}

func (r response) json(t *testing.T) map[string]any {
	t.Helper()
	var m map[string]any
	require.NoError(t, json.Unmarshal(r.body, &m), "body: %s", r.body)
	return m
}

func call(t *testing.T, h http.Handler, method, path string) response {
	t.Helper()
	rec := httptest.NewRecorder()
	h.ServeHTTP(rec, httptest.NewRequest(method, path, nil))
	body, _ := io.ReadAll(rec.Result().Body)
	return response{status: rec.Code, header: rec.Header(), body: body}
}

func errorCode(t *testing.T, r response) string {
	t.Helper()
	e, ok := r.json(t)["error"].(map[string]any)
	require.True(t, ok, "standard error body expected: %s", r.body)
	require.NotEmpty(t, e["message"])
	require.NotEmpty(t, e["type"])
	return e["code"].(string)
}

func TestPingAndHealth(t *testing.T) {
	forEachDialect(t, func(t *testing.T, d dbtest.Dialect) {
		a := newTestApp(t, d)
		r := call(t, a, http.MethodGet, "/ping")
		require.Equal(t, http.StatusOK, r.status)
		require.Equal(t, map[string]any{"message": "pong"}, r.json(t))
		require.NotEmpty(t, r.header.Get("X-Request-Id"))
		require.Equal(t, "nosniff", r.header.Get("X-Content-Type-Options"))

		r = call(t, a, http.MethodGet, "/health")
		require.Equal(t, http.StatusOK, r.status)
		require.Equal(t, map[string]any{
			"status":           "ok",
			"database":         map[string]any{"status": "ok"},
			"session_database": map[string]any{"status": "ok"},
			"cache":            map[string]any{"status": "ok", "backend": "memory"},
		}, r.json(t))

		// A database that stops answering makes the server not ready.
		require.NoError(t, a.sessions.Close())
		r = call(t, a, http.MethodGet, "/health")
		require.Equal(t, http.StatusServiceUnavailable, r.status)
		body := r.json(t)
		require.Equal(t, "error", body["status"])
		require.Equal(t, "error", body["session_database"].(map[string]any)["status"])
		require.NotEmpty(t, body["session_database"].(map[string]any)["message"])
		require.Equal(t, "ok", body["database"].(map[string]any)["status"])

		r = call(t, a, http.MethodGet, "/ping")
		require.Equal(t, http.StatusOK, r.status, "liveness has no dependencies")
	})
}

func TestHealthDraining(t *testing.T) {
	forEachDialect(t, func(t *testing.T, d dbtest.Dialect) {
		a := newTestApp(t, d)
		a.Drain()
		r := call(t, a, http.MethodGet, "/health")
		require.Equal(t, http.StatusServiceUnavailable, r.status)
		require.Equal(t, "draining", r.json(t)["status"])
	})
}

func TestAppInfoStandalone(t *testing.T) {
	forEachDialect(t, func(t *testing.T, d dbtest.Dialect) {
		a := newTestApp(t, d)
		for _, path := range []string{"/bodhi/v1/app/info", "/bodhi/v1/info"} {
			r := call(t, a, http.MethodGet, path)
			require.Equal(t, http.StatusOK, r.status)
			require.Equal(t, map[string]any{"version": "9.9.9", "commit_sha": "abc123", "multi_tenant": false,
				"status": "setup"}, r.json(t))
		}

		ctx := context.Background()
		master := mustMaster(t)
		org, err := orgs.Create(ctx, a.store, master, orgs.CreateParams{Slug: "home", DisplayName: "Home Org",
			ClientID: "bodhi-home", ClientSecret: "s", SingleOrg: true})
		require.NoError(t, err)
		invalidateOrg(t, a, org)
		r := call(t, a, http.MethodGet, "/bodhi/v1/app/info")
		require.Equal(t, "resource-admin", r.json(t)["status"])
		require.Equal(t, map[string]any{"slug": "home", "display_name": "Home Org"}, r.json(t)["org"])

		won, err := a.store.ClaimFirstAdmin(ctx, org.ID, "admin-sub")
		require.NoError(t, err)
		require.True(t, won)
		invalidateOrg(t, a, org)
		r = call(t, a, http.MethodGet, "/bodhi/v1/info")
		require.Equal(t, "ready", r.json(t)["status"])

		_, _, err = orgs.SetStatus(ctx, a.store, "home", db.OrgSuspended)
		require.NoError(t, err)
		invalidateOrg(t, a, org)
		r = call(t, a, http.MethodGet, "/bodhi/v1/app/info")
		require.Equal(t, http.StatusForbidden, r.status)
		require.Equal(t, "org_error-suspended", errorCode(t, r))
	})
}

func newHostedApp(t *testing.T, extraEnv ...string) *App {
	t.Helper()
	redisURL, prefix := dbtest.Redis(t)
	return newTestApp(t, dbtest.Dialect{Name: "postgres", URL: dbtest.PostgresURL}, append([]string{
		"BODHI_MULTI_TENANT=true", "REDIS_URL=" + redisURL, "BODHI_REDIS_PREFIX=" + prefix,
		"BODHI_ORG_DOMAIN=localhost"}, extraEnv...)...)
}

func TestAppInfoHosted(t *testing.T) {
	a := newHostedApp(t)
	mkOrg(t, a, "acme", db.OrgActive)
	r := callHost(t, a, "acme.localhost:1135", "/bodhi/v1/app/info")
	require.Equal(t, http.StatusOK, r.status, "%s", r.body)
	require.Equal(t, map[string]any{"version": "9.9.9", "commit_sha": "abc123", "multi_tenant": true,
		"status": "ready", "org": map[string]any{"slug": "acme", "display_name": "Org acme"}}, r.json(t))
	r = callHost(t, a, "localhost:1135", "/bodhi/v1/app/info")
	require.Equal(t, http.StatusBadRequest, r.status)
	require.Equal(t, "org_error-missing", errorCode(t, r))
}

func TestHealthHostedReportsRedis(t *testing.T) {
	a := newHostedApp(t)
	require.Eventually(t, func() bool {
		return call(t, a, http.MethodGet, "/health").json(t)["status"] == "ok"
	}, 5*time.Second, 20*time.Millisecond, "ok once the invalidation subscription is live")
	body := call(t, a, http.MethodGet, "/health").json(t)
	require.Equal(t, map[string]any{"status": "ok", "backend": "redis"}, body["cache"])
}

func TestRoutingErrors(t *testing.T) {
	forEachDialect(t, func(t *testing.T, d dbtest.Dialect) {
		a := newTestApp(t, d)
		for _, path := range []string{"/bodhi/v1/nope", "/v1/nope", "/elsewhere"} {
			r := call(t, a, http.MethodGet, path)
			require.Equal(t, http.StatusNotFound, r.status, path)
			require.Equal(t, "route_error-not_found", errorCode(t, r))
		}
		r := call(t, a, http.MethodGet, "/api/nope")
		require.Equal(t, http.StatusNotFound, r.status)
		require.IsType(t, "", r.json(t)["error"], "under /api/, Ollama's error body: a string")
		r = call(t, a, http.MethodPost, "/ping")
		require.Equal(t, http.StatusMethodNotAllowed, r.status)
		require.Equal(t, "route_error-method_not_allowed", errorCode(t, r))
		require.Contains(t, r.header.Get("Allow"), "GET")
	})
}

func TestUIRoutes(t *testing.T) {
	a := newTestApp(t, dbtest.Dialect{Name: "sqlite", URL: dbtest.SQLiteURL})
	for _, path := range []string{"/", "/ui"} {
		r := call(t, a, http.MethodGet, path)
		require.Equal(t, http.StatusFound, r.status)
		require.Equal(t, "/ui/", r.header.Get("Location"))
	}
	for _, path := range []string{"/ui/", "/ui/chat/some/route"} {
		r := call(t, a, http.MethodGet, path)
		require.Equal(t, http.StatusOK, r.status, path)
		require.True(t, strings.Contains(string(r.body), "<html"), "index.html is served: %s", r.body)
		require.Equal(t, "DENY", r.header.Get("X-Frame-Options"))
		require.Equal(t, "no-cache", r.header.Get("Cache-Control"))
	}
	r := call(t, a, http.MethodGet, "/ui/assets/missing.js")
	require.Equal(t, http.StatusNotFound, r.status)
}

func TestStandaloneRefusesTwoOrgs(t *testing.T) {
	ctx := context.Background()
	url := dbtest.SQLiteURL(t)
	store, err := db.Open(ctx, url)
	require.NoError(t, err)
	require.NoError(t, store.Migrate(ctx))
	for _, slug := range []string{"one", "two"} {
		_, err := orgs.Create(ctx, store, mustMaster(t), orgs.CreateParams{Slug: slug, DisplayName: slug,
			ClientID: slug, ClientSecret: "s"})
		require.NoError(t, err)
	}
	require.NoError(t, store.Close())
	cfg, err := config.Load(nil, []string{"BODHI_HOME=" + t.TempDir(), "DATABASE_URL=" + url,
		"BODHI_ENCRYPTION_KEY=" + testKey}, nil)
	require.NoError(t, err)
	_, err = New(ctx, cfg)
	require.ErrorContains(t, err, "standalone mode supports exactly one organization; found 2")
}

func TestWrongMasterKeyStopsStartup(t *testing.T) {
	ctx := context.Background()
	url := dbtest.SQLiteURL(t)
	store, err := db.Open(ctx, url)
	require.NoError(t, err)
	require.NoError(t, store.Migrate(ctx))
	_, err = orgs.Create(ctx, store, mustMaster(t), orgs.CreateParams{Slug: "one", DisplayName: "one",
		ClientID: "one", ClientSecret: "s"})
	require.NoError(t, err)
	require.NoError(t, store.Close())
	cfg, err := config.Load(nil, []string{"BODHI_HOME=" + t.TempDir(), "DATABASE_URL=" + url,
		"BODHI_ENCRYPTION_KEY=another-key-entirely-0123456789abcdef"}, nil)
	require.NoError(t, err)
	_, err = New(ctx, cfg)
	require.ErrorIs(t, err, orgs.ErrMasterKeyMismatch)
}
