package db_test

import (
	"context"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/bodhiapp/bodhi/db"
)

func mkAlias(t *testing.T, s db.DbService, orgID, alias string) db.UserAlias {
	t.Helper()
	a, err := s.CreateUserAlias(context.Background(), orgID, db.UserAlias{
		Alias: alias, Repo: "owner/repo", Filename: "m.gguf", Snapshot: "abc123",
		RequestParamsJSON: `{"temperature":0.5}`,
	})
	require.NoError(t, err)
	return a
}

func TestUserAliasRepository(t *testing.T) {
	forEachDialect(t, func(t *testing.T, s *db.DbServiceImpl) {
		ctx := context.Background()
		a, b := mkOrg(t, s, "acme"), mkOrg(t, s, "globex")
		llama := mkAlias(t, s, a.ID, "llama3")
		require.Equal(t, "[]", llama.ContextParamsJSON, "JSON defaults apply")
		mistral := mkAlias(t, s, a.ID, "mistral")
		_, err := s.CreateUserAlias(ctx, a.ID, db.UserAlias{Alias: "llama3", Repo: "r", Filename: "f", Snapshot: "s"})
		requireConflict(t, err, db.UqUserAliasesOrgAlias)
		llamaB := mkAlias(t, s, b.ID, "llama3") // the same alias in another org

		got, err := s.GetUserAliasByAlias(ctx, a.ID, "llama3")
		require.NoError(t, err)
		require.Equal(t, llama, got)
		got, err = s.GetUserAlias(ctx, a.ID, mistral.ID)
		require.NoError(t, err)
		require.Equal(t, mistral, got)
		list, err := s.ListUserAliases(ctx, a.ID)
		require.NoError(t, err)
		require.Len(t, list, 2)
		require.Equal(t, "llama3", list[0].Alias)
		require.Equal(t, "mistral", list[1].Alias)

		llama.Alias, llama.ContextParamsJSON = "llama3-8b", `["--ctx-size 2048"]`
		upd, err := s.UpdateUserAlias(ctx, a.ID, llama)
		require.NoError(t, err)
		require.Equal(t, "llama3-8b", upd.Alias)
		require.Equal(t, `["--ctx-size 2048"]`, upd.ContextParamsJSON)
		upd.Alias = "mistral"
		_, err = s.UpdateUserAlias(ctx, a.ID, upd)
		requireConflict(t, err, db.UqUserAliasesOrgAlias)

		// Org isolation.
		_, err = s.GetUserAlias(ctx, b.ID, mistral.ID)
		requireNotFound(t, err)
		_, err = s.GetUserAliasByAlias(ctx, b.ID, "mistral")
		requireNotFound(t, err)
		_, err = s.UpdateUserAlias(ctx, b.ID, mistral)
		requireNotFound(t, err)
		requireNotFound(t, s.DeleteUserAlias(ctx, b.ID, mistral.ID))
		listB, err := s.ListUserAliases(ctx, b.ID)
		require.NoError(t, err)
		require.Equal(t, []db.UserAlias{llamaB}, listB)

		require.NoError(t, s.DeleteUserAlias(ctx, a.ID, mistral.ID))
		_, err = s.GetUserAlias(ctx, a.ID, mistral.ID)
		requireNotFound(t, err)
	})
}

func TestModelMetadataRepository(t *testing.T) {
	forEachDialect(t, func(t *testing.T, s *db.DbServiceImpl) {
		ctx := context.Background()
		a, b := mkOrg(t, s, "acme"), mkOrg(t, s, "globex")
		m := db.ModelMetadata{
			Source: "model", Repo: ptr("owner/repo"), Filename: ptr("m.gguf"), Snapshot: ptr("abc"),
			CapabilitiesVision: ptr(true), ContextMaxInputTokens: ptr(int64(8192)), ChatTemplate: ptr("{{ x }}"),
		}
		first, err := s.UpsertModelMetadata(ctx, a.ID, m)
		require.NoError(t, err)
		require.Nil(t, first.APIModelID)
		require.Nil(t, first.CapabilitiesAudio, "unknown stays NULL")

		m.CapabilitiesVision = ptr(false)
		second, err := s.UpsertModelMetadata(ctx, a.ID, m)
		require.NoError(t, err, "NULL api_model_id must not defeat the upsert")
		all, err := s.ListModelMetadata(ctx, a.ID)
		require.NoError(t, err)
		require.Len(t, all, 1)
		require.Equal(t, second, all[0])
		require.False(t, *all[0].CapabilitiesVision)

		got, err := s.GetModelMetadata(ctx, a.ID, "owner/repo", "m.gguf", "abc")
		require.NoError(t, err)
		require.Equal(t, second, got)

		_, err = s.GetModelMetadata(ctx, b.ID, "owner/repo", "m.gguf", "abc")
		requireNotFound(t, err)
		_, err = s.UpsertModelMetadata(ctx, b.ID, m)
		require.NoError(t, err)
		all, err = s.ListModelMetadata(ctx, a.ID)
		require.NoError(t, err)
		require.Len(t, all, 1, "org B's upsert leaves org A's row")
		require.Equal(t, second, all[0])
	})
}
