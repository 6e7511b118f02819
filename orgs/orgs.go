// Package orgs provisions and administers organizations: validated creation with sealed secrets and seed rows in
// one transaction, status changes, unsealing, and the startup checks over all orgs (data-model.md §3, §6, §8).
package orgs

import (
	"context"
	"errors"
	"fmt"
	"regexp"
	"unicode/utf8"

	"github.com/google/uuid"

	"github.com/bodhiapp/bodhi/crypto"
	"github.com/bodhiapp/bodhi/db"
	"github.com/bodhiapp/bodhi/toolsets"
)

// InvalidError is bad input from the operator: nothing was written (CLI exit 2).
type InvalidError struct{ Msg string }

func (e *InvalidError) Error() string { return e.Msg }

func invalid(format string, args ...any) error {
	return &InvalidError{Msg: fmt.Sprintf(format, args...)}
}

// Refusals that are not input errors (CLI exit 1).
var (
	ErrSlugExists       = errors.New("slug already exists")
	ErrClientIDUsed     = errors.New("client id already used")
	ErrStandaloneHasOrg = errors.New("standalone mode supports exactly one organization")
	ErrNotFound         = errors.New("organization not found")
)

var slugPattern = regexp.MustCompile(`^[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?$`)

var reservedSlugs = map[string]bool{
	"www": true, "api": true, "app": true, "admin": true, "auth": true, "id": true, "login": true,
	"static": true, "assets": true, "status": true, "mail": true, "docs": true,
}

// ValidSlug reports whether s has the slug syntax (it may still be reserved).
func ValidSlug(s string) bool { return slugPattern.MatchString(s) }

// ValidateSlug checks the syntax and the reserved list (data-model.md §3.4).
func ValidateSlug(slug string) error {
	if !ValidSlug(slug) {
		return invalid("invalid slug %q: use 1-63 lowercase letters, digits and inner hyphens", slug)
	}
	if reservedSlugs[slug] {
		return invalid("slug %q is reserved", slug)
	}
	return nil
}

// ValidStatus reports whether s is an org status.
func ValidStatus(s string) bool {
	return s == db.OrgActive || s == db.OrgSuspended || s == db.OrgDeleted
}

// CreateParams describes a new org.
type CreateParams struct {
	Slug             string
	DisplayName      string
	ClientID         string
	ClientSecret     string
	FirstAdminUserID *string
	Status           string // "" means active
	// SingleOrg refuses the creation when any org exists (standalone mode).
	SingleOrg bool
}

// Validate checks p without touching the database.
func (p CreateParams) Validate() error {
	if err := ValidateSlug(p.Slug); err != nil {
		return err
	}
	if n := utf8.RuneCountInString(p.DisplayName); n < 1 || n > 100 {
		return invalid("display name must be 1-100 characters; got %d", n)
	}
	if p.ClientID == "" {
		return invalid("a client id is required")
	}
	if p.ClientSecret == "" {
		return invalid("a client secret is required")
	}
	if p.Status != "" && p.Status != db.OrgActive && p.Status != db.OrgSuspended {
		return invalid("initial status must be active or suspended; got %q", p.Status)
	}
	if p.FirstAdminUserID != nil && *p.FirstAdminUserID == "" {
		return invalid("first admin user id must not be empty")
	}
	return nil
}

