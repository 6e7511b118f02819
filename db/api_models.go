package db

import (
	"context"
	"time"

	pggen "github.com/bodhiapp/bodhi/db/gen/postgres"
	sqlitegen "github.com/bodhiapp/bodhi/db/gen/sqlite"
)

func apiModelFromLite(r sqlitegen.APIModelAlias) APIModelAlias { return APIModelAlias(r).utc() }
func apiModelFromPG(r pggen.APIModelAlias) APIModelAlias       { return APIModelAlias(r).utc() }

func (a APIModelAlias) utc() APIModelAlias {
	a.CacheFetchedAt, a.CreatedAt, a.UpdatedAt = utcPtr(a.CacheFetchedAt), a.CreatedAt.UTC(), a.UpdatedAt.UTC()
	return a
}

// emptyToNil stores an empty prefix as NULL (data-model.md §4.4).
func emptyToNil(s *string) *string {
	if s == nil || *s == "" {
		return nil
	}
	return s
}

func (s *DbServiceImpl) CreateAPIModelAlias(ctx context.Context, orgID string, a APIModelAlias) (APIModelAlias, error) {
	now := s.timestamp()
	p := sqlitegen.CreateAPIModelAliasParams{
		ID: newID(a.ID), OrgID: orgID, APIFormat: a.APIFormat, Prefix: emptyToNil(a.Prefix), BaseURL: a.BaseURL,
		ModelsJSON: a.ModelsJSON, EncryptedAPIKey: a.EncryptedAPIKey, Nonce: a.Nonce,
		ForwardAllWithPrefix: a.ForwardAllWithPrefix, ModelsCacheJSON: a.ModelsCacheJSON,
		CacheFetchedAt: timestampPtr(a.CacheFetchedAt), CreatedAt: now, UpdatedAt: now,
	}
	if p.ModelsJSON == "" {
		p.ModelsJSON = "[]"
	}
	if s.pg != nil {
		return one(apiModelFromPG)(s.pg.CreateAPIModelAlias(ctx, pggen.CreateAPIModelAliasParams(p)))
	}
	return one(apiModelFromLite)(s.lite.CreateAPIModelAlias(ctx, p))
}

func (s *DbServiceImpl) GetAPIModelAlias(ctx context.Context, orgID, id string) (APIModelAlias, error) {
	p := sqlitegen.GetAPIModelAliasParams{OrgID: orgID, ID: id}
	if s.pg != nil {
		return one(apiModelFromPG)(s.pg.GetAPIModelAlias(ctx, pggen.GetAPIModelAliasParams(p)))
	}
	return one(apiModelFromLite)(s.lite.GetAPIModelAlias(ctx, p))
}

func (s *DbServiceImpl) GetAPIModelAliasByPrefix(ctx context.Context, orgID, prefix string) (APIModelAlias, error) {
	p := sqlitegen.GetAPIModelAliasByPrefixParams{OrgID: orgID, Prefix: &prefix}
	if s.pg != nil {
		return one(apiModelFromPG)(s.pg.GetAPIModelAliasByPrefix(ctx, pggen.GetAPIModelAliasByPrefixParams(p)))
	}
	return one(apiModelFromLite)(s.lite.GetAPIModelAliasByPrefix(ctx, p))
}

func (s *DbServiceImpl) ListAPIModelAliases(ctx context.Context, orgID string, page Page) ([]APIModelAlias, int64, error) {
	limit, offset := page.bounds()
	p := sqlitegen.ListAPIModelAliasesParams{OrgID: orgID, PageLimit: limit, PageOffset: offset}
	var rows []APIModelAlias
	var total int64
	var err error
	if s.pg != nil {
		if rows, err = many(apiModelFromPG)(s.pg.ListAPIModelAliases(ctx, pggen.ListAPIModelAliasesParams(p))); err == nil {
			total, err = s.pg.CountAPIModelAliases(ctx, orgID)
		}
	} else {
		if rows, err = many(apiModelFromLite)(s.lite.ListAPIModelAliases(ctx, p)); err == nil {
			total, err = s.lite.CountAPIModelAliases(ctx, orgID)
		}
	}
	return rows, total, mapError(err)
}

func (s *DbServiceImpl) ListAllAPIModelAliases(ctx context.Context, orgID string) ([]APIModelAlias, error) {
	if s.pg != nil {
		return many(apiModelFromPG)(s.pg.ListAllAPIModelAliases(ctx, orgID))
	}
	return many(apiModelFromLite)(s.lite.ListAllAPIModelAliases(ctx, orgID))
}

func (s *DbServiceImpl) UpdateAPIModelAlias(ctx context.Context, orgID string, a APIModelAlias) (APIModelAlias, error) {
	p := sqlitegen.UpdateAPIModelAliasParams{
		OrgID: orgID, ID: a.ID, APIFormat: a.APIFormat, Prefix: emptyToNil(a.Prefix), BaseURL: a.BaseURL,
		ModelsJSON: a.ModelsJSON, EncryptedAPIKey: a.EncryptedAPIKey, Nonce: a.Nonce,
		ForwardAllWithPrefix: a.ForwardAllWithPrefix, UpdatedAt: s.timestamp(),
	}
	if p.ModelsJSON == "" {
		p.ModelsJSON = "[]"
	}
	if s.pg != nil {
		return one(apiModelFromPG)(s.pg.UpdateAPIModelAlias(ctx, pggen.UpdateAPIModelAliasParams(p)))
	}
	return one(apiModelFromLite)(s.lite.UpdateAPIModelAlias(ctx, p))
}

func (s *DbServiceImpl) UpdateAPIModelCache(ctx context.Context, orgID, id string, modelsCacheJSON *string, fetchedAt *time.Time) (APIModelAlias, error) {
	p := sqlitegen.UpdateAPIModelCacheParams{
		OrgID: orgID, ID: id, ModelsCacheJSON: modelsCacheJSON, CacheFetchedAt: timestampPtr(fetchedAt),
		UpdatedAt: s.timestamp(),
	}
	if s.pg != nil {
		return one(apiModelFromPG)(s.pg.UpdateAPIModelCache(ctx, pggen.UpdateAPIModelCacheParams(p)))
	}
	return one(apiModelFromLite)(s.lite.UpdateAPIModelCache(ctx, p))
}

func (s *DbServiceImpl) DeleteAPIModelAlias(ctx context.Context, orgID, id string) error {
	p := sqlitegen.DeleteAPIModelAliasParams{OrgID: orgID, ID: id}
	if s.pg != nil {
		return affected(s.pg.DeleteAPIModelAlias(ctx, pggen.DeleteAPIModelAliasParams(p)))
	}
	return affected(s.lite.DeleteAPIModelAlias(ctx, p))
}
