package db

import (
	"context"

	pggen "github.com/bodhiapp/bodhi/db/gen/postgres"
	sqlitegen "github.com/bodhiapp/bodhi/db/gen/sqlite"
)

func appAccessFromLite(r sqlitegen.AppAccessRequest) AppAccessRequest {
	return AppAccessRequest(r).utc()
}
func appAccessFromPG(r pggen.AppAccessRequest) AppAccessRequest { return AppAccessRequest(r).utc() }

func (a AppAccessRequest) utc() AppAccessRequest {
	a.ExpiresAt, a.CreatedAt, a.UpdatedAt = a.ExpiresAt.UTC(), a.CreatedAt.UTC(), a.UpdatedAt.UTC()
	return a
}

func (s *DbServiceImpl) CreateAppAccessRequest(ctx context.Context, orgID string, r AppAccessRequest) (AppAccessRequest, error) {
	now := s.timestamp()
	p := sqlitegen.CreateAppAccessRequestParams{
		ID: newID(r.ID), OrgID: orgID, AppClientID: r.AppClientID, AppName: r.AppName, AppDescription: r.AppDescription,
		FlowType: r.FlowType, RedirectURI: r.RedirectURI, Status: r.Status, Requested: r.Requested,
		Approved: r.Approved, UserID: r.UserID, ResourceScope: r.ResourceScope, AccessRequestScope: r.AccessRequestScope,
		ErrorMessage: r.ErrorMessage, ExpiresAt: Timestamp(r.ExpiresAt), CreatedAt: now, UpdatedAt: now,
	}
	if p.Status == "" {
		p.Status = AppAccessDraft
	}
	if s.pg != nil {
		return one(appAccessFromPG)(s.pg.CreateAppAccessRequest(ctx, pggen.CreateAppAccessRequestParams(p)))
	}
	return one(appAccessFromLite)(s.lite.CreateAppAccessRequest(ctx, p))
}

func (s *DbServiceImpl) GetAppAccessRequest(ctx context.Context, orgID, id string) (AppAccessRequest, error) {
	p := sqlitegen.GetAppAccessRequestParams{OrgID: orgID, ID: id}
	if s.pg != nil {
		return one(appAccessFromPG)(s.pg.GetAppAccessRequest(ctx, pggen.GetAppAccessRequestParams(p)))
	}
	return one(appAccessFromLite)(s.lite.GetAppAccessRequest(ctx, p))
}

func (s *DbServiceImpl) GetAppAccessRequestByScope(ctx context.Context, orgID, scope string) (AppAccessRequest, error) {
	p := sqlitegen.GetAppAccessRequestByScopeParams{OrgID: orgID, AccessRequestScope: &scope}
	if s.pg != nil {
		return one(appAccessFromPG)(s.pg.GetAppAccessRequestByScope(ctx, pggen.GetAppAccessRequestByScopeParams(p)))
	}
	return one(appAccessFromLite)(s.lite.GetAppAccessRequestByScope(ctx, p))
}

func (s *DbServiceImpl) UpdateAppAccessRequest(ctx context.Context, orgID string, r AppAccessRequest) (AppAccessRequest, error) {
	p := sqlitegen.UpdateAppAccessRequestParams{
		OrgID: orgID, ID: r.ID, AppName: r.AppName, AppDescription: r.AppDescription, Status: r.Status,
		Approved: r.Approved, UserID: r.UserID, ResourceScope: r.ResourceScope, AccessRequestScope: r.AccessRequestScope,
		ErrorMessage: r.ErrorMessage, UpdatedAt: s.timestamp(),
	}
	if s.pg != nil {
		return one(appAccessFromPG)(s.pg.UpdateAppAccessRequest(ctx, pggen.UpdateAppAccessRequestParams(p)))
	}
	return one(appAccessFromLite)(s.lite.UpdateAppAccessRequest(ctx, p))
}

func (s *DbServiceImpl) ClaimAppAccessRequest(ctx context.Context, orgID, id, approvedJSON, userID string) (bool, error) {
	p := sqlitegen.ClaimAppAccessRequestParams{OrgID: orgID, ID: id, Approved: &approvedJSON, UserID: &userID,
		UpdatedAt: s.timestamp()}
	var n int64
	var err error
	if s.pg != nil {
		n, err = s.pg.ClaimAppAccessRequest(ctx, pggen.ClaimAppAccessRequestParams(p))
	} else {
		n, err = s.lite.ClaimAppAccessRequest(ctx, p)
	}
	return n == 1, mapError(err)
}

func (s *DbServiceImpl) ReleaseAppAccessRequest(ctx context.Context, orgID, id string) error {
	p := sqlitegen.ReleaseAppAccessRequestParams{OrgID: orgID, ID: id, UpdatedAt: s.timestamp()}
	if s.pg != nil {
		return affected(s.pg.ReleaseAppAccessRequest(ctx, pggen.ReleaseAppAccessRequestParams(p)))
	}
	return affected(s.lite.ReleaseAppAccessRequest(ctx, p))
}

func (s *DbServiceImpl) DenyAppAccessRequest(ctx context.Context, orgID, id, userID string) (bool, error) {
	p := sqlitegen.DenyAppAccessRequestParams{OrgID: orgID, ID: id, UserID: &userID, UpdatedAt: s.timestamp()}
	var n int64
	var err error
	if s.pg != nil {
		n, err = s.pg.DenyAppAccessRequest(ctx, pggen.DenyAppAccessRequestParams(p))
	} else {
		n, err = s.lite.DenyAppAccessRequest(ctx, p)
	}
	return n == 1, mapError(err)
}
