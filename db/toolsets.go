package db

import (
	"context"

	pggen "github.com/bodhiapp/bodhi/db/gen/postgres"
	sqlitegen "github.com/bodhiapp/bodhi/db/gen/sqlite"
)

func toolsetFromLite(r sqlitegen.Toolset) Toolset { return Toolset(r).utc() }
func toolsetFromPG(r pggen.Toolset) Toolset       { return Toolset(r).utc() }

func (t Toolset) utc() Toolset {
	t.CreatedAt, t.UpdatedAt = t.CreatedAt.UTC(), t.UpdatedAt.UTC()
	return t
}

func toolsetConfigFromLite(r sqlitegen.AppToolsetConfig) AppToolsetConfig {
	return AppToolsetConfig(r).utc()
}
func toolsetConfigFromPG(r pggen.AppToolsetConfig) AppToolsetConfig { return AppToolsetConfig(r).utc() }

func (c AppToolsetConfig) utc() AppToolsetConfig {
	c.CreatedAt, c.UpdatedAt = c.CreatedAt.UTC(), c.UpdatedAt.UTC()
	return c
}

func (s *DbServiceImpl) CreateToolset(ctx context.Context, orgID string, t Toolset) (Toolset, error) {
	now := s.timestamp()
	p := sqlitegen.CreateToolsetParams{
		ID: newID(t.ID), OrgID: orgID, UserID: t.UserID, ToolsetType: t.ToolsetType, Slug: t.Slug,
		Description: t.Description, Enabled: t.Enabled, EncryptedAPIKey: t.EncryptedAPIKey, Nonce: t.Nonce,
		CreatedAt: now, UpdatedAt: now,
	}
	if s.pg != nil {
		return one(toolsetFromPG)(s.pg.CreateToolset(ctx, pggen.CreateToolsetParams(p)))
	}
	return one(toolsetFromLite)(s.lite.CreateToolset(ctx, p))
}

func (s *DbServiceImpl) GetToolset(ctx context.Context, orgID, userID, id string) (Toolset, error) {
	p := sqlitegen.GetToolsetParams{OrgID: orgID, UserID: userID, ID: id}
	if s.pg != nil {
		return one(toolsetFromPG)(s.pg.GetToolset(ctx, pggen.GetToolsetParams(p)))
	}
	return one(toolsetFromLite)(s.lite.GetToolset(ctx, p))
}

func (s *DbServiceImpl) GetToolsetBySlug(ctx context.Context, orgID, userID, slug string) (Toolset, error) {
	p := sqlitegen.GetToolsetBySlugParams{OrgID: orgID, UserID: userID, Slug: slug}
	if s.pg != nil {
		return one(toolsetFromPG)(s.pg.GetToolsetBySlug(ctx, pggen.GetToolsetBySlugParams(p)))
	}
	return one(toolsetFromLite)(s.lite.GetToolsetBySlug(ctx, p))
}

func (s *DbServiceImpl) ListToolsets(ctx context.Context, orgID, userID string) ([]Toolset, error) {
	p := sqlitegen.ListToolsetsParams{OrgID: orgID, UserID: userID}
	if s.pg != nil {
		return many(toolsetFromPG)(s.pg.ListToolsets(ctx, pggen.ListToolsetsParams(p)))
	}
	return many(toolsetFromLite)(s.lite.ListToolsets(ctx, p))
}

func (s *DbServiceImpl) ListToolsetsByType(ctx context.Context, orgID, userID, toolsetType string) ([]Toolset, error) {
	p := sqlitegen.ListToolsetsByTypeParams{OrgID: orgID, UserID: userID, ToolsetType: toolsetType}
	if s.pg != nil {
		return many(toolsetFromPG)(s.pg.ListToolsetsByType(ctx, pggen.ListToolsetsByTypeParams(p)))
	}
	return many(toolsetFromLite)(s.lite.ListToolsetsByType(ctx, p))
}

func (s *DbServiceImpl) UpdateToolset(ctx context.Context, orgID string, t Toolset) (Toolset, error) {
	p := sqlitegen.UpdateToolsetParams{
		OrgID: orgID, UserID: t.UserID, ID: t.ID, Slug: t.Slug, Description: t.Description, Enabled: t.Enabled,
		EncryptedAPIKey: t.EncryptedAPIKey, Nonce: t.Nonce, UpdatedAt: s.timestamp(),
	}
	if s.pg != nil {
		return one(toolsetFromPG)(s.pg.UpdateToolset(ctx, pggen.UpdateToolsetParams(p)))
	}
	return one(toolsetFromLite)(s.lite.UpdateToolset(ctx, p))
}

func (s *DbServiceImpl) DeleteToolset(ctx context.Context, orgID, userID, id string) error {
	p := sqlitegen.DeleteToolsetParams{OrgID: orgID, UserID: userID, ID: id}
	if s.pg != nil {
		return affected(s.pg.DeleteToolset(ctx, pggen.DeleteToolsetParams(p)))
	}
	return affected(s.lite.DeleteToolset(ctx, p))
}

func (s *DbServiceImpl) UpsertAppToolsetConfig(ctx context.Context, orgID, toolsetType string, enabled bool, updatedBy string) (AppToolsetConfig, error) {
	now := s.timestamp()
	p := sqlitegen.UpsertAppToolsetConfigParams{
		OrgID: orgID, ToolsetType: toolsetType, Enabled: enabled, UpdatedBy: updatedBy, CreatedAt: now, UpdatedAt: now,
	}
	if s.pg != nil {
		return one(toolsetConfigFromPG)(s.pg.UpsertAppToolsetConfig(ctx, pggen.UpsertAppToolsetConfigParams(p)))
	}
	return one(toolsetConfigFromLite)(s.lite.UpsertAppToolsetConfig(ctx, p))
}

func (s *DbServiceImpl) SeedAppToolsetConfig(ctx context.Context, orgID, toolsetType string) (bool, error) {
	p := sqlitegen.SeedAppToolsetConfigParams{OrgID: orgID, ToolsetType: toolsetType, CreatedAt: s.timestamp()}
	var n int64
	var err error
	if s.pg != nil {
		n, err = s.pg.SeedAppToolsetConfig(ctx, pggen.SeedAppToolsetConfigParams(p))
	} else {
		n, err = s.lite.SeedAppToolsetConfig(ctx, p)
	}
	return n == 1, mapError(err)
}

func (s *DbServiceImpl) GetAppToolsetConfig(ctx context.Context, orgID, toolsetType string) (AppToolsetConfig, error) {
	p := sqlitegen.GetAppToolsetConfigParams{OrgID: orgID, ToolsetType: toolsetType}
	if s.pg != nil {
		return one(toolsetConfigFromPG)(s.pg.GetAppToolsetConfig(ctx, pggen.GetAppToolsetConfigParams(p)))
	}
	return one(toolsetConfigFromLite)(s.lite.GetAppToolsetConfig(ctx, p))
}

func (s *DbServiceImpl) ListAppToolsetConfigs(ctx context.Context, orgID string) ([]AppToolsetConfig, error) {
	if s.pg != nil {
		return many(toolsetConfigFromPG)(s.pg.ListAppToolsetConfigs(ctx, orgID))
	}
	return many(toolsetConfigFromLite)(s.lite.ListAppToolsetConfigs(ctx, orgID))
}
