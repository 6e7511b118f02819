package app

import (
	"context"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/bodhiapp/bodhi/db"
	"github.com/bodhiapp/bodhi/dbtest"
	"github.com/bodhiapp/bodhi/orgs"
)

// mkOrg creates an org with status through the provisioning code, as `bodhi org create` does.
func mkOrg(t testing.TB, a *App, slug, status string) db.Organization {
	t.Helper()
	ctx := context.Background()
	org, err := orgs.Create(ctx, a.store, mustMaster(t), orgs.CreateParams{Slug: slug, DisplayName: "Org " + slug,
		ClientID: "bodhi-" + slug, ClientSecret: "secret-" + slug, SingleOrg: !a.cfg.MultiTenant})
	require.NoError(t, err)
	if status != db.OrgActive {
		_, org, err = orgs.SetStatus(ctx, a.store, slug, status)
		require.NoError(t, err)
	}
	invalidateOrg(t, a, org)
	return org
}

type reqOpt func(*http.Request)

func fromPeer(addr string) reqOpt { return func(r *http.Request) { r.RemoteAddr = addr } }
func withHeader(k, v string) reqOpt {
	return func(r *http.Request) { r.Header.Set(k, v) }
}

func callHost(t *testing.T, h http.Handler, host, path string, opts ...reqOpt) response {
	t.Helper()
	req := httptest.NewRequest(http.MethodGet, path, nil)
	req.Host = host
	for _, o := range opts {
		o(req)
	}
	rec := httptest.NewRecorder()
	h.ServeHTTP(rec, req)
	body, _ := io.ReadAll(rec.Result().Body)
	return response{status: rec.Code, header: rec.Header(), body: body}
}

var orgScopedPaths = []string{"/bodhi/v1/orgs/current", "/api/orgs/current", "/bodhi/v1/app/info", "/bodhi/v1/info"}

func TestHostedOrgResolution(t *testing.T) {
	a := newHostedApp(t, "BODHI_TRUSTED_PROXIES=10.0.0.0/8")
	acme := mkOrg(t, a, "acme", db.OrgActive)
	mkOrg(t, a, "globex", db.OrgSuspended)
	mkOrg(t, a, "gone", db.OrgDeleted)

	for _, path := range []string{"/bodhi/v1/orgs/current", "/api/orgs/current"} {
		for _, host := range []string{"acme.localhost:8080", "ACME.LocalHost", "acme.localhost."} {
			r := callHost(t, a, host, path)
			require.Equal(t, http.StatusOK, r.status, "%s %s: %s", host, path, r.body)
			require.Equal(t, map[string]any{"org_id": acme.ID, "slug": "acme", "display_name": "Org acme",
				"status": "active"}, r.json(t))
		}
	}

	tests := []struct {
		name, host string
		opts       []reqOpt
		status     int
		code       string
	}{
		{"suspended", "globex.localhost", nil, 403, "org_error-suspended"},
		{"deleted is not found", "gone.localhost", nil, 404, "org_error-not_found"},
		{"unknown", "nobody.localhost", nil, 404, "org_error-not_found"},
		{"apex", "localhost:8080", nil, 400, "org_error-missing"},
		{"nested labels", "a.acme.localhost", nil, 400, "org_error-missing"},
		{"other domain", "acme.example.com", nil, 400, "org_error-missing"},
		{"empty host", "", nil, 400, "org_error-missing"},
		{"dots", "..localhost", nil, 400, "org_error-missing"},
		{"underscore", "ac_me.localhost", nil, 404, "org_error-not_found"},
		{"encoded dot", "%2e.localhost", nil, 404, "org_error-not_found"},
		{"unicode", "ácme.localhost", nil, 404, "org_error-not_found"},
		{"300 chars", strings.Repeat("a", 300) + ".localhost", nil, 404, "org_error-not_found"},
		{"spoofed header from an untrusted peer is ignored", "globex.localhost",
			[]reqOpt{fromPeer("192.0.2.1:5000"), withHeader("X-BodhiApp-Org", "acme")}, 403, "org_error-suspended"},
		{"trusted proxy header wins over Host", "acme.localhost",
			[]reqOpt{fromPeer("10.1.2.3:5000"), withHeader("X-BodhiApp-Org", "globex")}, 403, "org_error-suspended"},
		{"trusted proxy header with an invalid slug", "acme.localhost",
			[]reqOpt{fromPeer("10.1.2.3:5000"), withHeader("X-BodhiApp-Org", "../etc")}, 404, "org_error-not_found"},
	}
	for _, tt := range tests {
		for _, path := range orgScopedPaths {
			r := callHost(t, a, tt.host, path, tt.opts...)
			require.Equal(t, tt.status, r.status, "%s %s: %s", tt.name, path, r.body)
			require.Equal(t, tt.code, errorCode(t, r), "%s %s", tt.name, path)
		}
	}
	r := callHost(t, a, strings.Repeat("a", 300)+".localhost", "/api/orgs/current")
	require.NotContains(t, string(r.body), strings.Repeat("a", 64), "attacker-chosen text is never echoed")

	r = callHost(t, a, "nobody.localhost", "/ping")
	require.Equal(t, http.StatusOK, r.status, "/ping is not org-scoped")
	r = callHost(t, a, "nobody.localhost", "/health")
	require.Equal(t, http.StatusOK, r.status, "/health is not org-scoped")
}

