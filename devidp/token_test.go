package devidp_test

import (
	"net/http"
	"net/url"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/bodhiapp/bodhi/devidp"
)

func refreshForm(token string) url.Values {
	return url.Values{"grant_type": {"refresh_token"}, "client_id": {"bodhi-acme"}, "client_secret": {acmeSecret},
		"refresh_token": {token}}
}

func TestRefreshRotation(t *testing.T) {
	b := start(t)
	first := b.passwordToken("bodhi-acme", acmeSecret, "alice", "alice-pw", "openid profile roles")
	r1 := first["refresh_token"].(string)

	second := b.mustToken(refreshForm(r1))
	r2 := second["refresh_token"].(string)
	require.NotEqual(t, r1, r2)
	require.NotEmpty(t, second["id_token"], "openid is kept across refreshes")
	require.Equal(t, "openid profile roles", second["scope"])

	status, body := b.token(refreshForm(r1))
	require.Equal(t, http.StatusBadRequest, status)
	require.Equal(t, "invalid_grant", body["error"])
	require.Equal(t, "Token is not active", body["error_description"])

	third := b.mustToken(refreshForm(r2))

	t.Run("another client cannot use it", func(t *testing.T) {
		form := refreshForm(third["refresh_token"].(string))
		form.Set("client_id", "bodhi-globex")
		form.Set("client_secret", "globex-secret")
		status, body := b.token(form)
		require.Equal(t, http.StatusBadRequest, status)
		require.Equal(t, "invalid_grant", body["error"])
	})
	t.Run("garbage", func(t *testing.T) {
		status, body := b.token(refreshForm("garbage"))
		require.Equal(t, http.StatusBadRequest, status)
		require.Equal(t, "invalid_grant", body["error"])
	})
	t.Run("expired", func(t *testing.T) {
		r := b.passwordToken("bodhi-acme", acmeSecret, "alice", "alice-pw", "")["refresh_token"].(string)
		b.clock.Advance(1801 * time.Second)
		status, body := b.token(refreshForm(r))
		require.Equal(t, http.StatusBadRequest, status)
		require.Equal(t, "Token is not active", body["error_description"])
	})
}

func TestConcurrentRefreshOfOneTokenSucceedsOnce(t *testing.T) {
	b := start(t)
	r := b.passwordToken("bodhi-acme", acmeSecret, "bob", "bob-pw", "roles")["refresh_token"].(string)
	var wg sync.WaitGroup
	statuses := make([]int, 16)
	for i := range statuses {
		wg.Go(func() { statuses[i], _ = b.token(refreshForm(r)) })
	}
	wg.Wait()
	wins := 0
	for _, s := range statuses {
		if s == http.StatusOK {
			wins++
		}
	}
	require.Equal(t, 1, wins, "rotation lets exactly one racer through: %v", statuses)
	require.Equal(t, 1, b.idp.Stats().RefreshByUser["bob"])
}

func TestRefreshRecomputesClaimsFromCurrentRoles(t *testing.T) {
	b := start(t)
	first := b.passwordToken("bodhi-acme", acmeSecret, "bob", "bob-pw", "roles organization")
	c := claims(t, first["access_token"].(string))
	require.Equal(t, []any{"acme", "globex"}, c["organization"])
	require.Contains(t, c["resource_access"], "bodhi-globex")

	status, body := b.jsonCall(http.MethodPut, "/dev/users/bob", "", map[string]any{
		"organizations": []string{"acme"},
		"client_roles":  map[string][]string{"bodhi-acme": {"resource_manager"}},
	})
	require.Equal(t, http.StatusOK, status, "%v", body)

	c = claims(t, b.mustToken(refreshForm(first["refresh_token"].(string)))["access_token"].(string))
	require.Equal(t, []any{"acme"}, c["organization"])
	require.Equal(t, map[string]any{"bodhi-acme": map[string]any{"roles": []any{"resource_manager"}}},
		c["resource_access"])

	status, _ = b.jsonCall(http.MethodPut, "/dev/users/bob", "", map[string]any{"organizations": []string{}})
	require.Equal(t, http.StatusOK, status)
	c = claims(t, b.passwordToken("bodhi-acme", acmeSecret, "bob", "bob-pw", "roles organization")["access_token"].(string))
	require.Equal(t, []any{}, c["organization"], "a granted organization scope gives an array, even empty")
	require.Contains(t, c["resource_access"], "bodhi-acme", "roles were left alone by an update without client_roles")
}

func TestClientCredentials(t *testing.T) {
	b := start(t)
	body := b.mustToken(url.Values{"grant_type": {"client_credentials"}, "client_id": {"bodhi-acme"},
		"client_secret": {acmeSecret}, "scope": {"service_account"}})
	require.NotContains(t, body, "refresh_token")
	require.NotContains(t, body, "id_token")
	require.Equal(t, "service_account", body["scope"])
	c := claims(t, body["access_token"].(string))
	saID, found := b.idp.ServiceAccountID("bodhi-acme")
	require.True(t, found)
	require.Equal(t, saID, c["sub"])
	require.Equal(t, "service-account-bodhi-acme", c["preferred_username"])
	require.Equal(t, "bodhi-acme", c["azp"])
	require.Equal(t, "Bearer", c["typ"])
	again := claims(t, b.serviceToken("bodhi-acme", acmeSecret))
	require.Equal(t, saID, again["sub"], "the service-account id is stable")

	for name, form := range map[string]url.Values{
		"public client":             {"client_id": {"web-app"}},
		"app without service acct.": {"client_id": {"other-app"}, "client_secret": {"other-secret"}},
	} {
		t.Run(name, func(t *testing.T) {
			form.Set("grant_type", "client_credentials")
			status, body := b.token(form)
			require.Equal(t, http.StatusBadRequest, status)
			require.Equal(t, "unauthorized_client", body["error"])
		})
	}
}

