package app_test

import (
	"encoding/base64"
	"net/http"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/bodhiapp/bodhi/apptest"
	"github.com/bodhiapp/bodhi/db"
)

// appToken gets a third-party app's token for user from the identity provider (password grant, tests only).
func appToken(t *testing.T, idp *apptest.IdP, user, scope string) string {
	t.Helper()
	return tokenFor(t, idp, apptest.AppClientID, apptest.AppSecret, user, scope)
}

func bearer(t *testing.T, d deployment, slug, token string) *apptest.Browser {
	b := d.browser(t, slug)
	b.Headers.Set("Authorization", "Bearer "+token)
	return b
}

func TestExternalAppTokens(t *testing.T) {
	d := startDeployment(t, true, 0)
	token := appToken(t, d.idp, "bob", "openid profile email roles scope_user_user scope_resource-bodhi-acme")

	for i := 0; i < 3; i++ { // the exchange is cached after the first call
		r := bearer(t, d, "acme", token).Do(http.MethodGet, "/bodhi/v1/user", nil)
		require.Equal(t, http.StatusOK, r.Status, "%s", r.Body)
		body := r.JSON(t)
		require.Equal(t, "logged_in", body["auth_status"])
		require.Equal(t, "bob", body["username"])
		require.Equal(t, "scope_user_user", body["role"])
	}
	require.Equal(t, 1, d.idp.Stats().ExchangeByClient[apptest.Acme.ClientID], "one exchange, then the cache")

	r := bearer(t, d, "globex", token).Do(http.MethodGet, "/bodhi/v1/orgs/user-memberships", nil)
	require.Equal(t, http.StatusUnauthorized, r.Status)
	require.Equal(t, "token_error-invalid_audience", r.ErrorCode(t), "a token for acme's client is refused at globex")

	r = bearer(t, d, "acme", token).Do(http.MethodGet, "/bodhi/v1/tokens", nil)
	require.Equal(t, http.StatusUnauthorized, r.Status)
	require.Equal(t, "api_auth_error-missing_auth", r.ErrorCode(t), "external apps never reach session-only routes")

	noUserScope := appToken(t, d.idp, "bob", "openid profile scope_resource-bodhi-acme")
	r = bearer(t, d, "acme", noUserScope).Do(http.MethodGet, "/bodhi/v1/orgs/user-memberships", nil)
	require.Equal(t, "token_error-scope_empty", r.ErrorCode(t))

	r = bearer(t, d, "acme", appToken(t, d.idp, "bob", "openid scope_user_user scope_access_request:"+
		"00000000-0000-0000-0000-000000000000 scope_resource-bodhi-acme")).Do(http.MethodGet, "/bodhi/v1/orgs/user-memberships", nil)
	require.Equal(t, http.StatusUnauthorized, r.Status, "the unknown consent scope is not granted, so not presented")
}

// TestBadJWTs: tampered, wrongly signed, wrong-issuer, expired and wrong-audience tokens are 401, never 500.
func TestBadJWTs(t *testing.T) {
	d := startDeployment(t, true, 0)
	good := appToken(t, d.idp, "bob", "openid profile scope_user_user scope_resource-bodhi-acme")
	parts := strings.Split(good, ".")

	other := apptest.StartIdP(t, apptest.TwoOrgSeed(true, d.bodhi.Port), 0) // another key, another issuer
	foreign := appToken(t, other, "bob", "openid profile scope_user_user scope_resource-bodhi-acme")

	// Same issuer string, different signing key: a forgery.
	payload := decodeSegment(t, parts[1])
	forgedParts := strings.Split(foreign, ".")
	forged := forgedParts[0] + "." + base64.RawURLEncoding.EncodeToString(payload) + "." + forgedParts[2]

	tampered := parts[0] + "." + base64.RawURLEncoding.EncodeToString(
		[]byte(strings.Replace(string(payload), `"bob"`, `"alice"`, 1))) + "." + parts[2]

	cases := map[string]struct {
		token, code string
	}{
		"tampered":      {tampered, "token_error-invalid_token"},
		"forged":        {forged, "token_error-invalid_token"},
		"wrong issuer":  {foreign, "token_error-invalid_issuer"},
		"garbage":       {"not.a.jwt", "token_error-invalid_token"},
		"not even dots": {"abc", "token_error-invalid_token"},
	}
	for name, c := range cases {
		r := bearer(t, d, "acme", c.token).Do(http.MethodGet, "/bodhi/v1/orgs/user-memberships", nil)
		require.Equal(t, http.StatusUnauthorized, r.Status, "%s: %s", name, r.Body)
		require.Equal(t, c.code, r.ErrorCode(t), name)
	}
}

