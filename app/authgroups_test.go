package app_test

import (
	"net/http"
	"strings"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/bodhiapp/bodhi/apptest"
)

func loggedIn(t *testing.T, d deployment, slug, user string) *apptest.Browser {
	t.Helper()
	b := d.browser(t, slug)
	r := b.Login(user, apptest.Password)
	require.Equal(t, http.StatusOK, r.Status, "login %s: %s", user, r.Body)
	return b
}

func TestTokensRouteGroup(t *testing.T) {
	forEachDeployment(t, func(t *testing.T, d deployment) {
		anonymous := d.browser(t, "acme")
		r := anonymous.Do(http.MethodGet, "/bodhi/v1/tokens", nil)
		require.Equal(t, http.StatusUnauthorized, r.Status)
		require.Equal(t, "auth_error-invalid_access", r.ErrorCode(t))

		for user, want := range map[string]struct {
			status int
			code   string
		}{
			"bob":  {http.StatusForbidden, "api_auth_error-forbidden"},       // role too low
			"erin": {http.StatusUnauthorized, "api_auth_error-missing_auth"}, // no role at all
		} {
			r := loggedIn(t, d, "acme", user).Do(http.MethodGet, "/bodhi/v1/tokens", nil)
			require.Equal(t, want.status, r.Status, user)
			require.Equal(t, want.code, r.ErrorCode(t), user)
		}

		carol := loggedIn(t, d, "acme", "carol")
		r = carol.Do(http.MethodPost, "/bodhi/v1/tokens", map[string]string{"name": "ci", "scope": "scope_token_power_user"})
		require.Equal(t, http.StatusCreated, r.Status, "%s", r.Body)
		token := r.JSON(t)["token"].(string)
		require.True(t, strings.HasPrefix(token, "bodhiapp_"))
		for _, bad := range []struct {
			body map[string]string
			code string
		}{
			{map[string]string{"scope": "scope_token_admin"}, "api_token_error-invalid_scope"},
			{map[string]string{"scope": "scope_nonsense"}, "json_rejection_error"},
			{map[string]string{"name": strings.Repeat("n", 256), "scope": "scope_token_user"}, "obj_validation_error-validation_errors"},
		} {
			r := carol.Do(http.MethodPost, "/bodhi/v1/tokens", bad.body)
			require.Equal(t, http.StatusBadRequest, r.Status, "%v", bad.body)
			require.Equal(t, bad.code, r.ErrorCode(t))
		}

		r = carol.Do(http.MethodGet, "/bodhi/v1/tokens?page=1&page_size=10", nil)
		require.Equal(t, http.StatusOK, r.Status)
		list := r.JSON(t)
		require.EqualValues(t, 1, list["total"])
		row := list["data"].([]any)[0].(map[string]any)
		require.Equal(t, token[:17], row["token_prefix"])
		require.NotContains(t, row, "token_hash")
		r = carol.Do(http.MethodGet, "/bodhi/v1/tokens?page=abc", nil)
		require.Equal(t, "query_rejection_error", r.ErrorCode(t))

		// The token authenticates as itself, not as a session, and is refused on session-only routes.
		api := d.browser(t, "acme")
		api.Headers.Set("Authorization", "Bearer "+token)
		r = api.Do(http.MethodGet, "/bodhi/v1/user", nil)
		require.Equal(t, map[string]any{"auth_status": "api_token", "role": "scope_token_power_user"}, r.JSON(t))
		r = api.Do(http.MethodGet, "/bodhi/v1/tokens", nil)
		require.Equal(t, http.StatusUnauthorized, r.Status)
		require.Equal(t, "api_auth_error-missing_auth", r.ErrorCode(t))

		// Deactivated by its owner: refused at once.
		id := row["id"].(string)
		r = carol.Do(http.MethodPut, "/bodhi/v1/tokens/"+id, map[string]string{"name": "ci", "status": "inactive"})
		require.Equal(t, http.StatusOK, r.Status, "%s", r.Body)
		r = api.Do(http.MethodGet, "/bodhi/v1/orgs/current", nil)
		require.Equal(t, http.StatusOK, r.Status, "optional routes stay open")
		r = api.Do(http.MethodGet, "/bodhi/v1/orgs/user-memberships", nil)
		require.Equal(t, http.StatusUnauthorized, r.Status)
		require.Equal(t, "auth_error-token_inactive", r.ErrorCode(t))

		// Someone else's token id is not found.
		r = loggedIn(t, d, "acme", "alice").Do(http.MethodPut, "/bodhi/v1/tokens/"+id,
			map[string]string{"name": "stolen", "status": "active"})
		require.Equal(t, http.StatusNotFound, r.Status)
		require.Equal(t, "entity_error-not_found", r.ErrorCode(t))

		api.Headers.Set("Authorization", "Bearer")
		r = api.Do(http.MethodGet, "/bodhi/v1/orgs/user-memberships", nil)
		require.Equal(t, "token_error-invalid_token", r.ErrorCode(t), "a malformed Authorization header")
	})
}

