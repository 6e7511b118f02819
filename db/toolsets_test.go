package db_test

import (
	"context"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/bodhiapp/bodhi/db"
)

const exa = "builtin-exa-search"

func mkToolset(t *testing.T, s db.DbService, orgID, userID, slug string) db.Toolset {
	t.Helper()
	ts, err := s.CreateToolset(context.Background(), orgID, db.Toolset{
		UserID: userID, ToolsetType: exa, Slug: slug, Description: ptr("search"), Enabled: true,
		EncryptedAPIKey: []byte("ct"), Nonce: make([]byte, 12),
	})
	require.NoError(t, err)
	return ts
}

func TestToolsetRepository(t *testing.T) {
	forEachDialect(t, func(t *testing.T, s *db.DbServiceImpl) {
		ctx := context.Background()
		org := mkOrg(t, s, "acme")
		exa1 := mkToolset(t, s, org.ID, "alice", "Exa")
		require.True(t, exa1.Enabled)

		_, err := s.CreateToolset(ctx, org.ID, db.Toolset{UserID: "alice", ToolsetType: exa, Slug: "exa"})
		requireConflict(t, err, db.UqToolsetsOrgUserSlug)
		mkToolset(t, s, org.ID, "bob", "exa") // another user may reuse the slug
		exa2 := mkToolset(t, s, org.ID, "alice", "exa-2")
		other, err := s.CreateToolset(ctx, org.ID, db.Toolset{UserID: "alice", ToolsetType: "builtin-other", Slug: "o"})
		require.NoError(t, err)

		got, err := s.GetToolset(ctx, org.ID, "alice", exa1.ID)
		require.NoError(t, err)
		require.Equal(t, exa1, got)
		_, err = s.GetToolset(ctx, org.ID, "bob", exa1.ID)
		requireNotFound(t, err, "only the owner sees an instance")
		got, err = s.GetToolsetBySlug(ctx, org.ID, "alice", "EXA")
		require.NoError(t, err)
		require.Equal(t, exa1.ID, got.ID, "slug lookups ignore case")

		list, err := s.ListToolsets(ctx, org.ID, "alice")
		require.NoError(t, err)
		require.Equal(t, []string{exa1.ID, exa2.ID, other.ID}, toolsetIDs(list))
		byType, err := s.ListToolsetsByType(ctx, org.ID, "alice", exa)
		require.NoError(t, err)
		require.Equal(t, []string{exa1.ID, exa2.ID}, toolsetIDs(byType))

		exa2.Slug, exa2.Description, exa2.Enabled, exa2.EncryptedAPIKey, exa2.Nonce = "EXA", nil, false, nil, nil
		_, err = s.UpdateToolset(ctx, org.ID, exa2)
		requireConflict(t, err, db.UqToolsetsOrgUserSlug)
		exa2.Slug = "renamed"
		upd, err := s.UpdateToolset(ctx, org.ID, exa2)
		require.NoError(t, err)
		require.Equal(t, "renamed", upd.Slug)
		require.Nil(t, upd.Description)
		require.False(t, upd.Enabled)
		require.Nil(t, upd.Nonce)
		exa2.UserID = "bob"
		_, err = s.UpdateToolset(ctx, org.ID, exa2)
		requireNotFound(t, err)

		requireNotFound(t, s.DeleteToolset(ctx, org.ID, "bob", exa1.ID))
		require.NoError(t, s.DeleteToolset(ctx, org.ID, "alice", exa1.ID))
		_, err = s.GetToolset(ctx, org.ID, "alice", exa1.ID)
		requireNotFound(t, err)
	})
}

func TestToolsetOrgIsolation(t *testing.T) {
	forEachDialect(t, func(t *testing.T, s *db.DbServiceImpl) {
		ctx := context.Background()
		a, b := mkOrg(t, s, "acme"), mkOrg(t, s, "globex")
		tA := mkToolset(t, s, a.ID, "alice", "exa")
		tB := mkToolset(t, s, b.ID, "alice", "exa") // same user and slug in another org

		_, err := s.GetToolset(ctx, b.ID, "alice", tA.ID)
		requireNotFound(t, err)
		got, err := s.GetToolsetBySlug(ctx, b.ID, "alice", "exa")
		require.NoError(t, err)
		require.Equal(t, tB.ID, got.ID)
		list, err := s.ListToolsets(ctx, b.ID, "alice")
		require.NoError(t, err)
		require.Equal(t, []string{tB.ID}, toolsetIDs(list))
		changed := tA
		changed.Slug = "hijack"
		_, err = s.UpdateToolset(ctx, b.ID, changed)
		requireNotFound(t, err)
		requireNotFound(t, s.DeleteToolset(ctx, b.ID, "alice", tA.ID))
		still, err := s.GetToolset(ctx, a.ID, "alice", tA.ID)
		require.NoError(t, err)
		require.Equal(t, tA, still)
	})
}

func TestAppToolsetConfigs(t *testing.T) {
	forEachDialect(t, func(t *testing.T, s *db.DbServiceImpl) {
		ctx := context.Background()
		a, b := mkOrg(t, s, "acme"), mkOrg(t, s, "globex")
		inserted, err := s.SeedAppToolsetConfig(ctx, a.ID, exa)
		require.NoError(t, err)
		require.True(t, inserted)
		inserted, err = s.SeedAppToolsetConfig(ctx, a.ID, exa)
		require.NoError(t, err)
		require.False(t, inserted, "seeding is idempotent")
		seeded, err := s.GetAppToolsetConfig(ctx, a.ID, exa)
		require.NoError(t, err)
		require.False(t, seeded.Enabled)
		require.Equal(t, "system", seeded.UpdatedBy)
		require.Equal(t, seeded.CreatedAt, seeded.UpdatedAt)

		on, err := s.UpsertAppToolsetConfig(ctx, a.ID, exa, true, "admin-1")
		require.NoError(t, err)
		require.Equal(t, seeded.ID, on.ID, "upsert updates the existing row")
		require.True(t, on.Enabled)
		require.Equal(t, "admin-1", on.UpdatedBy)
		require.Equal(t, seeded.CreatedAt, on.CreatedAt)
		require.True(t, on.UpdatedAt.After(seeded.UpdatedAt))

		_, err = s.GetAppToolsetConfig(ctx, b.ID, exa)
		requireNotFound(t, err, "org B has no row for the type: it counts as disabled")
		_, err = s.UpsertAppToolsetConfig(ctx, b.ID, exa, false, "admin-b")
		require.NoError(t, err)
		listA, err := s.ListAppToolsetConfigs(ctx, a.ID)
		require.NoError(t, err)
		require.Len(t, listA, 1)
		require.True(t, listA[0].Enabled, "org B's upsert leaves org A's switch alone")
	})
}

func toolsetIDs(ts []db.Toolset) []string {
	out := make([]string, len(ts))
	for i, t := range ts {
		out[i] = t.ID
	}
	return out
}
