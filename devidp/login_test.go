package devidp_test

import (
	"context"
	"net/http"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/coreos/go-oidc/v3/oidc"
	"github.com/stretchr/testify/require"
	"golang.org/x/oauth2"

	"github.com/bodhiapp/bodhi/devidp"
)

// acmeOAuth is bodhi-acme as a real OAuth client library sees it, configured from discovery.
func acmeOAuth(t *testing.T, b *bundle) (*oidc.Provider, *oauth2.Config) {
	t.Helper()
	provider, err := oidc.NewProvider(context.Background(), b.issuer)
	require.NoError(t, err, "go-oidc accepts the discovery document and its issuer")
	return provider, &oauth2.Config{
		ClientID: "bodhi-acme", ClientSecret: acmeSecret, Endpoint: provider.Endpoint(), RedirectURL: acmeCB,
		Scopes: []string{oidc.ScopeOpenID, "email", "profile", "roles", "organization"},
	}
}

// browserLogin drives the login form for authURL and returns the code from the redirect.
func browserLogin(t *testing.T, b *bundle, br *browser, authURL, username, password, wantState string) string {
	t.Helper()
	form := br.get(authURL)
	done := br.submitLogin(b.srv.URL, form, username, password)
	require.Equal(t, http.StatusFound, done.status, done.body)
	require.True(t, strings.HasPrefix(done.location, acmeCB+"?"), done.location)
	q := queryOf(t, done.location)
	require.Equal(t, wantState, q.Get("state"))
	require.NotEmpty(t, q.Get("code"))
	return q.Get("code")
}

func TestLoginWithPKCEIsAcceptedByRealOIDCClient(t *testing.T) {
	b := start(t, func(c *devidp.Config) { c.Now = nil }) // go-oidc checks expiry against the real clock
	ctx := context.Background()
	provider, conf := acmeOAuth(t, b)

	verifier := oauth2.GenerateVerifier()
	authURL := conf.AuthCodeURL("state-123", oauth2.S256ChallengeOption(verifier), oidc.Nonce("nonce-9"))
	br := b.browser()
	code := browserLogin(t, b, br, authURL, "alice", "alice-pw", "state-123")

	tok, err := conf.Exchange(ctx, code, oauth2.VerifierOption(verifier))
	require.NoError(t, err)
	require.Equal(t, "Bearer", tok.TokenType)
	require.NotEmpty(t, tok.RefreshToken)
	require.GreaterOrEqual(t, len(tok.RefreshToken), 43, "refresh tokens are opaque, 43+ characters")
	require.EqualValues(t, 1800, tok.Extra("refresh_expires_in"))
	require.Equal(t, "openid email profile roles organization", tok.Extra("scope"))

	rawID, isString := tok.Extra("id_token").(string)
	require.True(t, isString, "openid was granted, so an ID token comes back")
	idToken, err := provider.Verifier(&oidc.Config{ClientID: "bodhi-acme"}).Verify(ctx, rawID)
	require.NoError(t, err)
	require.Equal(t, aliceID, idToken.Subject)
	require.Equal(t, "nonce-9", idToken.Nonce)
	require.NoError(t, idToken.VerifyAccessToken(tok.AccessToken), "at_hash binds the ID token to the access token")

	// Bodhi verifies access tokens exactly like this (auth.md §9): remote key set, RS256, no client-id check.
	keys := oidc.NewRemoteKeySet(ctx, b.url("/protocol/openid-connect/certs"))
	access, err := oidc.NewVerifier(b.issuer, keys, &oidc.Config{SkipClientIDCheck: true,
		SupportedSigningAlgs: []string{oidc.RS256}}).Verify(ctx, tok.AccessToken)
	require.NoError(t, err)
	var verified map[string]any
	require.NoError(t, access.Claims(&verified))
	raw := claims(t, tok.AccessToken)
	require.Equal(t, verified, raw)
	require.Equal(t, "Bearer", raw["typ"])
	require.Equal(t, "bodhi-acme", raw["azp"])
	require.Equal(t, "alice", raw["preferred_username"])
	require.Equal(t, "alice@acme.test", raw["email"])
	require.Equal(t, "Alice", raw["given_name"])
	require.Equal(t, "Admin", raw["family_name"])
	require.Equal(t, map[string]any{"bodhi-acme": map[string]any{"roles": []any{"resource_admin"}}}, raw["resource_access"])
	require.Equal(t, []any{"acme"}, raw["organization"])
	require.NotContains(t, raw, "aud", "no scope_resource-* was granted, so aud is omitted")
	for _, claim := range []string{"exp", "iat", "jti", "iss", "sub", "typ", "azp", "scope", "preferred_username"} {
		require.Contains(t, raw, claim, "Bodhi requires %s (auth.md §9)", claim)
	}
	require.EqualValues(t, 300, raw["exp"].(float64)-raw["iat"].(float64))

	// A real client refreshes through the same library.
	tok.Expiry = time.Now().Add(-time.Minute)
	refreshed, err := conf.TokenSource(ctx, tok).Token()
	require.NoError(t, err)
	require.NotEqual(t, tok.RefreshToken, refreshed.RefreshToken, "refresh rotates the token")
}

