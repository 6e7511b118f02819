package app_test

import (
	"net/http"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/bodhiapp/bodhi/apptest"
	"github.com/bodhiapp/bodhi/dbtest"
)

// TestStandaloneSetupAndFirstAdmin: setup registers a client at the identity provider and creates the org; the
// first user to log in becomes its admin; the app status goes setup → resource-admin → ready.
func TestStandaloneSetupAndFirstAdmin(t *testing.T) {
	for _, d := range dbtest.Dialects {
		t.Run(d.Name, func(t *testing.T) {
			t.Parallel()
			l := apptest.Listen(t)
			idp := apptest.StartIdP(t, apptest.TwoOrgSeed(false, l.Port), 0)
			bodhi := l.Start(t, idp, d, false, nil)
			b := apptest.NewBrowser(t, bodhi.Host(""))

			status := func() string { return b.Do(http.MethodGet, "/bodhi/v1/app/info", nil).JSON(t)["status"].(string) }
			require.Equal(t, "setup", status())
			r := b.Do(http.MethodGet, "/bodhi/v1/orgs/current", nil)
			require.Equal(t, "org_error-not_configured", r.ErrorCode(t))

			r = b.Do(http.MethodPost, "/bodhi/v1/setup", map[string]string{"name": "short"})
			require.Equal(t, http.StatusBadRequest, r.Status)
			require.Equal(t, "app_service_error-server_name_too_short", r.ErrorCode(t))

			idp.SetDown(true)
			r = b.Do(http.MethodPost, "/bodhi/v1/setup", map[string]string{"name": "My Bodhi Server"})
			require.Equal(t, http.StatusBadGateway, r.Status, "%s", r.Body)
			require.Equal(t, "app_service_error-identity_provider_failed", r.ErrorCode(t))
			require.Contains(t, r.JSON(t)["error"].(map[string]any)["message"], "The identity provider at "+idp.URL+"/realms/")
			require.Equal(t, "setup", status(), "a failed setup changes nothing")
			idp.SetDown(false)

			r = b.Do(http.MethodPost, "/bodhi/v1/setup", map[string]string{"name": "My Bodhi Server", "description": "home"})
			require.Equal(t, http.StatusOK, r.Status, "%s", r.Body)
			require.Equal(t, map[string]any{"status": "resource-admin"}, r.JSON(t))
			info := b.Do(http.MethodGet, "/bodhi/v1/app/info", nil).JSON(t)
			require.Equal(t, "resource-admin", info["status"])
			require.Equal(t, map[string]any{"slug": "my-bodhi-server", "display_name": "My Bodhi Server"}, info["org"])

			r = b.Do(http.MethodPost, "/bodhi/v1/setup", map[string]string{"name": "Another Bodhi Server"})
			require.Equal(t, "app_service_error-already_setup", r.ErrorCode(t))

			erin := apptest.NewBrowser(t, bodhi.Host(""))
			r = erin.Login("erin", apptest.Password)
			require.Equal(t, http.StatusOK, r.Status, "%s", r.Body)
			me := erin.Do(http.MethodGet, "/bodhi/v1/user", nil).JSON(t)
			require.Equal(t, "resource_admin", me["role"], "the first login becomes admin")
			require.Equal(t, "ready", status())

			bob := apptest.NewBrowser(t, bodhi.Host(""))
			require.Equal(t, http.StatusOK, bob.Login("bob", apptest.Password).Status)
			me = bob.Do(http.MethodGet, "/bodhi/v1/user", nil).JSON(t)
			require.Equal(t, "logged_in", me["auth_status"])
			require.Nil(t, me["role"], "only the first login is promoted")
		})
	}
}

func TestHostedRefusesSetup(t *testing.T) {
	d := startDeployment(t, true, 0)
	r := d.browser(t, "acme").Do(http.MethodPost, "/bodhi/v1/setup", map[string]string{"name": "My Bodhi Server"})
	require.Equal(t, http.StatusBadRequest, r.Status)
	require.Equal(t, "app_service_error-already_setup", r.ErrorCode(t))
}