// Create validates p, generates the org id and data key, seals the client secret and the data key with master,
// and inserts the org with its seed rows in one transaction.
func Create(ctx context.Context, store db.DbService, master crypto.Key, p CreateParams) (db.Organization, error) {
	if err := p.Validate(); err != nil {
		return db.Organization{}, err
	}
	id := uuid.Must(uuid.NewV7()).String()
	dataKey, err := crypto.NewKey()
	if err != nil {
		return db.Organization{}, err
	}
	secretCT, secretNonce, err := crypto.Seal(master, []byte(p.ClientSecret), crypto.OrgClientSecretAAD(id))
	if err != nil {
		return db.Organization{}, fmt.Errorf("seal client secret: %w", err)
	}
	keyCT, keyNonce, err := crypto.Seal(master, dataKey[:], crypto.OrgDataKeyAAD(id))
	if err != nil {
		return db.Organization{}, fmt.Errorf("seal data key: %w", err)
	}
	var created db.Organization
	err = store.WithTx(ctx, func(tx db.DbService) error {
		if err := checkFree(ctx, tx, p); err != nil {
			return err
		}
		org, err := tx.CreateOrg(ctx, db.Organization{
			ID: id, Slug: p.Slug, DisplayName: p.DisplayName, KCClientID: p.ClientID,
			ClientSecret: secretCT, ClientSecretNonce: secretNonce, EncryptionKey: keyCT, EncryptionKeyNonce: keyNonce,
			Status: p.Status, FirstAdminUserID: p.FirstAdminUserID,
		})
		if err != nil {
			return err
		}
		for _, typ := range toolsets.BuiltinTypes() {
			if _, err := tx.SeedAppToolsetConfig(ctx, org.ID, typ); err != nil {
				return fmt.Errorf("seed toolset config %s: %w", typ, err)
			}
		}
		created = org
		return nil
	})
	switch {
	case db.IsConflict(err, db.UqOrganizationsSlug):
		return db.Organization{}, fmt.Errorf("%w: %s", ErrSlugExists, p.Slug)
	case db.IsConflict(err, db.UqOrganizationsKCClientID):
		return db.Organization{}, fmt.Errorf("%w: %s", ErrClientIDUsed, p.ClientID)
	case err != nil:
		return db.Organization{}, err
	}
	return created, nil
}

// checkFree runs inside the creating transaction, so the answer holds when the insert commits; the unique indexes
// still catch a race on PostgreSQL and map to the same errors.
func checkFree(ctx context.Context, tx db.DbService, p CreateParams) error {
	if p.SingleOrg {
		n, err := tx.CountOrgs(ctx)
		if err != nil {
			return err
		}
		if n > 0 {
			return ErrStandaloneHasOrg
		}
	}
	if _, err := tx.GetOrgBySlug(ctx, p.Slug); err == nil {
		return fmt.Errorf("%w: %s", ErrSlugExists, p.Slug)
	} else if !errors.Is(err, db.ErrNotFound) {
		return err
	}
	return nil
}

// SetStatus changes the status of the org with slug and returns the previous status and the updated org.
func SetStatus(ctx context.Context, store db.DbService, slug, status string) (string, db.Organization, error) {
	if !ValidStatus(status) {
		return "", db.Organization{}, invalid("unknown status %q: use active, suspended or deleted", status)
	}
	var old string
	var updated db.Organization
	err := store.WithTx(ctx, func(tx db.DbService) error {
		org, err := tx.GetOrgBySlug(ctx, slug)
		if errors.Is(err, db.ErrNotFound) {
			return fmt.Errorf("%w: %s", ErrNotFound, slug)
		}
		if err != nil {
			return err
		}
		old = org.Status
		updated, err = tx.UpdateOrgStatus(ctx, org.ID, status)
		return err
	})
	return old, updated, err
}

// Secrets are an org's unsealed secrets. They live only in process memory.
type Secrets struct {
	ClientSecret string
	DataKey      crypto.Key
}

// Unseal opens the org's client secret and data key with master. Any failure is crypto.ErrDecrypt.
func Unseal(master crypto.Key, org db.Organization) (Secrets, error) {
	secret, key, err := crypto.OpenOrgSecrets(master, org.ID, org.ClientSecret, org.ClientSecretNonce,
		org.EncryptionKey, org.EncryptionKeyNonce)
	if err != nil {
		return Secrets{}, fmt.Errorf("unseal org %q: %w", org.Slug, err)
	}
	return Secrets{ClientSecret: secret, DataKey: key}, nil
}
