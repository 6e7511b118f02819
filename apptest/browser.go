package apptest

import (
	"bytes"
	"encoding/json"
	"io"
	"net/http"
	"net/http/cookiejar"
	"net/url"
	"strings"
	"testing"

	"github.com/stretchr/testify/require"
)

// Browser is a same-origin client of one org host with a cookie jar, as the web UI would be.
type Browser struct {
	t      testing.TB
	client *http.Client
	base   string // http://<host>
	// Headers are added to every request (e.g. Authorization for bearer-token callers).
	Headers http.Header
}

// NewBrowser returns a client of host ("acme.localhost:1234").
func NewBrowser(t testing.TB, host string) *Browser {
	jar, err := cookiejar.New(nil)
	require.NoError(t, err)
	c := HTTPClient()
	c.Jar = jar
	return &Browser{t: t, client: c, base: "http://" + host, Headers: http.Header{}}
}

// Response is a finished HTTP exchange.
type Response struct {
	Status int
	Header http.Header
	Body   []byte
}

// JSON decodes the body as an object.
func (r Response) JSON(t testing.TB) map[string]any {
	t.Helper()
	var m map[string]any
	require.NoError(t, json.Unmarshal(r.Body, &m), "body: %s", r.Body)
	return m
}

// ErrorCode is the code of a standard error body.
func (r Response) ErrorCode(t testing.TB) string {
	t.Helper()
	e, ok := r.JSON(t)["error"].(map[string]any)
	require.True(t, ok, "not an error body: %s", r.Body)
	code, _ := e["code"].(string)
	return code
}

// Do sends a request to the org host. body is JSON-encoded unless nil.
func (b *Browser) Do(method, path string, body any) Response {
	b.t.Helper()
	if body == nil {
		return b.send(method, path, nil)
	}
	raw, err := json.Marshal(body)
	require.NoError(b.t, err)
	return b.send(method, path, raw)
}

// DoRaw sends body exactly as given, with Content-Type application/json.
func (b *Browser) DoRaw(method, path string, body []byte) Response {
	b.t.Helper()
	return b.send(method, path, body)
}

func (b *Browser) send(method, path string, body []byte) Response {
	b.t.Helper()
	var r io.Reader
	if body != nil {
		r = bytes.NewReader(body)
	}
	req, err := http.NewRequest(method, b.base+path, r)
	require.NoError(b.t, err)
	if body != nil {
		req.Header.Set("Content-Type", "application/json")
	}
	// A browser's same-origin fetch: the session is only considered for those (auth.md §11.1).
	req.Header.Set("Sec-Fetch-Site", "same-origin")
	for k, vs := range b.Headers {
		req.Header[k] = vs
	}
	resp, err := b.client.Do(req)
	require.NoError(b.t, err)
	defer resp.Body.Close()
	data, err := io.ReadAll(resp.Body)
	require.NoError(b.t, err)
	return Response{Status: resp.StatusCode, Header: resp.Header, Body: data}
}

// Cookies are the jar's cookies for the org host.
func (b *Browser) Cookies() []*http.Cookie {
	u, _ := url.Parse(b.base)
	return b.client.Jar.Cookies(u)
}

// SetCookies puts cookies into the jar for this browser's host (to replay another host's cookie).
func (b *Browser) SetCookies(cookies []*http.Cookie) {
	u, _ := url.Parse(b.base)
	b.client.Jar.SetCookies(u, cookies)
}

// Login signs in through the identity provider's login form, as a person would: initiate, the form, the
// redirect with the code, the callback.
func (b *Browser) Login(username, password string) Response {
	b.t.Helper()
	r := b.Do(http.MethodPost, "/bodhi/v1/auth/initiate", nil)
	require.Equal(b.t, http.StatusCreated, r.Status, "initiate: %s", r.Body)
	location, _ := r.JSON(b.t)["location"].(string)
	callback := SignIn(b.t, b.client, location, username, password)
	params := map[string]string{}
	for k := range callback {
		params[k] = callback.Get(k)
	}
	return b.Do(http.MethodPost, "/bodhi/v1/auth/callback", params)
}

// SignIn opens the identity provider's login page at location (an authorize URL), submits the form as username
// and returns the query the provider sends the browser back to the login callback with (code and state).
func SignIn(t testing.TB, client *http.Client, location, username, password string) url.Values {
	t.Helper()
	authorize, err := url.Parse(location)
	require.NoError(t, err)
	form, err := client.Get(location)
	require.NoError(t, err)
	page, _ := io.ReadAll(form.Body)
	form.Body.Close()
	require.Equal(t, http.StatusOK, form.StatusCode, "login form: %s", page)
	require.Contains(t, string(page), `id="login-form"`)

	fields := authorize.Query()
	fields.Set("username", username)
	fields.Set("password", password)
	post, err := client.PostForm(authorize.Scheme+"://"+authorize.Host+authorize.Path, fields)
	require.NoError(t, err)
	post.Body.Close()
	require.Equal(t, http.StatusFound, post.StatusCode, "login form post")
	redirect, err := url.Parse(post.Header.Get("Location"))
	require.NoError(t, err)
	require.True(t, strings.HasSuffix(redirect.Path, "/ui/auth/callback"), "redirected to %s", redirect)
	return redirect.Query()
}
