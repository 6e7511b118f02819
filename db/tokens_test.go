package db_test

import (
	"context"
	"fmt"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/bodhiapp/bodhi/db"
)

func mkToken(t *testing.T, s db.DbService, orgID, userID, prefix string) db.APIToken {
	t.Helper()
	tok, err := s.CreateAPIToken(context.Background(), orgID, db.APIToken{
		UserID: userID, Name: "token " + prefix, TokenPrefix: prefix, TokenHash: "hash-" + prefix,
		Scopes: "scope_token_user",
	})
	require.NoError(t, err)
	return tok
}

func TestTokenRepository(t *testing.T) {
	forEachDialect(t, func(t *testing.T, s *db.DbServiceImpl) {
		ctx := context.Background()
		org := mkOrg(t, s, "acme")
		tok := mkToken(t, s, org.ID, "alice", "bodhiapp_aaaaaaaa")
		require.Equal(t, org.ID, tok.OrgID)
		require.Equal(t, db.TokenActive, tok.Status)
		requireMicros(t, tok.CreatedAt)

		got, err := s.GetAPITokenByPrefix(ctx, org.ID, "bodhiapp_aaaaaaaa")
		require.NoError(t, err)
		require.Equal(t, tok, got)
		got, err = s.GetAPIToken(ctx, org.ID, "alice", tok.ID)
		require.NoError(t, err)
		require.Equal(t, tok, got)
		_, err = s.GetAPIToken(ctx, org.ID, "bob", tok.ID)
		requireNotFound(t, err, "another user's token is not found")

		_, err = s.CreateAPIToken(ctx, org.ID, db.APIToken{UserID: "bob", TokenPrefix: "bodhiapp_aaaaaaaa",
			TokenHash: "x", Scopes: "scope_token_user"})
		requireConflict(t, err, db.UqAPITokensOrgPrefix)

		for i := 0; i < 4; i++ {
			mkToken(t, s, org.ID, "alice", fmt.Sprintf("bodhiapp_0000000%d", i))
		}
		mkToken(t, s, org.ID, "bob", "bodhiapp_bbbbbbbb")
		page, total, err := s.ListAPITokens(ctx, org.ID, "alice", db.Page{Limit: 2, Offset: 0})
		require.NoError(t, err)
		require.EqualValues(t, 5, total)
		require.Equal(t, []string{"bodhiapp_00000003", "bodhiapp_00000002"}, prefixes(page), "newest first")
		page, _, err = s.ListAPITokens(ctx, org.ID, "alice", db.Page{Limit: 2, Offset: 4})
		require.NoError(t, err)
		require.Equal(t, []string{"bodhiapp_aaaaaaaa"}, prefixes(page))

		upd, err := s.UpdateAPIToken(ctx, org.ID, "alice", tok.ID, "renamed", db.TokenInactive)
		require.NoError(t, err)
		require.Equal(t, "renamed", upd.Name)
		require.Equal(t, db.TokenInactive, upd.Status)
		require.Equal(t, tok.CreatedAt, upd.CreatedAt)
		_, err = s.UpdateAPIToken(ctx, org.ID, "bob", tok.ID, "stolen", db.TokenActive)
		requireNotFound(t, err)

		n, err := s.DeactivateUserAPITokens(ctx, org.ID, "alice")
		require.NoError(t, err)
		require.EqualValues(t, 4, n, "the already inactive token is not counted")
		bob, err := s.GetAPITokenByPrefix(ctx, org.ID, "bodhiapp_bbbbbbbb")
		require.NoError(t, err)
		require.Equal(t, db.TokenActive, bob.Status, "other users keep their tokens")
		_, err = s.CreateAPIToken(ctx, org.ID, db.APIToken{UserID: "x", TokenPrefix: "p", TokenHash: "h",
			Scopes: "scope_token_user", Status: "bogus"})
		require.Error(t, err)
	})
}

func TestTokenOrgIsolation(t *testing.T) {
	forEachDialect(t, func(t *testing.T, s *db.DbServiceImpl) {
		ctx := context.Background()
		a, b := mkOrg(t, s, "acme"), mkOrg(t, s, "globex")
		tokA := mkToken(t, s, a.ID, "alice", "bodhiapp_samesame")
		tokB := mkToken(t, s, b.ID, "alice", "bodhiapp_samesame") // same prefix and user in another org

		got, err := s.GetAPITokenByPrefix(ctx, b.ID, "bodhiapp_samesame")
		require.NoError(t, err)
		require.Equal(t, tokB.ID, got.ID)
		_, err = s.GetAPIToken(ctx, b.ID, "alice", tokA.ID)
		requireNotFound(t, err)
		_, err = s.UpdateAPIToken(ctx, b.ID, "alice", tokA.ID, "x", db.TokenInactive)
		requireNotFound(t, err)
		list, total, err := s.ListAPITokens(ctx, b.ID, "alice", db.Page{})
		require.NoError(t, err)
		require.EqualValues(t, 1, total)
		require.Equal(t, tokB.ID, list[0].ID)

		_, err = s.DeactivateUserAPITokens(ctx, b.ID, "alice")
		require.NoError(t, err)
		still, err := s.GetAPIToken(ctx, a.ID, "alice", tokA.ID)
		require.NoError(t, err)
		require.Equal(t, tokA, still, "org A's token is untouched by org B's writes")
	})
}

func prefixes(toks []db.APIToken) []string {
	out := make([]string, len(toks))
	for i, t := range toks {
		out[i] = t.TokenPrefix
	}
	return out
}