func TestUserMemberships(t *testing.T) {
	d := startDeployment(t, true, 0)
	bob := loggedIn(t, d, "acme", "bob")
	r := bob.Do(http.MethodGet, "/bodhi/v1/orgs/user-memberships", nil)
	require.Equal(t, http.StatusOK, r.Status, "%s", r.Body)
	var list []map[string]any
	require.NoError(t, jsonUnmarshal(r.Body, &list))
	require.Len(t, list, 2)
	require.Equal(t, "Acme Inc", list[0]["display_name"])
	require.Equal(t, "resource_user", list[0]["role"])
	require.Equal(t, "http://"+d.bodhi.Host("acme")+"/ui/chat", list[0]["url"])
	require.Equal(t, "globex", list[1]["slug"])
	require.Equal(t, "http://"+d.bodhi.Host("globex")+"/ui/chat", list[1]["url"])
	r2 := bob.Do(http.MethodGet, "/api/orgs/user-memberships", nil)
	require.JSONEq(t, string(r.Body), string(r2.Body))
}

func TestSessionOfAnotherOrgIsAnonymous(t *testing.T) {
	d := startDeployment(t, true, 0)
	acme := loggedIn(t, d, "acme", "bob")
	globex := d.browser(t, "globex")
	globex.SetCookies(acme.Cookies()) // a copied cookie, or a proxy that leaks it
	r := globex.Do(http.MethodGet, "/bodhi/v1/user", nil)
	require.Equal(t, "logged_out", r.JSON(t)["auth_status"])
	r = globex.Do(http.MethodGet, "/bodhi/v1/orgs/user-memberships", nil)
	require.Equal(t, http.StatusUnauthorized, r.Status)
	r = acme.Do(http.MethodGet, "/bodhi/v1/user", nil)
	require.Equal(t, "logged_in", r.JSON(t)["auth_status"], "the original session is untouched")
}

func TestAPITokenOfAnotherOrg(t *testing.T) {
	d := startDeployment(t, true, 0)
	alice := loggedIn(t, d, "acme", "alice")
	r := alice.Do(http.MethodPost, "/bodhi/v1/tokens", map[string]string{"scope": "scope_token_user"})
	require.Equal(t, http.StatusCreated, r.Status)
	token := r.JSON(t)["token"].(string)
	globex := d.browser(t, "globex")
	globex.Headers.Set("Authorization", "Bearer "+token)
	r = globex.Do(http.MethodGet, "/bodhi/v1/orgs/user-memberships", nil)
	require.Equal(t, http.StatusUnauthorized, r.Status)
	require.Equal(t, "token_error-invalid_token", r.ErrorCode(t))
}

func TestSameSiteRequestsDoNotUseTheSession(t *testing.T) {
	d := startDeployment(t, true, 0)
	b := loggedIn(t, d, "acme", "alice")
	req, err := http.NewRequest(http.MethodGet, "http://"+d.bodhi.Host("acme")+"/bodhi/v1/user", nil)
	require.NoError(t, err)
	req.Header.Set("Sec-Fetch-Site", "same-site") // e.g. a page on globex.localhost calling acme
	for _, c := range b.Cookies() {
		req.AddCookie(c)
	}
	resp, err := apptest.HTTPClient().Do(req)
	require.NoError(t, err)
	defer resp.Body.Close()
	var body map[string]any
	require.NoError(t, jsonDecode(resp, &body))
	require.Equal(t, "logged_out", body["auth_status"])
}
