package server

import (
	"bytes"
	"context"
	"crypto/rand"
	"encoding/base64"
	"encoding/json"
	"errors"
	"fmt"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/gin-gonic/gin"
	"github.com/stretchr/testify/require"

	"github.com/bodhiapp/bodhi/auth"
	"github.com/bodhiapp/bodhi/cache"
	"github.com/bodhiapp/bodhi/db"
	"github.com/bodhiapp/bodhi/throttle"
)

// fakeTokens is the token table, counting the lookups that would reach the database.
type fakeTokens struct {
	db.TokenRepository
	mu      sync.Mutex
	rows    map[string]db.APIToken // by org id + prefix
	lookups atomic.Int64
	err     error // answered by every lookup when set (a database outage)
}

func (f *fakeTokens) GetAPITokenByPrefix(_ context.Context, orgID, prefix string) (db.APIToken, error) {
	f.lookups.Add(1)
	f.mu.Lock()
	defer f.mu.Unlock()
	if f.err != nil {
		return db.APIToken{}, f.err
	}
	row, ok := f.rows[orgID+prefix]
	if !ok {
		return db.APIToken{}, db.ErrNotFound
	}
	return row, nil
}

// add stores a new active user-scope token of orgID and returns it.
func (f *fakeTokens) add(t testing.TB, orgID string) string {
	token := randomAPIToken(t)
	f.mu.Lock()
	defer f.mu.Unlock()
	f.rows[orgID+token[:17]] = db.APIToken{ID: "id-" + token[9:17], UserID: "alice", TokenPrefix: token[:17],
		TokenHash: auth.HashToken(token), Scopes: auth.LevelUser.TokenScope(), Status: db.TokenActive}
	return token
}

func randomAPIToken(t testing.TB) string {
	b := make([]byte, 32)
	_, err := rand.Read(b)
	require.NoError(t, err)
	return auth.APITokenPrefix + base64.RawURLEncoding.EncodeToString(b)
}

// countingLimiter counts the calls that reach the failure counters; with err set, every call fails (an outage).
type countingLimiter struct {
	throttle.Limiter
	fails, checks atomic.Int64
	err           error
}

func (l *countingLimiter) Fail(ctx context.Context, key string) (int, time.Duration, error) {
	l.fails.Add(1)
	if l.err != nil {
		return 0, 0, l.err
	}
	return l.Limiter.Fail(ctx, key)
}

func (l *countingLimiter) Blocked(ctx context.Context, key string, limit int) (time.Duration, bool, error) {
	l.checks.Add(1)
	if l.err != nil {
		return 0, false, l.err
	}
	return l.Limiter.Blocked(ctx, key, limit)
}

func (l *countingLimiter) calls() int64 { return l.fails.Load() + l.checks.Load() }

// bearerBundle is a router with one strict and one optional route behind the real authentication step.
type bearerBundle struct {
	engine   *gin.Engine
	tokens   *fakeTokens
	counters *countingLimiter
	org      *auth.OrgContext
	logs     *bytes.Buffer
}

func newBearerBundle(t testing.TB, perAddr, perOrg int) *bearerBundle {
	b := &bearerBundle{
		tokens:   &fakeTokens{rows: map[string]db.APIToken{}},
		counters: &countingLimiter{Limiter: throttle.NewMemory(throttle.Window, nil)},
		org:      &auth.OrgContext{OrgID: "org-acme", Slug: "acme", KCClientID: "bodhi-acme"},
		logs:     &bytes.Buffer{},
	}
	log := slog.New(slog.NewTextHandler(b.logs, nil))
	shared := cache.NewMemory(nil)
	// The verifier's issuer is never reached: the bad JWTs below fail before any key is needed.
	verifier := auth.NewVerifier("http://127.0.0.1:9/realms/test", nil, time.Now)
	s := &Server{
		deps: Deps{Logger: log, Auth: &auth.Service{
			APITokens: auth.NewAPITokens(b.tokens, shared, nil),
			External:  auth.NewExternalTokens(verifier, nil, shared, nil, time.Now),
		}},
		failures: newAuthFailures(b.counters, perAddr, perOrg, log),
	}
	gin.SetMode(gin.ReleaseMode)
	b.engine = gin.New()
	withOrg := func(c *gin.Context) { c.Request = c.Request.WithContext(WithOrg(c.Request.Context(), b.org)) }
	answer := func(c *gin.Context) { c.JSON(http.StatusOK, gin.H{"kind": Identity(c.Request.Context()).Kind}) }
	b.engine.GET("/strict", withOrg, s.guard(GroupUserAny), answer)
	b.engine.GET("/optional", withOrg, s.guard(GroupOptional), answer)
	return b
}

