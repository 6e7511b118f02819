package db_test

import (
	"context"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/bodhiapp/bodhi/db"
)

func TestDownloadRepository(t *testing.T) {
	forEachDialect(t, func(t *testing.T, s *db.DbServiceImpl) {
		ctx := context.Background()
		a, b := mkOrg(t, s, "acme"), mkOrg(t, s, "globex")
		first, err := s.CreateDownloadRequest(ctx, a.ID, db.DownloadRequest{Repo: "owner/model", Filename: "m.gguf"})
		require.NoError(t, err)
		require.Equal(t, db.DownloadPending, first.Status)
		require.Nil(t, first.StartedAt)
		second, err := s.CreateDownloadRequest(ctx, a.ID, db.DownloadRequest{Repo: "owner/model", Filename: "m.gguf"})
		require.NoError(t, err)
		other, err := s.CreateDownloadRequest(ctx, a.ID, db.DownloadRequest{Repo: "owner/other", Filename: "o.gguf"})
		require.NoError(t, err)

		latest, err := s.GetLatestDownloadRequest(ctx, a.ID, "owner/model", "m.gguf")
		require.NoError(t, err)
		require.Equal(t, second.ID, latest.ID)

		prog, err := s.UpdateDownloadProgress(ctx, a.ID, first.ID, 1024, ptr(int64(4096)))
		require.NoError(t, err)
		require.EqualValues(t, 1024, prog.DownloadedBytes)
		require.EqualValues(t, 4096, *prog.TotalBytes)
		require.NotNil(t, prog.StartedAt)
		prog2, err := s.UpdateDownloadProgress(ctx, a.ID, first.ID, 2048, ptr(int64(4096)))
		require.NoError(t, err)
		require.Equal(t, *prog.StartedAt, *prog2.StartedAt, "started_at is set once")

		list, total, err := s.ListDownloadRequests(ctx, a.ID, db.Page{})
		require.NoError(t, err)
		require.EqualValues(t, 3, total)
		require.Equal(t, first.ID, list[0].ID, "most recently updated first")

		done, err := s.UpdateDownloadStatus(ctx, a.ID, first.ID, db.DownloadCompleted, nil)
		require.NoError(t, err)
		require.Equal(t, db.DownloadCompleted, done.Status)
		n, err := s.FailPendingDownloads(ctx, a.ID, "interrupted; start the download again")
		require.NoError(t, err)
		require.EqualValues(t, 2, n)
		failed, err := s.GetDownloadRequest(ctx, a.ID, other.ID)
		require.NoError(t, err)
		require.Equal(t, db.DownloadError, failed.Status)
		require.Equal(t, "interrupted; start the download again", *failed.Error)

		// Org isolation.
		_, err = s.GetDownloadRequest(ctx, b.ID, first.ID)
		requireNotFound(t, err)
		_, err = s.GetLatestDownloadRequest(ctx, b.ID, "owner/model", "m.gguf")
		requireNotFound(t, err)
		_, err = s.UpdateDownloadProgress(ctx, b.ID, first.ID, 1, nil)
		requireNotFound(t, err)
		_, err = s.UpdateDownloadStatus(ctx, b.ID, first.ID, db.DownloadError, ptr("x"))
		requireNotFound(t, err)
		bReq, err := s.CreateDownloadRequest(ctx, b.ID, db.DownloadRequest{Repo: "owner/model", Filename: "m.gguf"})
		require.NoError(t, err)
		n, err = s.FailPendingDownloads(ctx, a.ID, "again")
		require.NoError(t, err)
		require.Zero(t, n, "org A's recovery never touches org B's pending rows")
		bGot, err := s.GetDownloadRequest(ctx, b.ID, bReq.ID)
		require.NoError(t, err)
		require.Equal(t, db.DownloadPending, bGot.Status)
		_, total, err = s.ListDownloadRequests(ctx, b.ID, db.Page{})
		require.NoError(t, err)
		require.EqualValues(t, 1, total)
	})
}