func TestLoginFormErrors(t *testing.T) {
	b := start(t)
	br := b.browser()
	auth := func(q url.Values) string { return b.url("/protocol/openid-connect/auth?") + q.Encode() }
	base := func() url.Values {
		return url.Values{"response_type": {"code"}, "client_id": {"bodhi-acme"}, "redirect_uri": {acmeCB},
			"state": {"s1"}, "scope": {"openid"}}
	}

	t.Run("wrong password re-renders the form", func(t *testing.T) {
		p := br.submitLogin(b.srv.URL, br.get(auth(base())), "alice", "nope")
		require.Equal(t, http.StatusOK, p.status)
		require.Contains(t, p.body, "Invalid username or password.")
		require.Contains(t, p.body, `name="redirect_uri" value="`+acmeCB+`"`, "hidden fields survive the retry")
		done := br.submitLogin(b.srv.URL, p, "alice", "alice-pw")
		require.Equal(t, http.StatusFound, done.status, "the re-rendered form still works")
	})

	t.Run("unknown user", func(t *testing.T) {
		p := br.submitLogin(b.srv.URL, b.browser().get(auth(base())), "mallory", "x")
		require.Contains(t, p.body, "Invalid username or password.")
	})

	for name, edit := range map[string]func(url.Values){
		"unregistered redirect_uri": func(q url.Values) { q.Set("redirect_uri", "http://evil.test/cb") },
		"missing redirect_uri":      func(q url.Values) { q.Del("redirect_uri") },
		"unknown client":            func(q url.Values) { q.Set("client_id", "nobody") },
	} {
		t.Run(name+" gives a 400 page and no redirect", func(t *testing.T) {
			q := base()
			edit(q)
			p := b.browser().get(auth(q))
			require.Equal(t, http.StatusBadRequest, p.status)
			require.Empty(t, p.location)
			require.NotContains(t, p.body, "login-form")
		})
	}

	for name, tc := range map[string]struct {
		edit      func(url.Values)
		wantError string
	}{
		"unsupported response_type": {func(q url.Values) { q.Set("response_type", "token") }, "unsupported_response_type"},
		"public client without PKCE": {func(q url.Values) {
			q.Set("client_id", "web-app")
			q.Set("redirect_uri", webAppCB)
		}, "invalid_request"},
		"plain PKCE method": {func(q url.Values) {
			q.Set("code_challenge", strings.Repeat("a", 43))
			q.Set("code_challenge_method", "plain")
		}, "invalid_request"},
	} {
		t.Run(name+" redirects with an error", func(t *testing.T) {
			q := base()
			tc.edit(q)
			p := b.browser().get(auth(q))
			require.Equal(t, http.StatusFound, p.status, p.body)
			got := queryOf(t, p.location)
			require.Equal(t, tc.wantError, got.Get("error"))
			require.Equal(t, "s1", got.Get("state"))
			require.Empty(t, got.Get("code"))
		})
	}
}

