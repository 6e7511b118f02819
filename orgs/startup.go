package orgs

import (
	"context"
	"errors"
	"fmt"
	"log/slog"

	"github.com/bodhiapp/bodhi/crypto"
	"github.com/bodhiapp/bodhi/db"
	"github.com/bodhiapp/bodhi/toolsets"
)

// ErrMasterKeyMismatch stops startup: orgs exist, and the master key opens none of them.
var ErrMasterKeyMismatch = errors.New("BODHI_ENCRYPTION_KEY does not match the key that sealed the existing organizations")

// StartupCheck unseals every org that is not deleted (data-model.md §8.4) and backfills missing toolset-config
// rows (data-model.md §6). It fails only when orgs exist and none can be unsealed; single failures are logged.
func StartupCheck(ctx context.Context, store db.DbService, master crypto.Key, log *slog.Logger) error {
	all, err := store.ListOrgs(ctx, "")
	if err != nil {
		return fmt.Errorf("list organizations: %w", err)
	}
	live, opened := 0, 0
	for _, org := range all {
		if org.Status == db.OrgDeleted {
			continue
		}
		live++
		if _, err := Unseal(master, org); err != nil {
			log.Error("organization secrets cannot be decrypted", "org", org.Slug, "err", err)
			continue
		}
		opened++
		for _, typ := range toolsets.BuiltinTypes() {
			if _, err := store.SeedAppToolsetConfig(ctx, org.ID, typ); err != nil {
				return fmt.Errorf("backfill toolset config %s for org %q: %w", typ, org.Slug, err)
			}
		}
	}
	if live > 0 && opened == 0 {
		return ErrMasterKeyMismatch
	}
	return nil
}
