package localmodels

import (
	"context"
	"slices"

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
	users, err := s.routes(ctx, orgID)
	if err != nil {
		return gateway.LocalTarget{}, false, err
	}
	if i := slices.IndexFunc(users, func(u routeEntry) bool { return u.Alias == model }); i >= 0 {
		u := users[i]
		file, err := s.files.Find(u.Repo, u.Filename, u.Snapshot)
		if err != nil {
			return gateway.LocalTarget{}, false, fileNotFound(u.Repo, u.Filename, u.Snapshot).Because(err)
		}
		return gateway.LocalTarget{Alias: u.Alias, ModelPath: file.Path,
			ContextParams: splitContextParams(contextParamsOf(u.ContextParams)),
			RequestParams: requestParamsMap(u.RequestParams)}, true, nil
	}
	if m, ok := findModelAlias(s.files.Files(), model); ok {
		return gateway.LocalTarget{Alias: m.Alias, ModelPath: m.File.Path, RequestParams: map[string]any{}}, true, nil
	}
	return gateway.LocalTarget{}, false, nil
}

// ownedBy is the owner /v1/models shows for a local alias (http-api.md §7).
const ownedBy = "system"
