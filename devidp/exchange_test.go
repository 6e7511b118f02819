package devidp_test

import (
	"net/http"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/require"
)

const (
	exchangeGrant   = "urn:ietf:params:oauth:grant-type:token-exchange"
	accessTokenType = "urn:ietf:params:oauth:token-type:access_token"
)

// exchangeForm is the request Bodhi sends (auth.md §8 step 6, §15.1).
func exchangeForm(clientID, secret, subject, scope string) url.Values {
	return url.Values{
		"grant_type": {exchangeGrant}, "client_id": {clientID}, "client_secret": {secret},
		"subject_token": {subject}, "subject_token_type": {accessTokenType},
		"requested_token_type": {accessTokenType}, "audience": {clientID}, "scope": {scope},
	}
}

// appToken is a web-app user token targeting bodhi-acme, as a third-party app would obtain it.
func appToken(b *bundle, username, scope string) string {
	b.t.Helper()
	return b.passwordToken("web-app", "", username, username+"-pw", scope)["access_token"].(string)
}

func TestTokenExchange(t *testing.T) {
	b := start(t)
	subject := appToken(b, "alice", "openid profile scope_user_power_user scope_resource-bodhi-acme scope_resource-bodhi-globex")
	sc := claims(t, subject)
	require.Equal(t, []any{"bodhi-acme"}, sc["aud"], "the app is registered for bodhi-acme only")
	require.Equal(t, "openid profile scope_user_power_user scope_resource-bodhi-acme", sc["scope"])
	require.Equal(t, "web-app", sc["azp"])

	body := b.mustToken(exchangeForm("bodhi-acme", acmeSecret, subject,
		"scope_user_power_user scope_user_admin openid email profile roles"))
	require.Equal(t, accessTokenType, body["issued_token_type"])
	require.NotContains(t, body, "refresh_token")
	require.Equal(t, "scope_user_power_user openid email profile roles", body["scope"],
		"standard scopes plus the requested scopes the subject carries; never scope_user_admin")
	c := claims(t, body["access_token"].(string))
	require.Equal(t, "bodhi-acme", c["azp"])
	require.Equal(t, []any{"bodhi-acme"}, c["aud"])
	require.Equal(t, aliceID, c["sub"])
	require.Equal(t, "alice", c["preferred_username"])
	require.Equal(t, "Bearer", c["typ"])
	require.Contains(t, c["resource_access"], "bodhi-acme")
	require.NotContains(t, c, "access_request_id")
	require.Equal(t, map[string]int{"bodhi-acme": 1}, b.idp.Stats().ExchangeByClient)
	require.Equal(t, 1, b.idp.Stats().Grants[exchangeGrant])

	refused := map[string]struct {
		form   url.Values
		status int
		code   string
	}{
		"requester not in aud": {exchangeForm("bodhi-globex", "globex-secret", subject, "openid"), 403, "access_denied"},
		"audience is not the requester": {func() url.Values {
			f := exchangeForm("bodhi-acme", acmeSecret, subject, "openid")
			f.Set("audience", "bodhi-globex")
			return f
		}(), 403, "access_denied"},
		"wrong subject_token_type": {func() url.Values {
			f := exchangeForm("bodhi-acme", acmeSecret, subject, "openid")
			f.Set("subject_token_type", "urn:ietf:params:oauth:token-type:refresh_token")
			return f
		}(), 403, "access_denied"},
		"requester is an app": {exchangeForm("other-app", "other-secret", subject, "openid"), 403, "access_denied"},
		"forged subject":      {exchangeForm("bodhi-acme", acmeSecret, subject[:len(subject)-4]+"AAAA", "openid"), 403, "access_denied"},
		"not a JWT":           {exchangeForm("bodhi-acme", acmeSecret, "opaque", "openid"), 403, "access_denied"},
		"missing subject":     {exchangeForm("bodhi-acme", acmeSecret, "", "openid"), 400, "invalid_request"},
		"bad client secret":   {exchangeForm("bodhi-acme", "nope", subject, "openid"), 401, "invalid_client"},
	}
	for name, tc := range refused {
		t.Run(name, func(t *testing.T) {
			status, body := b.token(tc.form)
			require.Equal(t, tc.status, status, "%v", body)
			require.Equal(t, tc.code, body["error"])
		})
	}

	t.Run("expired subject", func(t *testing.T) {
		b.clock.Advance(301 * time.Second)
		status, body := b.token(exchangeForm("bodhi-acme", acmeSecret, subject, "openid"))
		require.Equal(t, http.StatusForbidden, status)
		require.Equal(t, "access_denied", body["error"])
	})
}

func TestExchangeCarriesAccessRequestID(t *testing.T) {
	b := start(t)
	// alice approves other-app's access request on bodhi-acme (consent, auth.md §16.8).
	status, consent := b.jsonCall(http.MethodPost, "/bodhi/users/request-access", b.userToken("alice"),
		map[string]string{"app_client_id": "other-app", "access_request_id": "ar-1", "description": "please"})
	require.Equal(t, http.StatusOK, status, "%v", consent)
	arScope := consent["access_request_scope"].(string)
	require.True(t, strings.HasPrefix(arScope, "scope_access_request:"))
	require.Equal(t, "scope_resource-bodhi-acme", consent["scope"])
	require.Equal(t, "ar-1", consent["access_request_id"])

	scope := "openid profile scope_user_user scope_resource-bodhi-acme " + arScope
	aliceApp := b.passwordToken("other-app", "other-secret", "alice", "alice-pw", scope)
	require.Equal(t, scope, aliceApp["scope"], "the consent registered the app for bodhi-acme and granted its scope")
	require.Equal(t, []any{"bodhi-acme"}, claims(t, aliceApp["access_token"].(string))["aud"])

	bobApp := b.passwordToken("other-app", "other-secret", "bob", "bob-pw", scope)
	require.NotContains(t, bobApp["scope"], "scope_access_request:", "the consent is alice's, not bob's")

	body := b.mustToken(exchangeForm("bodhi-acme", acmeSecret, aliceApp["access_token"].(string),
		"scope_user_user "+arScope+" openid email profile roles"))
	c := claims(t, body["access_token"].(string))
	require.Equal(t, "ar-1", c["access_request_id"])
	require.Contains(t, c["scope"], arScope)

	body = b.mustToken(exchangeForm("bodhi-acme", acmeSecret, aliceApp["access_token"].(string),
		"scope_user_user openid"))
	require.NotContains(t, claims(t, body["access_token"].(string)), "access_request_id",
		"only a granted access-request scope brings the id")
}
