package db

import (
	"context"

	pggen "github.com/bodhiapp/bodhi/db/gen/postgres"
	sqlitegen "github.com/bodhiapp/bodhi/db/gen/sqlite"
)

func orgFromLite(r sqlitegen.Organization) Organization { return Organization(r).utc() }
func orgFromPG(r pggen.Organization) Organization       { return Organization(r).utc() }

func (o Organization) utc() Organization {
	o.CreatedAt, o.UpdatedAt = o.CreatedAt.UTC(), o.UpdatedAt.UTC()
	return o
}

func (s *DbServiceImpl) CreateOrg(ctx context.Context, org Organization) (Organization, error) {
	now := s.timestamp()
	p := sqlitegen.CreateOrgParams{
		ID: newID(org.ID), Slug: org.Slug, DisplayName: org.DisplayName, KCClientID: org.KCClientID,
		ClientSecret: org.ClientSecret, ClientSecretNonce: org.ClientSecretNonce, EncryptionKey: org.EncryptionKey,
		EncryptionKeyNonce: org.EncryptionKeyNonce, Status: org.Status, FirstAdminUserID: org.FirstAdminUserID,
		CreatedAt: now, UpdatedAt: now,
	}
	if p.Status == "" {
		p.Status = OrgActive
	}
	if s.pg != nil {
		return one(orgFromPG)(s.pg.CreateOrg(ctx, pggen.CreateOrgParams(p)))
	}
	return one(orgFromLite)(s.lite.CreateOrg(ctx, p))
}

func (s *DbServiceImpl) GetOrgBySlug(ctx context.Context, slug string) (Organization, error) {
	if s.pg != nil {
		return one(orgFromPG)(s.pg.GetOrgBySlug(ctx, slug))
	}
	return one(orgFromLite)(s.lite.GetOrgBySlug(ctx, slug))
}

func (s *DbServiceImpl) GetOrgByID(ctx context.Context, id string) (Organization, error) {
	if s.pg != nil {
		return one(orgFromPG)(s.pg.GetOrgByID(ctx, id))
	}
	return one(orgFromLite)(s.lite.GetOrgByID(ctx, id))
}

func (s *DbServiceImpl) ListOrgs(ctx context.Context, status string) ([]Organization, error) {
	switch {
	case s.pg != nil && status == "":
		return many(orgFromPG)(s.pg.ListOrgs(ctx))
	case s.pg != nil:
		return many(orgFromPG)(s.pg.ListOrgsByStatus(ctx, status))
	case status == "":
		return many(orgFromLite)(s.lite.ListOrgs(ctx))
	default:
		return many(orgFromLite)(s.lite.ListOrgsByStatus(ctx, status))
	}
}

func (s *DbServiceImpl) CountOrgs(ctx context.Context) (int64, error) {
	if s.pg != nil {
		n, err := s.pg.CountOrgs(ctx)
		return n, mapError(err)
	}
	n, err := s.lite.CountOrgs(ctx)
	return n, mapError(err)
}

func (s *DbServiceImpl) UpdateOrgStatus(ctx context.Context, id, status string) (Organization, error) {
	p := sqlitegen.UpdateOrgStatusParams{ID: id, Status: status, UpdatedAt: s.timestamp()}
	if s.pg != nil {
		return one(orgFromPG)(s.pg.UpdateOrgStatus(ctx, pggen.UpdateOrgStatusParams(p)))
	}
	return one(orgFromLite)(s.lite.UpdateOrgStatus(ctx, p))
}

func (s *DbServiceImpl) ClaimFirstAdmin(ctx context.Context, id, userID string) (bool, error) {
	p := sqlitegen.ClaimFirstAdminParams{ID: id, UserID: &userID, UpdatedAt: s.timestamp()}
	var n int64
	var err error
	if s.pg != nil {
		n, err = s.pg.ClaimFirstAdmin(ctx, pggen.ClaimFirstAdminParams(p))
	} else {
		n, err = s.lite.ClaimFirstAdmin(ctx, p)
	}
	return n == 1, mapError(err)
}

func (s *DbServiceImpl) ClearFirstAdmin(ctx context.Context, id, userID string) error {
	p := sqlitegen.ClearFirstAdminParams{ID: id, UserID: &userID, UpdatedAt: s.timestamp()}
	if s.pg != nil {
		return affected(s.pg.ClearFirstAdmin(ctx, pggen.ClearFirstAdminParams(p)))
	}
	return affected(s.lite.ClearFirstAdmin(ctx, p))
}
