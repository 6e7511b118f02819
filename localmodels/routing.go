package localmodels

import (
	"context"
	"fmt"
	"slices"
	"strings"
	"time"

	"github.com/bodhiapp/bodhi/cache"
	"github.com/bodhiapp/bodhi/gateway"
)

// routingTTL bounds how long a replica trusts its copy of an org's user aliases should an invalidation be lost.
const routingTTL = 60 * time.Second

// UserAliasesKey is the shared-cache key of orgID's user aliases as the gateway routes and lists them; every
// change of a user alias invalidates it.
func UserAliasesKey(orgID string) string { return "useraliases:" + orgID }

// routeEntry is a user alias as routing and /v1/models need it. The gateway's hot path reads these from process
// memory (cache.Near), never from the database, like the API models' routing list.
type routeEntry struct {
	Alias         string    `json:"alias"`
	Repo          string    `json:"repo"`
	Filename      string    `json:"filename"`
	Snapshot      string    `json:"snapshot"`
	RequestParams string    `json:"request_params"`
	ContextParams string    `json:"context_params"`
	Created       time.Time `json:"created"`
}

// routes are orgID's user aliases sorted by name.
func (s *Service) routes(ctx context.Context, orgID string) ([]routeEntry, error) {
	entries, _, err := s.routing.Get(ctx, UserAliasesKey(orgID), func(ctx context.Context) ([]routeEntry, bool, error) {
		rows, err := s.store.ListUserAliases(ctx, orgID)
		if err != nil {
			return nil, false, fmt.Errorf("list user aliases: %w", err)
		}
		out := make([]routeEntry, len(rows))
		for i, r := range rows {
			out[i] = routeEntry{Alias: r.Alias, Repo: r.Repo, Filename: r.Filename, Snapshot: r.Snapshot,
				RequestParams: r.RequestParamsJSON, ContextParams: r.ContextParamsJSON, Created: r.CreatedAt}
		}
		slices.SortFunc(out, func(a, b routeEntry) int { return strings.Compare(a.Alias, b.Alias) })
		return out, true, nil
	})
	return entries, err
}

// forgetRoutes drops orgID's routing list on every replica after a user alias changed. The write has committed;
// a lost broadcast leaves the TTL as the bound.
func (s *Service) forgetRoutes(ctx context.Context, orgID string) {
	_ = s.shared.Invalidate(context.WithoutCancel(ctx), UserAliasesKey(orgID))
}

// LocalListing is orgID's local aliases as /v1/models lists them (gateway.LocalListing): user aliases, then the
// model aliases no user alias hides, each sorted by name; created when the user alias was, or when the model
// alias's file was written.
func (s *Service) LocalListing(ctx context.Context, orgID string) ([]gateway.Model, error) {
	users, err := s.routes(ctx, orgID)
	if err != nil {
		return nil, err
	}
	out := make([]gateway.Model, 0, len(users))
	taken := make(map[string]bool, len(users))
	for _, u := range users {
		out = append(out, gateway.Model{ID: u.Alias, Created: u.Created, OwnedBy: ownedBy,
			Format: gateway.LocalFormat})
		taken[u.Alias] = true
	}
	for _, m := range modelAliases(s.files.Files()) {
		if !taken[m.Alias] {
			out = append(out, gateway.Model{ID: m.Alias, Created: m.File.ModTime, OwnedBy: ownedBy,
				Format: gateway.LocalFormat})
		}
	}
	return out, nil
}

// Names lists orgID's local aliases (gateway.LocalModels), as LocalListing orders them.
func (s *Service) Names(ctx context.Context, orgID string) ([]string, error) {
	models, err := s.LocalListing(ctx, orgID)
	if err != nil {
		return nil, err
	}
	out := make([]string, len(models))
	for i, m := range models {
		out[i] = m.ID
	}
	return out, nil
}

// routingCache builds the in-process copy of the routing lists over the shared cache.
func routingCache(shared cache.Cache, opts ...cache.NearOption) *cache.Near[[]routeEntry] {
	return cache.NewNear[[]routeEntry](shared, routingTTL, nil, opts...)
}
