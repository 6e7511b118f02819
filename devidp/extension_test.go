package devidp_test

import (
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/require"
)

// ext is one extension call and the answer it must get.
type ext struct {
	name, method, path, bearer string
	body                       any
	status                     int
}

func runExt(t *testing.T, b *bundle, cases []ext) {
	t.Helper()
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			status, body := b.jsonCall(tc.method, tc.path, tc.bearer, tc.body)
			require.Equal(t, tc.status, status, "%v", body)
			if status >= 400 {
				require.NotEmpty(t, body["error"], "errors use {error, error_description}")
			}
		})
	}
}

// rolesOn reads a user's current roles through a fresh token.
func rolesOn(t *testing.T, b *bundle, username string) (map[string]any, any) {
	t.Helper()
	c := claims(t, b.userToken(username))
	ra, _ := c["resource_access"].(map[string]any)
	return ra, c["organization"]
}

func TestRegisterResource(t *testing.T) {
	b := start(t)
	status, body := b.jsonCall(http.MethodPost, "/bodhi/resources", "", map[string]any{
		"name": "New Org", "description": "d", "redirect_uris": []string{"http://new.localhost/ui/auth/callback"}})
	require.Equal(t, http.StatusCreated, status, "%v", body)
	id := body["client_id"].(string)
	require.True(t, strings.HasPrefix(id, "resource-"), id)
	require.Len(t, body["client_secret"], 32)
	require.Equal(t, "scope_resource-"+id, body["scope"])

	sa := claims(t, b.serviceToken(id, body["client_secret"].(string)))
	require.Equal(t, "service-account-"+id, sa["preferred_username"], "the new client has a service account")

	runExt(t, b, []ext{
		{"no name", "POST", "/bodhi/resources", "", map[string]any{"redirect_uris": []string{"http://x/cb"}}, 400},
		{"no redirect_uris", "POST", "/bodhi/resources", "", map[string]any{"name": "x"}, 400},
		{"not JSON", "POST", "/bodhi/resources", "", "just a string", 400},
	})
}

func TestMakeResourceAdmin(t *testing.T) {
	b := start(t)
	sa := b.serviceToken("bodhi-acme", acmeSecret)
	eveID, _ := b.idp.UserID("eve")
	runExt(t, b, []ext{
		{"no token", "POST", "/bodhi/resources/make-resource-admin", "", map[string]string{"user_id": eveID}, 401},
		{"garbage token", "POST", "/bodhi/resources/make-resource-admin", "garbage", map[string]string{"user_id": eveID}, 401},
		{"user token", "POST", "/bodhi/resources/make-resource-admin", b.userToken("alice"), map[string]string{"user_id": eveID}, 403},
		{"unknown user", "POST", "/bodhi/resources/make-resource-admin", sa, map[string]string{"user_id": "nobody"}, 404},
		{"missing user_id", "POST", "/bodhi/resources/make-resource-admin", sa, map[string]string{}, 400},
		{"eve", "POST", "/bodhi/resources/make-resource-admin", sa, map[string]string{"user_id": eveID}, 200},
	})
	roles, orgs := rolesOn(t, b, "eve")
	require.Equal(t, map[string]any{"bodhi-acme": map[string]any{"roles": []any{"resource_admin"}}}, roles)
	require.Equal(t, []any{"acme"}, orgs, "joining R's organization")
}

