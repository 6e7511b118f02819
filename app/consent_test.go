package app_test

import (
	"context"
	"net/http"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/google/uuid"
	"github.com/stretchr/testify/require"

	"github.com/bodhiapp/bodhi/apptest"
	"github.com/bodhiapp/bodhi/db"
)

func TestAppConsentAutoApproval(t *testing.T) {
	forEachDeployment(t, testAppConsentAutoApproval)
}

func testAppConsentAutoApproval(t *testing.T, d deployment) {
	app := d.browser(t, "acme") // a third-party app's backend: no session
	r := app.Do(http.MethodPost, "/bodhi/v1/apps/request-access", map[string]any{"app_client_id": apptest.AppClientID,
		"flow_type": "popup"})
	require.Equal(t, http.StatusCreated, r.Status, "%s", r.Body)
	body := r.JSON(t)
	require.Equal(t, "approved", body["status"])
	require.Equal(t, "scope_resource-bodhi-acme", body["resource_scope"])
	id := body["id"].(string)

	r = app.Do(http.MethodGet, "/bodhi/v1/apps/access-requests/"+id+"?app_client_id="+apptest.AppClientID, nil)
	require.Equal(t, http.StatusOK, r.Status)
	require.Equal(t, "approved", r.JSON(t)["status"])
	r = app.Do(http.MethodGet, "/bodhi/v1/apps/access-requests/"+id+"?app_client_id=other-app", nil)
	require.Equal(t, "access_request_error-request_not_found", r.ErrorCode(t))
	if d.bodhi.Hosted {
		r = d.browser(t, "globex").Do(http.MethodGet, "/bodhi/v1/apps/access-requests/"+id+"?app_client_id="+apptest.AppClientID, nil)
		require.Equal(t, "access_request_error-request_not_found", r.ErrorCode(t), "another org never sees it")
	}

	for _, bad := range []struct {
		body map[string]any
		code string
	}{
		{map[string]any{"app_client_id": "a", "flow_type": "sideways"}, "app_access_request_error-invalid_flow_type"},
		{map[string]any{"app_client_id": "a", "flow_type": "redirect"}, "app_access_request_error-missing_redirect_url"},
		{map[string]any{"app_client_id": "a", "flow_type": "popup", "requested": map[string]any{
			"toolset_types": []any{map[string]string{"toolset_type": "builtin-nope"}}}}, "app_access_request_error-invalid_toolset_type"},
	} {
		r := app.Do(http.MethodPost, "/bodhi/v1/apps/request-access", bad.body)
		require.Equal(t, http.StatusBadRequest, r.Status, "%v", bad.body)
		require.Equal(t, bad.code, r.ErrorCode(t))
	}
}

func draftRequest(t *testing.T, d deployment) (id, reviewURL string) {
	t.Helper()
	r := d.browser(t, "acme").Do(http.MethodPost, "/bodhi/v1/apps/request-access", map[string]any{
		"app_client_id": apptest.AppClientID, "flow_type": "redirect", "redirect_url": "http://localhost:9999/cb?x=1",
		"requested": map[string]any{"toolset_types": []any{map[string]string{"toolset_type": "builtin-exa-search"}}}})
	require.Equal(t, http.StatusCreated, r.Status, "%s", r.Body)
	body := r.JSON(t)
	require.Equal(t, "draft", body["status"])
	return body["id"].(string), body["review_url"].(string)
}

func TestAppConsentReviewApproveDeny(t *testing.T) {
	forEachDeployment(t, testAppConsentReviewApproveDeny)
}

