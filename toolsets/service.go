package toolsets

import (
	"context"
	"errors"
	"fmt"
	"regexp"
	"time"
	"unicode/utf8"

	"github.com/google/uuid"

	"github.com/bodhiapp/bodhi/auth"
	"github.com/bodhiapp/bodhi/crypto"
	"github.com/bodhiapp/bodhi/db"
)

var slugPattern = regexp.MustCompile(`^[a-zA-Z0-9-]{1,24}$`)

const maxDescription = 255

// Service manages toolset instances and the per-org type switches, and executes methods.
type Service struct {
	store db.DbService
	exa   *Exa
	now   func() time.Time
}

// NewService builds the service over store, calling Exa through exa.
func NewService(store db.DbService, exa *Exa) *Service {
	return &Service{store: store, exa: exa, now: time.Now}
}

// TypeConfig is a registered type with this org's switch for it: the AppToolsetConfig of http-api.md §9.2.
type TypeConfig struct {
	Definition
	Config db.AppToolsetConfig
}

// CreateInput is a new instance. A field the client left out is its zero value; Enabled is already defaulted.
type CreateInput struct {
	ToolsetType string
	Slug        string
	Description *string
	Enabled     bool
	APIKey      string
}

// KeyChange says what an update does with the stored key: keep it, or set it (a nil Value clears it).
type KeyChange struct {
	Keep  bool
	Value *string
}

// UpdateInput replaces an instance's slug, description, enabled flag and, unless kept, its key.
type UpdateInput struct {
	Slug        string
	Description *string
	Enabled     bool
	APIKey      KeyChange
}

func validate(slug string, description *string) error {
	if !slugPattern.MatchString(slug) {
		return invalid("slug must be 1-24 characters of letters, digits and hyphens")
	}
	if description != nil && utf8.RuneCountInString(*description) > maxDescription {
		return invalid(fmt.Sprintf("description must be at most %d characters", maxDescription))
	}
	return nil
}

// Get returns the caller's instance id.
func (s *Service) Get(ctx context.Context, orgID, userID, id string) (db.Toolset, error) {
	row, err := s.store.GetToolset(ctx, orgID, userID, id)
	if errors.Is(err, db.ErrNotFound) {
		return row, ErrNotFound
	}
	return row, err
}

// List returns the caller's instances (oldest first) and the org's switch of every registered type.
func (s *Service) List(ctx context.Context, orgID, userID string) ([]db.Toolset, []TypeConfig, error) {
	rows, err := s.store.ListToolsets(ctx, orgID, userID)
	if err != nil {
		return nil, nil, err
	}
	configs, err := s.Configs(ctx, orgID)
	return rows, configs, err
}

// Configs returns the org's switch of every registered type. A type without a row counts as disabled.
func (s *Service) Configs(ctx context.Context, orgID string) ([]TypeConfig, error) {
	rows, err := s.store.ListAppToolsetConfigs(ctx, orgID)
	if err != nil {
		return nil, err
	}
	byType := make(map[string]db.AppToolsetConfig, len(rows))
	for _, r := range rows {
		byType[r.ToolsetType] = r
	}
	defs := Definitions()
	out := make([]TypeConfig, len(defs))
	for i, d := range defs {
		cfg, ok := byType[d.ToolsetType]
		if !ok {
			now := s.now().UTC()
			cfg = db.AppToolsetConfig{OrgID: orgID, ToolsetType: d.ToolsetType, UpdatedBy: "system", CreatedAt: now,
				UpdatedAt: now}
		}
		out[i] = TypeConfig{Definition: d, Config: cfg}
	}
	return out, nil
}

// SetTypeEnabled switches a registered type on or off for the org; by is the admin's sub.
func (s *Service) SetTypeEnabled(ctx context.Context, orgID, typ string, enabled bool, by string) (TypeConfig, error) {
	def, ok := Lookup(typ)
	if !ok {
		return TypeConfig{}, ErrInvalidType
	}
	cfg, err := s.store.UpsertAppToolsetConfig(ctx, orgID, typ, enabled, by)
	if err != nil {
		return TypeConfig{}, err
	}
	return TypeConfig{Definition: def, Config: cfg}, nil
}

// typeEnabled reports the org's switch for typ; no row means disabled.
func typeEnabled(ctx context.Context, store db.ToolsetRepository, orgID, typ string) (bool, error) {
	cfg, err := store.GetAppToolsetConfig(ctx, orgID, typ)
	if errors.Is(err, db.ErrNotFound) {
		return false, nil
	}
	return cfg.Enabled, err
}

