package access_test

import (
	"context"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/bodhiapp/bodhi/access"
	"github.com/bodhiapp/bodhi/apptest"
	"github.com/bodhiapp/bodhi/auth"
)

// roleIn reads the acme role the access token carries.
func roleIn(t *testing.T, b *bundle, accessToken string) auth.Level {
	t.Helper()
	claims, err := auth.NewVerifier(b.idp.Issuer(), nil, time.Now).Verify(context.Background(), accessToken)
	require.NoError(t, err)
	role, _, err := claims.RoleFor(apptest.Acme.ClientID)
	require.NoError(t, err)
	return role
}

// firstAdmin is the org row's first admin, nil while unclaimed.
func firstAdmin(t *testing.T, b *bundle) *string {
	t.Helper()
	org, err := b.store.GetOrgByID(context.Background(), b.acme.OrgID)
	require.NoError(t, err)
	return org.FirstAdminUserID
}

func TestClaimFirstAdmin(t *testing.T) {
	forEachDialect(t, false, func(t *testing.T, b *bundle) {
		ctx := context.Background()
		erin, tokens := b.login(t, "erin")
		got, err := b.svc.ClaimFirstAdmin(ctx, b.acme, erin.UserID, tokens)
		require.NoError(t, err)
		require.NotEqual(t, tokens.AccessToken, got.AccessToken, "refreshed")
		require.NotEmpty(t, got.RefreshToken)
		require.Equal(t, auth.LevelAdmin, roleIn(t, b, got.AccessToken), "the stored token carries the new role")
		require.Equal(t, &erin.UserID, firstAdmin(t, b))
		ready := b.resolve(t, "acme")
		require.Equal(t, &erin.UserID, ready.FirstAdminUserID, "the org's cached copy was dropped")

		bob, bobTokens := b.login(t, "bob")
		for name, org := range map[string]*auth.OrgContext{"claimed org": ready, "stale copy, claim lost": b.acme} {
			got, err := b.svc.ClaimFirstAdmin(ctx, org, bob.UserID, bobTokens)
			require.NoError(t, err, name)
			require.Equal(t, bobTokens, got, name)
		}
		require.Equal(t, &erin.UserID, firstAdmin(t, b), "only the first login is promoted")
		require.Equal(t, "resource_user", b.roleOf(t, "bob"))
	})
}

func TestHostedOrgsHaveNoFirstAdminClaim(t *testing.T) {
	forEachDialect(t, true, func(t *testing.T, b *bundle) {
		erin, tokens := b.login(t, "erin")
		got, err := b.svc.ClaimFirstAdmin(context.Background(), b.acme, erin.UserID, tokens)
		require.NoError(t, err)
		require.Equal(t, tokens, got)
		require.Nil(t, firstAdmin(t, b))
		require.Empty(t, b.roleOf(t, "erin"))
	})
}

// A failure after the claim releases it, so the next login tries again.
func TestClaimFirstAdminReleasesOnFailure(t *testing.T) {
	forEachDialect(t, false, func(t *testing.T, b *bundle) {
		ctx := context.Background()
		erin, tokens := b.login(t, "erin")
		for name, fail := range map[string]func() (auth.TokenResponse, error){
			"identity provider down": func() (auth.TokenResponse, error) {
				b.idp.SetDown(true)
				defer b.idp.SetDown(false)
				return b.svc.ClaimFirstAdmin(ctx, b.acme, erin.UserID, tokens)
			},
			"refresh refused": func() (auth.TokenResponse, error) {
				stale := tokens
				stale.RefreshToken = "not-a-refresh-token"
				return b.svc.ClaimFirstAdmin(ctx, b.acme, erin.UserID, stale)
			},
		} {
			got, err := fail()
			requireOutcome(t, access.ErrIdentityProvider, err, name)
			require.Equal(t, tokens.AccessToken, got.AccessToken, name)
			require.Nil(t, firstAdmin(t, b), "%s: the claim is released", name)
			require.Nil(t, b.resolve(t, "acme").FirstAdminUserID, name)
		}

		got, err := b.svc.ClaimFirstAdmin(ctx, b.acme, erin.UserID, tokens)
		require.NoError(t, err)
		require.Equal(t, auth.LevelAdmin, roleIn(t, b, got.AccessToken))
	})
}
