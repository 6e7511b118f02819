// Package apimodels manages an org's remote OpenAI-compatible providers (http-api.md §6): validated CRUD with the
// provider key sealed by the org's data key, model resolution for the gateway from a cached list (no database
// query once warm), and the calls to the provider's /models and /chat/completions used to test and sync.
package apimodels

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"log/slog"
	"net/http"
	"net/url"
	"strings"
	"sync"
	"time"

	"github.com/google/uuid"

	"github.com/bodhiapp/bodhi/auth"
	"github.com/bodhiapp/bodhi/cache"
	"github.com/bodhiapp/bodhi/crypto"
	"github.com/bodhiapp/bodhi/db"
)

const (
	listTTL         = 300 * time.Second
	staleCacheAfter = 24 * time.Hour
	maxKeyLength    = 4096
)

// ModelsKey is the cache key of an org's alias list (runtime.md §6.6).
func ModelsKey(orgID string) string { return "models:" + orgID }

// Service is the API-model service.
type Service struct {
	store  db.ApiModelRepository
	cache  cache.Cache
	lists  *cache.Near[[]cachedAlias] // each org's routing list, decoded, in process
	client *http.Client               // provider calls with the 30 s timeout, through the outbound address rule
	now    func() time.Time
	log    *slog.Logger

	refreshMu  sync.Mutex
	refreshing map[string]time.Time // alias id → last attempt; zero while one runs
	bg         context.Context
}

// New builds the service. bg bounds the background refreshes (the app's lifetime); opts tune the in-process copy
// of the routing lists (cache.ServeStale).
func New(bg context.Context, store db.ApiModelRepository, c cache.Cache, client *http.Client, now func() time.Time, log *slog.Logger, opts ...cache.NearOption) *Service {
	return &Service{store: store, cache: c, client: client, now: now, log: log, bg: bg,
		lists: cache.NewNear[[]cachedAlias](c, listTTL, now, opts...), refreshing: map[string]time.Time{}}
}

// KeyChange says what to do with the stored key on update: keep it, or set it (nil clears it).
type KeyChange struct {
	Keep  bool
	Value *string
}

// Input is a create or update request.
type Input struct {
	APIFormat  string
	BaseURL    string
	APIKey     KeyChange
	Models     []string
	Prefix     *string
	ForwardAll bool
}

func (in *Input) normalise() error {
	if in.APIFormat != "openai" {
		return invalid("api_format must be openai")
	}
	if err := ValidateBaseURL(&in.BaseURL); err != nil {
		return err
	}
	if in.Prefix != nil && strings.TrimSpace(*in.Prefix) == "" {
		in.Prefix = nil
	}
	if in.ForwardAll && in.Prefix == nil {
		return errForwardAllNeedsPrefix
	}
	if in.ForwardAll {
		in.Models = []string{}
	} else if len(in.Models) == 0 {
		return invalid("models must not be empty unless forward_all_with_prefix is set")
	}
	for _, m := range in.Models {
		if strings.TrimSpace(m) == "" {
			return invalid("models must not contain empty names")
		}
	}
	if !in.APIKey.Keep && in.APIKey.Value != nil && (len(*in.APIKey.Value) < 1 || len(*in.APIKey.Value) > maxKeyLength) {
		return invalid("api_key must be 1..4096 characters")
	}
	return nil
}

// ValidateBaseURL checks an absolute http(s) URL and drops its trailing slashes.
func ValidateBaseURL(base *string) error {
	u, err := url.Parse(*base)
	if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
		return invalid("base_url must be an absolute http or https URL")
	}
	*base = strings.TrimRight(*base, "/")
	return nil
}

// Create stores a new provider; with forward-all, a background refresh fills the model cache.
func (s *Service) Create(ctx context.Context, org *auth.OrgContext, in Input) (db.APIModelAlias, error) {
	if err := in.normalise(); err != nil {
		return db.APIModelAlias{}, err
	}
	id := uuid.Must(uuid.NewV7()).String()
	ct, nonce, err := crypto.SealOptional(org.DataKey, in.APIKey.Value, crypto.APIModelKeyAAD(id))
	if err != nil {
		return db.APIModelAlias{}, ErrEncrypt.Because(err)
	}
	models, _ := json.Marshal(in.Models)
	row, err := s.store.CreateAPIModelAlias(ctx, org.OrgID, db.APIModelAlias{
		ID: id, APIFormat: in.APIFormat, Prefix: in.Prefix, BaseURL: in.BaseURL, ModelsJSON: string(models),
		EncryptedAPIKey: ct, Nonce: nonce, ForwardAllWithPrefix: in.ForwardAll,
	})
	if db.IsConflict(err, db.UqAPIModelAliasesOrgPrefix) {
		return db.APIModelAlias{}, ErrPrefixExists
	}
	if err != nil {
		return db.APIModelAlias{}, fmt.Errorf("create api model: %w", err)
	}
	s.invalidate(ctx, org.OrgID)
	if row.ForwardAllWithPrefix {
		s.refreshInBackground(org, row)
	}
	return row, nil
}

