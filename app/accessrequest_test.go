package app_test

import (
	"bytes"
	"context"
	"encoding/json"
	"net/http"
	"net/url"
	"testing"
	"time"

	"github.com/google/uuid"
	"github.com/stretchr/testify/require"

	"github.com/bodhiapp/bodhi/apptest"
	"github.com/bodhiapp/bodhi/db"
)

func tokenFor(t *testing.T, idp *apptest.IdP, clientID, secret, user, scope string) string {
	t.Helper()
	resp, err := apptest.HTTPClient().PostForm(idp.URL+"/realms/"+idp.Realm()+"/protocol/openid-connect/token",
		url.Values{"grant_type": {"password"}, "client_id": {clientID}, "client_secret": {secret},
			"username": {user}, "password": {apptest.Password}, "scope": {scope}})
	require.NoError(t, err)
	defer resp.Body.Close()
	var body map[string]any
	require.NoError(t, json.NewDecoder(resp.Body).Decode(&body))
	require.Equal(t, http.StatusOK, resp.StatusCode, "%v", body)
	return body["access_token"].(string)
}

// consent records bob's approval of demo-app at the identity provider, as the consent page will, and returns the
// access-request scope it mints.
func consent(t *testing.T, idp *apptest.IdP, requestID string) string {
	t.Helper()
	userToken := tokenFor(t, idp, apptest.Acme.ClientID, apptest.Acme.Secret, "bob", "openid profile roles")
	body, _ := json.Marshal(map[string]string{"app_client_id": apptest.AppClientID, "access_request_id": requestID,
		"description": "test"})
	req, err := http.NewRequest(http.MethodPost, idp.URL+"/realms/"+idp.Realm()+"/bodhi/users/request-access",
		bytes.NewReader(body))
	require.NoError(t, err)
	req.Header.Set("Authorization", "Bearer "+userToken)
	req.Header.Set("Content-Type", "application/json")
	resp, err := apptest.HTTPClient().Do(req)
	require.NoError(t, err)
	defer resp.Body.Close()
	var out map[string]any
	require.NoError(t, json.NewDecoder(resp.Body).Decode(&out))
	require.Equal(t, http.StatusOK, resp.StatusCode, "%v", out)
	return out["access_request_scope"].(string)
}

// TestAccessRequestScopes: an app token carrying scope_access_request:<x> is accepted only when the org's
// app_access_requests row for it is approved and matches the app and the user (auth.md §8 step 5 and 8).
func TestAccessRequestScopes(t *testing.T) {
	d := startDeployment(t, true, 0)
	store := d.bodhi.Store(t)
	ctx := context.Background()
	acme, err := store.GetOrgBySlug(ctx, "acme")
	require.NoError(t, err)
	bobID, _ := d.idp.UserID("bob")

	appTokenWith := func(scope string) string {
		return tokenFor(t, d.idp, apptest.AppClientID, apptest.AppSecret, "bob",
			"openid profile scope_user_user scope_resource-bodhi-acme "+scope)
	}
	request := func(status, appClient, user string) (string, string) {
		id := uuid.NewString()
		scope := consent(t, d.idp, id)
		_, err := store.CreateAppAccessRequest(ctx, acme.ID, db.AppAccessRequest{
			ID: id, AppClientID: appClient, FlowType: "popup", Status: status, Requested: "{}",
			UserID: &user, AccessRequestScope: &scope, ExpiresAt: time.Now().Add(10 * time.Minute),
		})
		require.NoError(t, err)
		return id, scope
	}

	_, approved := request(db.AppAccessApproved, apptest.AppClientID, bobID)
	r := bearer(t, d, "acme", appTokenWith(approved)).Do(http.MethodGet, "/bodhi/v1/user", nil)
	require.Equal(t, http.StatusOK, r.Status, "%s", r.Body)
	require.Equal(t, "logged_in", r.JSON(t)["auth_status"])

	_, draft := request(db.AppAccessDraft, apptest.AppClientID, bobID)
	_, otherApp := request(db.AppAccessApproved, "another-app", bobID)
	_, otherUser := request(db.AppAccessApproved, apptest.AppClientID, "someone-else")
	unknown := consent(t, d.idp, uuid.NewString()) // consented at the provider, never recorded by Bodhi
	for scope, code := range map[string]string{
		draft:     "access_request_validation_error-not_approved",
		otherApp:  "access_request_validation_error-app_client_mismatch",
		otherUser: "access_request_validation_error-user_mismatch",
		unknown:   "access_request_validation_error-scope_not_found",
	} {
		r := bearer(t, d, "acme", appTokenWith(scope)).Do(http.MethodGet, "/bodhi/v1/orgs/user-memberships", nil)
		require.Equal(t, http.StatusForbidden, r.Status, "%s: %s", code, r.Body)
		require.Equal(t, code, r.ErrorCode(t))
	}
}

// TestLoginToTwoOrgs: one browser, two org hosts, two clients; each session lives on its own host.
func TestLoginToTwoOrgs(t *testing.T) {
	d := startDeployment(t, true, 0)
	acme, globex := loggedIn(t, d, "acme", "bob"), loggedIn(t, d, "globex", "bob")
	for slug, b := range map[string]*apptest.Browser{"acme": acme, "globex": globex} {
		r := b.Do(http.MethodGet, "/bodhi/v1/orgs/current", nil)
		require.Equal(t, slug, r.JSON(t)["slug"])
		me := b.Do(http.MethodGet, "/bodhi/v1/user", nil).JSON(t)
		require.Equal(t, "resource_user", me["role"], slug)
	}
	require.NotEqual(t, acme.Cookies()[0].Value, globex.Cookies()[0].Value)
}
