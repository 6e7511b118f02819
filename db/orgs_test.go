package db_test

import (
	"context"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/bodhiapp/bodhi/db"
)

func TestOrgRepository(t *testing.T) {
	forEachDialect(t, func(t *testing.T, s *db.DbServiceImpl) {
		ctx := context.Background()
		n, err := s.CountOrgs(ctx)
		require.NoError(t, err)
		require.Zero(t, n)

		acme := mkOrg(t, s, "acme")
		require.NotEmpty(t, acme.ID)
		require.Equal(t, db.OrgActive, acme.Status)
		require.Nil(t, acme.FirstAdminUserID)
		requireMicros(t, acme.CreatedAt)
		globex := mkOrg(t, s, "globex")

		got, err := s.GetOrgBySlug(ctx, "acme")
		require.NoError(t, err)
		require.Equal(t, acme, got, "a row must round-trip unchanged, timestamps included")
		got, err = s.GetOrgByID(ctx, globex.ID)
		require.NoError(t, err)
		require.Equal(t, globex, got)
		require.Equal(t, []byte("sealed-secret"), got.ClientSecret)

		_, err = s.GetOrgBySlug(ctx, "nope")
		requireNotFound(t, err)
		_, err = s.GetOrgByID(ctx, "nope")
		requireNotFound(t, err)

		all, err := s.ListOrgs(ctx, "")
		require.NoError(t, err)
		require.Equal(t, []string{"acme", "globex"}, slugs(all))
		n, err = s.CountOrgs(ctx)
		require.NoError(t, err)
		require.EqualValues(t, 2, n)

		updated, err := s.UpdateOrgStatus(ctx, acme.ID, db.OrgSuspended)
		require.NoError(t, err)
		require.Equal(t, db.OrgSuspended, updated.Status)
		require.True(t, updated.UpdatedAt.After(acme.UpdatedAt))
		suspended, err := s.ListOrgs(ctx, db.OrgSuspended)
		require.NoError(t, err)
		require.Equal(t, []string{"acme"}, slugs(suspended))
		_, err = s.UpdateOrgStatus(ctx, "missing", db.OrgActive)
		requireNotFound(t, err)
		_, err = s.UpdateOrgStatus(ctx, acme.ID, "bogus")
		require.Error(t, err, "the status CHECK constraint holds on both dialects")

		won, err := s.ClaimFirstAdmin(ctx, globex.ID, "user-1")
		require.NoError(t, err)
		require.True(t, won)
		won, err = s.ClaimFirstAdmin(ctx, globex.ID, "user-2")
		require.NoError(t, err)
		require.False(t, won, "only the first claim wins")
		got, _ = s.GetOrgByID(ctx, globex.ID)
		require.Equal(t, "user-1", *got.FirstAdminUserID)
		requireNotFound(t, s.ClearFirstAdmin(ctx, globex.ID, "user-2"))
		require.NoError(t, s.ClearFirstAdmin(ctx, globex.ID, "user-1"))
		got, _ = s.GetOrgByID(ctx, globex.ID)
		require.Nil(t, got.FirstAdminUserID)
	})
}

func TestOrgUniqueness(t *testing.T) {
	forEachDialect(t, func(t *testing.T, s *db.DbServiceImpl) {
		ctx := context.Background()
		org := mkOrg(t, s, "acme")

		dupSlug := org
		dupSlug.ID, dupSlug.KCClientID = "", "other-client"
		_, err := s.CreateOrg(ctx, dupSlug)
		requireConflict(t, err, db.UqOrganizationsSlug)

		dupClient := org
		dupClient.ID, dupClient.Slug = "", "other"
		_, err = s.CreateOrg(ctx, dupClient)
		requireConflict(t, err, db.UqOrganizationsKCClientID)

		n, err := s.CountOrgs(ctx)
		require.NoError(t, err)
		require.EqualValues(t, 1, n, "a conflict writes nothing")
	})
}

func slugs(orgs []db.Organization) []string {
	out := make([]string, len(orgs))
	for i, o := range orgs {
		out[i] = o.Slug
	}
	return out
}
