package devidp_test

import (
	"bytes"
	"crypto/rsa"
	"encoding/base64"
	"encoding/json"
	"html"
	"io"
	"log/slog"
	"net/http"
	"net/http/cookiejar"
	"net/http/httptest"
	"net/url"
	"regexp"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/bodhiapp/bodhi/clocktest"
	"github.com/bodhiapp/bodhi/devidp"
)

// testKey is generated once: RSA key generation is slow under the race detector.
var testKey = sync.OnceValue(func() *rsa.PrivateKey {
	k, err := devidp.GenerateSigningKey()
	if err != nil {
		panic(err)
	}
	return k
})

const (
	aliceID    = "a11ce000-0000-4000-8000-000000000001"
	acmeSecret = "acme-secret"
	acmeCB     = "http://acme.localhost/ui/auth/callback"
	webAppCB   = "http://localhost:5555/callback"
)

// testSeed: orgs acme and globex with their resource clients, a public app registered for bodhi-acme, a
// confidential app registered for nothing, and users on every rung of the acme ladder.
func testSeed() devidp.Seed {
	return devidp.Seed{
		Organizations: []devidp.Organization{{Slug: "acme", Name: "Acme"}, {Slug: "globex", Name: "Globex"}},
		Clients: []devidp.Client{
			{ClientID: "bodhi-acme", Secret: acmeSecret, Kind: devidp.KindResource, Organization: "acme",
				RedirectURIs: []string{acmeCB, "http://acme.localhost/ui/login"}, DirectAccess: true},
			{ClientID: "bodhi-globex", Secret: "globex-secret", Kind: devidp.KindResource, Organization: "globex",
				RedirectURIs: []string{"http://globex.localhost/ui/auth/callback"}},
			{ClientID: "web-app", Kind: devidp.KindApp, Public: true, Name: "Web App", Description: "a public app",
				RedirectURIs: []string{"http://localhost:*"}, DirectAccess: true,
				AllowedResources: []string{"bodhi-acme"}},
			{ClientID: "other-app", Secret: "other-secret", Kind: devidp.KindApp, DirectAccess: true},
		},
		Users: []devidp.User{
			{ID: aliceID, Username: "alice", Password: "alice-pw", Email: "alice@acme.test", GivenName: "Alice",
				FamilyName: "Admin", Organizations: []string{"acme"},
				ClientRoles: map[string][]string{"bodhi-acme": {"resource_admin"}}},
			{Username: "bob", Password: "bob-pw", GivenName: "Bob", Organizations: []string{"acme", "globex"},
				ClientRoles: map[string][]string{"bodhi-acme": {"resource_user"}, "bodhi-globex": {"resource_user"}}},
			{Username: "carol", Password: "carol-pw", Organizations: []string{"acme"},
				ClientRoles: map[string][]string{"bodhi-acme": {"resource_manager"}}},
			{Username: "dave", Password: "dave-pw", Organizations: []string{"acme"},
				ClientRoles: map[string][]string{"bodhi-acme": {"resource_power_user"}}},
			{Username: "eve", Password: "eve-pw"},
		},
	}
}

// bundle is one provider on an httptest server.
type bundle struct {
	t      *testing.T
	srv    *httptest.Server
	idp    *devidp.Server
	issuer string
	clock  *clocktest.Clock
}

// start runs a provider with testSeed and a settable clock; edit adjusts the config.
func start(t *testing.T, edit ...func(*devidp.Config)) *bundle {
	t.Helper()
	srv := httptest.NewServer(nil) // the issuer needs the URL, so the handler comes second
	t.Cleanup(srv.Close)
	clk := clocktest.New(time.Now())
	cfg := devidp.Config{IssuerBase: srv.URL, Seed: testSeed(), SigningKey: testKey(), Now: clk.Now,
		Logger: slog.New(slog.DiscardHandler)}
	for _, e := range edit {
		e(&cfg)
	}
	idp, err := devidp.New(cfg)
	require.NoError(t, err)
	srv.Config.Handler = idp
	return &bundle{t: t, srv: srv, idp: idp, issuer: idp.Issuer(), clock: clk}
}

func (b *bundle) url(path string) string { return b.issuer + path }

// call sends a request and decodes a JSON answer (nil when the body is not JSON).
func (b *bundle) call(req *http.Request) (int, map[string]any) {
	b.t.Helper()
	resp, err := b.srv.Client().Do(req)
	require.NoError(b.t, err)
	defer resp.Body.Close()
	raw, err := io.ReadAll(resp.Body)
	require.NoError(b.t, err)
	var body map[string]any
	if len(raw) > 0 && strings.HasPrefix(resp.Header.Get("Content-Type"), "application/json") {
		require.NoError(b.t, json.Unmarshal(raw, &body), string(raw))
	}
	return resp.StatusCode, body
}

// token posts a form to the token endpoint.
func (b *bundle) token(form url.Values) (int, map[string]any) {
	b.t.Helper()
	req, err := http.NewRequest(http.MethodPost, b.url("/protocol/openid-connect/token"), strings.NewReader(form.Encode()))
	require.NoError(b.t, err)
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	return b.call(req)
}

