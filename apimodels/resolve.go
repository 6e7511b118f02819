package apimodels

import (
	"context"
	"fmt"
	"slices"
	"strings"
	"time"

	"github.com/bodhiapp/bodhi/auth"
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
	// Offered is Models(row), decoded once when the list is loaded instead of on every routed request.
	Offered []string `json:"offered"`
}

func toCached(r db.APIModelAlias) cachedAlias {
	return cachedAlias{ID: r.ID, APIFormat: r.APIFormat, Prefix: r.Prefix, BaseURL: r.BaseURL, ModelsJSON: r.ModelsJSON,
		EncryptedAPIKey: r.EncryptedAPIKey, Nonce: r.Nonce, ForwardAllWithPrefix: r.ForwardAllWithPrefix,
		ModelsCacheJSON: r.ModelsCacheJSON, CacheFetchedAt: r.CacheFetchedAt, CreatedAt: r.CreatedAt, UpdatedAt: r.UpdatedAt,
		Offered: Models(r)}
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
	cached, err := s.list(ctx, org)
	if err != nil {
		return nil, err
	}
	rows := make([]db.APIModelAlias, len(cached))
	for i, c := range cached {
		rows[i] = c.row(org.OrgID)
	}
	return rows, nil
}

// list is the org's cached routing list; stale forward-all model caches start a background refresh.
func (s *Service) list(ctx context.Context, org *auth.OrgContext) ([]cachedAlias, error) {
	cached, _, err := s.lists.Get(ctx, ModelsKey(org.OrgID), func(ctx context.Context) ([]cachedAlias, bool, error) {
		rows, err := s.store.ListAllAPIModelAliases(ctx, org.OrgID)
		if err != nil {
			return nil, false, fmt.Errorf("list api models: %w", err)
		}
		slices.Reverse(rows) // stored order is newest first; routing wants the oldest first
		out := make([]cachedAlias, len(rows))
		for i, r := range rows {
			out[i] = toCached(r)
		}
		return out, true, nil
	})
	if err != nil {
		return nil, err
	}
	for _, c := range cached {
		if c.ForwardAllWithPrefix && (c.CacheFetchedAt == nil || s.now().Sub(*c.CacheFetchedAt) > staleCacheAfter) {
			s.refreshInBackground(org, c.row(org.OrgID))
		}
	}
	return cached, nil
}

// Target is where a model name routes: the provider row and the model name it knows.
type Target struct {
	Alias         db.APIModelAlias
	UpstreamModel string
}

// Resolve finds the provider of model in the org (http-api.md §7): the first row, oldest first, whose forward-all
// prefix starts model, or with prefix + m == model for one of its models.
func (s *Service) Resolve(ctx context.Context, org *auth.OrgContext, model string) (Target, error) {
	cached, err := s.list(ctx, org)
	if err != nil {
		return Target{}, err
	}
	for _, c := range cached {
		prefix := ""
		if c.Prefix != nil {
			prefix = *c.Prefix
		}
		if !strings.HasPrefix(model, prefix) {
			continue
		}
		if c.ForwardAllWithPrefix && prefix != "" && len(model) > len(prefix) {
			return Target{Alias: c.row(org.OrgID), UpstreamModel: model[len(prefix):]}, nil
		}
		if !c.ForwardAllWithPrefix {
			for _, m := range c.Offered {
				if len(prefix)+len(m) == len(model) && model[len(prefix):] == m {
					return Target{Alias: c.row(org.OrgID), UpstreamModel: m}, nil
				}
			}
		}
	}
	return Target{}, modelNotFound(model)
}