func TestAuthorizationCodeRules(t *testing.T) {
	b := start(t)
	verifier := oauth2.GenerateVerifier()
	authURL := b.url("/protocol/openid-connect/auth?") + url.Values{
		"response_type": {"code"}, "client_id": {"web-app"}, "redirect_uri": {webAppCB}, "state": {"st"},
		"scope": {"openid profile"}, "code_challenge": {oauth2.S256ChallengeFromVerifier(verifier)},
		"code_challenge_method": {"S256"},
	}.Encode()
	login := func(br *browser) string {
		p := br.submitLogin(b.srv.URL, br.get(authURL), "bob", "bob-pw")
		require.Equal(t, http.StatusFound, p.status, p.body)
		require.True(t, strings.HasPrefix(p.location, webAppCB+"?"), "wildcard redirect URIs match by prefix")
		return queryOf(t, p.location).Get("code")
	}
	redeem := func(code string, edit func(url.Values)) (int, map[string]any) {
		form := url.Values{"grant_type": {"authorization_code"}, "client_id": {"web-app"}, "code": {code},
			"redirect_uri": {webAppCB}, "code_verifier": {verifier}}
		if edit != nil {
			edit(form)
		}
		return b.token(form)
	}

	t.Run("public client redeems with PKCE, once", func(t *testing.T) {
		code := login(b.browser())
		status, body := redeem(code, nil)
		require.Equal(t, http.StatusOK, status, "%v", body)
		require.Equal(t, "web-app", claims(t, body["access_token"].(string))["azp"])
		status, body = redeem(code, nil)
		require.Equal(t, http.StatusBadRequest, status)
		require.Equal(t, "invalid_grant", body["error"], "a code is single use")
	})

	for name, edit := range map[string]func(url.Values){
		"wrong verifier":     func(f url.Values) { f.Set("code_verifier", oauth2.GenerateVerifier()) },
		"missing verifier":   func(f url.Values) { f.Del("code_verifier") },
		"other redirect_uri": func(f url.Values) { f.Set("redirect_uri", "http://localhost:5555/other") },
		"other client": func(f url.Values) {
			f.Set("client_id", "other-app")
			f.Set("client_secret", "other-secret")
		},
		"unknown code": func(f url.Values) { f.Set("code", "not-a-code") },
	} {
		t.Run(name, func(t *testing.T) {
			status, body := redeem(login(b.browser()), edit)
			require.Equal(t, http.StatusBadRequest, status)
			require.Equal(t, "invalid_grant", body["error"])
		})
	}

	t.Run("codes expire after 60 s", func(t *testing.T) {
		code := login(b.browser())
		b.clock.Advance(61 * time.Second)
		status, body := redeem(code, nil)
		require.Equal(t, http.StatusBadRequest, status)
		require.Equal(t, "invalid_grant", body["error"])
	})

	t.Run("SSO cookie skips the form; prompt=login shows it", func(t *testing.T) {
		br := b.browser()
		login(br)
		again := br.get(authURL)
		require.Equal(t, http.StatusFound, again.status, "already signed in")
		require.NotEmpty(t, queryOf(t, again.location).Get("code"))
		forced := br.get(authURL + "&prompt=login")
		require.Equal(t, http.StatusOK, forced.status)
		require.Contains(t, forced.body, `id="login-form"`)
	})
}

func TestSSOCookieAttributes(t *testing.T) {
	b := start(t)
	br := b.browser()
	form := br.get(b.url("/protocol/openid-connect/auth?") + url.Values{"response_type": {"code"},
		"client_id": {"bodhi-acme"}, "redirect_uri": {acmeCB}}.Encode())
	m := formTag.FindStringSubmatch(form.body)
	require.NotNil(t, m)
	post := url.Values{"client_id": {"bodhi-acme"}, "redirect_uri": {acmeCB}, "response_type": {"code"},
		"username": {"alice"}, "password": {"alice-pw"}}
	resp, err := br.client.PostForm(b.srv.URL+m[1], post)
	require.NoError(t, err)
	resp.Body.Close()
	require.Equal(t, http.StatusFound, resp.StatusCode)
	cookies := resp.Cookies()
	require.Len(t, cookies, 1)
	c := cookies[0]
	require.Equal(t, "DEVIDP_SSO", c.Name)
	require.True(t, c.HttpOnly)
	require.Equal(t, "/realms/bodhi/", c.Path)
	require.Equal(t, http.SameSiteLaxMode, c.SameSite)
}
