package app_test

import (
	"net/http"
	"strings"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/bodhiapp/bodhi/apptest"
)

// TestCrossOrgMatrix: resources created in acme are invisible and untouchable from globex, whatever the
// credential: a globex admin's session, a globex API token, and an app token meant for globex. Every answer is
// 401, 403 or 404, and never carries acme's data.
func TestCrossOrgMatrix(t *testing.T) {
	d := gatewayDeployment(t, true)
	p := apptest.StartProvider(t)

	// acme's resources.
	alice, acmeToken, modelID := setupModel(t, d, "acme", "alice", p, "sk-acme-secret", "fake/")
	tokenID := alice.Do(http.MethodGet, "/bodhi/v1/tokens", nil).JSON(t)["data"].([]any)[0].(map[string]any)["id"].(string)
	require.Equal(t, http.StatusOK, alice.Do(http.MethodPut, "/bodhi/v1/toolset_types/builtin-exa-search/app-config", nil).Status)
	r := alice.Do(http.MethodPost, "/bodhi/v1/toolsets", map[string]any{"toolset_type": "builtin-exa-search",
		"slug": "exa", "api_key": "exa-acme-secret"})
	require.Equal(t, http.StatusCreated, r.Status, "%s", r.Body)
	toolsetID := r.JSON(t)["id"].(string)
	erin := loggedIn(t, d, "acme", "erin")
	require.Equal(t, http.StatusCreated, erin.Do(http.MethodPost, "/bodhi/v1/user/request-access", nil).Status)
	requestID := itoa(alice.Do(http.MethodGet, "/bodhi/v1/access-requests/pending", nil).JSON(t)["requests"].([]any)[0].(map[string]any)["id"].(float64))
	draftID, _ := draftRequest(t, d)

	// globex's callers.
	d.idp.SetClientRoles(t, "bob", map[string][]string{"bodhi-globex": {"resource_admin"}, "bodhi-acme": {"resource_user"}})
	session := loggedIn(t, d, "globex", "bob")
	r = session.Do(http.MethodPost, "/bodhi/v1/tokens", map[string]string{"scope": "scope_token_power_user"})
	require.Equal(t, http.StatusCreated, r.Status)
	apiToken := bearer(t, d, "globex", r.JSON(t)["token"].(string))
	r = d.browser(t, "globex").Do(http.MethodPost, "/bodhi/v1/apps/request-access",
		map[string]any{"app_client_id": apptest.AppClientID, "flow_type": "popup"})
	require.Equal(t, http.StatusCreated, r.Status, "%s", r.Body) // lets demo-app target globex's client
	external := bearer(t, d, "globex", appToken(t, d.idp, "bob", "openid profile scope_user_power_user scope_resource-bodhi-globex"))
	require.Equal(t, "logged_in", external.Do(http.MethodGet, "/bodhi/v1/user", nil).JSON(t)["auth_status"],
		"the external credential works in its own org")

	model := map[string]any{"api_format": "openai", "base_url": p.URL, "models": []string{"x"}}
	routes := []struct {
		method, path string
		body         any
	}{
		{http.MethodPut, "/bodhi/v1/tokens/" + tokenID, map[string]string{"name": "x", "status": "inactive"}},
		{http.MethodGet, "/bodhi/v1/api-models/" + modelID, nil},
		{http.MethodPut, "/bodhi/v1/api-models/" + modelID, model},
		{http.MethodDelete, "/bodhi/v1/api-models/" + modelID, nil},
		{http.MethodPost, "/bodhi/v1/api-models/" + modelID + "/sync-models", nil},
		{http.MethodPost, "/bodhi/v1/api-models/fetch-models", map[string]any{"base_url": p.URL,
			"creds": map[string]string{"type": "id", "value": modelID}}},
		{http.MethodPost, "/v1/chat/completions", map[string]any{"model": "fake/gpt-4o",
			"messages": []any{map[string]string{"role": "user", "content": "hi"}}}},
		{http.MethodGet, "/v1/models/fake/gpt-4o", nil},
		{http.MethodGet, "/bodhi/v1/toolsets/" + toolsetID, nil},
		{http.MethodPut, "/bodhi/v1/toolsets/" + toolsetID, map[string]any{"slug": "x", "enabled": true}},
		{http.MethodDelete, "/bodhi/v1/toolsets/" + toolsetID, nil},
		{http.MethodPost, "/bodhi/v1/toolsets/" + toolsetID + "/execute/search", map[string]any{"params": map[string]any{"query": "q"}}},
		{http.MethodPost, "/bodhi/v1/access-requests/" + requestID + "/approve", map[string]string{"role": "resource_user"}},
		{http.MethodPost, "/bodhi/v1/access-requests/" + requestID + "/reject", nil},
		{http.MethodGet, "/bodhi/v1/access-requests/" + draftID + "/review", nil},
		{http.MethodPut, "/bodhi/v1/access-requests/" + draftID + "/approve", map[string]any{"approved": map[string]any{"toolset_types": []any{}}}},
		{http.MethodPost, "/bodhi/v1/access-requests/" + draftID + "/deny", nil},
		{http.MethodGet, "/bodhi/v1/apps/access-requests/" + draftID + "?app_client_id=" + apptest.AppClientID, nil},
	}
	secrets := []string{tokenID, modelID, toolsetID, draftID, "sk-acme-secret", "exa-acme-secret", acmeToken[:17]}
	for name, caller := range map[string]*apptest.Browser{"session": session, "api token": apiToken, "external": external} {
		for _, rt := range routes {
			r := caller.Do(rt.method, rt.path, rt.body)
			require.Containsf(t, []int{401, 403, 404}, r.Status, "%s %s %s: %d %s", name, rt.method, rt.path, r.Status, r.Body)
			for _, s := range secrets {
				require.NotContainsf(t, string(r.Body), s, "%s %s %s leaks acme data", name, rt.method, rt.path)
			}
		}
		for _, list := range []string{"/bodhi/v1/tokens", "/bodhi/v1/api-models", "/v1/models", "/bodhi/v1/models",
			"/bodhi/v1/toolsets", "/bodhi/v1/access-requests"} {
			r := caller.Do(http.MethodGet, list, nil)
			for _, s := range secrets {
				require.NotContainsf(t, string(r.Body), s, "%s GET %s leaks acme data", name, list)
			}
			require.False(t, strings.Contains(string(r.Body), "fake/gpt-4o"), "%s GET %s lists acme's model", name, list)
		}
	}

	// And acme's resources are all still there, untouched.
	require.Equal(t, http.StatusOK, alice.Do(http.MethodGet, "/bodhi/v1/api-models/"+modelID, nil).Status)
	require.Equal(t, http.StatusOK, alice.Do(http.MethodGet, "/bodhi/v1/toolsets/"+toolsetID, nil).Status)
	require.Equal(t, "active", alice.Do(http.MethodGet, "/bodhi/v1/tokens", nil).JSON(t)["data"].([]any)[0].(map[string]any)["status"])
	require.Equal(t, "draft", d.browser(t, "acme").Do(http.MethodGet, "/bodhi/v1/apps/access-requests/"+draftID+
		"?app_client_id="+apptest.AppClientID, nil).JSON(t)["status"])
	require.EqualValues(t, 1, alice.Do(http.MethodGet, "/bodhi/v1/access-requests/pending", nil).JSON(t)["total"])
	require.Len(t, p.Calls(), 0, "no acme model was ever called from globex")
}
