package app

import (
	"context"
	"net/http"
	"testing"
	"time"

	"github.com/redis/rueidis"
	"github.com/stretchr/testify/require"

	"github.com/bodhiapp/bodhi/db"
	"github.com/bodhiapp/bodhi/dbtest"
	"github.com/bodhiapp/bodhi/orgs"
)

// TestRedisOutage stops a private Redis under a running hosted server: requests keep succeeding from the process
// and the database, /health reports degraded, and once Redis is back caching resumes without a restart.
func TestRedisOutage(t *testing.T) {
	srv := dbtest.StartRedis(t)
	a := newTestApp(t, dbtest.Dialect{Name: "postgres", URL: dbtest.PostgresURL}, "BODHI_MULTI_TENANT=true",
		"REDIS_URL="+srv.URL(), "BODHI_REDIS_PREFIX=outage:", "BODHI_ORG_DOMAIN=localhost")
	for _, slug := range []string{"warm", "cold", "later"} {
		mkOrg(t, a, slug, db.OrgActive)
	}
	healthStatus := func() (int, map[string]any) {
		r := call(t, a, http.MethodGet, "/health")
		return r.status, r.json(t)
	}
	require.Eventually(t, func() bool { _, b := healthStatus(); return b["status"] == "ok" }, 5*time.Second,
		20*time.Millisecond)
	require.Equal(t, http.StatusOK, callHost(t, a, "warm.localhost", "/bodhi/v1/orgs/current").status)

	srv.Stop()
	require.Equal(t, http.StatusOK, callHost(t, a, "warm.localhost", "/bodhi/v1/orgs/current").status,
		"a known org is served from the process")
	require.Equal(t, http.StatusOK, callHost(t, a, "cold.localhost", "/bodhi/v1/orgs/current").status,
		"an org not yet cached falls back to the database")
	status, body := healthStatus()
	require.Equal(t, http.StatusOK, status, "a cache outage is not fatal")
	require.Equal(t, "degraded", body["status"])
	require.Equal(t, "error", body["cache"].(map[string]any)["status"])
	require.Equal(t, "redis", body["cache"].(map[string]any)["backend"])

	// No broadcast can arrive now, so nothing remembered in process is trusted: a suspension committed behind the
	// server's back (a CLI run during the outage) is seen on the next request, not a TTL later.
	_, _, err := orgs.SetStatus(context.Background(), a.store, "warm", db.OrgSuspended)
	require.NoError(t, err)
	suspended := callHost(t, a, "warm.localhost", "/bodhi/v1/orgs/current")
	require.Equal(t, http.StatusForbidden, suspended.status, "%s", suspended.body)
	_, _, err = orgs.SetStatus(context.Background(), a.store, "warm", db.OrgActive)
	require.NoError(t, err)
	require.Equal(t, http.StatusOK, callHost(t, a, "warm.localhost", "/bodhi/v1/orgs/current").status)

	srv.Start()
	require.Eventually(t, func() bool { _, b := healthStatus(); return b["status"] == "ok" }, 40*time.Second,
		100*time.Millisecond, "the cache reconnects and resubscribes by itself")
	require.Equal(t, http.StatusOK, callHost(t, a, "later.localhost", "/bodhi/v1/orgs/current").status)
	opts, err := rueidis.ParseURL(srv.URL())
	require.NoError(t, err)
	c, err := rueidis.NewClient(opts)
	require.NoError(t, err)
	defer c.Close()
	n, err := c.Do(context.Background(), c.B().Exists().Key("outage:org:later").Build()).AsInt64()
	require.NoError(t, err)
	require.EqualValues(t, 1, n, "caching resumed: the org row is in Redis again")
}
