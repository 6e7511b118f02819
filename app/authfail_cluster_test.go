package app

import (
	"context"
	"fmt"
	"net/http"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/bodhiapp/bodhi/auth"
	"github.com/bodhiapp/bodhi/db"
	"github.com/bodhiapp/bodhi/dbtest"
)

// withPeer sets the request's socket peer, the client address when no trusted proxy is configured.
func withPeer(ip string) reqOpt { return func(r *http.Request) { r.RemoteAddr = ip + ":40000" } }

// bearerCall sends token to acme's /v1/models on a from the client address peer.
func bearerCall(t *testing.T, a *App, peer, token string) response {
	t.Helper()
	return callHost(t, a, "acme.localhost", "/v1/models", withHeader("Authorization", "Bearer "+token), withPeer(peer))
}

// TestFailedAuthCountedAcrossReplicas: two servers on one PostgreSQL and Redis count failures together, so an
// attacker spreading guesses over replicas gets no more than the limit, and is held back on every replica.
func TestFailedAuthCountedAcrossReplicas(t *testing.T) {
	redisURL, prefix := dbtest.Redis(t)
	pgURL, sessionURL := dbtest.PostgresURL(t), dbtest.PostgresURL(t)
	replica := func() *App {
		return newTestApp(t, dbtest.Dialect{Name: "shared", URL: func(testing.TB) string { return pgURL }},
			"SESSION_DB_URL="+sessionURL, "BODHI_MULTI_TENANT=true", "REDIS_URL="+redisURL,
			"BODHI_REDIS_PREFIX="+prefix, "BODHI_ORG_DOMAIN=localhost", "BODHI_AUTH_FAIL_LIMIT_ADDR=5")
	}
	r1, r2 := replica(), replica()
	require.Equal(t, "redis", r1.failures.Backend())
	org := mkOrg(t, r1, "acme", db.OrgActive)
	token, _, err := auth.NewAPITokens(r1.store, r1.cache, nil).Create(context.Background(), org.ID, "alice", "ci", auth.LevelUser)
	require.NoError(t, err)

	var statuses []int
	for i := range 8 {
		statuses = append(statuses, bearerCall(t, []*App{r1, r2}[i%2], "192.0.2.1", "bodhiapp_guess_"+fmt.Sprint(i)+
			"_0123456789abcdefghijklmnopqrstu").status)
	}
	require.Equal(t, []int{401, 401, 401, 401, 401, 429, 429, 429}, statuses, "5 failures in all, then 429 on both")

	r := bearerCall(t, r2, "192.0.2.1", token)
	require.Equal(t, http.StatusTooManyRequests, r.status, "a token neither replica has verified waits: %s", r.body)
	require.NotEmpty(t, r.header.Get("Retry-After"))
	for _, a := range []*App{r1, r2} {
		r := bearerCall(t, a, "192.0.2.2", token)
		require.Equal(t, http.StatusOK, r.status, "another address is not held back: %s", r.body)
	}
}

// TestFailedAuthDuringRedisOutage: with Redis down failures are neither counted nor held against anyone, every
// request is answered at once as without a limit, and counting resumes when Redis is back.
func TestFailedAuthDuringRedisOutage(t *testing.T) {
	srv := dbtest.StartRedis(t)
	a := newTestApp(t, dbtest.Dialect{Name: "postgres", URL: dbtest.PostgresURL}, "BODHI_MULTI_TENANT=true",
		"REDIS_URL="+srv.URL(), "BODHI_REDIS_PREFIX=authfail-outage:", "BODHI_ORG_DOMAIN=localhost",
		"BODHI_AUTH_FAIL_LIMIT_ADDR=3")
	org := mkOrg(t, a, "acme", db.OrgActive)
	token, _, err := auth.NewAPITokens(a.store, a.cache, nil).Create(context.Background(), org.ID, "alice", "ci", auth.LevelUser)
	require.NoError(t, err)
	guess := "bodhiapp_guess_0123456789abcdefghijklmnopqrstuvwxyz01"
	limited := func(peer string) bool { // four failures from peer: the fourth is 429 while counting works
		var last int
		for range 4 {
			last = bearerCall(t, a, peer, guess).status
		}
		return last == http.StatusTooManyRequests
	}
	require.True(t, limited("192.0.2.1"))

	srv.Stop()
	for range 10 {
		start := time.Now()
		r := bearerCall(t, a, "192.0.2.1", guess)
		require.Equal(t, http.StatusUnauthorized, r.status, "fail open: %s", r.body)
		require.Less(t, time.Since(start), time.Second, "an outage costs no waiting")
	}
	require.Equal(t, http.StatusOK, bearerCall(t, a, "192.0.2.1", token).status)

	srv.Start()
	peer := 10
	require.Eventually(t, func() bool { peer++; return limited(fmt.Sprintf("192.0.2.%d", peer)) }, 30*time.Second,
		200*time.Millisecond, "counting resumes once Redis is back")
}
