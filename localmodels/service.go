package localmodels

import (
	"context"
	"errors"
	"fmt"

	"github.com/bodhiapp/bodhi/cache"
	"github.com/bodhiapp/bodhi/db"
	"github.com/bodhiapp/bodhi/localmodels/hfcache"
)

// Store is what the catalog keeps in the database: the user aliases, and the metadata extracted from files.
type Store interface {
	db.UserAliasRepository
	db.ModelMetadataRepository
}

// APIAliases lists an org's API models, newest first (package apimodels): GET /bodhi/v1/models shows them after
// the local aliases.
type APIAliases interface {
	List(ctx context.Context, orgID string, page db.Page) ([]db.APIModelAlias, int64, error)
}

// Service is the catalog of local models: the GGUF files of the Hugging Face cache, the model aliases derived from
// them and the org's user aliases over them. It exists on a standalone server only.
type Service struct {
	store   Store
	files   *hfcache.Cache
	api     APIAliases
	shared  cache.Cache
	routing *cache.Near[[]routeEntry]
}

// New builds the catalog over the cache files, the store, and the org's API models for the combined alias list
// (api may be nil where AliasPage is never called: the CLI). shared is the cache whose invalidations keep every
// replica's copy of the routing lists current; opts tune that copy (cache.ServeStale).
func New(store Store, files *hfcache.Cache, api APIAliases, shared cache.Cache, opts ...cache.NearOption) *Service {
	return &Service{store: store, files: files, api: api, shared: shared, routing: routingCache(shared, opts...)}
}

// Cache is the Hugging Face cache the catalog reads (downloads invalidate its reused scan).
func (s *Service) Cache() *hfcache.Cache { return s.files }

// fileKey identifies a GGUF file, as model_metadata does.
type fileKey struct{ repo, filename, snapshot string }

// metadataIndex is the org's extracted metadata by file: one query for a whole listing.
func (s *Service) metadataIndex(ctx context.Context, orgID string) (map[fileKey]*Metadata, error) {
	rows, err := s.store.ListModelMetadata(ctx, orgID)
	if err != nil {
		return nil, fmt.Errorf("list model metadata: %w", err)
	}
	out := make(map[fileKey]*Metadata, len(rows))
	for _, r := range rows {
		if r.Source != "model" || r.Repo == nil || r.Filename == nil || r.Snapshot == nil {
			continue
		}
		m := MetadataOf(r)
		out[fileKey{*r.Repo, *r.Filename, *r.Snapshot}] = &m
	}
	return out, nil
}

// metadataOf is the extracted metadata of one file; nil when there is none yet.
func (s *Service) metadataOf(ctx context.Context, orgID, repo, filename, snapshot string) (*Metadata, error) {
	row, err := s.store.GetModelMetadata(ctx, orgID, repo, filename, snapshot)
	if errors.Is(err, db.ErrNotFound) {
		return nil, nil
	}
	if err != nil {
		return nil, fmt.Errorf("load model metadata of %s/%s: %w", repo, filename, err)
	}
	m := MetadataOf(row)
	return &m, nil
}

// pageOf is the page of items (db.Page's limit and offset), and how many there are in all.
func pageOf[T any](items []T, page db.Page) ([]T, int64) {
	total := int64(len(items))
	start := min(max(page.Offset, 0), total)
	end := total
	if page.Limit > 0 {
		end = min(start+page.Limit, total)
	}
	return items[start:end], total
}
