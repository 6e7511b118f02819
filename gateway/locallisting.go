package gateway

import (
	"context"
	"time"
)

// LocalListing is what /v1/models shows of the local aliases, with the time each was made (http-api.md §7:
// a user alias's creation, a model alias's file time). Package localmodels implements it beside LocalModels; a
// LocalModels without it has its names listed as created at the Unix epoch.
type LocalListing interface {
	LocalListing(ctx context.Context, orgID string) ([]Model, error)
}

// localOwner is the owned_by of a local alias on /v1/models.
const localOwner = "system"

// LocalFormat is the Format of a local alias: llama-server serves GGUF files.
const LocalFormat = "gguf"

// localModels lists orgID's local aliases for /v1/models; none in hosted mode.
func (s *Service) localModels(ctx context.Context, orgID string) ([]Model, error) {
	if s.local.Models == nil {
		return nil, nil
	}
	if l, ok := s.local.Models.(LocalListing); ok {
		return l.LocalListing(ctx, orgID)
	}
	names, err := s.local.Models.Names(ctx, orgID)
	if err != nil {
		return nil, err
	}
	out := make([]Model, len(names))
	for i, n := range names {
		out[i] = Model{ID: n, Created: time.Unix(0, 0), OwnedBy: localOwner, Format: LocalFormat}
	}
	return out, nil
}
