package app_test

import (
	"net/http"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/bodhiapp/bodhi/apptest"
	"github.com/bodhiapp/bodhi/dbtest"
)

// deployment is Bodhi with the development identity provider, in one of the two set-ups every auth flow is
// tested in: hosted on PostgreSQL with Redis, and standalone on SQLite with the in-process cache.
type deployment struct {
	name  string
	idp   *apptest.IdP
	bodhi *apptest.Bodhi
}

func (d deployment) browser(t *testing.T, slug string) *apptest.Browser {
	return apptest.NewBrowser(t, d.bodhi.Host(slug))
}

// startDeployment runs a Bodhi of each kind with the standard fixture; extraEnv adds settings.
func startDeployment(t *testing.T, hosted bool, accessTTL time.Duration, extraEnv ...string) deployment {
	t.Helper()
	l := apptest.Listen(t)
	idp := apptest.StartIdP(t, apptest.TwoOrgSeed(hosted, l.Port), accessTTL)
	if hosted {
		b := l.Start(t, idp, dbtest.Dialect{Name: "postgres", URL: dbtest.PostgresURL}, true,
			[]apptest.Org{apptest.Acme, apptest.Globex}, extraEnv...)
		return deployment{name: "hosted-postgres-redis", idp: idp, bodhi: b}
	}
	acme := apptest.Acme
	aliceID, ok := idp.UserID("alice")
	require.True(t, ok)
	acme.FirstAdmin = &aliceID
	b := l.Start(t, idp, dbtest.Dialect{Name: "sqlite", URL: dbtest.SQLiteURL}, false, []apptest.Org{acme}, extraEnv...)
	return deployment{name: "standalone-sqlite-memory", idp: idp, bodhi: b}
}

func forEachDeployment(t *testing.T, fn func(t *testing.T, d deployment)) {
	for _, hosted := range []bool{true, false} {
		name := map[bool]string{true: "hosted", false: "standalone"}[hosted]
		t.Run(name, func(t *testing.T) {
			t.Parallel()
			fn(t, startDeployment(t, hosted, 0))
		})
	}
}

func TestLoginAndUser(t *testing.T) {
	forEachDeployment(t, func(t *testing.T, d deployment) {
		b := d.browser(t, "acme")
		r := b.Do(http.MethodGet, "/bodhi/v1/user", nil)
		require.Equal(t, map[string]any{"auth_status": "logged_out"}, r.JSON(t))

		r = b.Login("alice", apptest.Password)
		require.Equal(t, http.StatusOK, r.Status, "callback: %s", r.Body)
		require.Equal(t, "http://"+d.bodhi.Host("acme")+"/ui/chat", r.JSON(t)["location"])
		require.Equal(t, "no-cache, no-store, must-revalidate", r.Header.Get("Cache-Control"))

		r = b.Do(http.MethodGet, "/bodhi/v1/user", nil)
		require.Equal(t, http.StatusOK, r.Status)
		body := r.JSON(t)
		require.Equal(t, "logged_in", body["auth_status"])
		require.Equal(t, "alice", body["username"])
		require.Equal(t, "resource_admin", body["role"])

		r = b.Do(http.MethodPost, "/bodhi/v1/auth/initiate", nil)
		require.Equal(t, http.StatusOK, r.Status, "a logged-in caller is sent to the app")
		require.Equal(t, "http://"+d.bodhi.Host("acme")+"/ui/chat", r.JSON(t)["location"])

		r = b.Do(http.MethodPost, "/bodhi/v1/logout", nil)
		require.Equal(t, http.StatusOK, r.Status)
		require.Equal(t, "http://"+d.bodhi.Host("acme")+"/ui/login", r.JSON(t)["location"])
		r = b.Do(http.MethodGet, "/bodhi/v1/user", nil)
		require.Equal(t, "logged_out", r.JSON(t)["auth_status"])
	})
}

func TestLoginErrors(t *testing.T) {
	forEachDeployment(t, func(t *testing.T, d deployment) {
		b := d.browser(t, "acme")
		r := b.Do(http.MethodPost, "/bodhi/v1/auth/callback", map[string]string{"code": "x", "state": "y"})
		require.Equal(t, http.StatusInternalServerError, r.Status)
		require.Equal(t, "login_error-session_info_not_found", r.ErrorCode(t))

		r = b.Do(http.MethodPost, "/bodhi/v1/auth/callback", map[string]string{"error": "access_denied",
			"error_description": "user cancelled"})
		require.Equal(t, http.StatusBadRequest, r.Status)
		require.Equal(t, "login_error-o_auth_error", r.ErrorCode(t))

		require.Equal(t, http.StatusCreated, b.Do(http.MethodPost, "/bodhi/v1/auth/initiate", nil).Status)
		r = b.Do(http.MethodPost, "/bodhi/v1/auth/callback", map[string]string{"code": "x"})
		require.Equal(t, "login_error-missing_state", r.ErrorCode(t))
		r = b.Do(http.MethodPost, "/bodhi/v1/auth/callback", map[string]string{"code": "x", "state": "forged"})
		require.Equal(t, "login_error-state_digest_mismatch", r.ErrorCode(t))
	})
}