// Create stores a new instance for userID, its key sealed under the new row's id.
func (s *Service) Create(ctx context.Context, org *auth.OrgContext, userID string, in CreateInput) (db.Toolset, error) {
	if _, ok := Lookup(in.ToolsetType); !ok {
		return db.Toolset{}, ErrInvalidType
	}
	if err := validate(in.Slug, in.Description); err != nil {
		return db.Toolset{}, err
	}
	if in.APIKey == "" {
		return db.Toolset{}, invalid("api_key is required")
	}
	var row db.Toolset
	err := s.store.WithTx(ctx, func(tx db.DbService) error {
		enabled, err := typeEnabled(ctx, tx, org.OrgID, in.ToolsetType)
		if err != nil {
			return err
		}
		if !enabled {
			return ErrAppDisabled
		}
		if err := slugFree(ctx, tx, org.OrgID, userID, in.Slug, ""); err != nil {
			return err
		}
		id := uuid.Must(uuid.NewV7()).String()
		ct, nonce, err := crypto.Seal(org.DataKey, []byte(in.APIKey), crypto.ToolsetKeyAAD(id))
		if err != nil {
			return ErrEncrypt.Because(err)
		}
		row, err = tx.CreateToolset(ctx, org.OrgID, db.Toolset{ID: id, UserID: userID, ToolsetType: in.ToolsetType,
			Slug: in.Slug, Description: in.Description, Enabled: in.Enabled, EncryptedAPIKey: ct, Nonce: nonce})
		return slugConflict(err)
	})
	return row, err
}

// Update replaces the caller's instance id. Enabling it needs the type enabled for the org.
func (s *Service) Update(ctx context.Context, org *auth.OrgContext, userID, id string, in UpdateInput) (db.Toolset, error) {
	if err := validate(in.Slug, in.Description); err != nil {
		return db.Toolset{}, err
	}
	if !in.APIKey.Keep && in.APIKey.Value != nil && *in.APIKey.Value == "" {
		return db.Toolset{}, invalid("api_key must not be empty")
	}
	var row db.Toolset
	err := s.store.WithTx(ctx, func(tx db.DbService) error {
		current, err := tx.GetToolset(ctx, org.OrgID, userID, id)
		if errors.Is(err, db.ErrNotFound) {
			return ErrNotFound
		}
		if err != nil {
			return err
		}
		if in.Enabled {
			enabled, err := typeEnabled(ctx, tx, org.OrgID, current.ToolsetType)
			if err != nil {
				return err
			}
			if !enabled {
				return ErrAppDisabled
			}
		}
		if err := slugFree(ctx, tx, org.OrgID, userID, in.Slug, id); err != nil {
			return err
		}
		ct, nonce := current.EncryptedAPIKey, current.Nonce
		if !in.APIKey.Keep {
			if ct, nonce, err = crypto.SealOptional(org.DataKey, in.APIKey.Value, crypto.ToolsetKeyAAD(id)); err != nil {
				return ErrEncrypt.Because(err)
			}
		}
		current.Slug, current.Description, current.Enabled = in.Slug, in.Description, in.Enabled
		current.EncryptedAPIKey, current.Nonce = ct, nonce
		row, err = tx.UpdateToolset(ctx, org.OrgID, current)
		if errors.Is(err, db.ErrNotFound) {
			return ErrNotFound
		}
		return slugConflict(err)
	})
	return row, err
}

// Delete removes the caller's instance id, whatever the type's switch.
func (s *Service) Delete(ctx context.Context, orgID, userID, id string) error {
	err := s.store.DeleteToolset(ctx, orgID, userID, id)
	if errors.Is(err, db.ErrNotFound) {
		return ErrNotFound
	}
	return err
}

// slugFree checks, case-insensitively, that no other instance of the user has slug.
func slugFree(ctx context.Context, store db.ToolsetRepository, orgID, userID, slug, selfID string) error {
	other, err := store.GetToolsetBySlug(ctx, orgID, userID, slug)
	switch {
	case errors.Is(err, db.ErrNotFound):
		return nil
	case err != nil:
		return err
	case other.ID != selfID:
		return ErrSlugExists
	}
	return nil
}

// slugConflict maps a unique violation that raced past slugFree.
func slugConflict(err error) error {
	if db.IsConflict(err, db.UqToolsetsOrgUserSlug) {
		return ErrSlugExists
	}
	return err
}