// call sends token to path from the client address addr.
func (b *bearerBundle) call(path, addr, token string) *httptest.ResponseRecorder {
	req := httptest.NewRequest(http.MethodGet, path, nil)
	req.RemoteAddr = addr + ":40000"
	req.Header.Set("Authorization", "Bearer "+token)
	rec := httptest.NewRecorder()
	b.engine.ServeHTTP(rec, req)
	return rec
}

func errorBody(t *testing.T, rec *httptest.ResponseRecorder) APIError {
	var body struct{ Error APIError }
	require.NoError(t, json.Unmarshal(rec.Body.Bytes(), &body), "%s", rec.Body)
	return body.Error
}

// TestValidTokenHotPathSkipsCounters: once a valid token's row is in process memory, its requests never reach
// the failure counters (no Redis round trip) nor the database, even from an address that is over its limit.
func TestValidTokenHotPathSkipsCounters(t *testing.T) {
	b := newBearerBundle(t, 5, 1000)
	token := b.tokens.add(t, b.org.OrgID)
	require.Equal(t, http.StatusOK, b.call("/strict", "192.0.2.1", token).Code)
	require.EqualValues(t, 1, b.counters.checks.Load(), "a token not in memory is looked up only after the check")
	require.EqualValues(t, 1, b.tokens.lookups.Load())

	for range 10 {
		b.call("/strict", "192.0.2.1", randomAPIToken(t))
	}
	require.Equal(t, http.StatusTooManyRequests, b.call("/strict", "192.0.2.1", randomAPIToken(t)).Code)
	calls, lookups := b.counters.calls(), b.tokens.lookups.Load()
	for range 100 {
		rec := b.call("/strict", "192.0.2.1", token)
		require.Equal(t, http.StatusOK, rec.Code, "%s", rec.Body)
		require.Empty(t, rec.Header().Get("Retry-After"))
	}
	require.Equal(t, calls, b.counters.calls(), "the hot path never calls the counters")
	require.Equal(t, lookups, b.tokens.lookups.Load(), "nor the database")
}

