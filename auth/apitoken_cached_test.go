package auth_test

import (
	"context"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/bodhiapp/bodhi/auth"
	"github.com/bodhiapp/bodhi/cache"
	"github.com/bodhiapp/bodhi/db"
	"github.com/bodhiapp/bodhi/dbtest"
)

// TestVerifyCached: a token is proven valid from process memory only once its row is held there, and never by a
// read of the shared cache or the database; anything else is "not proven", never an error.
func TestVerifyCached(t *testing.T) {
	f := newFixture(t, dbtest.Dialect{Name: "sqlite", URL: dbtest.SQLiteURL})
	store := &tokenCountingStore{DbService: f.store.DbService}
	shared := cache.NewMemory(nil)
	tokens := auth.NewAPITokens(store, shared, nil)
	ctx := context.Background()
	acme, globex := f.create(t, "acme"), f.create(t, "globex")
	token, row, err := tokens.Create(ctx, acme.ID, "alice", "ci", auth.LevelUser)
	require.NoError(t, err)

	_, ok := tokens.VerifyCached(acme.ID, token)
	require.False(t, ok, "a token never verified is not in memory")
	require.Zero(t, store.lookups.Load(), "VerifyCached never reads the database")
	other := auth.NewAPITokens(store, shared, nil)
	_, err = other.Verify(ctx, acme.ID, token) // fills the shared cache, not tokens' process memory
	require.NoError(t, err)
	_, ok = tokens.VerifyCached(acme.ID, token)
	require.False(t, ok, "VerifyCached never reads the shared cache")

	want, err := tokens.Verify(ctx, acme.ID, token)
	require.NoError(t, err)
	lookups := store.lookups.Load()
	id, ok := tokens.VerifyCached(acme.ID, token)
	require.True(t, ok)
	require.Equal(t, want, id)

	for name, bad := range map[string]struct{ orgID, token string }{
		"same prefix, another secret": {acme.ID, token[:51] + "x"},
		"another org":                 {globex.ID, token},
		"too short":                   {acme.ID, "bodhiapp_x"},
	} {
		_, ok := tokens.VerifyCached(bad.orgID, bad.token)
		require.False(t, ok, name)
	}
	require.Equal(t, lookups, store.lookups.Load())

	_, err = tokens.Update(ctx, acme.ID, "alice", row.ID, "ci", db.TokenInactive)
	require.NoError(t, err)
	_, ok = tokens.VerifyCached(acme.ID, token)
	require.False(t, ok, "the invalidation drops the row")
	_, err = tokens.Verify(ctx, acme.ID, token)
	require.ErrorIs(t, err, auth.ErrTokenInactive)
	_, ok = tokens.VerifyCached(acme.ID, token)
	require.False(t, ok, "an inactive row in memory proves nothing valid")
}
