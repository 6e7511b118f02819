package app_test

import (
	"net/http"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/bodhiapp/bodhi/apptest"
)

// nul is a JSON string escape of the NUL character, which PostgreSQL cannot store in text.
const nul = `\u0000`

// Bad text in a body, a path or a query answers 400 at the boundary, the same on both dialects, and stores nothing.
func TestNULAndInvalidUTF8AreRefused(t *testing.T) {
	for _, hosted := range []bool{true, false} {
		t.Run(map[bool]string{true: "hosted", false: "standalone"}[hosted], func(t *testing.T) {
			t.Parallel()
			d := gatewayDeployment(t, hosted)
			p := apptest.StartProvider(t)
			alice := loggedIn(t, d, "acme", "alice")
			rejected := func(r apptest.Response, code string) {
				t.Helper()
				require.Equal(t, http.StatusBadRequest, r.Status, "%s", r.Body)
				require.Equal(t, code, r.ErrorCode(t), "%s", r.Body)
			}

			rejected(alice.DoRaw(http.MethodPost, "/bodhi/v1/tokens", []byte(`{"name":"a`+nul+`b","scope":"scope_token_user"}`)),
				"json_rejection_error")
			require.EqualValues(t, 0, alice.Do(http.MethodGet, "/bodhi/v1/tokens", nil).JSON(t)["total"])

			rejected(alice.DoRaw(http.MethodPost, "/bodhi/v1/api-models", []byte(`{"api_format":"openai","base_url":"`+
				p.URL+`","models":["gpt-4o"],"prefix":"p`+nul+`/"}`)), "json_rejection_error")
			require.EqualValues(t, 0, alice.Do(http.MethodGet, "/bodhi/v1/api-models", nil).JSON(t)["total"])

			setExa(t, alice, true)
			rejected(alice.DoRaw(http.MethodPost, "/bodhi/v1/toolsets", []byte(`{"toolset_type":"`+exaType+
				`","slug":"exa","api_key":"k","description":"x`+nul+`"}`)), "json_rejection_error")
			require.Equal(t, []any{}, alice.Do(http.MethodGet, "/bodhi/v1/toolsets", nil).JSON(t)["toolsets"])

			app := d.browser(t, "acme") // the public app request: no login at all
			rejected(app.DoRaw(http.MethodPost, "/bodhi/v1/apps/request-access",
				[]byte(`{"app_client_id":"demo`+nul+`","flow_type":"popup"}`)), "json_rejection_error")
			rejected(app.DoRaw(http.MethodPost, "/bodhi/v1/apps/request-access",
				[]byte(`{"app_client_id":"demo-app","flow_type":"redirect","redirect_url":"http://localhost:9/`+nul+`"}`)),
				"json_rejection_error")
			// An escaped backslash before u0000 is the six characters \u0000, not NUL: accepted.
			r := alice.DoRaw(http.MethodPost, "/bodhi/v1/tokens", []byte(`{"name":"C:\\u0000dir","scope":"scope_token_user"}`))
			require.Equal(t, http.StatusCreated, r.Status, "%s", r.Body)

			rejected(app.Do(http.MethodGet, "/bodhi/v1/apps/access-requests/%00?app_client_id=demo-app", nil),
				"path_rejection_error")
			rejected(app.Do(http.MethodGet, "/bodhi/v1/apps/access-requests/%FF%FE?app_client_id=demo-app", nil),
				"path_rejection_error")
			rejected(app.Do(http.MethodGet, "/bodhi/v1/apps/access-requests/x?app_client_id=a%00b", nil),
				"query_rejection_error")
			rejected(app.Do(http.MethodGet, "/bodhi/v1/apps/access-requests/x?app_client_id=%C3%28", nil),
				"query_rejection_error")

			// A bearer that is not printable ASCII is no token: 401, never a database error.
			bad := d.browser(t, "acme")
			bad.Headers.Set("Authorization", "Bearer bodhiapp_\xff\xfe\xfd-0123456789")
			r = bad.Do(http.MethodGet, "/v1/models", nil)
			require.Equal(t, http.StatusUnauthorized, r.Status, "%s", r.Body)
		})
	}
}

// The OpenAI routes take JSON only, answering 415 in OpenAI's error shape otherwise; nothing is forwarded.
func TestOpenAIRoutesRequireJSON(t *testing.T) {
	for _, hosted := range []bool{true, false} {
		t.Run(map[bool]string{true: "hosted", false: "standalone"}[hosted], func(t *testing.T) {
			t.Parallel()
			d := gatewayDeployment(t, hosted)
			p := apptest.StartProvider(t)
			alice := loggedIn(t, d, "acme", "alice")
			r := alice.Do(http.MethodPost, "/bodhi/v1/api-models", map[string]any{"api_format": "openai",
				"base_url": p.URL, "models": []string{"gpt-4o"}, "api_key": "sk-1"})
			require.Equal(t, http.StatusCreated, r.Status, "%s", r.Body)
			body := `{"model":"gpt-4o","messages":[{"role":"user","content":"hi"}],"input":"hi"}`
			for _, path := range []string{"/v1/chat/completions", "/v1/embeddings"} {
				before := len(p.Calls())
				for _, ct := range []string{"", "text/plain", "application/x-www-form-urlencoded", "application/jsonx"} {
					r := withContentType(alice, ct, path, body)
					require.Equal(t, http.StatusUnsupportedMediaType, r.Status, "%s %q: %s", path, ct, r.Body)
					e := r.JSON(t)["error"].(map[string]any)
					require.Equal(t, "oai_route_error-unsupported_media_type", e["code"])
					require.Equal(t, "unsupported_media_type_error", e["type"])
					require.NotEmpty(t, e["message"])
				}
				require.Len(t, p.Calls(), before, "nothing was forwarded")
				r := withContentType(alice, "application/json; charset=utf-8", path, body)
				require.Equal(t, http.StatusOK, r.Status, "%s: %s", path, r.Body)
			}
		})
	}
}

// Logging out changes state: a sibling org's page (same site, another origin) cannot end the session.
func TestLogoutNeedsSameOrigin(t *testing.T) {
	forEachDeployment(t, func(t *testing.T, d deployment) {
		alice := loggedIn(t, d, "acme", "alice")
		for _, h := range []map[string]string{
			{"Sec-Fetch-Site": "same-site"},
			{"Sec-Fetch-Site": "cross-site"},
		} {
			for k, v := range h {
				alice.Headers.Set(k, v)
			}
			r := alice.Do(http.MethodPost, "/bodhi/v1/logout", nil)
			require.Equal(t, http.StatusUnauthorized, r.Status, "%v: %s", h, r.Body)
			require.Equal(t, "auth_error-invalid_access", r.ErrorCode(t))
			alice.Headers = http.Header{}
			require.Equal(t, "logged_in", alice.Do(http.MethodGet, "/bodhi/v1/user", nil).JSON(t)["auth_status"],
				"the session survives %v", h)
		}
		require.Equal(t, http.StatusOK, alice.Do(http.MethodPost, "/bodhi/v1/logout", nil).Status)
		require.Equal(t, "logged_out", alice.Do(http.MethodGet, "/bodhi/v1/user", nil).JSON(t)["auth_status"])
	})
}

// withContentType posts body with the given Content-Type ("" sends none) from b's session.
func withContentType(b *apptest.Browser, ct, path, body string) apptest.Response {
	b.Headers["Content-Type"] = []string{}
	if ct != "" {
		b.Headers.Set("Content-Type", ct)
	}
	defer b.Headers.Del("Content-Type")
	return b.DoRaw(http.MethodPost, path, []byte(body))
}
