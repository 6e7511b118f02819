package hfpull_test

import (
	"context"
	"os"
	"path/filepath"
	"runtime"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/bodhiapp/bodhi/apptest"
	"github.com/bodhiapp/bodhi/db"
	"github.com/bodhiapp/bodhi/dbtest"
)

// slowFile is 256 KiB sent 8 KiB every 10 ms, held at 64 KiB until the hub releases it: a download that is
// surely running while the test looks at it.
func slowFile(seed string) apptest.HubFile {
	return apptest.HubFile{Content: apptest.HubContent(seed, 256<<10), LFS: true, ChunkSize: 8 << 10,
		ChunkDelay: 10 * time.Millisecond, HoldAt: 64 << 10}
}

// releaseAll lets every held file of the repository go on.
func releaseAll(b *bundle, files ...string) {
	for _, f := range files {
		b.hub.Release(repo, f)
	}
}

// While a download runs, its row shows progress: total_bytes at once, downloaded_bytes growing, started_at set,
// status still pending.
func TestProgressIsVisibleWhileRunning(t *testing.T) {
	dbtest.EachDialect(t, func(t *testing.T, d dbtest.Dialect) {
		b := newBundle(t, d, "")
		b.hub.AddFile(repo, "slow.gguf", slowFile("slow"))
		row := b.pull(t, repo, "slow.gguf")
		require.Nil(t, row.StartedAt)
		require.Nil(t, row.TotalBytes)
		mid := b.await(t, row.ID, "progress midway", func(r db.DownloadRequest) bool {
			return r.DownloadedBytes > 0 && r.DownloadedBytes < 256<<10
		})
		require.Equal(t, db.DownloadPending, mid.Status)
		require.NotNil(t, mid.TotalBytes)
		require.EqualValues(t, 256<<10, *mid.TotalBytes)
		require.NotNil(t, mid.StartedAt)
		b.hub.Release(repo, "slow.gguf")
		later := b.await(t, row.ID, "more progress", func(r db.DownloadRequest) bool {
			return r.DownloadedBytes > mid.DownloadedBytes
		})
		require.False(t, later.UpdatedAt.Before(mid.UpdatedAt))
		done := b.completed(t, row.ID)
		require.EqualValues(t, 256<<10, done.DownloadedBytes)
	})
}

// At most two downloads run at once: a third waits, pending with no progress and no request to the CDN, and
// starts when one of the first two ends.
func TestQueueRunsTwoAtOnce(t *testing.T) {
	dbtest.EachDialect(t, func(t *testing.T, d dbtest.Dialect) {
		b := newBundle(t, d, "")
		for _, f := range []string{"a.gguf", "b.gguf", "c.gguf"} {
			b.hub.AddFile(repo, f, slowFile(f))
		}
		rows := []db.DownloadRequest{b.pull(t, repo, "a.gguf"), b.pull(t, repo, "b.gguf"), b.pull(t, repo, "c.gguf")}
		b.await(t, rows[0].ID, "the first runs", started)
		b.await(t, rows[1].ID, "the second runs", started)
		time.Sleep(100 * time.Millisecond) // the first two are held: the third must not start meanwhile
		third := b.get(t, rows[2].ID)
		require.Equal(t, db.DownloadPending, third.Status)
		require.Zero(t, third.DownloadedBytes)
		require.Nil(t, third.StartedAt)
		require.Len(t, b.cdnRanges(), 2, "two bodies requested, not three")
		require.Equal(t, db.DownloadPending, b.get(t, rows[0].ID).Status)

		b.hub.Release(repo, "a.gguf")
		b.completed(t, rows[0].ID)
		b.await(t, rows[2].ID, "the third starts once the first has ended", started)
		require.Equal(t, db.DownloadPending, b.get(t, rows[1].ID).Status, "the second is still held")
		releaseAll(b, "b.gguf", "c.gguf")
		for _, r := range rows {
			b.completed(t, r.ID)
		}
		require.Len(t, b.cdnRanges(), 3)
	})
}

// Cancel stops a running download (error "cancelled", the partial file kept) and a queued one (it never
// starts); a pull of the cancelled file resumes the partial file with Range. Cancelling a finished download
// changes nothing; an unknown id is 404.
func TestCancel(t *testing.T) {
	dbtest.EachDialect(t, func(t *testing.T, d dbtest.Dialect) {
		b := newBundle(t, d, "")
		ctx := context.Background()
		for _, f := range []string{"a.gguf", "b.gguf", "c.gguf"} {
			b.hub.AddFile(repo, f, slowFile(f))
		}
		running := b.pull(t, repo, "a.gguf")
		b.pull(t, repo, "b.gguf")
		queued := b.pull(t, repo, "c.gguf")
		b.await(t, running.ID, "a runs", started)

		cancelled, err := b.svc.Cancel(ctx, b.org, queued.ID)
		require.NoError(t, err)
		require.Equal(t, db.DownloadError, cancelled.Status)
		require.Equal(t, "cancelled", errText(cancelled))

		cancelled, err = b.svc.Cancel(ctx, b.org, running.ID)
		require.NoError(t, err)
		require.Equal(t, db.DownloadError, cancelled.Status, "Cancel returns once the row says so")
		require.Equal(t, "cancelled", errText(cancelled))
		commit := b.hub.Commit(repo)
		partial, err := os.Stat(filepath.Join(b.repoDir(repo), "snapshots", commit, "a.gguf.incomplete"))
		require.NoError(t, err, "the partial file is kept")
		require.Positive(t, partial.Size())
		require.LessOrEqual(t, partial.Size(), int64(64<<10), "held at 64 KiB")

		releaseAll(b, "a.gguf", "b.gguf")
		resumed := b.completed(t, b.pull(t, repo, "a.gguf").ID)
		require.EqualValues(t, 256<<10, resumed.DownloadedBytes)
		ranges := b.cdnRanges()
		require.Contains(t, ranges, "bytes="+strconv.FormatInt(partial.Size(), 10)+"-", "the second attempt continues the partial file")
		got, err := os.ReadFile(filepath.Join(b.repoDir(repo), "snapshots", commit, "a.gguf"))
		require.NoError(t, err)
		require.Equal(t, apptest.HubContent("a.gguf", 256<<10), got)

		for _, c := range b.hub.Calls() {
			require.NotEqual(t, "/repos/"+apptest.SHA256Hex(apptest.HubContent("c.gguf", 256<<10)), c.Path,
				"the cancelled queued download never reached the CDN")
		}
		require.Equal(t, "cancelled", errText(b.get(t, running.ID)), "the cancelled row stays as it was")
	})
}