func TestAssignRole(t *testing.T) {
	b := start(t)
	alice, carol, dave := b.userToken("alice"), b.userToken("carol"), b.userToken("dave")
	id := func(name string) string { v, _ := b.idp.UserID(name); return v }
	assign := func(user, role string) map[string]string { return map[string]string{"user_id": id(user), "role": role} }
	const path = "/bodhi/resources/assign-role"
	runExt(t, b, []ext{
		{"no token", "POST", path, "", assign("eve", "resource_user"), 401},
		{"power user is below manager", "POST", path, dave, assign("eve", "resource_user"), 403},
		{"service account is not a user", "POST", path, b.serviceToken("bodhi-acme", acmeSecret), assign("eve", "resource_user"), 403},
		{"app token is not a resource token", "POST", path, appToken(b, "alice", "roles"), assign("eve", "resource_user"), 403},
		{"unknown role", "POST", path, alice, assign("eve", "resource_king"), 400},
		{"unknown user", "POST", path, alice, map[string]string{"user_id": "nobody", "role": "resource_user"}, 404},
		{"manager cannot grant admin", "POST", path, carol, assign("eve", "resource_admin"), 403},
		{"manager cannot change an admin", "POST", path, carol, assign("alice", "resource_user"), 403},
		{"manager grants manager", "POST", path, carol, assign("eve", "resource_manager"), 200},
		{"admin grants admin", "POST", path, alice, assign("dave", "resource_admin"), 200},
	})
	roles, orgs := rolesOn(t, b, "eve")
	require.Equal(t, map[string]any{"bodhi-acme": map[string]any{"roles": []any{"resource_manager"}}}, roles)
	require.Equal(t, []any{"acme"}, orgs)
	roles, _ = rolesOn(t, b, "dave")
	require.Equal(t, []any{"resource_admin"}, roles["bodhi-acme"].(map[string]any)["roles"], "roles are replaced")

	t.Run("levels come from current roles, not from the token", func(t *testing.T) {
		status, _ := b.jsonCall(http.MethodPost, path, dave, assign("bob", "resource_power_user"))
		require.Equal(t, http.StatusOK, status, "dave's old token still says power user, but he is admin now")
	})
}

func TestRemoveUser(t *testing.T) {
	b := start(t)
	carol := b.userToken("carol")
	id := func(name string) string { v, _ := b.idp.UserID(name); return v }
	const path = "/bodhi/resources/remove-user"
	runExt(t, b, []ext{
		{"no token", "POST", path, "", map[string]string{"user_id": id("bob")}, 401},
		{"user is below manager", "POST", path, b.userToken("bob"), map[string]string{"user_id": id("dave")}, 403},
		{"manager cannot remove an admin", "POST", path, carol, map[string]string{"user_id": id("alice")}, 403},
		{"unknown user", "POST", path, carol, map[string]string{"user_id": "nobody"}, 404},
		{"missing user_id", "POST", path, carol, map[string]string{}, 400},
		{"bob", "POST", path, carol, map[string]string{"user_id": id("bob")}, 200},
	})
	roles, orgs := rolesOn(t, b, "bob")
	require.NotContains(t, roles, "bodhi-acme")
	require.Contains(t, roles, "bodhi-globex", "other clients are untouched")
	require.Equal(t, []any{"globex"}, orgs, "R's organization membership goes with the roles")
}

func TestListUsers(t *testing.T) {
	b := start(t)
	alice := b.userToken("alice")
	list := func(query string) (int, map[string]any) {
		return b.jsonCall(http.MethodGet, "/bodhi/resources/users"+query, alice, nil)
	}
	status, body := list("")
	require.Equal(t, http.StatusOK, status, "%v", body)
	require.Equal(t, "bodhi-acme", body["client_id"])
	require.EqualValues(t, 1, body["page"])
	require.EqualValues(t, 10, body["page_size"])
	require.EqualValues(t, 4, body["total_users"], "eve holds no role")
	var names []string
	for _, u := range body["users"].([]any) {
		names = append(names, u.(map[string]any)["username"].(string))
	}
	require.Equal(t, []string{"alice", "bob", "carol", "dave"}, names)
	first := body["users"].([]any)[0].(map[string]any)
	require.Equal(t, map[string]any{"user_id": aliceID, "username": "alice", "first_name": "Alice",
		"last_name": "Admin", "role": "resource_admin"}, first)

	status, body = list("?page=2&page_size=3")
	require.Equal(t, http.StatusOK, status)
	require.Len(t, body["users"], 1)
	require.EqualValues(t, 2, body["total_pages"])
	require.Equal(t, false, body["has_next"])
	require.Equal(t, true, body["has_previous"])

	status, body = list("?page=5")
	require.Equal(t, http.StatusOK, status)
	require.Equal(t, []any{}, body["users"])

	runExt(t, b, []ext{
		{"no token", "GET", "/bodhi/resources/users", "", nil, 401},
		{"power user", "GET", "/bodhi/resources/users", b.userToken("dave"), nil, 403},
		{"bad page", "GET", "/bodhi/resources/users?page=0", alice, nil, 400},
		{"bad page size", "GET", "/bodhi/resources/users?page_size=x", alice, nil, 400},
		{"manager", "GET", "/bodhi/resources/users", b.userToken("carol"), nil, 200},
	})
}