// TestThrottledAddressSkipsTheDatabase: past its limit an address gets 429 with Retry-After for every token
// memory cannot prove, and none of those requests reads the token table.
func TestThrottledAddressSkipsTheDatabase(t *testing.T) {
	b := newBearerBundle(t, 5, 1000)
	for i := range 5 {
		rec := b.call("/strict", "192.0.2.1", randomAPIToken(t))
		require.Equal(t, http.StatusUnauthorized, rec.Code, "failure %d is within the allowance", i+1)
		require.Equal(t, "token_error-invalid_token", errorBody(t, rec).Code)
	}
	require.EqualValues(t, 5, b.tokens.lookups.Load())

	unseen := b.tokens.add(t, b.org.OrgID) // valid, but this replica never verified it
	for _, token := range append([]string{unseen}, randomTokens(t, 200)...) {
		rec := b.call("/strict", "192.0.2.1", token)
		require.Equal(t, http.StatusTooManyRequests, rec.Code, "%s", rec.Body)
		e := errorBody(t, rec)
		require.Equal(t, "auth_error-too_many_failures", e.Code)
		require.Equal(t, TypeTooManyRequests, e.Type)
		require.Contains(t, e.Message, "from this address")
		secs, err := strconv.Atoi(rec.Header().Get("Retry-After"))
		require.NoError(t, err)
		require.True(t, secs >= 50 && secs <= 60, "Retry-After is the time left in the window: %d", secs)
	}
	require.EqualValues(t, 5, b.tokens.lookups.Load(), "throttled requests never read the token table")
	require.Equal(t, 1, strings.Count(b.logs.String(), "used up its failed-authentication allowance"),
		"one warning per address and window: %s", b.logs.String())

	rec := b.call("/optional", "192.0.2.1", randomAPIToken(t))
	require.Equal(t, http.StatusTooManyRequests, rec.Code, "optional routes too: the caller sent a credential")

	rec = b.call("/strict", "192.0.2.2", unseen)
	require.Equal(t, http.StatusOK, rec.Code, "another address is not held back: %s", rec.Body)
	rec = b.call("/strict", "192.0.2.1", unseen)
	require.Equal(t, http.StatusOK, rec.Code, "once in memory, the token works from the throttled address too")
}

func randomTokens(t *testing.T, n int) []string {
	out := make([]string, n)
	for i := range out {
		out[i] = randomAPIToken(t)
	}
	return out
}

// TestOrgLimitNeverBlocksLookups: failures spread over many addresses turn into 429 once the org's limit is
// passed, yet every credential is still looked up, so the org's valid tokens keep working.
func TestOrgLimitNeverBlocksLookups(t *testing.T) {
	b := newBearerBundle(t, 3, 6)
	addr := func(i int) string { return fmt.Sprintf("198.51.100.%d", i+1) }
	codes := []int{}
	for i := range 9 { // three failures from each of three addresses
		codes = append(codes, b.call("/strict", addr(i/3), randomAPIToken(t)).Code)
	}
	require.Equal(t, []int{401, 401, 401, 401, 401, 401, 429, 429, 429}, codes)
	rec := b.call("/strict", addr(5), randomAPIToken(t))
	require.Equal(t, http.StatusTooManyRequests, rec.Code)
	require.Contains(t, errorBody(t, rec).Message, "for this organization")
	require.NotEmpty(t, rec.Header().Get("Retry-After"))
	require.EqualValues(t, 10, b.tokens.lookups.Load(), "the org limit held back no lookup")
	require.Equal(t, 1, strings.Count(b.logs.String(), "org passed its failed-authentication limit"), b.logs.String())

	token := b.tokens.add(t, b.org.OrgID)
	require.Equal(t, http.StatusOK, b.call("/strict", addr(6), token).Code, "a valid token of the org still works")

	// One address cannot push the org over its limit: past its own allowance its failures are not the org's.
	b2 := newBearerBundle(t, 3, 6)
	for range 10 {
		b2.call("/strict", "203.0.113.1", "not.a.jwt")
	}
	rec = b2.call("/strict", "203.0.113.2", randomAPIToken(t))
	require.Equal(t, http.StatusUnauthorized, rec.Code, "the org counted 3 of one address's 10 failures, then this one")
}

// TestOnlyRefusalsAreCounted: a database outage is a 500, not a failure of the caller's, and is not counted;
// bad JWTs are counted but never held back before their (local) check.
func TestOnlyRefusalsAreCounted(t *testing.T) {
	b := newBearerBundle(t, 2, 1000)
	b.tokens.err = errors.New("database down")
	for range 5 {
		require.Equal(t, http.StatusInternalServerError, b.call("/strict", "192.0.2.1", randomAPIToken(t)).Code)
	}
	require.Zero(t, b.counters.fails.Load())

	codes := []int{}
	for range 4 {
		codes = append(codes, b.call("/strict", "192.0.2.9", "not.a.jwt").Code)
	}
	require.Equal(t, []int{401, 401, 429, 429}, codes)
	checks := b.counters.checks.Load()
	b.call("/strict", "192.0.2.9", "still.not.a.jwt")
	require.Equal(t, checks, b.counters.checks.Load(), "a JWT is checked locally first, not held back")

	codes = codes[:0]
	for range 3 {
		codes = append(codes, b.call("/optional", "192.0.2.10", "Bearer-less garbage").Code)
	}
	require.Equal(t, []int{200, 200, 429}, codes, "optional routes: anonymous within the allowance, then 429")
}

