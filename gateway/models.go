package gateway

import (
	"context"
	"errors"
	"fmt"
	"time"

	"github.com/bodhiapp/bodhi/apimodels"
	"github.com/bodhiapp/bodhi/auth"
	"github.com/bodhiapp/bodhi/db"
)

// Model is one model of the org as /v1/models lists it: a model name of one of its API models, prefixed.
type Model struct {
	ID      string
	Created time.Time // when the API model offering it was created
	OwnedBy string    // the API model's base URL
}

// Models lists the org's models (http-api.md §7): one per prefix + model of each API model, newest API model
// first, each id once.
func (s *Service) Models(ctx context.Context, org *auth.OrgContext) ([]Model, error) {
	rows, err := s.models.All(ctx, org)
	if err != nil {
		return nil, fmt.Errorf("list the org's api models: %w", err)
	}
	seen := map[string]bool{}
	out := []Model{}
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
			out = append(out, Model{ID: id, Created: r.CreatedAt, OwnedBy: r.BaseURL})
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

// UserAlias is the org's user alias id (a local model's alias, http-api.md §5.2); ErrAliasNotFound when it has
// none.
func (s *Service) UserAlias(ctx context.Context, orgID, id string) (db.UserAlias, error) {
	a, err := s.aliases.GetUserAlias(ctx, orgID, id)
	if errors.Is(err, db.ErrNotFound) {
		return a, aliasNotFound(id)
	}
	if err != nil {
		return a, fmt.Errorf("load user alias %s: %w", id, err)
	}
	return a, nil
}