func TestStandaloneOrgResolution(t *testing.T) {
	forEachDialect(t, func(t *testing.T, d dbtest.Dialect) {
		a := newTestApp(t, d)
		r := call(t, a, http.MethodGet, "/bodhi/v1/orgs/current")
		require.Equal(t, http.StatusInternalServerError, r.status)
		require.Equal(t, "org_error-not_configured", errorCode(t, r))
		require.Equal(t, "invalid_app_state", r.json(t)["error"].(map[string]any)["type"])

		org := mkOrg(t, a, "home", db.OrgActive)
		for _, host := range []string{"example.com", "globex.localhost", "127.0.0.1:1135"} {
			r = callHost(t, a, host, "/api/orgs/current", withHeader("X-BodhiApp-Org", "other"))
			require.Equal(t, http.StatusOK, r.status, "standalone ignores Host and the header: %s", r.body)
			require.Equal(t, org.ID, r.json(t)["org_id"])
		}

		_, _, err := orgs.SetStatus(context.Background(), a.store, "home", db.OrgSuspended)
		require.NoError(t, err)
		invalidateOrg(t, a, org)
		for _, path := range orgScopedPaths {
			r = call(t, a, http.MethodGet, path)
			require.Equal(t, http.StatusForbidden, r.status, path)
			require.Equal(t, "org_error-suspended", errorCode(t, r))
		}
	})
}

// TestSuspensionReachesEveryReplica runs two servers on one PostgreSQL and Redis. A suspension written as the CLI
// writes it (commit, then invalidate through Redis) must be enforced by both: the test fails past 5 s, far below
// the 60 s in-process TTL, so only the broadcast can make it pass.
func TestSuspensionReachesEveryReplica(t *testing.T) {
	redisURL, prefix := dbtest.Redis(t)
	pgURL, sessionURL := dbtest.PostgresURL(t), dbtest.PostgresURL(t)
	replica := func() *App {
		return newTestApp(t, dbtest.Dialect{Name: "shared", URL: func(testing.TB) string { return pgURL }},
			"SESSION_DB_URL="+sessionURL, "BODHI_MULTI_TENANT=true", "REDIS_URL="+redisURL,
			"BODHI_REDIS_PREFIX="+prefix, "BODHI_ORG_DOMAIN=localhost")
	}
	r1, r2 := replica(), replica()
	org := mkOrg(t, r1, "acme", db.OrgActive)
	for _, r := range []*App{r1, r2} {
		require.Equal(t, http.StatusOK, callHost(t, r, "acme.localhost", "/bodhi/v1/orgs/current").status)
	}

	writer := newRedisWriter(t, redisURL, prefix)
	for _, step := range []struct {
		status string
		want   int
	}{{db.OrgSuspended, http.StatusForbidden}, {db.OrgActive, http.StatusOK}} {
		_, _, err := orgs.SetStatus(context.Background(), r1.store, "acme", step.status)
		require.NoError(t, err)
		require.NoError(t, writer.Invalidate(context.Background(), "org:acme", "org:id:"+org.ID))
		start := time.Now()
		for _, r := range []*App{r1, r2} {
			require.Eventually(t, func() bool {
				return callHost(t, r, "acme.localhost", "/bodhi/v1/orgs/current").status == step.want
			}, 5*time.Second, 10*time.Millisecond, "every replica enforces %s within 5 s", step.status)
		}
		t.Logf("status %s enforced by both replicas %v after the invalidation", step.status, time.Since(start))
	}
}
