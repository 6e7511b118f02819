package db

import (
	"context"

	pggen "github.com/bodhiapp/bodhi/db/gen/postgres"
	sqlitegen "github.com/bodhiapp/bodhi/db/gen/sqlite"
)

func accessRequestFromLite(r sqlitegen.AccessRequest) AccessRequest { return AccessRequest(r).utc() }
func accessRequestFromPG(r pggen.AccessRequest) AccessRequest       { return AccessRequest(r).utc() }

func (a AccessRequest) utc() AccessRequest {
	a.CreatedAt, a.UpdatedAt = a.CreatedAt.UTC(), a.UpdatedAt.UTC()
	return a
}

func (s *DbServiceImpl) CreateAccessRequest(ctx context.Context, orgID, username, userID string) (AccessRequest, error) {
	now := s.timestamp()
	p := sqlitegen.CreateAccessRequestParams{OrgID: orgID, Username: username, UserID: userID, CreatedAt: now, UpdatedAt: now}
	if s.pg != nil {
		return one(accessRequestFromPG)(s.pg.CreateAccessRequest(ctx, pggen.CreateAccessRequestParams(p)))
	}
	return one(accessRequestFromLite)(s.lite.CreateAccessRequest(ctx, p))
}

func (s *DbServiceImpl) GetAccessRequest(ctx context.Context, orgID string, id int64) (AccessRequest, error) {
	p := sqlitegen.GetAccessRequestParams{OrgID: orgID, ID: id}
	if s.pg != nil {
		return one(accessRequestFromPG)(s.pg.GetAccessRequest(ctx, pggen.GetAccessRequestParams(p)))
	}
	return one(accessRequestFromLite)(s.lite.GetAccessRequest(ctx, p))
}

func (s *DbServiceImpl) GetPendingAccessRequest(ctx context.Context, orgID, userID string) (AccessRequest, error) {
	p := sqlitegen.GetPendingAccessRequestParams{OrgID: orgID, UserID: userID}
	if s.pg != nil {
		return one(accessRequestFromPG)(s.pg.GetPendingAccessRequest(ctx, pggen.GetPendingAccessRequestParams(p)))
	}
	return one(accessRequestFromLite)(s.lite.GetPendingAccessRequest(ctx, p))
}

func (s *DbServiceImpl) GetLatestAccessRequest(ctx context.Context, orgID, userID string) (AccessRequest, error) {
	p := sqlitegen.GetLatestAccessRequestParams{OrgID: orgID, UserID: userID}
	if s.pg != nil {
		return one(accessRequestFromPG)(s.pg.GetLatestAccessRequest(ctx, pggen.GetLatestAccessRequestParams(p)))
	}
	return one(accessRequestFromLite)(s.lite.GetLatestAccessRequest(ctx, p))
}

func (s *DbServiceImpl) ListPendingAccessRequests(ctx context.Context, orgID string, page Page) ([]AccessRequest, int64, error) {
	limit, offset := page.bounds()
	p := sqlitegen.ListPendingAccessRequestsParams{OrgID: orgID, PageLimit: limit, PageOffset: offset}
	var rows []AccessRequest
	var total int64
	var err error
	if s.pg != nil {
		if rows, err = many(accessRequestFromPG)(s.pg.ListPendingAccessRequests(ctx, pggen.ListPendingAccessRequestsParams(p))); err == nil {
			total, err = s.pg.CountPendingAccessRequests(ctx, orgID)
		}
	} else {
		if rows, err = many(accessRequestFromLite)(s.lite.ListPendingAccessRequests(ctx, p)); err == nil {
			total, err = s.lite.CountPendingAccessRequests(ctx, orgID)
		}
	}
	return rows, total, mapError(err)
}

func (s *DbServiceImpl) ListAccessRequests(ctx context.Context, orgID string, page Page) ([]AccessRequest, int64, error) {
	limit, offset := page.bounds()
	p := sqlitegen.ListAccessRequestsParams{OrgID: orgID, PageLimit: limit, PageOffset: offset}
	var rows []AccessRequest
	var total int64
	var err error
	if s.pg != nil {
		if rows, err = many(accessRequestFromPG)(s.pg.ListAccessRequests(ctx, pggen.ListAccessRequestsParams(p))); err == nil {
			total, err = s.pg.CountAccessRequests(ctx, orgID)
		}
	} else {
		if rows, err = many(accessRequestFromLite)(s.lite.ListAccessRequests(ctx, p)); err == nil {
			total, err = s.lite.CountAccessRequests(ctx, orgID)
		}
	}
	return rows, total, mapError(err)
}

func (s *DbServiceImpl) UpdateAccessRequestStatus(ctx context.Context, orgID string, id int64, status, reviewer string) (AccessRequest, error) {
	p := sqlitegen.UpdateAccessRequestStatusParams{
		OrgID: orgID, ID: id, Status: status, Reviewer: &reviewer, UpdatedAt: s.timestamp(),
	}
	if s.pg != nil {
		return one(accessRequestFromPG)(s.pg.UpdateAccessRequestStatus(ctx, pggen.UpdateAccessRequestStatusParams(p)))
	}
	return one(accessRequestFromLite)(s.lite.UpdateAccessRequestStatus(ctx, p))
}

func (s *DbServiceImpl) DecideAccessRequest(ctx context.Context, orgID string, id int64, status, reviewer string) (bool, error) {
	p := sqlitegen.DecideAccessRequestParams{OrgID: orgID, ID: id, Status: status, Reviewer: &reviewer, UpdatedAt: s.timestamp()}
	var n int64
	var err error
	if s.pg != nil {
		n, err = s.pg.DecideAccessRequest(ctx, pggen.DecideAccessRequestParams(p))
	} else {
		n, err = s.lite.DecideAccessRequest(ctx, p)
	}
	return n == 1, mapError(err)
}

func (s *DbServiceImpl) ReopenAccessRequest(ctx context.Context, orgID string, id int64) error {
	p := sqlitegen.ReopenAccessRequestParams{OrgID: orgID, ID: id, UpdatedAt: s.timestamp()}
	if s.pg != nil {
		return affected(s.pg.ReopenAccessRequest(ctx, pggen.ReopenAccessRequestParams(p)))
	}
	return affected(s.lite.ReopenAccessRequest(ctx, p))
}
