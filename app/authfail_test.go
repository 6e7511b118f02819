package app_test

import (
	"crypto/rand"
	"encoding/base64"
	"net/http"
	"strconv"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/bodhiapp/bodhi/apptest"
)

// The failed-authentication limits of these tests: low, so a few requests reach them. The test client is a
// trusted proxy, so X-Forwarded-For stands for clients at other addresses.
var failLimitEnv = []string{"BODHI_AUTH_FAIL_LIMIT_ADDR=5", "BODHI_AUTH_FAIL_LIMIT_ORG=1000",
	"BODHI_TRUSTED_PROXIES=127.0.0.1/32"}

// guess is a well-formed API token that no one holds.
func guess(t *testing.T) string {
	b := make([]byte, 32)
	_, err := rand.Read(b)
	require.NoError(t, err)
	return "bodhiapp_" + base64.RawURLEncoding.EncodeToString(b)
}

// from is a bearer client of slug whose address, as Bodhi sees it, is addr ("" for the test's own, 127.0.0.1).
func from(t *testing.T, d deployment, slug, addr, token string) *apptest.Browser {
	b := bearer(t, d, slug, token)
	if addr != "" {
		b.Headers.Set("X-Forwarded-For", addr)
	}
	return b
}

// requireTooMany checks a 429 of the failed-authentication limit: its code, type, and a Retry-After of whole
// seconds within the one-minute window.
func requireTooMany(t *testing.T, r apptest.Response, who string) {
	t.Helper()
	require.Equal(t, http.StatusTooManyRequests, r.Status, "%s", r.Body)
	require.Equal(t, "auth_error-too_many_failures", r.ErrorCode(t))
	e := r.JSON(t)["error"].(map[string]any)
	require.Equal(t, "rate_limit_error", e["type"])
	require.Contains(t, e["message"], who)
	secs, err := strconv.Atoi(r.Header.Get("Retry-After"))
	require.NoError(t, err, "Retry-After %q", r.Header.Get("Retry-After"))
	require.True(t, secs >= 1 && secs <= 60, "Retry-After %d", secs)
}

// createToken makes a user-scope token as carol, through her session.
func createToken(t *testing.T, carol *apptest.Browser) string {
	t.Helper()
	r := carol.Do(http.MethodPost, "/bodhi/v1/tokens", map[string]string{"scope": "scope_token_user"})
	require.Equal(t, http.StatusCreated, r.Status, "%s", r.Body)
	return r.JSON(t)["token"].(string)
}

// waitCoherent waits until the server's cache receives invalidations: before that, nothing in process memory is
// trusted (runtime.md §6.5), so no token could be proven valid from memory.
func waitCoherent(t *testing.T, d deployment) {
	t.Helper()
	health := apptest.NewBrowser(t, d.bodhi.Host("acme"))
	require.Eventually(t, func() bool {
		r := health.Do(http.MethodGet, "/health", nil)
		return r.Status == http.StatusOK && r.JSON(t)["status"] == "ok"
	}, 10*time.Second, 20*time.Millisecond)
}