// Update replaces the configurable fields; the key is re-sealed under a fresh nonce when it changes.
func (s *Service) Update(ctx context.Context, org *auth.OrgContext, id string, in Input) (db.APIModelAlias, error) {
	if err := in.normalise(); err != nil {
		return db.APIModelAlias{}, err
	}
	current, err := s.Get(ctx, org.OrgID, id)
	if err != nil {
		return db.APIModelAlias{}, err
	}
	ct, nonce := current.EncryptedAPIKey, current.Nonce
	if !in.APIKey.Keep {
		if ct, nonce, err = crypto.SealOptional(org.DataKey, in.APIKey.Value, crypto.APIModelKeyAAD(id)); err != nil {
			return db.APIModelAlias{}, ErrEncrypt.Because(err)
		}
	}
	models, _ := json.Marshal(in.Models)
	row, err := s.store.UpdateAPIModelAlias(ctx, org.OrgID, db.APIModelAlias{
		ID: id, APIFormat: in.APIFormat, Prefix: in.Prefix, BaseURL: in.BaseURL, ModelsJSON: string(models),
		EncryptedAPIKey: ct, Nonce: nonce, ForwardAllWithPrefix: in.ForwardAll,
	})
	switch {
	case db.IsConflict(err, db.UqAPIModelAliasesOrgPrefix):
		return db.APIModelAlias{}, ErrPrefixExists
	case errors.Is(err, db.ErrNotFound):
		return db.APIModelAlias{}, ErrNotFound
	case err != nil:
		return db.APIModelAlias{}, fmt.Errorf("update api model: %w", err)
	}
	s.invalidate(ctx, org.OrgID)
	if row.ForwardAllWithPrefix && row.CacheFetchedAt == nil {
		s.refreshInBackground(org, row)
	}
	return row, nil
}

// Get returns the org's provider id.
func (s *Service) Get(ctx context.Context, orgID, id string) (db.APIModelAlias, error) {
	row, err := s.store.GetAPIModelAlias(ctx, orgID, id)
	if errors.Is(err, db.ErrNotFound) {
		return row, ErrNotFound
	}
	return row, err
}

// List is one page of the org's providers, newest first.
func (s *Service) List(ctx context.Context, orgID string, page db.Page) ([]db.APIModelAlias, int64, error) {
	return s.store.ListAPIModelAliases(ctx, orgID, page)
}

// Delete removes the org's provider id.
func (s *Service) Delete(ctx context.Context, orgID, id string) error {
	err := s.store.DeleteAPIModelAlias(ctx, orgID, id)
	if errors.Is(err, db.ErrNotFound) {
		return ErrNotFound
	}
	if err != nil {
		return err
	}
	s.invalidate(ctx, orgID)
	return nil
}

// OpenKey decrypts a row's provider key; nil when none is stored. Failure is ErrDecrypt, never "no key".
func OpenKey(org *auth.OrgContext, row db.APIModelAlias) (*string, error) {
	key, err := crypto.OpenOptional(org.DataKey, row.EncryptedAPIKey, row.Nonce, crypto.APIModelKeyAAD(row.ID))
	if err != nil {
		return nil, ErrDecrypt.Because(fmt.Errorf("api model %s: %w", row.ID, err))
	}
	return key, nil
}

// Models is the list of model names a row offers: its models, or the cached upstream list with forward-all.
func Models(row db.APIModelAlias) []string {
	raw := row.ModelsJSON
	if row.ForwardAllWithPrefix {
		raw = ""
		if row.ModelsCacheJSON != nil {
			raw = *row.ModelsCacheJSON
		}
	}
	var models []string
	_ = json.Unmarshal([]byte(raw), &models)
	if models == nil {
		models = []string{}
	}
	return models
}

func (s *Service) invalidate(ctx context.Context, orgID string) {
	if err := s.cache.Invalidate(ctx, ModelsKey(orgID)); err != nil {
		s.log.Warn("publish models invalidation", "org_id", orgID, "err", err)
	}
}