// Shutting the queue down (app.Close) ends running and queued downloads with "interrupted by shutdown", keeps the
// partial files, and Run returns; a new process pulls again and resumes. Pending rows a crashed process left
// behind become "interrupted; start the download again" at startup.
func TestShutdownAndRestart(t *testing.T) {
	dbtest.EachDialect(t, func(t *testing.T, d dbtest.Dialect) {
		b := newBundle(t, d, "")
		ctx := context.Background()
		for _, f := range []string{"a.gguf", "b.gguf", "c.gguf"} {
			b.hub.AddFile(repo, f, slowFile(f))
		}
		rows := []db.DownloadRequest{b.pull(t, repo, "a.gguf"), b.pull(t, repo, "b.gguf"), b.pull(t, repo, "c.gguf")}
		b.await(t, rows[0].ID, "a runs", started)
		b.shutdown()
		for _, r := range rows {
			require.Equal(t, "interrupted by shutdown", b.failed(t, r.ID))
		}
		partial := filepath.Join(b.repoDir(repo), "snapshots", b.hub.Commit(repo), "a.gguf.incomplete")
		kept, err := os.Stat(partial)
		require.NoError(t, err)

		// A crashed process leaves a pending row behind; the next start fails it.
		orphan, err := b.store.CreateDownloadRequest(ctx, b.org, db.DownloadRequest{Repo: repo, Filename: "b.gguf"})
		require.NoError(t, err)
		b.start(t, "")
		releaseAll(b, "a.gguf")
		n, err := b.svc.Recover(ctx, b.org)
		require.NoError(t, err)
		require.EqualValues(t, 1, n)
		require.Equal(t, "interrupted; start the download again", b.failed(t, orphan.ID))

		again := b.completed(t, b.pull(t, repo, "a.gguf").ID)
		require.EqualValues(t, 256<<10, again.DownloadedBytes)
		require.Contains(t, b.cdnRanges(), "bytes="+strconv.FormatInt(kept.Size(), 10)+"-")
	})
}

// A Cancel that finds nothing running returns the row as it is.
func TestCancelOfAFinishedDownloadChangesNothing(t *testing.T) {
	dbtest.EachDialect(t, func(t *testing.T, d dbtest.Dialect) {
		b := newBundle(t, d, "")
		b.hub.AddFile(repo, "small.gguf", apptest.HubFile{Content: []byte("gguf"), LFS: true})
		done := b.completed(t, b.pull(t, repo, "small.gguf").ID)
		row, err := b.svc.Cancel(context.Background(), b.org, done.ID)
		require.NoError(t, err)
		require.Equal(t, db.DownloadCompleted, row.Status)
		require.Nil(t, row.Error)
		_, err = b.svc.Cancel(context.Background(), b.org, "00000000-0000-0000-0000-000000000000")
		requireCode(t, err, "db_error-item_not_found")
		other := apptest.NewOrg(t, b.store, "globex").OrgID
		_, err = b.svc.Cancel(context.Background(), other, done.ID)
		requireCode(t, err, "db_error-item_not_found", "another org's download")
	})
}

// Once Run has returned nothing of the service is left running: no goroutine of the package, no connection of
// its client (SQLite only: the check reads every goroutine of the process, so no other test may run meanwhile).
func TestRunLeavesNoGoroutineBehind(t *testing.T) {
	b := newBundle(t, dbtest.SQLite, "")
	for _, f := range []string{"a.gguf", "b.gguf", "c.gguf"} {
		b.hub.AddFile(repo, f, slowFile(f))
	}
	first := b.pull(t, repo, "a.gguf")
	b.pull(t, repo, "b.gguf")
	b.pull(t, repo, "c.gguf")
	b.await(t, first.ID, "a runs", started)
	b.shutdown()
	require.Eventually(t, func() bool {
		buf := make([]byte, 1<<20)
		stacks := string(buf[:runtime.Stack(buf, true)])
		return !strings.Contains(stacks, "bodhi/localmodels/hfpull.") && !strings.Contains(stacks, "net/http.(*persistConn)")
	}, 5*time.Second, 20*time.Millisecond, "goroutines of the service or its client outlive Run")
}
