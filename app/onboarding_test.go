package app_test

import (
	"net/http"
	"sync"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/bodhiapp/bodhi/apptest"
)

func TestUserOnboarding(t *testing.T) {
	forEachDeployment(t, func(t *testing.T, d deployment) {
		erin := loggedIn(t, d, "acme", "erin") // logged in, no role
		r := d.browser(t, "acme").Do(http.MethodPost, "/bodhi/v1/user/request-access", nil)
		require.Equal(t, "header_extraction_error-missing", r.ErrorCode(t), "anonymous callers have no user")
		r = loggedIn(t, d, "acme", "alice").Do(http.MethodPost, "/bodhi/v1/user/request-access", nil)
		require.Equal(t, http.StatusUnprocessableEntity, r.Status)
		require.Equal(t, "access_request_error-already_has_access", r.ErrorCode(t))
		r = erin.Do(http.MethodGet, "/bodhi/v1/user/request-status", nil)
		require.Equal(t, "access_request_error-pending_request_not_found", r.ErrorCode(t))

		require.Equal(t, http.StatusCreated, erin.Do(http.MethodPost, "/bodhi/v1/user/request-access", nil).Status)
		r = erin.Do(http.MethodPost, "/bodhi/v1/user/request-access", nil)
		require.Equal(t, http.StatusConflict, r.Status)
		require.Equal(t, "access_request_error-already_pending", r.ErrorCode(t))

		dave := loggedIn(t, d, "acme", "dave") // manager
		r = dave.Do(http.MethodGet, "/bodhi/v1/access-requests/pending", nil)
		require.Equal(t, http.StatusOK, r.Status, "%s", r.Body)
		list := r.JSON(t)
		require.EqualValues(t, 1, list["total"])
		req := list["requests"].([]any)[0].(map[string]any)
		require.Equal(t, "erin", req["username"])
		id := req["id"].(float64)
		path := "/bodhi/v1/access-requests/" + itoa(id)

		r = dave.Do(http.MethodPost, path+"/approve", map[string]string{"role": "resource_admin"})
		require.Equal(t, "access_request_error-insufficient_privileges", r.ErrorCode(t))
		r = dave.Do(http.MethodPost, "/bodhi/v1/access-requests/abc/approve", map[string]string{"role": "resource_user"})
		require.Equal(t, "path_rejection_error", r.ErrorCode(t))
		r = dave.Do(http.MethodPost, "/bodhi/v1/access-requests/999999/approve", map[string]string{"role": "resource_user"})
		require.Equal(t, "access_request_error-request_not_found", r.ErrorCode(t))
		r = loggedIn(t, d, "acme", "carol").Do(http.MethodGet, "/bodhi/v1/access-requests", nil)
		require.Equal(t, http.StatusForbidden, r.Status, "power users do not review")

		r = dave.Do(http.MethodPost, path+"/approve", map[string]string{"role": "resource_user"})
		require.Equal(t, http.StatusOK, r.Status, "%s", r.Body)
		r = dave.Do(http.MethodPost, path+"/reject", nil)
		require.Equal(t, http.StatusConflict, r.Status)
		require.Equal(t, "access_request_error-already_processed", r.ErrorCode(t))

		r = erin.Do(http.MethodGet, "/bodhi/v1/user", nil)
		require.Equal(t, "logged_out", r.JSON(t)["auth_status"], "approval ends the user's sessions in the org")
		erin = loggedIn(t, d, "acme", "erin")
		require.Equal(t, "resource_user", erin.Do(http.MethodGet, "/bodhi/v1/user", nil).JSON(t)["role"])
		require.Equal(t, "approved", erin.Do(http.MethodGet, "/bodhi/v1/user/request-status", nil).JSON(t)["status"])
		r = dave.Do(http.MethodGet, "/bodhi/v1/access-requests", nil)
		all := r.JSON(t)["requests"].([]any)
		require.Equal(t, "dave", all[0].(map[string]any)["reviewer"])
	})
}