// TestFailedAuthLimitPerAddress: past BODHI_AUTH_FAIL_LIMIT_ADDR failures an address gets 429 with Retry-After,
// while tokens proven valid from memory, sessions, and other addresses carry on unhindered.
func TestFailedAuthLimitPerAddress(t *testing.T) {
	forEachDeploymentWith(t, failLimitEnv, func(t *testing.T, d deployment) {
		waitCoherent(t, d)
		carol := loggedIn(t, d, "acme", "carol")
		used := createToken(t, carol)
		require.Equal(t, http.StatusOK, from(t, d, "acme", "", used).Do(http.MethodGet, "/v1/models", nil).Status)

		for i := range 5 {
			r := from(t, d, "acme", "", guess(t)).Do(http.MethodGet, "/v1/models", nil)
			require.Equal(t, http.StatusUnauthorized, r.Status, "failure %d is within the allowance", i+1)
			require.Equal(t, "token_error-invalid_token", r.ErrorCode(t))
		}
		for range 3 {
			requireTooMany(t, from(t, d, "acme", "", guess(t)).Do(http.MethodGet, "/v1/models", nil), "from this address")
		}
		requireTooMany(t, from(t, d, "acme", "", "not.a.jwt").Do(http.MethodGet, "/v1/models", nil), "from this address")
		requireTooMany(t, from(t, d, "acme", "", guess(t)).Do(http.MethodGet, "/bodhi/v1/user", nil), "from this address")

		r := from(t, d, "acme", "", used).Do(http.MethodGet, "/v1/models", nil)
		require.Equal(t, http.StatusOK, r.Status, "a token proven valid from memory is never held back: %s", r.Body)
		r = from(t, d, "acme", "198.51.100.7", guess(t)).Do(http.MethodGet, "/v1/models", nil)
		require.Equal(t, http.StatusUnauthorized, r.Status, "another address has its own allowance")

		// A session is not a bearer credential: carol works on from the throttled address.
		fresh := createToken(t, carol)
		requireTooMany(t, from(t, d, "acme", "", fresh).Do(http.MethodGet, "/v1/models", nil), "from this address")
		r = from(t, d, "acme", "203.0.113.9", fresh).Do(http.MethodGet, "/v1/models", nil)
		require.Equal(t, http.StatusOK, r.Status, "a new token works from an address within its allowance")
		r = from(t, d, "acme", "", fresh).Do(http.MethodGet, "/v1/models", nil)
		require.Equal(t, http.StatusOK, r.Status, "and, once verified here, from the throttled address too")
	})
}

// TestFailedAuthLimitPerOrg: failures spread over many addresses, none past its own allowance, turn into 429
// once the org's limit is passed; the org's valid tokens keep working, even ones never used before.
func TestFailedAuthLimitPerOrg(t *testing.T) {
	forEachDeploymentWith(t, []string{"BODHI_AUTH_FAIL_LIMIT_ADDR=3", "BODHI_AUTH_FAIL_LIMIT_ORG=6",
		"BODHI_TRUSTED_PROXIES=127.0.0.1/32"}, func(t *testing.T, d deployment) {
		waitCoherent(t, d)
		carol := loggedIn(t, d, "acme", "carol")
		used := createToken(t, carol)
		require.Equal(t, http.StatusOK, from(t, d, "acme", "10.0.0.99", used).Do(http.MethodGet, "/v1/models", nil).Status)
		fresh := createToken(t, carol)

		var statuses []int
		for i := range 9 { // three addresses, three failures each: within every address's allowance
			addr := "10.0.0." + strconv.Itoa(1+i/3)
			statuses = append(statuses, from(t, d, "acme", addr, guess(t)).Do(http.MethodGet, "/v1/models", nil).Status)
		}
		require.Equal(t, []int{401, 401, 401, 401, 401, 401, 429, 429, 429}, statuses)
		requireTooMany(t, from(t, d, "acme", "10.0.0.50", guess(t)).Do(http.MethodGet, "/v1/models", nil),
			"for this organization")

		r := from(t, d, "acme", "10.0.0.1", used).Do(http.MethodGet, "/v1/models", nil)
		require.Equal(t, http.StatusOK, r.Status, "%s", r.Body)
		r = from(t, d, "acme", "10.0.0.51", fresh).Do(http.MethodGet, "/v1/models", nil)
		require.Equal(t, http.StatusOK, r.Status, "the org limit never holds back a lookup: %s", r.Body)
		if d.bodhi.Hosted {
			r = from(t, d, "globex", "10.0.0.52", guess(t)).Do(http.MethodGet, "/v1/models", nil)
			require.Equal(t, http.StatusUnauthorized, r.Status, "another org has its own count")
		}
	})
}

// forEachDeploymentWith is forEachDeployment with extra settings.
func forEachDeploymentWith(t *testing.T, env []string, fn func(t *testing.T, d deployment)) {
	for _, hosted := range []bool{true, false} {
		t.Run(map[bool]string{true: "hosted", false: "standalone"}[hosted], func(t *testing.T) {
			t.Parallel()
			fn(t, startDeployment(t, hosted, 0, env...))
		})
	}
}
