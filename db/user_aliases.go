package db

import (
	"context"

	pggen "github.com/bodhiapp/bodhi/db/gen/postgres"
	sqlitegen "github.com/bodhiapp/bodhi/db/gen/sqlite"
)

func userAliasFromLite(r sqlitegen.UserAlias) UserAlias { return UserAlias(r).utc() }
func userAliasFromPG(r pggen.UserAlias) UserAlias       { return UserAlias(r).utc() }

func (a UserAlias) utc() UserAlias {
	a.CreatedAt, a.UpdatedAt = a.CreatedAt.UTC(), a.UpdatedAt.UTC()
	return a
}

func defaultJSON(v, def string) string {
	if v == "" {
		return def
	}
	return v
}

func (s *DbServiceImpl) CreateUserAlias(ctx context.Context, orgID string, a UserAlias) (UserAlias, error) {
	now := s.timestamp()
	p := sqlitegen.CreateUserAliasParams{
		ID: newID(a.ID), OrgID: orgID, Alias: a.Alias, Repo: a.Repo, Filename: a.Filename, Snapshot: a.Snapshot,
		RequestParamsJSON: defaultJSON(a.RequestParamsJSON, "{}"), ContextParamsJSON: defaultJSON(a.ContextParamsJSON, "[]"),
		CreatedAt: now, UpdatedAt: now,
	}
	if s.pg != nil {
		return one(userAliasFromPG)(s.pg.CreateUserAlias(ctx, pggen.CreateUserAliasParams(p)))
	}
	return one(userAliasFromLite)(s.lite.CreateUserAlias(ctx, p))
}

func (s *DbServiceImpl) GetUserAlias(ctx context.Context, orgID, id string) (UserAlias, error) {
	p := sqlitegen.GetUserAliasParams{OrgID: orgID, ID: id}
	if s.pg != nil {
		return one(userAliasFromPG)(s.pg.GetUserAlias(ctx, pggen.GetUserAliasParams(p)))
	}
	return one(userAliasFromLite)(s.lite.GetUserAlias(ctx, p))
}

func (s *DbServiceImpl) GetUserAliasByAlias(ctx context.Context, orgID, alias string) (UserAlias, error) {
	p := sqlitegen.GetUserAliasByAliasParams{OrgID: orgID, Alias: alias}
	if s.pg != nil {
		return one(userAliasFromPG)(s.pg.GetUserAliasByAlias(ctx, pggen.GetUserAliasByAliasParams(p)))
	}
	return one(userAliasFromLite)(s.lite.GetUserAliasByAlias(ctx, p))
}

func (s *DbServiceImpl) ListUserAliases(ctx context.Context, orgID string) ([]UserAlias, error) {
	if s.pg != nil {
		return many(userAliasFromPG)(s.pg.ListUserAliases(ctx, orgID))
	}
	return many(userAliasFromLite)(s.lite.ListUserAliases(ctx, orgID))
}

func (s *DbServiceImpl) UpdateUserAlias(ctx context.Context, orgID string, a UserAlias) (UserAlias, error) {
	p := sqlitegen.UpdateUserAliasParams{
		OrgID: orgID, ID: a.ID, Alias: a.Alias, Repo: a.Repo, Filename: a.Filename, Snapshot: a.Snapshot,
		RequestParamsJSON: defaultJSON(a.RequestParamsJSON, "{}"), ContextParamsJSON: defaultJSON(a.ContextParamsJSON, "[]"),
		UpdatedAt: s.timestamp(),
	}
	if s.pg != nil {
		return one(userAliasFromPG)(s.pg.UpdateUserAlias(ctx, pggen.UpdateUserAliasParams(p)))
	}
	return one(userAliasFromLite)(s.lite.UpdateUserAlias(ctx, p))
}

func (s *DbServiceImpl) DeleteUserAlias(ctx context.Context, orgID, id string) error {
	p := sqlitegen.DeleteUserAliasParams{OrgID: orgID, ID: id}
	if s.pg != nil {
		return affected(s.pg.DeleteUserAlias(ctx, pggen.DeleteUserAliasParams(p)))
	}
	return affected(s.lite.DeleteUserAlias(ctx, p))
}
