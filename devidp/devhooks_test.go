package devidp_test

import (
	"net/http"
	"net/url"
	"testing"

	"github.com/stretchr/testify/require"
)

func TestStats(t *testing.T) {
	b := start(t)
	alice := b.passwordToken("bodhi-acme", acmeSecret, "alice", "alice-pw", "openid")
	b.passwordToken("bodhi-acme", acmeSecret, "bob", "bob-pw", "")
	b.mustToken(refreshForm(alice["refresh_token"].(string)))
	b.serviceToken("bodhi-acme", acmeSecret)
	b.token(refreshForm("garbage")) // failures are not counted
	subject := appToken(b, "bob", "scope_user_user scope_resource-bodhi-acme")
	b.mustToken(exchangeForm("bodhi-acme", acmeSecret, subject, "scope_user_user"))

	status, body := b.jsonCall(http.MethodGet, "/dev/stats", "", nil)
	require.Equal(t, http.StatusOK, status)
	require.Equal(t, map[string]any{
		"grants": map[string]any{"password": 3.0, "refresh_token": 1.0, "client_credentials": 1.0,
			exchangeGrant: 1.0},
		"refresh_by_user":    map[string]any{"alice": 1.0},
		"exchange_by_client": map[string]any{"bodhi-acme": 1.0},
		"jwks_fetches":       0.0,
	}, body)

	status, _ = b.jsonCall(http.MethodPost, "/dev/stats/reset", "", nil)
	require.Equal(t, http.StatusNoContent, status)
	_, body = b.jsonCall(http.MethodGet, "/dev/stats", "", nil)
	require.Equal(t, map[string]any{"grants": map[string]any{}, "refresh_by_user": map[string]any{},
		"exchange_by_client": map[string]any{}, "jwks_fetches": 0.0}, body)
}

// TestStatsCountJWKSFetches: every request for the signing keys is counted, so tests can see how often a relying
// party refetches them.
func TestStatsCountJWKSFetches(t *testing.T) {
	b := start(t)
	for range 3 {
		status, _ := b.jsonCall(http.MethodGet, "/protocol/openid-connect/certs", "", nil)
		require.Equal(t, http.StatusOK, status)
	}
	_, body := b.jsonCall(http.MethodGet, "/dev/stats", "", nil)
	require.Equal(t, 3.0, body["jwks_fetches"])
	require.Equal(t, 3, b.idp.Stats().JWKSFetches)

	status, _ := b.jsonCall(http.MethodPost, "/dev/stats/reset", "", nil)
	require.Equal(t, http.StatusNoContent, status)
	require.Zero(t, b.idp.Stats().JWKSFetches)
}

func TestAddUser(t *testing.T) {
	b := start(t)
	status, body := b.jsonCall(http.MethodPost, "/dev/users", "", map[string]any{
		"username": "frank", "password": "frank-pw", "email": "frank@acme.test", "organizations": []string{"acme"},
		"client_roles": map[string][]string{"bodhi-acme": {"resource_user"}}})
	require.Equal(t, http.StatusCreated, status, "%v", body)
	id := body["id"].(string)
	require.NotEmpty(t, id)

	c := claims(t, b.userToken("frank"))
	require.Equal(t, id, c["sub"])
	require.Equal(t, []any{"acme"}, c["organization"])

	runExt(t, b, []ext{
		{"duplicate username", "POST", "/dev/users", "", map[string]any{"username": "frank", "password": "x"}, 409},
		{"duplicate id", "POST", "/dev/users", "", map[string]any{"id": aliceID, "username": "alice2", "password": "x"}, 409},
		{"unknown org", "POST", "/dev/users", "", map[string]any{"username": "g", "password": "x", "organizations": []string{"initech"}}, 400},
		{"roles on an unknown client", "POST", "/dev/users", "", map[string]any{"username": "g", "password": "x", "client_roles": map[string][]string{"ghost": {"resource_user"}}}, 400},
		{"no password", "POST", "/dev/users", "", map[string]any{"username": "g"}, 400},
		{"unknown field", "POST", "/dev/users", "", map[string]any{"username": "g", "password": "x", "role": "admin"}, 400},
		{"explicit id", "POST", "/dev/users", "", map[string]any{"id": "6b0c7c1e-0000-4000-8000-00000000000a", "username": "g", "password": "x"}, 201},
	})
	gid, found := b.idp.UserID("g")
	require.True(t, found)
	require.Equal(t, "6b0c7c1e-0000-4000-8000-00000000000a", gid)
}

func TestUpdateUser(t *testing.T) {
	b := start(t)
	status, body := b.jsonCall(http.MethodPut, "/dev/users/eve", "", map[string]any{
		"client_roles": map[string][]string{"bodhi-globex": {"resource_power_user"}}})
	require.Equal(t, http.StatusOK, status, "%v", body)
	require.Equal(t, map[string]any{"bodhi-globex": []any{"resource_power_user"}}, body["client_roles"])
	require.Equal(t, []any{}, body["organizations"], "absent fields are kept")

	runExt(t, b, []ext{
		{"unknown user", "PUT", "/dev/users/ghost", "", map[string]any{"organizations": []string{}}, 404},
		{"unknown org", "PUT", "/dev/users/eve", "", map[string]any{"organizations": []string{"initech"}}, 400},
		{"unknown client", "PUT", "/dev/users/eve", "", map[string]any{"client_roles": map[string][]string{"ghost": {"x"}}}, 400},
		{"unknown field", "PUT", "/dev/users/eve", "", map[string]any{"password": "x"}, 400},
	})
}

func TestAddClient(t *testing.T) {
	b := start(t)
	status, body := b.jsonCall(http.MethodPost, "/dev/clients", "", map[string]any{
		"client_id": "bodhi-initech", "secret": "s", "kind": "resource", "redirect_uris": []string{"http://i/cb"},
		"direct_access": true})
	require.Equal(t, http.StatusCreated, status, "%v", body)
	sa := claims(t, b.serviceToken("bodhi-initech", "s"))
	require.Equal(t, "service-account-bodhi-initech", sa["preferred_username"], "resource clients get a service account")

	status, _ = b.jsonCall(http.MethodPost, "/dev/clients", "", map[string]any{
		"client_id": "app-2", "kind": "app", "public": true, "allowed_resources": []string{"bodhi-initech"},
		"direct_access": true})
	require.Equal(t, http.StatusCreated, status)
	tok := b.passwordToken("app-2", "", "alice", "alice-pw", "scope_resource-bodhi-initech")
	require.Equal(t, []any{"bodhi-initech"}, claims(t, tok["access_token"].(string))["aud"])

	runExt(t, b, []ext{
		{"duplicate", "POST", "/dev/clients", "", map[string]any{"client_id": "bodhi-acme", "secret": "s", "kind": "resource"}, 409},
		{"resource without secret", "POST", "/dev/clients", "", map[string]any{"client_id": "x", "kind": "resource"}, 400},
		{"bad kind", "POST", "/dev/clients", "", map[string]any{"client_id": "x", "secret": "s", "kind": "robot"}, 400},
		{"unknown org", "POST", "/dev/clients", "", map[string]any{"client_id": "x", "secret": "s", "kind": "resource", "organization": "initech"}, 400},
		{"unknown field", "POST", "/dev/clients", "", map[string]any{"client_id": "x", "secret": "s", "kind": "resource", "colour": "red"}, 400},
	})
	status, body = b.token(url.Values{"grant_type": {"client_credentials"}, "client_id": {"x"}, "client_secret": {"s"}})
	require.Equal(t, http.StatusUnauthorized, status, "refused clients were not added: %v", body)
}
