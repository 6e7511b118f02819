package db

import (
	"context"

	pggen "github.com/bodhiapp/bodhi/db/gen/postgres"
	sqlitegen "github.com/bodhiapp/bodhi/db/gen/sqlite"
)

func tokenFromLite(r sqlitegen.APIToken) APIToken { return APIToken(r).utc() }
func tokenFromPG(r pggen.APIToken) APIToken       { return APIToken(r).utc() }

func (t APIToken) utc() APIToken {
	t.CreatedAt, t.UpdatedAt = t.CreatedAt.UTC(), t.UpdatedAt.UTC()
	return t
}

func (s *DbServiceImpl) CreateAPIToken(ctx context.Context, orgID string, t APIToken) (APIToken, error) {
	now := s.timestamp()
	p := sqlitegen.CreateAPITokenParams{
		ID: newID(t.ID), OrgID: orgID, UserID: t.UserID, Name: t.Name, TokenPrefix: t.TokenPrefix,
		TokenHash: t.TokenHash, Scopes: t.Scopes, Status: t.Status, CreatedAt: now, UpdatedAt: now,
	}
	if p.Status == "" {
		p.Status = TokenActive
	}
	if s.pg != nil {
		return one(tokenFromPG)(s.pg.CreateAPIToken(ctx, pggen.CreateAPITokenParams(p)))
	}
	return one(tokenFromLite)(s.lite.CreateAPIToken(ctx, p))
}

func (s *DbServiceImpl) GetAPITokenByPrefix(ctx context.Context, orgID, prefix string) (APIToken, error) {
	p := sqlitegen.GetAPITokenByPrefixParams{OrgID: orgID, TokenPrefix: prefix}
	if s.pg != nil {
		return one(tokenFromPG)(s.pg.GetAPITokenByPrefix(ctx, pggen.GetAPITokenByPrefixParams(p)))
	}
	return one(tokenFromLite)(s.lite.GetAPITokenByPrefix(ctx, p))
}

func (s *DbServiceImpl) GetAPIToken(ctx context.Context, orgID, userID, id string) (APIToken, error) {
	p := sqlitegen.GetAPITokenParams{OrgID: orgID, UserID: userID, ID: id}
	if s.pg != nil {
		return one(tokenFromPG)(s.pg.GetAPIToken(ctx, pggen.GetAPITokenParams(p)))
	}
	return one(tokenFromLite)(s.lite.GetAPIToken(ctx, p))
}

func (s *DbServiceImpl) ListAPITokens(ctx context.Context, orgID, userID string, page Page) ([]APIToken, int64, error) {
	limit, offset := page.bounds()
	p := sqlitegen.ListAPITokensParams{OrgID: orgID, UserID: userID, PageLimit: limit, PageOffset: offset}
	c := sqlitegen.CountAPITokensParams{OrgID: orgID, UserID: userID}
	var rows []APIToken
	var total int64
	var err error
	if s.pg != nil {
		if rows, err = many(tokenFromPG)(s.pg.ListAPITokens(ctx, pggen.ListAPITokensParams(p))); err == nil {
			total, err = s.pg.CountAPITokens(ctx, pggen.CountAPITokensParams(c))
		}
	} else {
		if rows, err = many(tokenFromLite)(s.lite.ListAPITokens(ctx, p)); err == nil {
			total, err = s.lite.CountAPITokens(ctx, c)
		}
	}
	return rows, total, mapError(err)
}

func (s *DbServiceImpl) UpdateAPIToken(ctx context.Context, orgID, userID, id, name, status string) (APIToken, error) {
	p := sqlitegen.UpdateAPITokenParams{
		OrgID: orgID, UserID: userID, ID: id, Name: name, Status: status, UpdatedAt: s.timestamp(),
	}
	if s.pg != nil {
		return one(tokenFromPG)(s.pg.UpdateAPIToken(ctx, pggen.UpdateAPITokenParams(p)))
	}
	return one(tokenFromLite)(s.lite.UpdateAPIToken(ctx, p))
}

func (s *DbServiceImpl) DeactivateUserAPITokens(ctx context.Context, orgID, userID string) (int64, error) {
	p := sqlitegen.DeactivateUserAPITokensParams{OrgID: orgID, UserID: userID, UpdatedAt: s.timestamp()}
	if s.pg != nil {
		n, err := s.pg.DeactivateUserAPITokens(ctx, pggen.DeactivateUserAPITokensParams(p))
		return n, mapError(err)
	}
	n, err := s.lite.DeactivateUserAPITokens(ctx, p)
	return n, mapError(err)
}