func TestAppRequestAccess(t *testing.T) {
	b := start(t)
	sa := b.serviceToken("bodhi-globex", "globex-secret")
	const path = "/bodhi/resources/apps/request-access"
	before := b.passwordToken("other-app", "other-secret", "bob", "bob-pw", "scope_resource-bodhi-globex")
	require.Empty(t, before["scope"], "other-app is not registered for bodhi-globex yet")

	runExt(t, b, []ext{
		{"no token", "POST", path, "", map[string]string{"app_client_id": "other-app"}, 401},
		{"user token", "POST", path, b.userToken("alice"), map[string]string{"app_client_id": "other-app"}, 403},
		{"unknown app", "POST", path, sa, map[string]string{"app_client_id": "ghost"}, 404},
		{"a resource is not an app", "POST", path, sa, map[string]string{"app_client_id": "bodhi-acme"}, 404},
		{"missing app", "POST", path, sa, map[string]string{}, 400},
	})
	status, body := b.jsonCall(http.MethodPost, path, sa, map[string]string{"app_client_id": "other-app"})
	require.Equal(t, http.StatusOK, status, "%v", body)
	require.Equal(t, map[string]any{"scope": "scope_resource-bodhi-globex"}, body)

	after := b.passwordToken("other-app", "other-secret", "bob", "bob-pw", "scope_resource-bodhi-globex")
	require.Equal(t, "scope_resource-bodhi-globex", after["scope"])
	require.Equal(t, []any{"bodhi-globex"}, claims(t, after["access_token"].(string))["aud"])
}

func TestUserRequestAccess(t *testing.T) {
	b := start(t)
	bob := b.userToken("bob")
	const path = "/bodhi/users/request-access"
	req := func(id string) map[string]string {
		return map[string]string{"app_client_id": "other-app", "access_request_id": id, "description": "d"}
	}
	runExt(t, b, []ext{
		{"no token", "POST", path, "", req("ar-1"), 401},
		{"service account", "POST", path, b.serviceToken("bodhi-acme", acmeSecret), req("ar-1"), 403},
		{"unknown app", "POST", path, bob, map[string]string{"app_client_id": "ghost", "access_request_id": "ar-1"}, 404},
		{"missing id", "POST", path, bob, map[string]string{"app_client_id": "other-app"}, 400},
		{"first", "POST", path, bob, req("ar-1"), 200},
		{"same id again", "POST", path, b.userToken("alice"), req("ar-1"), 409},
		{"another id", "POST", path, bob, req("ar-2"), 200},
	})
}

func TestAppInfo(t *testing.T) {
	b := start(t)
	bob := b.userToken("bob")
	status, body := b.jsonCall(http.MethodGet, "/bodhi/users/apps/web-app/info", bob, nil)
	require.Equal(t, http.StatusOK, status)
	require.Equal(t, map[string]any{"name": "Web App", "description": "a public app",
		"redirect_uris": []any{"http://localhost:*"}}, body)
	status, body = b.jsonCall(http.MethodGet, "/bodhi/users/apps/other-app/info", bob, nil)
	require.Equal(t, http.StatusOK, status)
	require.Equal(t, map[string]any{"name": "other-app", "description": ""}, body, "defaults")

	runExt(t, b, []ext{
		{"no token", "GET", "/bodhi/users/apps/web-app/info", "", nil, 401},
		{"malformed token", "GET", "/bodhi/users/apps/web-app/info", "a.b.c", nil, 401},
		{"unknown app", "GET", "/bodhi/users/apps/ghost/info", bob, nil, 404},
		{"any user token, even an app's", "GET", "/bodhi/users/apps/web-app/info", appToken(b, "bob", ""), nil, 200},
		{"a resource client's service account", "GET", "/bodhi/users/apps/web-app/info",
			b.serviceToken("bodhi-acme", acmeSecret), nil, 200},
	})
}

func TestExtensionRejectsExpiredTokens(t *testing.T) {
	b := start(t)
	alice := b.userToken("alice")
	b.clock.Advance(301 * time.Second)
	status, body := b.jsonCall(http.MethodGet, "/bodhi/resources/users", alice, nil)
	require.Equal(t, http.StatusUnauthorized, status, "%v", body)
}
