package db_test

import (
	"context"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/bodhiapp/bodhi/db"
)

func mkAPIModel(t *testing.T, s db.DbService, orgID string, prefix *string) db.APIModelAlias {
	t.Helper()
	m, err := s.CreateAPIModelAlias(context.Background(), orgID, db.APIModelAlias{
		APIFormat: "openai", Prefix: prefix, BaseURL: "https://api.example.com/v1", ModelsJSON: `["gpt-4o"]`,
		EncryptedAPIKey: []byte("ciphertext"), Nonce: make([]byte, 12),
	})
	require.NoError(t, err)
	return m
}

func TestApiModelRepository(t *testing.T) {
	forEachDialect(t, func(t *testing.T, s *db.DbServiceImpl) {
		ctx := context.Background()
		org := mkOrg(t, s, "acme")
		azure := mkAPIModel(t, s, org.ID, ptr("azure/"))
		require.Equal(t, "azure/", *azure.Prefix)
		require.Nil(t, azure.CacheFetchedAt)
		require.False(t, azure.ForwardAllWithPrefix)

		noPrefix1 := mkAPIModel(t, s, org.ID, ptr(""))
		require.Nil(t, noPrefix1.Prefix, "an empty prefix is stored as NULL")
		noPrefix2 := mkAPIModel(t, s, org.ID, nil)
		require.Nil(t, noPrefix2.Prefix, "several models may have no prefix")

		_, err := s.CreateAPIModelAlias(ctx, org.ID, db.APIModelAlias{APIFormat: "openai", Prefix: ptr("azure/"),
			BaseURL: "https://other"})
		requireConflict(t, err, db.UqAPIModelAliasesOrgPrefix)
		_, err = s.CreateAPIModelAlias(ctx, org.ID, db.APIModelAlias{APIFormat: "anthropic", BaseURL: "https://x"})
		require.Error(t, err, "api_format CHECK")

		got, err := s.GetAPIModelAlias(ctx, org.ID, azure.ID)
		require.NoError(t, err)
		require.Equal(t, azure, got)
		got, err = s.GetAPIModelAliasByPrefix(ctx, org.ID, "azure/")
		require.NoError(t, err)
		require.Equal(t, azure.ID, got.ID)

		list, total, err := s.ListAPIModelAliases(ctx, org.ID, db.Page{Limit: 2})
		require.NoError(t, err)
		require.EqualValues(t, 3, total)
		require.Equal(t, []string{noPrefix2.ID, noPrefix1.ID}, modelIDs(list), "newest first")
		all, err := s.ListAllAPIModelAliases(ctx, org.ID)
		require.NoError(t, err)
		require.Equal(t, []string{noPrefix2.ID, noPrefix1.ID, azure.ID}, modelIDs(all))

		azure.BaseURL, azure.ModelsJSON, azure.ForwardAllWithPrefix = "https://new.example.com", `["a","b"]`, true
		azure.EncryptedAPIKey, azure.Nonce = nil, nil
		upd, err := s.UpdateAPIModelAlias(ctx, org.ID, azure)
		require.NoError(t, err)
		require.Equal(t, "https://new.example.com", upd.BaseURL)
		require.Equal(t, `["a","b"]`, upd.ModelsJSON)
		require.True(t, upd.ForwardAllWithPrefix)
		require.Nil(t, upd.EncryptedAPIKey)
		require.True(t, upd.UpdatedAt.After(upd.CreatedAt))

		fetched := time.Date(2026, 5, 1, 2, 3, 4, 567891234, time.UTC)
		cached, err := s.UpdateAPIModelCache(ctx, org.ID, azure.ID, ptr(`["x"]`), &fetched)
		require.NoError(t, err)
		require.Equal(t, `["x"]`, *cached.ModelsCacheJSON)
		require.True(t, cached.CacheFetchedAt.Equal(fetched.Truncate(time.Microsecond)))
		requireMicros(t, *cached.CacheFetchedAt)

		require.NoError(t, s.DeleteAPIModelAlias(ctx, org.ID, azure.ID))
		_, err = s.GetAPIModelAlias(ctx, org.ID, azure.ID)
		requireNotFound(t, err)
		requireNotFound(t, s.DeleteAPIModelAlias(ctx, org.ID, azure.ID))
	})
}

func TestApiModelOrgIsolation(t *testing.T) {
	forEachDialect(t, func(t *testing.T, s *db.DbServiceImpl) {
		ctx := context.Background()
		a, b := mkOrg(t, s, "acme"), mkOrg(t, s, "globex")
		mA := mkAPIModel(t, s, a.ID, ptr("azure/"))
		mB := mkAPIModel(t, s, b.ID, ptr("azure/")) // same prefix, other org

		got, err := s.GetAPIModelAliasByPrefix(ctx, b.ID, "azure/")
		require.NoError(t, err)
		require.Equal(t, mB.ID, got.ID)
		_, err = s.GetAPIModelAlias(ctx, b.ID, mA.ID)
		requireNotFound(t, err)
		changed := mA
		changed.BaseURL = "https://evil"
		_, err = s.UpdateAPIModelAlias(ctx, b.ID, changed)
		requireNotFound(t, err)
		_, err = s.UpdateAPIModelCache(ctx, b.ID, mA.ID, ptr("[]"), nil)
		requireNotFound(t, err)
		requireNotFound(t, s.DeleteAPIModelAlias(ctx, b.ID, mA.ID))
		all, err := s.ListAllAPIModelAliases(ctx, b.ID)
		require.NoError(t, err)
		require.Equal(t, []string{mB.ID}, modelIDs(all))
		still, err := s.GetAPIModelAlias(ctx, a.ID, mA.ID)
		require.NoError(t, err)
		require.Equal(t, mA, still)
	})
}

func modelIDs(ms []db.APIModelAlias) []string {
	out := make([]string, len(ms))
	for i, m := range ms {
		out[i] = m.ID
	}
	return out
}
