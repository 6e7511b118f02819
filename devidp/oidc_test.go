package devidp_test

import (
	"net/http"
	"net/url"
	"strings"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/bodhiapp/bodhi/devidp"
)

func TestDiscoveryAndCerts(t *testing.T) {
	b := start(t)
	status, d := b.jsonCall(http.MethodGet, "/.well-known/openid-configuration", "", nil)
	require.Equal(t, http.StatusOK, status)
	require.Equal(t, b.srv.URL+"/realms/bodhi", d["issuer"])
	for key, suffix := range map[string]string{"authorization_endpoint": "auth", "token_endpoint": "token",
		"jwks_uri": "certs", "userinfo_endpoint": "userinfo", "end_session_endpoint": "logout"} {
		require.Equal(t, b.issuer+"/protocol/openid-connect/"+suffix, d[key], key)
	}
	require.Equal(t, []any{"S256"}, d["code_challenge_methods_supported"])
	require.Equal(t, []any{"RS256"}, d["id_token_signing_alg_values_supported"])
	require.ElementsMatch(t, []any{"authorization_code", "refresh_token", "client_credentials", "password",
		exchangeGrant}, d["grant_types_supported"])

	status, jwks := b.jsonCall(http.MethodGet, "/protocol/openid-connect/certs", "", nil)
	require.Equal(t, http.StatusOK, status)
	keys := jwks["keys"].([]any)
	require.Len(t, keys, 1)
	k := keys[0].(map[string]any)
	require.Equal(t, "RSA", k["kty"])
	require.Equal(t, "RS256", k["alg"])
	require.Equal(t, "sig", k["use"])
	require.NotEmpty(t, k["kid"])
	require.NotContains(t, k, "d", "never the private part")

	require.Equal(t, k["kid"], headerKid(t, b.userToken("alice")), "tokens name the served key")
}

func headerKid(t *testing.T, raw string) any {
	t.Helper()
	return claims(t, "x."+strings.Split(raw, ".")[0]+".x")["kid"]
}

func TestRealmOverride(t *testing.T) {
	b := start(t, func(c *devidp.Config) { c.Realm = "other" })
	require.Equal(t, b.srv.URL+"/realms/other", b.issuer)
	status, _ := b.jsonCall(http.MethodGet, "/.well-known/openid-configuration", "", nil)
	require.Equal(t, http.StatusOK, status)
	resp, err := http.Get(b.srv.URL + "/realms/bodhi/.well-known/openid-configuration")
	require.NoError(t, err)
	resp.Body.Close()
	require.Equal(t, http.StatusNotFound, resp.StatusCode)
}

func TestUserinfo(t *testing.T) {
	b := start(t)
	status, body := b.jsonCall(http.MethodGet, "/protocol/openid-connect/userinfo", b.userToken("alice"), nil)
	require.Equal(t, http.StatusOK, status)
	require.Equal(t, map[string]any{"sub": aliceID, "preferred_username": "alice", "email": "alice@acme.test",
		"given_name": "Alice", "family_name": "Admin"}, body)

	saID, _ := b.idp.ServiceAccountID("bodhi-acme")
	status, body = b.jsonCall(http.MethodPost, "/protocol/openid-connect/userinfo", b.serviceToken("bodhi-acme", acmeSecret), nil)
	require.Equal(t, http.StatusOK, status)
	require.Equal(t, map[string]any{"sub": saID, "preferred_username": "service-account-bodhi-acme"}, body)

	for _, bearer := range []string{"", "garbage"} {
		status, body = b.jsonCall(http.MethodGet, "/protocol/openid-connect/userinfo", bearer, nil)
		require.Equal(t, http.StatusUnauthorized, status)
		require.Equal(t, "invalid_token", body["error"])
	}
}

func TestLogout(t *testing.T) {
	b := start(t)
	authURL := b.url("/protocol/openid-connect/auth?") + url.Values{"response_type": {"code"},
		"client_id": {"bodhi-acme"}, "redirect_uri": {acmeCB}}.Encode()
	br := b.browser()
	require.Equal(t, http.StatusFound, br.submitLogin(b.srv.URL, br.get(authURL), "alice", "alice-pw").status)
	require.Equal(t, http.StatusFound, br.get(authURL).status, "signed in")

	out := br.get(b.url("/protocol/openid-connect/logout?") + url.Values{"client_id": {"bodhi-acme"},
		"post_logout_redirect_uri": {"http://acme.localhost/ui/login"}, "state": {"bye"}}.Encode())
	require.Equal(t, http.StatusFound, out.status)
	require.Equal(t, "http://acme.localhost/ui/login?state=bye", out.location)
	require.Equal(t, http.StatusOK, br.get(authURL).status, "the SSO session is gone: the form again")

	unregistered := br.get(b.url("/protocol/openid-connect/logout?") + url.Values{"client_id": {"bodhi-acme"},
		"post_logout_redirect_uri": {"http://evil.test/"}}.Encode())
	require.Equal(t, http.StatusOK, unregistered.status)
	require.Empty(t, unregistered.location)

	t.Run("POST revokes a refresh token", func(t *testing.T) {
		r := b.passwordToken("bodhi-acme", acmeSecret, "alice", "alice-pw", "")["refresh_token"].(string)
		revoke := func(form url.Values) int {
			req, err := http.NewRequest(http.MethodPost, b.url("/protocol/openid-connect/logout"),
				strings.NewReader(form.Encode()))
			require.NoError(t, err)
			req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
			status, _ := b.call(req)
			return status
		}
		require.Equal(t, http.StatusUnauthorized, revoke(url.Values{"client_id": {"bodhi-acme"},
			"client_secret": {"x"}, "refresh_token": {r}}))
		require.Equal(t, http.StatusBadRequest, revoke(url.Values{"client_id": {"bodhi-globex"},
			"client_secret": {"globex-secret"}, "refresh_token": {r}}), "another client's token")
		require.Equal(t, http.StatusNoContent, revoke(url.Values{"client_id": {"bodhi-acme"},
			"client_secret": {acmeSecret}, "refresh_token": {r}}))
		status, body := b.token(refreshForm(r))
		require.Equal(t, http.StatusBadRequest, status)
		require.Equal(t, "Token is not active", body["error_description"])
	})
}
