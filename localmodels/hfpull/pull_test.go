package hfpull_test

import (
	"context"
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/bodhiapp/bodhi/apperr"
	"github.com/bodhiapp/bodhi/apptest"
	"github.com/bodhiapp/bodhi/db"
	"github.com/bodhiapp/bodhi/dbtest"
	"github.com/bodhiapp/bodhi/localmodels/hfpull"
)

const repo = "bartowski/Qwen2.5-0.5B-Instruct-GGUF"

// A download ends in huggingface_hub's own layout: the content in blobs/<sha256>, the snapshot file a relative
// symlink to it (deeper for a filename with directories), refs/main naming the commit, nothing partial left. A
// small file (not in LFS) is named by its git blob hash, as huggingface_hub names it.
func TestPullWritesHuggingFaceHubLayout(t *testing.T) {
	dbtest.EachDialect(t, func(t *testing.T, d dbtest.Dialect) {
		b := newBundle(t, d, "")
		model, nested, config := apptest.HubContent("model", 300_000), apptest.HubContent("nested", 70_000), []byte(`{"a":1}`)
		commit := b.hub.AddFile(repo, "Qwen2.5-0.5B-Instruct-Q4_K_M.gguf", apptest.HubFile{Content: model, LFS: true})
		b.hub.AddFile(repo, "Q8_0/Qwen2.5-0.5B-Instruct-Q8_0-00001-of-00002.gguf", apptest.HubFile{Content: nested, LFS: true})
		b.hub.AddFile(repo, "config.json", apptest.HubFile{Content: config})

		for _, f := range []struct {
			name string
			size int
		}{{"Qwen2.5-0.5B-Instruct-Q4_K_M.gguf", len(model)}, {"Q8_0/Qwen2.5-0.5B-Instruct-Q8_0-00001-of-00002.gguf", len(nested)}, {"config.json", len(config)}} {
			row := b.completed(t, b.pull(t, repo, f.name).ID)
			require.EqualValues(t, f.size, row.DownloadedBytes)
			require.NotNil(t, row.TotalBytes)
			require.EqualValues(t, f.size, *row.TotalBytes)
			require.NotNil(t, row.StartedAt)
			require.Nil(t, row.Error)
		}

		modelSum, nestedSum := apptest.SHA256Hex(model), apptest.SHA256Hex(nested)
		const configBlob = "daa5053ecf5f9a37b2de733d0751cc1ab53ac010" // git hash-object of {"a":1}
		require.Equal(t, []string{
			"blobs/" + modelSum + " (300000 bytes)",
			"blobs/" + configBlob + " (7 bytes)",
			"blobs/" + nestedSum + " (70000 bytes)",
			"refs/main (40 bytes)",
			"snapshots/" + commit + "/Q8_0/Qwen2.5-0.5B-Instruct-Q8_0-00001-of-00002.gguf -> ../../../blobs/" + nestedSum,
			"snapshots/" + commit + "/Qwen2.5-0.5B-Instruct-Q4_K_M.gguf -> ../../blobs/" + modelSum,
			"snapshots/" + commit + "/config.json -> ../../blobs/" + configBlob,
		}, b.listing(t, repo))
		ref, err := os.ReadFile(filepath.Join(b.repoDir(repo), "refs", "main"))
		require.NoError(t, err)
		require.Equal(t, commit, string(ref))
		got, err := os.ReadFile(filepath.Join(b.repoDir(repo), "snapshots", commit, "Qwen2.5-0.5B-Instruct-Q4_K_M.gguf"))
		require.NoError(t, err)
		require.Equal(t, model, got)

		// The file is in the cache now: a new pull is refused.
		_, _, err = b.svc.Pull(context.Background(), b.org, repo, "Qwen2.5-0.5B-Instruct-Q4_K_M.gguf")
		requireCode(t, err, "pull_error-file_already_exists")
	})
}

// A pull of a file that is already downloading returns that download; bad repos and filenames are refused with
// the catalogue's codes and nothing is created.
func TestPullValidatesAndReturnsThePendingDownload(t *testing.T) {
	dbtest.EachDialect(t, func(t *testing.T, d dbtest.Dialect) {
		b := newBundle(t, d, "")
		b.hub.AddFile(repo, "slow.gguf", apptest.HubFile{Content: apptest.HubContent("slow", 256<<10), LFS: true,
			ChunkSize: 8 << 10, ChunkDelay: 20 * time.Millisecond})
		first := b.pull(t, repo, "slow.gguf")
		again, created, err := b.svc.Pull(context.Background(), b.org, repo, "slow.gguf")
		require.NoError(t, err)
		require.False(t, created)
		require.Equal(t, first.ID, again.ID)
		b.completed(t, first.ID)

		for _, bad := range []struct{ repo, filename, code string }{
			{"noslash", "f.gguf", "obj_validation_error-file_pattern_mismatch"},
			{"a/b/c", "f.gguf", "obj_validation_error-file_pattern_mismatch"},
			{"/b", "f.gguf", "obj_validation_error-file_pattern_mismatch"},
			{"a/", "f.gguf", "obj_validation_error-file_pattern_mismatch"},
			{"a b/c", "f.gguf", "obj_validation_error-file_pattern_mismatch"},
			{"a/b\tc", "f.gguf", "obj_validation_error-file_pattern_mismatch"},
			{"../b", "f.gguf", "obj_validation_error-file_pattern_mismatch"},
			{"", "f.gguf", "obj_validation_error-file_pattern_mismatch"},
			{repo, "", "obj_validation_error-validation_errors"},
			{repo, "../../../etc/passwd", "obj_validation_error-validation_errors"},
			{repo, "/abs.gguf", "obj_validation_error-validation_errors"},
			{repo, "dir//f.gguf", "obj_validation_error-validation_errors"},
			{repo, `dir\f.gguf`, "obj_validation_error-validation_errors"},
			{repo, "f.gguf.incomplete", "obj_validation_error-validation_errors"},
		} {
			_, _, err := b.svc.Pull(context.Background(), b.org, bad.repo, bad.filename)
			requireCode(t, err, bad.code, "%q %q", bad.repo, bad.filename)
		}
		_, total, err := b.svc.List(context.Background(), b.org, db.Page{})
		require.NoError(t, err)
		require.EqualValues(t, 1, total, "no row for a refused pull")
		_, err = b.svc.Get(context.Background(), b.org, "00000000-0000-0000-0000-000000000000")
		requireCode(t, err, "db_error-item_not_found")
	})
}

