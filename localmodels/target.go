package localmodels

import (
	"context"
	"errors"
	"fmt"

	"github.com/bodhiapp/bodhi/db"
	"github.com/bodhiapp/bodhi/gateway"
)

// The catalog is what the gateway routes local aliases through, and what /v1/models lists of them.
var (
	_ gateway.LocalModels  = (*Service)(nil)
	_ gateway.LocalListing = (*Service)(nil)
)

// Target resolves model as a local alias of orgID (http-api.md §7): a user alias of that name first, then a model
// alias. found is false when model is neither. A user alias whose file has left the cache is
// hub_service_error-file_not_found.
func (s *Service) Target(ctx context.Context, orgID, model string) (gateway.LocalTarget, bool, error) {
	row, err := s.store.GetUserAliasByAlias(ctx, orgID, model)
	switch {
	case err == nil:
		file, err := s.files.Find(row.Repo, row.Filename, row.Snapshot)
		if err != nil {
			return gateway.LocalTarget{}, false, fileNotFound(row.Repo, row.Filename, row.Snapshot).Because(err)
		}
		return gateway.LocalTarget{Alias: row.Alias, ModelPath: file.Path,
			ContextParams: splitContextParams(contextParamsOf(row.ContextParamsJSON)),
			RequestParams: requestParamsMap(row.RequestParamsJSON)}, true, nil
	case !errors.Is(err, db.ErrNotFound):
		return gateway.LocalTarget{}, false, fmt.Errorf("look up user alias %q: %w", model, err)
	}
	if m, ok := findModelAlias(s.files.Files(), model); ok {
		return gateway.LocalTarget{Alias: m.Alias, ModelPath: m.File.Path, RequestParams: map[string]any{}}, true, nil
	}
	return gateway.LocalTarget{}, false, nil
}

// ownedBy is the owner /v1/models shows for a local alias (http-api.md §7).
const ownedBy = "system"

// LocalListing is orgID's local aliases as /v1/models lists them (gateway.LocalListing): user aliases, then model
// aliases, created when the user alias was, or when the model alias's file was written.
func (s *Service) LocalListing(ctx context.Context, orgID string) ([]gateway.Model, error) {
	aliases, err := s.LocalAliases(ctx, orgID)
	if err != nil {
		return nil, err
	}
	out := make([]gateway.Model, len(aliases))
	for i, a := range aliases {
		out[i] = gateway.Model{ID: a.Name, Created: a.Created, OwnedBy: ownedBy}
	}
	return out, nil
}
