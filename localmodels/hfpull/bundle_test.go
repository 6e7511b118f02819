package hfpull_test

import (
	"context"
	"io/fs"
	"os"
	"path/filepath"
	"sort"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/bodhiapp/bodhi/apptest"
	"github.com/bodhiapp/bodhi/db"
	"github.com/bodhiapp/bodhi/dbtest"
	"github.com/bodhiapp/bodhi/localmodels/hfpull"
	"github.com/bodhiapp/bodhi/outbound"
)

// bundle is a download service over a fresh database of one dialect, a fresh HF_HOME and a fake hub, with its
// queue running until the test ends.
type bundle struct {
	svc   *hfpull.Service
	store *db.DbServiceImpl
	org   string
	hub   *apptest.HFHub
	home  string
	stop  context.CancelFunc
	ended chan struct{} // closed when Run has returned
}

// fastProgress makes rows show progress within a test's patience.
var fastProgress = hfpull.WithProgressInterval(20 * time.Millisecond)

func newBundle(t *testing.T, d dbtest.Dialect, token string, opts ...hfpull.Option) *bundle {
	t.Helper()
	store := dbtest.Store(t, d)
	b := &bundle{store: store, org: apptest.NewOrg(t, store, "acme").OrgID, hub: apptest.StartHFHub(t),
		home: t.TempDir()}
	b.start(t, token, opts...)
	return b
}

// start builds a service over the bundle's database and cache (again, for a restart) and runs its queue.
func (b *bundle) start(t *testing.T, token string, opts ...hfpull.Option) {
	t.Helper()
	svc, err := hfpull.New(b.store, hfpull.Config{HFHome: b.home, BaseURL: b.hub.URL, Token: token,
		Client: outbound.NewClient(false, 0)}, append([]hfpull.Option{fastProgress}, opts...)...)
	require.NoError(t, err)
	ctx, cancel := context.WithCancel(context.Background())
	ended := make(chan struct{})
	go func() {
		defer close(ended)
		svc.Run(ctx)
	}()
	b.svc, b.stop, b.ended = svc, cancel, ended
	t.Cleanup(b.shutdown)
}

// shutdown stops the queue as app.Close does and waits for Run to return: it must, promptly.
func (b *bundle) shutdown() {
	b.stop()
	select {
	case <-b.ended:
	case <-time.After(10 * time.Second):
		panic("Run did not return within 10 s of its context's end")
	}
}

func (b *bundle) pull(t *testing.T, repo, filename string) db.DownloadRequest {
	t.Helper()
	row, created, err := b.svc.Pull(context.Background(), b.org, repo, filename)
	require.NoError(t, err)
	require.True(t, created)
	require.Equal(t, db.DownloadPending, row.Status)
	return row
}

func (b *bundle) get(t *testing.T, id string) db.DownloadRequest {
	t.Helper()
	row, err := b.svc.Get(context.Background(), b.org, id)
	require.NoError(t, err)
	return row
}

// await polls the row until cond holds.
func (b *bundle) await(t *testing.T, id string, what string, cond func(db.DownloadRequest) bool) db.DownloadRequest {
	t.Helper()
	var row db.DownloadRequest
	require.Eventually(t, func() bool {
		row = b.get(t, id)
		return cond(row)
	}, 20*time.Second, 10*time.Millisecond, "%s; last row: %+v", what, row)
	return row
}

// finished waits for the download to end and returns its row.
func (b *bundle) finished(t *testing.T, id string) db.DownloadRequest {
	t.Helper()
	return b.await(t, id, "the download ends", func(r db.DownloadRequest) bool { return r.Status != db.DownloadPending })
}

func (b *bundle) completed(t *testing.T, id string) db.DownloadRequest {
	t.Helper()
	row := b.finished(t, id)
	require.Equal(t, db.DownloadCompleted, row.Status, "error: %v", errText(row))
	return row
}

func (b *bundle) failed(t *testing.T, id string) string {
	t.Helper()
	row := b.finished(t, id)
	require.Equal(t, db.DownloadError, row.Status)
	require.NotNil(t, row.Error)
	return *row.Error
}

func started(r db.DownloadRequest) bool { return r.DownloadedBytes > 0 }

func errText(r db.DownloadRequest) string {
	if r.Error == nil {
		return ""
	}
	return *r.Error
}

// repoDir is the repository's directory in the cache.
func (b *bundle) repoDir(repo string) string {
	return filepath.Join(b.home, "hub", "models--"+strings.ReplaceAll(repo, "/", "--"))
}

// listing is the repository's directory as `ls -R` would show it, one entry per file: a symlink with its target
// ("snapshots/c/f -> ../../blobs/x"), a regular file with its size ("blobs/x (12 bytes)"); directories are left
// out.
func (b *bundle) listing(t *testing.T, repo string) []string {
	t.Helper()
	root := b.repoDir(repo)
	var out []string
	err := filepath.WalkDir(root, func(path string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		rel, _ := filepath.Rel(root, path)
		if d.Type()&fs.ModeSymlink != 0 {
			target, err := os.Readlink(path)
			require.NoError(t, err)
			out = append(out, rel+" -> "+target)
			return nil
		}
		info, err := d.Info()
		require.NoError(t, err)
		out = append(out, rel+" ("+strconv.FormatInt(info.Size(), 10)+" bytes)")
		return nil
	})
	require.NoError(t, err)
	sort.Strings(out)
	return out
}

// cdnRanges are the Range headers of the CDN requests so far ("" for a request without one).
func (b *bundle) cdnRanges() []string {
	var out []string
	for _, c := range b.hub.Calls() {
		if c.Server == "cdn" {
			out = append(out, c.Range)
		}
	}
	return out
}
