package orgs_test

import (
	"bytes"
	"context"
	"errors"
	"io"
	"log/slog"
	"strings"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/bodhiapp/bodhi/crypto"
	"github.com/bodhiapp/bodhi/db"
	"github.com/bodhiapp/bodhi/dbtest"
	"github.com/bodhiapp/bodhi/orgs"
	"github.com/bodhiapp/bodhi/toolsets"
)

var master = mustKey("orgs-test-master-key-0123456789abcdef")

func mustKey(source string) crypto.Key {
	k, err := crypto.MasterKeyFromSource(source)
	if err != nil {
		panic(err)
	}
	return k
}

func forEachDialect(t *testing.T, fn func(t *testing.T, s *db.DbServiceImpl)) {
	for _, d := range dbtest.Dialects {
		t.Run(d.Name, func(t *testing.T) {
			t.Parallel()
			ctx := context.Background()
			s, err := db.Open(ctx, d.URL(t))
			require.NoError(t, err)
			t.Cleanup(func() { s.Close() })
			require.NoError(t, s.Migrate(ctx))
			fn(t, s)
		})
	}
}

func params(slug string) orgs.CreateParams {
	return orgs.CreateParams{Slug: slug, DisplayName: "Org " + slug, ClientID: "bodhi-" + slug,
		ClientSecret: "client-secret-of-" + slug}
}

func TestCreateSealsSecretsAndSeeds(t *testing.T) {
	forEachDialect(t, func(t *testing.T, s *db.DbServiceImpl) {
		ctx := context.Background()
		org, err := orgs.Create(ctx, s, master, params("acme"))
		require.NoError(t, err)
		require.Equal(t, db.OrgActive, org.Status)

		// The raw row holds no secret in plain text.
		raw, err := s.GetOrgBySlug(ctx, "acme")
		require.NoError(t, err)
		require.False(t, bytes.Contains(raw.ClientSecret, []byte("client-secret-of-acme")))
		require.Len(t, raw.ClientSecretNonce, crypto.NonceSize)
		require.Len(t, raw.EncryptionKeyNonce, crypto.NonceSize)
		require.Len(t, raw.EncryptionKey, crypto.KeySize+16, "sealed 32-byte data key plus the GCM tag")

		secrets, err := orgs.Unseal(master, raw)
		require.NoError(t, err)
		require.Equal(t, "client-secret-of-acme", secrets.ClientSecret)
		require.NotEqual(t, crypto.Key{}, secrets.DataKey)

		_, err = orgs.Unseal(mustKey("another-master-key-0123456789abcdef"), raw)
		require.ErrorIs(t, err, crypto.ErrDecrypt)
		swapped := raw
		swapped.ID = "another-org-id"
		_, err = orgs.Unseal(master, swapped)
		require.ErrorIs(t, err, crypto.ErrDecrypt, "sealed values are bound to their org")

		cfgs, err := s.ListAppToolsetConfigs(ctx, org.ID)
		require.NoError(t, err)
		require.Len(t, cfgs, len(toolsets.BuiltinTypes()))
		require.False(t, cfgs[0].Enabled)
		require.Equal(t, "system", cfgs[0].UpdatedBy)

		other, err := orgs.Create(ctx, s, master, params("globex"))
		require.NoError(t, err)
		otherRaw, _ := s.GetOrgByID(ctx, other.ID)
		otherSecrets, _ := orgs.Unseal(master, otherRaw)
		require.NotEqual(t, secrets.DataKey, otherSecrets.DataKey, "every org has its own data key")
	})
}