// mustToken is a token request that must succeed.
func (b *bundle) mustToken(form url.Values) map[string]any {
	b.t.Helper()
	status, body := b.token(form)
	require.Equal(b.t, http.StatusOK, status, "%v", body)
	return body
}

// passwordToken signs a user in through the password grant and returns the whole response.
func (b *bundle) passwordToken(clientID, secret, username, password, scope string) map[string]any {
	b.t.Helper()
	return b.mustToken(url.Values{"grant_type": {"password"}, "client_id": {clientID}, "client_secret": {secret},
		"username": {username}, "password": {password}, "scope": {scope}})
}

// userToken is an access token of username on bodhi-acme with the session scopes Bodhi asks for.
func (b *bundle) userToken(username string) string {
	b.t.Helper()
	body := b.passwordToken("bodhi-acme", acmeSecret, username, username+"-pw", "openid email profile roles organization")
	return body["access_token"].(string)
}

// serviceToken is a client's service-account token.
func (b *bundle) serviceToken(clientID, secret string) string {
	b.t.Helper()
	body := b.mustToken(url.Values{"grant_type": {"client_credentials"}, "client_id": {clientID},
		"client_secret": {secret}, "scope": {"service_account"}})
	return body["access_token"].(string)
}

// jsonCall sends a JSON body (nil for none) with an optional bearer token.
func (b *bundle) jsonCall(method, path, bearer string, body any) (int, map[string]any) {
	b.t.Helper()
	var r io.Reader
	if body != nil {
		raw, err := json.Marshal(body)
		require.NoError(b.t, err)
		r = bytes.NewReader(raw)
	}
	req, err := http.NewRequest(method, b.url(path), r)
	require.NoError(b.t, err)
	if body != nil {
		req.Header.Set("Content-Type", "application/json")
	}
	if bearer != "" {
		req.Header.Set("Authorization", "Bearer "+bearer)
	}
	return b.call(req)
}

// claims decodes a JWT payload without verifying it; the login test proves verification with go-oidc.
func claims(t *testing.T, raw string) map[string]any {
	t.Helper()
	parts := strings.Split(raw, ".")
	require.Len(t, parts, 3)
	payload, err := base64.RawURLEncoding.DecodeString(parts[1])
	require.NoError(t, err)
	var c map[string]any
	require.NoError(t, json.Unmarshal(payload, &c))
	return c
}

// browser is a cookie-keeping client that stops at redirects, as a test needs to see them.
type browser struct {
	t      *testing.T
	client *http.Client
}

func (b *bundle) browser() *browser {
	jar, err := cookiejar.New(nil)
	require.NoError(b.t, err)
	return &browser{t: b.t, client: &http.Client{Jar: jar, CheckRedirect: func(*http.Request, []*http.Request) error {
		return http.ErrUseLastResponse
	}}}
}

// page is a fetched HTML page, or a redirect.
type page struct {
	status   int
	body     string
	location string
}

func (br *browser) do(req *http.Request) page {
	br.t.Helper()
	resp, err := br.client.Do(req)
	require.NoError(br.t, err)
	defer resp.Body.Close()
	raw, err := io.ReadAll(resp.Body)
	require.NoError(br.t, err)
	return page{status: resp.StatusCode, body: string(raw), location: resp.Header.Get("Location")}
}

func (br *browser) get(u string) page {
	br.t.Helper()
	req, err := http.NewRequest(http.MethodGet, u, nil)
	require.NoError(br.t, err)
	return br.do(req)
}

var (
	formTag     = regexp.MustCompile(`<form id="login-form" method="POST" action="([^"]*)">`)
	hiddenInput = regexp.MustCompile(`<input type="hidden" name="([^"]*)" value="([^"]*)">`)
)

// submitLogin fills the login form of p (as a browser would: hidden fields plus credentials) and posts it.
func (br *browser) submitLogin(base string, p page, username, password string) page {
	br.t.Helper()
	require.Equal(br.t, http.StatusOK, p.status, p.body)
	m := formTag.FindStringSubmatch(p.body)
	require.NotNil(br.t, m, "login form: %s", p.body)
	for _, id := range []string{`id="username"`, `id="password"`, `id="kc-login"`} {
		require.Contains(br.t, p.body, id)
	}
	form := url.Values{}
	for _, h := range hiddenInput.FindAllStringSubmatch(p.body, -1) {
		form.Add(html.UnescapeString(h[1]), html.UnescapeString(h[2]))
	}
	form.Set("username", username)
	form.Set("password", password)
	req, err := http.NewRequest(http.MethodPost, base+html.UnescapeString(m[1]), strings.NewReader(form.Encode()))
	require.NoError(br.t, err)
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	return br.do(req)
}

// queryOf parses the query of a redirect location.
func queryOf(t *testing.T, location string) url.Values {
	t.Helper()
	u, err := url.Parse(location)
	require.NoError(t, err)
	return u.Query()
}