// TestCountersUnavailableFailOpen: with the counters unreachable nothing is blocked or counted, requests are
// answered as without a limit, and the warning is logged once, not per request.
func TestCountersUnavailableFailOpen(t *testing.T) {
	b := newBearerBundle(t, 1, 1)
	b.counters.err = throttle.ErrUnavailable
	for range 50 {
		require.Equal(t, http.StatusUnauthorized, b.call("/strict", "192.0.2.1", randomAPIToken(t)).Code)
	}
	token := b.tokens.add(t, b.org.OrgID)
	require.Equal(t, http.StatusOK, b.call("/strict", "192.0.2.1", token).Code)
	require.Equal(t, 1, strings.Count(b.logs.String(), "failed-authentication counters unavailable"), b.logs.String())
}

func TestAddrKey(t *testing.T) {
	for ip, want := range map[string]string{
		"192.0.2.7":              "authfail:addr:192.0.2.7",
		"::ffff:192.0.2.7":       "authfail:addr:192.0.2.7",
		"2001:db8:1:2:3:4:5:6":   "authfail:addr:2001:db8:1:2::/64",
		"2001:db8:1:2:ffff::1":   "authfail:addr:2001:db8:1:2::/64",
		"2001:db8:1:3::1":        "authfail:addr:2001:db8:1:3::/64",
		"::1":                    "authfail:addr:::/64",
		"not an address (a bug)": "authfail:addr:not an address (a bug)",
	} {
		require.Equal(t, want, addrKey(ip), ip)
	}
}

func TestTooManyFailuresRetryAfter(t *testing.T) {
	for d, want := range map[time.Duration]string{0: "1", time.Millisecond: "1", time.Second: "1",
		1001 * time.Millisecond: "2", 59500 * time.Millisecond: "60"} {
		rec := httptest.NewRecorder()
		c, _ := gin.CreateTestContext(rec)
		e := tooManyFailures(c, overLimit{retryAfter: d})
		require.Equal(t, want, rec.Header().Get("Retry-After"), d)
		require.Equal(t, http.StatusTooManyRequests, e.Status())
		require.Contains(t, e.Message, "retry after "+want+" s.")
	}
}

// BenchmarkValidTokenHotPath: a warm valid API token through the authentication step, with the failure counters'
// and the token table's calls per request reported (both 0).
func BenchmarkValidTokenHotPath(b *testing.B) {
	bundle := newBearerBundle(b, 5, 1000)
	token := bundle.tokens.add(b, bundle.org.OrgID)
	if rec := bundle.call("/strict", "192.0.2.1", token); rec.Code != http.StatusOK {
		b.Fatalf("warm-up: %d %s", rec.Code, rec.Body)
	}
	calls, lookups := bundle.counters.calls(), bundle.tokens.lookups.Load()
	b.ReportAllocs()
	for b.Loop() {
		if rec := bundle.call("/strict", "192.0.2.1", token); rec.Code != http.StatusOK {
			b.Fatalf("%d %s", rec.Code, rec.Body)
		}
	}
	b.ReportMetric(float64(bundle.counters.calls()-calls)/float64(b.N), "counter-calls/op")
	b.ReportMetric(float64(bundle.tokens.lookups.Load()-lookups)/float64(b.N), "db-lookups/op")
}
