package apimodels

import (
	"context"
	"fmt"
	"slices"
	"strings"
	"time"

	"github.com/bodhiapp/bodhi/auth"
	"github.com/bodhiapp/bodhi/cache"
	"github.com/bodhiapp/bodhi/db"
)

// cachedAlias is a row as the cache holds it: as stored, its key still sealed.
type cachedAlias struct {
	ID                   string     `json:"id"`
	APIFormat            string     `json:"api_format"`
	Prefix               *string    `json:"prefix"`
	BaseURL              string     `json:"base_url"`
	ModelsJSON           string     `json:"models_json"`
	EncryptedAPIKey      []byte     `json:"encrypted_api_key"`
	Nonce                []byte     `json:"nonce"`
	ForwardAllWithPrefix bool       `json:"forward_all_with_prefix"`
	ModelsCacheJSON      *string    `json:"models_cache_json"`
	CacheFetchedAt       *time.Time `json:"cache_fetched_at"`
	CreatedAt            time.Time  `json:"created_at"`
	UpdatedAt            time.Time  `json:"updated_at"`
}

func toCached(r db.APIModelAlias) cachedAlias {
	return cachedAlias{ID: r.ID, APIFormat: r.APIFormat, Prefix: r.Prefix, BaseURL: r.BaseURL, ModelsJSON: r.ModelsJSON,
		EncryptedAPIKey: r.EncryptedAPIKey, Nonce: r.Nonce, ForwardAllWithPrefix: r.ForwardAllWithPrefix,
		ModelsCacheJSON: r.ModelsCacheJSON, CacheFetchedAt: r.CacheFetchedAt, CreatedAt: r.CreatedAt, UpdatedAt: r.UpdatedAt}
}

func (c cachedAlias) row(orgID string) db.APIModelAlias {
	return db.APIModelAlias{ID: c.ID, OrgID: orgID, APIFormat: c.APIFormat, Prefix: c.Prefix, BaseURL: c.BaseURL,
		ModelsJSON: c.ModelsJSON, EncryptedAPIKey: c.EncryptedAPIKey, Nonce: c.Nonce,
		ForwardAllWithPrefix: c.ForwardAllWithPrefix, ModelsCacheJSON: c.ModelsCacheJSON,
		CacheFetchedAt: c.CacheFetchedAt, CreatedAt: c.CreatedAt, UpdatedAt: c.UpdatedAt}
}

// All returns the org's providers in created_at ASC order (the routing order), from the cache when warm. Stale or
// missing forward-all model caches start a background refresh.
func (s *Service) All(ctx context.Context, org *auth.OrgContext) ([]db.APIModelAlias, error) {
	key := ModelsKey(org.OrgID)
	cached, found, err := cache.GetJSON[[]cachedAlias](ctx, s.cache, key)
	var rows []db.APIModelAlias
	if err == nil && found {
		rows = make([]db.APIModelAlias, len(cached))
		for i, c := range cached {
			rows[i] = c.row(org.OrgID)
		}
	} else {
		rows, err = s.store.ListAllAPIModelAliases(ctx, org.OrgID)
		if err != nil {
			return nil, fmt.Errorf("list api models: %w", err)
		}
		slices.Reverse(rows) // stored order is newest first; routing wants the oldest first
		toCache := make([]cachedAlias, len(rows))
		for i, r := range rows {
			toCache[i] = toCached(r)
		}
		_ = cache.SetJSON(ctx, s.cache, key, toCache, listTTL)
	}
	for _, r := range rows {
		if r.ForwardAllWithPrefix && (r.CacheFetchedAt == nil || s.now().Sub(*r.CacheFetchedAt) > staleCacheAfter) {
			s.refreshInBackground(org, r)
		}
	}
	return rows, nil
}

// Target is where a model name routes: the provider row and the model name it knows.
type Target struct {
	Alias         db.APIModelAlias
	UpstreamModel string
}

// Resolve finds the provider of model in the org (http-api.md §7): the first row, oldest first, whose forward-all
// prefix starts model, or with prefix + m == model for one of its models.
func (s *Service) Resolve(ctx context.Context, org *auth.OrgContext, model string) (Target, error) {
	rows, err := s.All(ctx, org)
	if err != nil {
		return Target{}, err
	}
	for _, r := range rows {
		prefix := ""
		if r.Prefix != nil {
			prefix = *r.Prefix
		}
		if r.ForwardAllWithPrefix && prefix != "" && strings.HasPrefix(model, prefix) && len(model) > len(prefix) {
			return Target{Alias: r, UpstreamModel: strings.TrimPrefix(model, prefix)}, nil
		}
		if !r.ForwardAllWithPrefix {
			for _, m := range Models(r) {
				if prefix+m == model {
					return Target{Alias: r, UpstreamModel: m}, nil
				}
			}
		}
	}
	return Target{}, ErrModelNotFound
}
