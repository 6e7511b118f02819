package db

import (
	"context"

	pggen "github.com/bodhiapp/bodhi/db/gen/postgres"
	sqlitegen "github.com/bodhiapp/bodhi/db/gen/sqlite"
)

func downloadFromLite(r sqlitegen.DownloadRequest) DownloadRequest { return DownloadRequest(r).utc() }
func downloadFromPG(r pggen.DownloadRequest) DownloadRequest       { return DownloadRequest(r).utc() }

func (d DownloadRequest) utc() DownloadRequest {
	d.StartedAt, d.CreatedAt, d.UpdatedAt = utcPtr(d.StartedAt), d.CreatedAt.UTC(), d.UpdatedAt.UTC()
	return d
}

func (s *DbServiceImpl) CreateDownloadRequest(ctx context.Context, orgID string, d DownloadRequest) (DownloadRequest, error) {
	now := s.timestamp()
	p := sqlitegen.CreateDownloadRequestParams{
		ID: newID(d.ID), OrgID: orgID, Repo: d.Repo, Filename: d.Filename, Status: d.Status, Error: d.Error,
		TotalBytes: d.TotalBytes, DownloadedBytes: d.DownloadedBytes, StartedAt: timestampPtr(d.StartedAt),
		CreatedAt: now, UpdatedAt: now,
	}
	if p.Status == "" {
		p.Status = DownloadPending
	}
	if s.pg != nil {
		return one(downloadFromPG)(s.pg.CreateDownloadRequest(ctx, pggen.CreateDownloadRequestParams(p)))
	}
	return one(downloadFromLite)(s.lite.CreateDownloadRequest(ctx, p))
}

func (s *DbServiceImpl) GetDownloadRequest(ctx context.Context, orgID, id string) (DownloadRequest, error) {
	p := sqlitegen.GetDownloadRequestParams{OrgID: orgID, ID: id}
	if s.pg != nil {
		return one(downloadFromPG)(s.pg.GetDownloadRequest(ctx, pggen.GetDownloadRequestParams(p)))
	}
	return one(downloadFromLite)(s.lite.GetDownloadRequest(ctx, p))
}

func (s *DbServiceImpl) GetLatestDownloadRequest(ctx context.Context, orgID, repo, filename string) (DownloadRequest, error) {
	p := sqlitegen.GetLatestDownloadRequestParams{OrgID: orgID, Repo: repo, Filename: filename}
	if s.pg != nil {
		return one(downloadFromPG)(s.pg.GetLatestDownloadRequest(ctx, pggen.GetLatestDownloadRequestParams(p)))
	}
	return one(downloadFromLite)(s.lite.GetLatestDownloadRequest(ctx, p))
}

func (s *DbServiceImpl) ListDownloadRequests(ctx context.Context, orgID string, page Page) ([]DownloadRequest, int64, error) {
	limit, offset := page.bounds()
	p := sqlitegen.ListDownloadRequestsParams{OrgID: orgID, PageLimit: limit, PageOffset: offset}
	var rows []DownloadRequest
	var total int64
	var err error
	if s.pg != nil {
		if rows, err = many(downloadFromPG)(s.pg.ListDownloadRequests(ctx, pggen.ListDownloadRequestsParams(p))); err == nil {
			total, err = s.pg.CountDownloadRequests(ctx, orgID)
		}
	} else {
		if rows, err = many(downloadFromLite)(s.lite.ListDownloadRequests(ctx, p)); err == nil {
			total, err = s.lite.CountDownloadRequests(ctx, orgID)
		}
	}
	return rows, total, mapError(err)
}

func (s *DbServiceImpl) UpdateDownloadProgress(ctx context.Context, orgID, id string, downloaded int64, total *int64) (DownloadRequest, error) {
	now := s.timestamp()
	p := sqlitegen.UpdateDownloadProgressParams{
		OrgID: orgID, ID: id, DownloadedBytes: downloaded, TotalBytes: total, StartedAt: &now, UpdatedAt: now,
	}
	if s.pg != nil {
		return one(downloadFromPG)(s.pg.UpdateDownloadProgress(ctx, pggen.UpdateDownloadProgressParams(p)))
	}
	return one(downloadFromLite)(s.lite.UpdateDownloadProgress(ctx, p))
}

func (s *DbServiceImpl) UpdateDownloadStatus(ctx context.Context, orgID, id, status string, errMsg *string) (DownloadRequest, error) {
	p := sqlitegen.UpdateDownloadStatusParams{OrgID: orgID, ID: id, Status: status, Error: errMsg, UpdatedAt: s.timestamp()}
	if s.pg != nil {
		return one(downloadFromPG)(s.pg.UpdateDownloadStatus(ctx, pggen.UpdateDownloadStatusParams(p)))
	}
	return one(downloadFromLite)(s.lite.UpdateDownloadStatus(ctx, p))
}

func (s *DbServiceImpl) FailPendingDownloads(ctx context.Context, orgID, message string) (int64, error) {
	p := sqlitegen.FailPendingDownloadsParams{OrgID: orgID, Error: &message, UpdatedAt: s.timestamp()}
	if s.pg != nil {
		n, err := s.pg.FailPendingDownloads(ctx, pggen.FailPendingDownloadsParams(p))
		return n, mapError(err)
	}
	n, err := s.lite.FailPendingDownloads(ctx, p)
	return n, mapError(err)
}