func TestPasswordGrantAndClientAuthentication(t *testing.T) {
	b := start(t)
	ok := url.Values{"grant_type": {"password"}, "username": {"alice"}, "password": {"alice-pw"}}
	with := func(edit func(url.Values)) url.Values {
		f := url.Values{"client_id": {"bodhi-acme"}, "client_secret": {acmeSecret}}
		for k, v := range ok {
			f[k] = v
		}
		edit(f)
		return f
	}
	for name, tc := range map[string]struct {
		form      url.Values
		status    int
		wantError string
	}{
		"wrong secret":          {with(func(f url.Values) { f.Set("client_secret", "x") }), 401, "invalid_client"},
		"missing secret":        {with(func(f url.Values) { f.Del("client_secret") }), 401, "invalid_client"},
		"unknown client":        {with(func(f url.Values) { f.Set("client_id", "ghost") }), 401, "invalid_client"},
		"missing client":        {with(func(f url.Values) { f.Del("client_id") }), 401, "invalid_client"},
		"wrong password":        {with(func(f url.Values) { f.Set("password", "x") }), 400, "invalid_grant"},
		"no direct access":      {with(func(f url.Values) { f.Set("client_id", "bodhi-globex"); f.Set("client_secret", "globex-secret") }), 400, "unauthorized_client"},
		"missing grant_type":    {with(func(f url.Values) { f.Del("grant_type") }), 400, "invalid_request"},
		"unsupported grant":     {with(func(f url.Values) { f.Set("grant_type", "implicit") }), 400, "unsupported_grant_type"},
		"missing code":          {with(func(f url.Values) { f.Set("grant_type", "authorization_code") }), 400, "invalid_request"},
		"missing refresh token": {with(func(f url.Values) { f.Set("grant_type", "refresh_token") }), 400, "invalid_request"},
	} {
		t.Run(name, func(t *testing.T) {
			status, body := b.token(tc.form)
			require.Equal(t, tc.status, status, "%v", body)
			require.Equal(t, tc.wantError, body["error"])
			require.NotEmpty(t, body["error_description"])
		})
	}

	t.Run("HTTP Basic", func(t *testing.T) {
		req, err := http.NewRequest(http.MethodPost, b.url("/protocol/openid-connect/token"),
			strings.NewReader(ok.Encode()))
		require.NoError(t, err)
		req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
		req.SetBasicAuth("bodhi-acme", acmeSecret)
		status, body := b.call(req)
		require.Equal(t, http.StatusOK, status, "%v", body)
		require.Equal(t, "Bearer", body["token_type"])
		require.EqualValues(t, 300, body["expires_in"])

		req, err = http.NewRequest(http.MethodPost, b.url("/protocol/openid-connect/token"),
			strings.NewReader(ok.Encode()))
		require.NoError(t, err)
		req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
		req.SetBasicAuth("bodhi-acme", "wrong")
		resp, err := b.srv.Client().Do(req)
		require.NoError(t, err)
		resp.Body.Close()
		require.Equal(t, http.StatusUnauthorized, resp.StatusCode)
		require.NotEmpty(t, resp.Header.Get("WWW-Authenticate"))
	})

	t.Run("no openid, no ID token; unknown scopes are dropped", func(t *testing.T) {
		body := b.passwordToken("bodhi-acme", acmeSecret, "alice", "alice-pw", "profile bogus scope_user_admin")
		require.NotContains(t, body, "id_token")
		require.Equal(t, "profile", body["scope"], "scope_user_* is for app clients only")
		c := claims(t, body["access_token"].(string))
		require.NotContains(t, c, "resource_access", "roles was not requested")
		require.NotContains(t, c, "organization")
		require.Equal(t, "alice", c["preferred_username"])
	})

	t.Run("without profile or email, no profile claims", func(t *testing.T) {
		c := claims(t, b.passwordToken("bodhi-acme", acmeSecret, "alice", "alice-pw", "roles")["access_token"].(string))
		require.NotContains(t, c, "preferred_username")
		require.NotContains(t, c, "email")
	})
}

func TestTTLsFromSeedAndConfig(t *testing.T) {
	b := start(t, func(c *devidp.Config) {
		c.Seed.AccessTokenTTLSecs, c.Seed.RefreshTokenTTLSecs = 60, 120
	})
	body := b.passwordToken("bodhi-acme", acmeSecret, "alice", "alice-pw", "")
	require.EqualValues(t, 60, body["expires_in"])
	require.EqualValues(t, 120, body["refresh_expires_in"])

	b = start(t, func(c *devidp.Config) {
		c.Seed.AccessTokenTTLSecs = 60
		c.AccessTTL = 15 * time.Second
	})
	body = b.passwordToken("bodhi-acme", acmeSecret, "alice", "alice-pw", "")
	require.EqualValues(t, 15, body["expires_in"], "the flag beats the seed")
	require.EqualValues(t, 1800, body["refresh_expires_in"])
}
