package db_test

import (
	"context"
	"errors"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/bodhiapp/bodhi/db"
)

func TestWithTx(t *testing.T) {
	forEachDialect(t, func(t *testing.T, s *db.DbServiceImpl) {
		ctx := context.Background()
		boom := errors.New("boom")
		err := s.WithTx(ctx, func(tx db.DbService) error {
			org := mkOrg(t, tx, "rolled-back")
			_, err := tx.SeedAppToolsetConfig(ctx, org.ID, exa)
			require.NoError(t, err)
			return boom
		})
		require.ErrorIs(t, err, boom)
		_, err = s.GetOrgBySlug(ctx, "rolled-back")
		requireNotFound(t, err, "an error rolls the transaction back")

		err = s.WithTx(ctx, func(tx db.DbService) error {
			org := mkOrg(t, tx, "committed")
			_, err := tx.SeedAppToolsetConfig(ctx, org.ID, exa)
			return err
		})
		require.NoError(t, err)
		org, err := s.GetOrgBySlug(ctx, "committed")
		require.NoError(t, err)
		cfgs, err := s.ListAppToolsetConfigs(ctx, org.ID)
		require.NoError(t, err)
		require.Len(t, cfgs, 1)

		// A conflict inside a transaction surfaces as the domain error, and the transaction still rolls back.
		err = s.WithTx(ctx, func(tx db.DbService) error {
			mkToken(t, tx, org.ID, "alice", "bodhiapp_txtxtxtx")
			_, err := tx.CreateAPIToken(ctx, org.ID, db.APIToken{UserID: "bob", TokenPrefix: "bodhiapp_txtxtxtx",
				TokenHash: "h", Scopes: "scope_token_user"})
			return err
		})
		requireConflict(t, err, db.UqAPITokensOrgPrefix)
		_, err = s.GetAPITokenByPrefix(ctx, org.ID, "bodhiapp_txtxtxtx")
		requireNotFound(t, err)
	})
}

func TestForeignKeysEnforced(t *testing.T) {
	forEachDialect(t, func(t *testing.T, s *db.DbServiceImpl) {
		_, err := s.CreateAPIToken(context.Background(), "no-such-org", db.APIToken{
			UserID: "alice", TokenPrefix: "bodhiapp_fkfkfkfk", TokenHash: "h", Scopes: "scope_token_user",
		})
		require.Error(t, err, "a tenant row needs an existing org on both dialects")
		require.NotErrorIs(t, err, db.ErrConflict)
	})
}

func TestIsPostgres(t *testing.T) {
	for _, d := range []struct {
		name string
		url  func(testing.TB) string
		want bool
	}{{"sqlite", sqliteURL, false}, {"postgres", postgresURL, true}} {
		t.Run(d.name, func(t *testing.T) {
			require.Equal(t, d.want, openStore(t, d.url(t)).IsPostgres())
		})
	}
}
