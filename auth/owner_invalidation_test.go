package auth_test

import (
	"context"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/bodhiapp/bodhi/auth"
	"github.com/bodhiapp/bodhi/db"
	"github.com/bodhiapp/bodhi/orgs"
)

// The owners of cache keys drop their own entries: callers name the org and the user, never a key.

func TestOrgResolverInvalidate(t *testing.T) {
	forEachDialect(t, func(t *testing.T, f *fixture) {
		ctx := context.Background()
		org := f.create(t, "acme")
		writer, reader := f.resolver(), f.resolver() // two replicas on one shared cache
		_, err := reader.Resolve(ctx, "acme")
		require.NoError(t, err)
		_, _, err = orgs.SetStatus(ctx, f.store, "acme", db.OrgSuspended)
		require.NoError(t, err)

		writer.Invalidate(ctx, org.ID, org.Slug)
		got, err := reader.Resolve(ctx, "acme")
		require.NoError(t, err)
		require.Equal(t, db.OrgSuspended, got.Status, "the other replica's copy is gone")
	})
}

func TestAPITokensDeactivateUser(t *testing.T) {
	forEachDialect(t, func(t *testing.T, f *fixture) {
		ctx := context.Background()
		acme, globex := f.create(t, "acme"), f.create(t, "globex")
		replica1, replica2 := auth.NewAPITokens(f.store, f.cache, nil), auth.NewAPITokens(f.store, f.cache, nil)
		create := func(orgID, userID string) string {
			token, _, err := replica1.Create(ctx, orgID, userID, "ci", auth.LevelUser)
			require.NoError(t, err)
			_, err = replica2.Verify(ctx, orgID, token) // cached on the replica that will check it
			require.NoError(t, err)
			return token
		}
		carolAcme, carolAcme2, carolGlobex, bobAcme := create(acme.ID, "carol"), create(acme.ID, "carol"),
			create(globex.ID, "carol"), create(acme.ID, "bob")

		n, err := replica1.DeactivateUser(ctx, acme.ID, "carol")
		require.NoError(t, err)
		require.EqualValues(t, 2, n)
		for _, token := range []string{carolAcme, carolAcme2} {
			_, err := replica2.Verify(ctx, acme.ID, token)
			require.ErrorIs(t, err, auth.ErrTokenInactive, "the cached row is dropped on the other replica")
		}
		_, err = replica2.Verify(ctx, acme.ID, bobAcme)
		require.NoError(t, err, "another user's token stays active")
		_, err = replica2.Verify(ctx, globex.ID, carolGlobex)
		require.NoError(t, err, "the user's tokens in another org stay active")
	})
}