func decodeSegment(t *testing.T, s string) []byte {
	b, err := base64.RawURLEncoding.DecodeString(s)
	require.NoError(t, err)
	return b
}

// TestExpiredTokens: an expired external token is token_error-expired.
func TestExpiredExternalToken(t *testing.T) {
	d := startDeployment(t, true, time.Second)
	token := appToken(t, d.idp, "bob", "openid profile scope_user_user scope_resource-bodhi-acme")
	time.Sleep(2100 * time.Millisecond)
	r := bearer(t, d, "acme", token).Do(http.MethodGet, "/bodhi/v1/orgs/user-memberships", nil)
	require.Equal(t, http.StatusUnauthorized, r.Status)
	require.Equal(t, "token_error-expired", r.ErrorCode(t))
}

// TestConcurrentRefreshHappensOnce: 20 concurrent requests with an access token due for refresh cause exactly one
// refresh at the identity provider.
func TestConcurrentRefreshHappensOnce(t *testing.T) {
	for _, hosted := range []bool{true, false} {
		t.Run(map[bool]string{true: "hosted", false: "standalone"}[hosted], func(t *testing.T) {
			d := startDeployment(t, hosted, 12*time.Second) // refreshed once within 10 s of expiry
			alice := loggedIn(t, d, "acme", "alice")
			time.Sleep(2500 * time.Millisecond)
			var wg sync.WaitGroup
			results := make([]apptest.Response, 20)
			for i := range results {
				wg.Add(1)
				go func() {
					defer wg.Done()
					results[i] = alice.Do(http.MethodGet, "/bodhi/v1/user", nil)
				}()
			}
			wg.Wait()
			for _, r := range results {
				require.Equal(t, "logged_in", r.JSON(t)["auth_status"], "%s", r.Body)
			}
			require.Equal(t, 1, d.idp.Stats().RefreshByUser["alice"], "one refresh for 20 requests")
		})
	}
}

// TestTransientRefreshFailureKeepsTheLogin: while the identity provider is down, a session due for refresh is
// anonymous on optional routes, but the login is kept: once the provider is back the next request refreshes it.
func TestTransientRefreshFailureKeepsTheLogin(t *testing.T) {
	for _, hosted := range []bool{true, false} {
		t.Run(map[bool]string{true: "hosted", false: "standalone"}[hosted], func(t *testing.T) {
			t.Parallel()
			d := startDeployment(t, hosted, 12*time.Second)
			alice := loggedIn(t, d, "acme", "alice")
			time.Sleep(2500 * time.Millisecond) // now within 10 s of expiry: due for refresh
			d.idp.SetDown(true)
			r := alice.Do(http.MethodGet, "/bodhi/v1/user", nil)
			require.Equal(t, http.StatusOK, r.Status, "%s", r.Body)
			require.Equal(t, "logged_out", r.JSON(t)["auth_status"], "no identity while the refresh cannot happen")
			d.idp.SetDown(false)
			r = alice.Do(http.MethodGet, "/bodhi/v1/user", nil)
			require.Equal(t, "logged_in", r.JSON(t)["auth_status"], "the login survived the outage: %s", r.Body)
			require.Equal(t, 1, d.idp.Stats().RefreshByUser["alice"])
		})
	}
}

func TestSuspensionEndsAccess(t *testing.T) {
	d := startDeployment(t, true, 0)
	alice := loggedIn(t, d, "acme", "alice")
	r := alice.Do(http.MethodGet, "/bodhi/v1/tokens", nil)
	require.Equal(t, http.StatusOK, r.Status)

	provisionStatus(t, d, "acme", db.OrgSuspended)
	require.Eventually(t, func() bool {
		return alice.Do(http.MethodGet, "/bodhi/v1/tokens", nil).Status == http.StatusForbidden
	}, 5*time.Second, 10*time.Millisecond)
	r = alice.Do(http.MethodGet, "/bodhi/v1/user", nil)
	require.Equal(t, "org_error-suspended", r.ErrorCode(t))
}

func provisionStatus(t *testing.T, d deployment, slug, status string) {
	d.bodhi.SetOrgStatus(t, slug, status)
}
