package orgs_test

import (
	"context"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/bodhiapp/bodhi/apperr"
	"github.com/bodhiapp/bodhi/apptest"
	"github.com/bodhiapp/bodhi/auth"
	"github.com/bodhiapp/bodhi/db"
	"github.com/bodhiapp/bodhi/orgs"
)

func TestSetupSlug(t *testing.T) {
	require.Equal(t, "my-bodhi-server", orgs.SetupSlug("My Bodhi  Server!"))
	require.Equal(t, "default", orgs.SetupSlug("!!!!!!!!!!!!"))
	require.Equal(t, "default", orgs.SetupSlug("Admin"))
	long := orgs.SetupSlug(strings.Repeat("ab ", 50))
	require.LessOrEqual(t, len(long), 63)
	require.True(t, auth.ValidSlug(long), long)
}

// requireIdPFailure checks a failed registration: 502 app_service_error-identity_provider_failed, naming the
// provider's URL, how it failed, and the way out (`bodhi dev`); the cause stays wrapped for the log.
func requireIdPFailure(t *testing.T, err error, realmURL, how string) {
	t.Helper()
	e, ok := apperr.As(err)
	require.True(t, ok, "%v", err)
	require.Equal(t, apperr.BadGateway, e.Kind)
	require.Equal(t, "app_service_error-identity_provider_failed", e.Code)
	require.Contains(t, e.Message, "The identity provider at "+realmURL+" ")
	require.Contains(t, e.Message, how)
	require.Contains(t, e.Message, "run `bodhi dev` (`make dev` in a checkout)")
	require.ErrorIs(t, err, auth.ErrIdentityProvider)
}

// closedURL is the address of a loopback port nothing listens on any more.
func closedURL(t *testing.T) string {
	srv := httptest.NewServer(nil)
	srv.Close()
	return srv.URL
}

// recordingResolver notes what setup tells the org resolver.
type recordingResolver struct{ standalone, invalidated []string }

func (r *recordingResolver) SetStandalone(slug string) { r.standalone = append(r.standalone, slug) }
func (r *recordingResolver) Invalidate(_ context.Context, orgID, slug string) {
	r.invalidated = append(r.invalidated, orgID+"/"+slug)
}

// The standalone setup on both dialects against the development identity provider: refusals first and with
// nothing written, then the org with its registered client, then "already set up" without a second client.
func TestStandaloneSetup(t *testing.T) {
	forEachDialect(t, func(t *testing.T, s *db.DbServiceImpl) {
		ctx := context.Background()
		provider := apptest.StartIdP(t, apptest.TwoOrgSeed(false, 1135), 0)
		idp := auth.NewIdP(provider.URL+"/realms/"+provider.Realm(), nil, "test", time.Now)
		resolver := &recordingResolver{}
		callbacks := []string{"http://localhost:1135/ui/auth/callback"}

		_, err := orgs.NewSetup(s, master, idp, resolver, true).Run(ctx, "My Hosted Server", "", callbacks)
		require.ErrorIs(t, err, orgs.ErrHostedSetup)
		setup := orgs.NewSetup(s, master, idp, resolver, false)
		_, err = setup.Run(ctx, "Too short", "", callbacks)
		require.ErrorIs(t, err, orgs.ErrNameTooShort)
		provider.SetDown(true)
		_, err = setup.Run(ctx, "My Home Bodhi Server", "", callbacks)
		requireIdPFailure(t, err, idp.RealmURL(), "failed (HTTP 503). Try again in a moment")
		provider.SetDown(false)
		unreachable := auth.NewIdP(closedURL(t)+"/realms/bodhi", nil, "test", time.Now)
		_, err = orgs.NewSetup(s, master, unreachable, resolver, false).Run(ctx, "My Home Bodhi Server", "", callbacks)
		requireIdPFailure(t, err, unreachable.RealmURL(), "could not be reached (Post ")
		require.ErrorContains(t, err, "connection refused")
		n, err := s.CountOrgs(ctx)
		require.NoError(t, err)
		require.Zero(t, n, "a refused setup writes nothing")

		org, err := setup.Run(ctx, "My Home Bodhi Server", "at home", callbacks)
		require.NoError(t, err)
		require.Equal(t, "my-home-bodhi-server", org.Slug)
		require.Equal(t, "My Home Bodhi Server", org.DisplayName)
		_, registered := provider.ServiceAccountID(org.KCClientID)
		require.True(t, registered, "the client is registered at the identity provider")
		require.Equal(t, []string{org.Slug}, resolver.standalone)
		require.Equal(t, []string{org.ID + "/" + org.Slug}, resolver.invalidated)

		_, err = setup.Run(ctx, "Another Bodhi Server", "", callbacks)
		require.ErrorIs(t, err, orgs.ErrAlreadySetUp)
		n, err = s.CountOrgs(ctx)
		require.NoError(t, err)
		require.EqualValues(t, 1, n)
	})
}