func testAppConsentReviewApproveDeny(t *testing.T, d deployment) {
	id, reviewURL := draftRequest(t, d)
	require.Equal(t, "http://"+d.bodhi.Host("acme")+"/ui/apps/access-requests/review?id="+id, reviewURL)

	bob := loggedIn(t, d, "acme", "bob")
	r := bob.Do(http.MethodGet, "/bodhi/v1/access-requests/"+id+"/review", nil)
	require.Equal(t, http.StatusOK, r.Status, "%s", r.Body)
	review := r.JSON(t)
	require.Equal(t, "Demo App", review["app_name"], "fetched from the identity provider")
	tool := review["tools_info"].([]any)[0].(map[string]any)
	require.Equal(t, "builtin-exa-search", tool["toolset_type"])
	require.Equal(t, "Exa Web Search", tool["name"])

	approve := func(b *apptest.Browser, id string, entry map[string]any) apptest.Response {
		return b.Do(http.MethodPut, "/bodhi/v1/access-requests/"+id+"/approve",
			map[string]any{"approved": map[string]any{"toolset_types": []any{entry}}})
	}
	r = approve(bob, id, map[string]any{"toolset_type": "builtin-exa-search", "status": "approved"})
	require.Equal(t, "app_access_request_error-instance_required", r.ErrorCode(t))
	r = approve(bob, id, map[string]any{"toolset_type": "builtin-exa-search", "status": "approved",
		"instance_id": "00000000-0000-0000-0000-000000000000"})
	require.Equal(t, http.StatusForbidden, r.Status)
	require.Equal(t, "app_access_request_error-tool_instance_not_owned", r.ErrorCode(t))

	r = approve(bob, id, map[string]any{"toolset_type": "builtin-exa-search", "status": "denied"})
	require.Equal(t, http.StatusOK, r.Status, "%s", r.Body)
	out := r.JSON(t)
	require.Equal(t, "approved", out["status"])
	require.True(t, strings.HasPrefix(out["redirect_url"].(string), "http://localhost:9999/cb?x=1&id="+id))
	r = approve(bob, id, map[string]any{"toolset_type": "builtin-exa-search", "status": "denied"})
	require.Equal(t, "access_request_error-already_processed", r.ErrorCode(t))

	// The consent's scope now authenticates the app on bob's behalf.
	status := d.browser(t, "acme").Do(http.MethodGet, "/bodhi/v1/apps/access-requests/"+id+"?app_client_id="+apptest.AppClientID, nil).JSON(t)
	scope := status["access_request_scope"].(string)
	require.True(t, strings.HasPrefix(scope, "scope_access_request:"))
	token := appToken(t, d.idp, "bob", "openid profile scope_user_user scope_resource-bodhi-acme "+scope)
	r = bearer(t, d, "acme", token).Do(http.MethodGet, "/bodhi/v1/user", nil)
	require.Equal(t, http.StatusOK, r.Status, "%s", r.Body)
	require.Equal(t, "bob", r.JSON(t)["username"])

	other, _ := draftRequest(t, d)
	r = bob.Do(http.MethodPost, "/bodhi/v1/access-requests/"+other+"/deny", nil)
	require.Equal(t, http.StatusOK, r.Status)
	require.Equal(t, "denied", r.JSON(t)["status"])
	r = bob.Do(http.MethodPost, "/bodhi/v1/access-requests/"+other+"/deny", nil)
	require.Equal(t, "access_request_error-already_processed", r.ErrorCode(t))
	r = bob.Do(http.MethodGet, "/bodhi/v1/access-requests/no-such-id/review", nil)
	require.Equal(t, "access_request_error-request_not_found", r.ErrorCode(t))
	if d.bodhi.Hosted {
		r = loggedIn(t, d, "globex", "bob").Do(http.MethodGet, "/bodhi/v1/access-requests/"+other+"/review", nil)
		require.Equal(t, "access_request_error-request_not_found", r.ErrorCode(t), "another org never sees it")
	}
}

func TestConcurrentConsentApprovals(t *testing.T) {
	d := startDeployment(t, true, 0)
	id, _ := draftRequest(t, d)
	a, b := loggedIn(t, d, "acme", "bob"), loggedIn(t, d, "acme", "alice")
	var wg sync.WaitGroup
	statuses := make([]int, 2)
	for i, br := range []*apptest.Browser{a, b} {
		wg.Add(1)
		go func() {
			defer wg.Done()
			statuses[i] = br.Do(http.MethodPut, "/bodhi/v1/access-requests/"+id+"/approve", map[string]any{
				"approved": map[string]any{"toolset_types": []any{
					map[string]any{"toolset_type": "builtin-exa-search", "status": "denied"}}}}).Status
		}()
	}
	wg.Wait()
	require.ElementsMatch(t, []int{http.StatusOK, http.StatusConflict}, statuses)
}

func TestExpiredConsentDraft(t *testing.T) {
	d := startDeployment(t, true, 0)
	store := d.bodhi.Store(t)
	ctx := context.Background()
	acme, err := store.GetOrgBySlug(ctx, "acme")
	require.NoError(t, err)
	row, err := store.CreateAppAccessRequest(ctx, acme.ID, db.AppAccessRequest{AppClientID: apptest.AppClientID,
		FlowType: "popup", Requested: `{"toolset_types":[]}`, ExpiresAt: time.Now().Add(-time.Minute)})
	require.NoError(t, err)
	r := d.browser(t, "acme").Do(http.MethodGet, "/bodhi/v1/apps/access-requests/"+row.ID+"?app_client_id="+apptest.AppClientID, nil)
	require.Equal(t, http.StatusNotFound, r.Status)
	require.Equal(t, "access_request_error-expired", r.ErrorCode(t))
	bob := loggedIn(t, d, "acme", "bob")
	for _, c := range []struct {
		method, path string
		body         any
	}{
		{http.MethodGet, "/review", nil},
		{http.MethodPut, "/approve", map[string]any{"approved": map[string]any{"toolset_types": []any{}}}},
		{http.MethodPost, "/deny", nil},
	} {
		r := bob.Do(c.method, "/bodhi/v1/access-requests/"+row.ID+c.path, c.body)
		require.Equal(t, "access_request_error-expired", r.ErrorCode(t), c.path)
	}
}