// The same content in a later commit is not downloaded again: the new snapshot links to the blob the cache
// holds, as huggingface_hub does.
func TestPullReusesTheBlobOfAnEarlierCommit(t *testing.T) {
	dbtest.EachDialect(t, func(t *testing.T, d dbtest.Dialect) {
		b := newBundle(t, d, "")
		content := apptest.HubContent("reused", 100_000)
		first := b.hub.AddFile(repo, "m-Q4_K_M.gguf", apptest.HubFile{Content: content, LFS: true})
		b.completed(t, b.pull(t, repo, "m-Q4_K_M.gguf").ID)
		second := b.hub.NewCommit(repo)
		b.hub.AddFile(repo, "other.gguf", apptest.HubFile{Content: apptest.HubContent("other", 10), LFS: true})
		b.completed(t, b.pull(t, repo, "other.gguf").ID) // refs/main moves to the second commit
		cdnBefore := len(b.cdnRanges())

		row := b.completed(t, b.pull(t, repo, "m-Q4_K_M.gguf").ID)
		require.EqualValues(t, len(content), row.DownloadedBytes)
		require.Len(t, b.cdnRanges(), cdnBefore, "nothing was fetched from the CDN")
		sum := apptest.SHA256Hex(content)
		require.Contains(t, b.listing(t, repo), "snapshots/"+first+"/m-Q4_K_M.gguf -> ../../blobs/"+sum)
		require.Contains(t, b.listing(t, repo), "snapshots/"+second+"/m-Q4_K_M.gguf -> ../../blobs/"+sum)
	})
}

// `bodhi pull`'s path: the download runs in the caller, every progress report reaches the callback, and the row
// is recorded when there is an org (and not when there is none yet).
func TestDownloadInTheForeground(t *testing.T) {
	dbtest.EachDialect(t, func(t *testing.T, d dbtest.Dialect) {
		b := newBundle(t, d, "")
		content := apptest.HubContent("fg", 200_000)
		commit := b.hub.AddFile(repo, "fg-Q4_0.gguf", apptest.HubFile{Content: content, LFS: true, ChunkSize: 50_000})
		var reports []hfpull.Progress
		res, err := b.svc.Download(context.Background(), b.org, repo, "fg-Q4_0.gguf", func(p hfpull.Progress) {
			reports = append(reports, p)
		})
		require.NoError(t, err)
		require.Equal(t, commit, res.Commit)
		require.EqualValues(t, len(content), res.Size)
		require.Equal(t, filepath.Join(b.repoDir(repo), "snapshots", commit, "fg-Q4_0.gguf"), res.Path)
		require.Equal(t, hfpull.Progress{Done: 0, Total: 200_000}, reports[0])
		require.Equal(t, hfpull.Progress{Done: 200_000, Total: 200_000}, reports[len(reports)-1])
		require.GreaterOrEqual(t, len(reports), 3, "reports while the body arrives")
		for i := 1; i < len(reports); i++ {
			require.GreaterOrEqual(t, reports[i].Done, reports[i-1].Done)
		}
		rows, _, err := b.svc.List(context.Background(), b.org, db.Page{})
		require.NoError(t, err)
		require.Len(t, rows, 1)
		require.Equal(t, db.DownloadCompleted, rows[0].Status)
		require.EqualValues(t, 200_000, rows[0].DownloadedBytes)

		b.hub.AddFile(repo, "no-org.gguf", apptest.HubFile{Content: content[:10], LFS: true})
		_, err = b.svc.Download(context.Background(), "", repo, "no-org.gguf", nil)
		require.NoError(t, err)
		_, total, err := b.svc.List(context.Background(), b.org, db.Page{})
		require.NoError(t, err)
		require.EqualValues(t, 1, total, "no row without an org")

		_, err = b.svc.Download(context.Background(), b.org, repo, "fg-Q4_0.gguf", nil)
		requireCode(t, err, "pull_error-file_already_exists")
	})
}

func requireCode(t *testing.T, err error, code string, msgAndArgs ...any) {
	t.Helper()
	e, ok := apperr.As(err)
	require.True(t, ok, "want an apperr %s, got %v; %v", code, err, msgAndArgs)
	require.Equal(t, code, e.Code, msgAndArgs...)
}