func TestCreateRefusals(t *testing.T) {
	forEachDialect(t, func(t *testing.T, s *db.DbServiceImpl) {
		ctx := context.Background()
		_, err := orgs.Create(ctx, s, master, params("acme"))
		require.NoError(t, err)

		long := params("long")
		long.DisplayName = strings.Repeat("x", 101)
		dupClient := params("other")
		dupClient.ClientID = "bodhi-acme"
		single := params("second")
		single.SingleOrg = true
		badStatus := params("bad-status")
		badStatus.Status = "deleted"
		tests := []struct {
			name    string
			p       orgs.CreateParams
			invalid bool
			want    error
		}{
			{"bad slug", params("Acme"), true, nil},
			{"trailing hyphen", params("acme-"), true, nil},
			{"reserved slug", params("admin"), true, nil},
			{"empty name", orgs.CreateParams{Slug: "x", ClientID: "c", ClientSecret: "s"}, true, nil},
			{"long name", long, true, nil},
			{"no secret", orgs.CreateParams{Slug: "x", DisplayName: "X", ClientID: "c"}, true, nil},
			{"initial status deleted", badStatus, true, nil},
			{"duplicate slug", params("acme"), false, orgs.ErrSlugExists},
			{"duplicate client id", dupClient, false, orgs.ErrClientIDUsed},
			{"standalone second org", single, false, orgs.ErrStandaloneHasOrg},
		}
		for _, tt := range tests {
			_, err := orgs.Create(ctx, s, master, tt.p)
			require.Error(t, err, tt.name)
			var inv *orgs.InvalidError
			require.Equal(t, tt.invalid, errors.As(err, &inv), "%s: %v", tt.name, err)
			if tt.want != nil {
				require.ErrorIs(t, err, tt.want, tt.name)
			}
		}
		n, err := s.CountOrgs(ctx)
		require.NoError(t, err)
		require.EqualValues(t, 1, n, "no refusal writes anything")
	})
}

func TestSetStatus(t *testing.T) {
	forEachDialect(t, func(t *testing.T, s *db.DbServiceImpl) {
		ctx := context.Background()
		_, err := orgs.Create(ctx, s, master, params("acme"))
		require.NoError(t, err)
		old, org, err := orgs.SetStatus(ctx, s, "acme", db.OrgSuspended)
		require.NoError(t, err)
		require.Equal(t, db.OrgActive, old)
		require.Equal(t, db.OrgSuspended, org.Status)
		_, _, err = orgs.SetStatus(ctx, s, "nope", db.OrgActive)
		require.ErrorIs(t, err, orgs.ErrNotFound)
		_, _, err = orgs.SetStatus(ctx, s, "acme", "paused")
		var inv *orgs.InvalidError
		require.ErrorAs(t, err, &inv)
		got, _ := s.GetOrgBySlug(ctx, "acme")
		require.Equal(t, db.OrgSuspended, got.Status, "a refused change writes nothing")
	})
}

func TestStartupCheck(t *testing.T) {
	forEachDialect(t, func(t *testing.T, s *db.DbServiceImpl) {
		ctx := context.Background()
		quiet := slog.New(slog.NewTextHandler(io.Discard, nil))
		require.NoError(t, orgs.StartupCheck(ctx, s, master, quiet), "no orgs: nothing to check")

		acme, err := orgs.Create(ctx, s, master, params("acme"))
		require.NoError(t, err)
		wrong := mustKey("wrong-master-key-0123456789abcdef-xx")
		require.ErrorIs(t, orgs.StartupCheck(ctx, s, wrong, quiet), orgs.ErrMasterKeyMismatch)

		// Only some orgs fail: startup goes on, and the failure is logged with the slug.
		_, err = orgs.Create(ctx, s, wrong, params("globex"))
		require.NoError(t, err)
		var logs bytes.Buffer
		require.NoError(t, orgs.StartupCheck(ctx, s, master, slog.New(slog.NewTextHandler(&logs, nil))))
		require.Contains(t, logs.String(), "org=globex")

		// A deleted org does not count, so the wrong key fails again once globex is deleted.
		_, _, err = orgs.SetStatus(ctx, s, "globex", db.OrgDeleted)
		require.NoError(t, err)
		require.ErrorIs(t, orgs.StartupCheck(ctx, s, wrong, quiet), orgs.ErrMasterKeyMismatch)

		// The backfill only adds missing rows; it never resets an existing one.
		_, err = s.UpsertAppToolsetConfig(ctx, acme.ID, toolsets.ExaSearch, true, "admin")
		require.NoError(t, err)
		require.NoError(t, orgs.StartupCheck(ctx, s, master, quiet))
		cfg, err := s.GetAppToolsetConfig(ctx, acme.ID, toolsets.ExaSearch)
		require.NoError(t, err)
		require.True(t, cfg.Enabled, "the backfill never overwrites an admin's choice")
	})
}