// A consent's return address is a web URL registered for the app, or nothing: never javascript:, data:, a
// foreign host or a URL with userinfo (a Deny click on a genuine org link must not run an attacker's script).
func TestAppConsentRedirectURL(t *testing.T) {
	forEachDeployment(t, testAppConsentRedirectURL)
}

func testAppConsentRedirectURL(t *testing.T, d deployment) {
	app := d.browser(t, "acme")
	request := func(client, redirect string) apptest.Response {
		return app.Do(http.MethodPost, "/bodhi/v1/apps/request-access", map[string]any{"app_client_id": client,
			"flow_type": "redirect", "redirect_url": redirect,
			"requested": map[string]any{"toolset_types": []any{map[string]string{"toolset_type": "builtin-exa-search"}}}})
	}
	for _, bad := range []struct{ client, url string }{
		{apptest.AppClientID, "javascript:alert(document.domain)//http://localhost:9999/"},
		{apptest.AppClientID, "JavaScript:alert(1)"},
		{apptest.AppClientID, " javascript:alert(1)"},
		{apptest.AppClientID, "data:text/html,<script>alert(1)</script>"},
		{apptest.AppClientID, "vbscript:msgbox(1)"},
		{apptest.AppClientID, "//localhost:9999/cb"},
		{apptest.AppClientID, "/ui/chat"},
		{apptest.AppClientID, "http://user:pw@localhost:9999/cb"},
		{apptest.AppClientID, "http://localhost@evil.example/cb"},
		{apptest.AppClientID, "http://localhost:9999/cb#frag"},
		{apptest.AppClientID, "https://evil.example/cb"},               // not registered for demo-app
		{apptest.AppClientID, "http://localhost.evil.example:9999/cb"}, // "http://localhost:*" is a prefix, with the colon
		{apptest.BareAppClientID, "javascript:alert(1)"},
		{apptest.BareAppClientID, "ftp://files.example/cb"},
	} {
		r := request(bad.client, bad.url)
		require.Equal(t, http.StatusBadRequest, r.Status, "%s %q: %s", bad.client, bad.url, r.Body)
		require.Equal(t, "app_access_request_error-invalid_redirect_url", r.ErrorCode(t), "%q", bad.url)
	}
	org, err := d.bodhi.Store(t).GetOrgBySlug(context.Background(), "acme")
	require.NoError(t, err)
	bob := loggedIn(t, d, "acme", "bob")

	// Registered for demo-app ("http://localhost:*"), and any web URL for an app that registered none.
	for _, good := range []struct{ client, url string }{
		{apptest.AppClientID, "http://localhost:9999/cb?x=1"},
		{apptest.BareAppClientID, "https://bare.example/return"},
	} {
		r := request(good.client, good.url)
		require.Equal(t, http.StatusCreated, r.Status, "%s: %s", good.url, r.Body)
		require.Equal(t, "draft", r.JSON(t)["status"])
	}

	// A row stored before the rule existed still holds a script URL: the decision never hands it back.
	for _, decide := range []func(id string) apptest.Response{
		func(id string) apptest.Response {
			return bob.Do(http.MethodPost, "/bodhi/v1/access-requests/"+id+"/deny", nil)
		},
		func(id string) apptest.Response {
			return bob.Do(http.MethodPut, "/bodhi/v1/access-requests/"+id+"/approve",
				map[string]any{"approved": map[string]any{"toolset_types": []any{}}})
		},
	} {
		id := legacyHostileRequest(t, d, org.ID)
		r := decide(id)
		require.Equal(t, http.StatusOK, r.Status, "%s", r.Body)
		out := r.JSON(t)
		require.Equal(t, "redirect", out["flow_type"])
		require.NotContains(t, out, "redirect_url", "a javascript: URL is never returned")
	}
}

// legacyHostileRequest stores a draft as a request of the old code could have been stored.
func legacyHostileRequest(t *testing.T, d deployment, orgID string) string {
	t.Helper()
	id := uuid.NewString()
	js := "javascript:document.title='pwned'//?id=" + id
	_, err := d.bodhi.Store(t).CreateAppAccessRequest(context.Background(), orgID, db.AppAccessRequest{ID: id,
		AppClientID: apptest.AppClientID, FlowType: "redirect", RedirectURI: &js, Status: db.AppAccessDraft,
		Requested: `{"toolset_types":[]}`, ExpiresAt: time.Now().Add(10 * time.Minute)})
	require.NoError(t, err)
	return id
}
