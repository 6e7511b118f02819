package app

import (
	"context"
	"net/http"
	"testing"
	"time"

	"github.com/redis/rueidis"
	"github.com/stretchr/testify/require"

	"github.com/bodhiapp/bodhi/auth"
	"github.com/bodhiapp/bodhi/clocktest"
	"github.com/bodhiapp/bodhi/config"
	"github.com/bodhiapp/bodhi/db"
	"github.com/bodhiapp/bodhi/dbtest"
)

// noHang is the generous bound within which a request must come back at all while the database is stalled (a
// correctness check: without deadlines these requests never return). The database deadline is far below it.
const (
	stallDBTimeout = "BODHI_DB_TIMEOUT_MS=500"
	noHang         = 5 * time.Second
)

// TestDatabaseStallHosted pauses PostgreSQL (a relay that stops passing bytes, as SIGSTOP looks to clients) under
// a hosted server whose cached entries have all expired: requests whose org, token and model list were cached are
// still served from the last good copies, requests that need the database answer 503 db_error-unavailable within
// the deadline, /health answers at once, and everything recovers when the database does. Past the stale window,
// the old copies are no longer served.
func TestDatabaseStallHosted(t *testing.T) {
	relay := dbtest.NewStall(t, dbtest.PostgresTarget(t))
	redisURL, prefix := dbtest.Redis(t)
	clock := clocktest.New(time.Now())
	a := newStallApp(t, relay.StalledPostgres(), clock, "BODHI_MULTI_TENANT=true", "REDIS_URL="+redisURL,
		"BODHI_REDIS_PREFIX="+prefix, "BODHI_ORG_DOMAIN=localhost")
	st := warmStallFixture(t, a, "acme.localhost")

	// Every cached entry expires: in process (the clock) and in Redis (deleted, as its TTL would).
	clock.Advance(90 * time.Second)
	deleteRedisPrefix(t, redisURL, prefix)
	relay.Pause()
	resumed := false
	t.Cleanup(func() {
		if !resumed {
			relay.Resume()
		}
	})
	st.duringStall(t)

	// Past the stale window nothing old is served: the database's absence shows.
	clock.Advance(10 * time.Minute)
	r := st.models(t, st.token)
	require.Equal(t, http.StatusServiceUnavailable, r.status, "%s", r.body)
	require.Equal(t, "db_error-unavailable", errorCode(t, r))

	relay.Resume()
	resumed = true
	st.afterStall(t)
}

// TestDatabaseStallStandalone holds SQLite's one connection (a long transaction or a frozen disk looks like this
// to the server): the same guarantees as hosted, on SQLite and the in-process cache.
func TestDatabaseStallStandalone(t *testing.T) {
	clock := clocktest.New(time.Now())
	a := newStallApp(t, dbtest.Dialect{Name: "sqlite", URL: dbtest.SQLiteURL}, clock)
	st := warmStallFixture(t, a, "localhost")

	clock.Advance(90 * time.Second) // the in-process shared cache runs on the same clock
	held, err := a.store.Conn().SQL.Conn(context.Background())
	require.NoError(t, err)
	released := false
	release := func() {
		if !released {
			released = true
			require.NoError(t, held.Close())
		}
	}
	t.Cleanup(release)
	st.duringStall(t)
	release()
	st.afterStall(t)
}

func newStallApp(t *testing.T, d dbtest.Dialect, clock *clocktest.Clock, env ...string) *App {
	t.Helper()
	appURL, sessionURL := d.URL(t), d.URL(t)
	env = append([]string{
		"BODHI_HOME=" + t.TempDir(), "DATABASE_URL=" + appURL, "SESSION_DB_URL=" + sessionURL,
		"BODHI_ENCRYPTION_KEY=" + testKey, stallDBTimeout,
	}, env...)
	cfg, err := config.Load(nil, env, map[string]string{"BODHI_VERSION": "9.9.9"})
	require.NoError(t, err)
	a, err := New(context.Background(), cfg, WithClock(clock.Now))
	require.NoError(t, err)
	t.Cleanup(func() { a.Close(context.Background()) })
	return a
}

type stallFixture struct {
	a     *App
	host  string
	token string // an API token whose row, org and model list were cached before the stall
	cold  string // a valid API token never used, so never cached
}

func warmStallFixture(t *testing.T, a *App, host string) *stallFixture {
	t.Helper()
	ctx := context.Background()
	org := mkOrg(t, a, "acme", db.OrgActive)
	tokens := auth.NewAPITokens(a.store, a.cache, nil)
	warm, _, err := tokens.Create(ctx, org.ID, "alice", "warm", auth.LevelUser)
	require.NoError(t, err)
	cold, _, err := tokens.Create(ctx, org.ID, "alice", "cold", auth.LevelUser)
	require.NoError(t, err)
	st := &stallFixture{a: a, host: host, token: warm, cold: cold}
	r := st.models(t, warm)
	require.Equal(t, http.StatusOK, r.status, "%s", r.body)
	return st
}

// models calls GET /v1/models with token, failing the test if no answer comes within noHang.
func (st *stallFixture) models(t *testing.T, token string) response {
	t.Helper()
	return within(t, func() response {
		return callHost(t, st.a, st.host, "/v1/models", withHeader("Authorization", "Bearer "+token))
	})
}

func (st *stallFixture) health(t *testing.T) response {
	t.Helper()
	return within(t, func() response { return call(t, st.a, http.MethodGet, "/health") })
}

func within(t *testing.T, do func() response) response {
	t.Helper()
	done := make(chan response, 1)
	go func() { done <- do() }()
	select {
	case r := <-done:
		return r
	case <-time.After(noHang):
		t.Fatalf("no answer within %v while the database is stalled", noHang)
		return response{}
	}
}

func (st *stallFixture) duringStall(t *testing.T) {
	t.Helper()
	for i := 0; i < 3; i++ { // the first caller waits briefly for the reload; the next ones are served at once
		r := st.models(t, st.token)
		require.Equal(t, http.StatusOK, r.status, "the last good org, token and model list stand in: %s", r.body)
	}
	r := st.models(t, st.cold)
	require.Equal(t, http.StatusServiceUnavailable, r.status, "a token never cached needs the database: %s", r.body)
	require.Equal(t, "db_error-unavailable", errorCode(t, r))

	h := st.health(t)
	require.Equal(t, http.StatusServiceUnavailable, h.status, "%s", h.body)
	require.Equal(t, "error", h.json(t)["database"].(map[string]any)["status"])
}

func (st *stallFixture) afterStall(t *testing.T) {
	t.Helper()
	require.Eventually(t, func() bool {
		return st.models(t, st.cold).status == http.StatusOK && st.health(t).status == http.StatusOK
	}, 3*noHang, 50*time.Millisecond, "requests and /health recover with the database")
}

// deleteRedisPrefix removes every key of prefix without announcing it, as expiry would.
func deleteRedisPrefix(t *testing.T, url, prefix string) {
	t.Helper()
	opts, err := rueidis.ParseURL(url)
	require.NoError(t, err)
	opts.DisableCache = true
	client, err := rueidis.NewClient(opts)
	require.NoError(t, err)
	defer client.Close()
	ctx := context.Background()
	keys, err := client.Do(ctx, client.B().Keys().Pattern(prefix+"*").Build()).AsStrSlice()
	require.NoError(t, err)
	for _, k := range keys {
		require.NoError(t, client.Do(ctx, client.B().Del().Key(k).Build()).Error())
	}
}