// TestConcurrentApprovals: two managers approve one request at once; one wins, the other gets 409.
func TestConcurrentApprovals(t *testing.T) {
	d := startDeployment(t, true, 0)
	erin := loggedIn(t, d, "acme", "erin")
	require.Equal(t, http.StatusCreated, erin.Do(http.MethodPost, "/bodhi/v1/user/request-access", nil).Status)
	alice, dave := loggedIn(t, d, "acme", "alice"), loggedIn(t, d, "acme", "dave")
	id := dave.Do(http.MethodGet, "/bodhi/v1/access-requests/pending", nil).JSON(t)["requests"].([]any)[0].(map[string]any)["id"].(float64)
	path := "/bodhi/v1/access-requests/" + itoa(id) + "/approve"
	var wg sync.WaitGroup
	statuses := make([]int, 2)
	for i, b := range []*apptest.Browser{alice, dave} {
		wg.Add(1)
		go func() {
			defer wg.Done()
			statuses[i] = b.Do(http.MethodPost, path, map[string]string{"role": "resource_user"}).Status
		}()
	}
	wg.Wait()
	require.ElementsMatch(t, []int{http.StatusOK, http.StatusConflict}, statuses)
}

func TestUsersAdministration(t *testing.T) {
	forEachDeployment(t, func(t *testing.T, d deployment) {
		dave := loggedIn(t, d, "acme", "dave")
		r := dave.Do(http.MethodGet, "/bodhi/v1/users?page=1&page_size=50", nil)
		require.Equal(t, http.StatusOK, r.Status, "%s", r.Body)
		users := r.JSON(t)
		require.Equal(t, "bodhi-acme", users["client_id"])
		require.GreaterOrEqual(t, users["total_users"].(float64), float64(4))
		r = loggedIn(t, d, "acme", "bob").Do(http.MethodGet, "/bodhi/v1/users", nil)
		require.Equal(t, http.StatusForbidden, r.Status)

		bob := loggedIn(t, d, "acme", "bob")
		bobID, _ := d.idp.UserID("bob")
		r = dave.Do(http.MethodPut, "/bodhi/v1/users/"+bobID+"/role", map[string]string{"role": "resource_power_user"})
		require.Equal(t, http.StatusOK, r.Status, "%s", r.Body)
		require.Equal(t, "logged_out", bob.Do(http.MethodGet, "/bodhi/v1/user", nil).JSON(t)["auth_status"],
			"a role change ends the user's sessions")
		require.Equal(t, "resource_power_user",
			loggedIn(t, d, "acme", "bob").Do(http.MethodGet, "/bodhi/v1/user", nil).JSON(t)["role"])
		r = dave.Do(http.MethodPut, "/bodhi/v1/users/"+bobID+"/role", map[string]string{"role": "owner"})
		require.Equal(t, "json_rejection_error", r.ErrorCode(t))
		r = dave.Do(http.MethodPut, "/bodhi/v1/users/"+bobID+"/role", map[string]string{"role": "resource_admin"})
		require.Equal(t, "user_route_error-role_change_failed", r.ErrorCode(t), "the provider refuses a role above the caller's")

		carol := loggedIn(t, d, "acme", "carol")
		token := carol.Do(http.MethodPost, "/bodhi/v1/tokens", map[string]string{"scope": "scope_token_user"}).JSON(t)["token"].(string)
		api := bearer(t, d, "acme", token)
		require.Equal(t, "api_token", api.Do(http.MethodGet, "/bodhi/v1/user", nil).JSON(t)["auth_status"])
		carolID, _ := d.idp.UserID("carol")
		r = dave.Do(http.MethodDelete, "/bodhi/v1/users/"+carolID, nil)
		require.Equal(t, http.StatusOK, r.Status, "%s", r.Body)
		require.Equal(t, "logged_out", carol.Do(http.MethodGet, "/bodhi/v1/user", nil).JSON(t)["auth_status"])
		r = api.Do(http.MethodGet, "/bodhi/v1/models", nil)
		require.Equal(t, "auth_error-token_inactive", r.ErrorCode(t), "a removed user's tokens stop working")
	})
}
