package gateway

import (
	"context"
	"fmt"
	"time"

	"github.com/bodhiapp/bodhi/apimodels"
	"github.com/bodhiapp/bodhi/auth"
)

// Model is one model of the org as /v1/models lists it: a local alias, or a model name of one of its API models,
// prefixed.
type Model struct {
	ID      string
	Created time.Time // when the alias, its file or the API model offering it was created
	OwnedBy string    // "system" for a local alias, the API model's base URL for an API model
	// Format is what the model is: "gguf" for a local alias, the provider's API format ("openai", …) for an API
	// model.
	Format string
}

// Models lists the org's models (http-api.md §7): its local aliases (user aliases, then model aliases), then one
// per prefix + model of each API model, newest API model first; each id once, the first kept.
func (s *Service) Models(ctx context.Context, org *auth.OrgContext) ([]Model, error) {
	out, err := s.localModels(ctx, org.OrgID)
	if err != nil {
		return nil, fmt.Errorf("list the org's local models: %w", err)
	}
	rows, err := s.models.All(ctx, org)
	if err != nil {
		return nil, fmt.Errorf("list the org's api models: %w", err)
	}
	seen := map[string]bool{}
	out = append([]Model{}, out...) // never nil: an org without models lists []
	for _, m := range out {
		seen[m.ID] = true
	}
	for i := len(rows) - 1; i >= 0; i-- { // All is oldest first (the routing order)
		r := rows[i]
		prefix := ""
		if r.Prefix != nil {
			prefix = *r.Prefix
		}
		for _, m := range apimodels.Models(r) {
			id := prefix + m
			if seen[id] {
				continue
			}
			seen[id] = true
			out = append(out, Model{ID: id, Created: r.CreatedAt, OwnedBy: r.BaseURL, Format: r.APIFormat})
		}
	}
	return out, nil
}

// Model is the org's model id as Models lists it; ErrAliasNotFound when it has none.
func (s *Service) Model(ctx context.Context, org *auth.OrgContext, id string) (Model, error) {
	models, err := s.Models(ctx, org)
	if err != nil {
		return Model{}, err
	}
	for _, m := range models {
		if m.ID == id {
			return m, nil
		}
	}
	return Model{}, aliasNotFound(id)
}
