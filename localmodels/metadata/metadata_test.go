package metadata_test

import (
	"bytes"
	"context"
	"log/slog"
	"os"
	"sync"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/bodhiapp/bodhi/apperr"
	"github.com/bodhiapp/bodhi/apptest"
	"github.com/bodhiapp/bodhi/db"
	"github.com/bodhiapp/bodhi/dbtest"
	"github.com/bodhiapp/bodhi/localmodels"
	"github.com/bodhiapp/bodhi/localmodels/gguf"
	"github.com/bodhiapp/bodhi/localmodels/gguf/ggufwrite"
	"github.com/bodhiapp/bodhi/localmodels/hfcache"
	"github.com/bodhiapp/bodhi/localmodels/hfcache/hfcachetest"
	"github.com/bodhiapp/bodhi/localmodels/metadata"
)

const snapshot = "5f0b02c75b57c5855da9ae460ce51323ea669d8a"

// bundle is a service over a fresh database of one dialect and a Hugging Face cache in a temporary directory,
// with its worker running until the test ends.
type bundle struct {
	store  *db.DbServiceImpl
	orgID  string
	hfHome string
	svc    *metadata.Service
	log    *syncBuffer
}

func newBundle(t *testing.T, d dbtest.Dialect) *bundle {
	t.Helper()
	store := dbtest.Store(t, d)
	b := &bundle{store: store, orgID: apptest.NewOrg(t, store, "acme").OrgID, hfHome: t.TempDir(), log: &syncBuffer{}}
	log := slog.New(slog.NewTextHandler(b.log, nil))
	b.svc = metadata.New(store, hfcache.New(b.hfHome, time.Now, log), log)
	run(t, b.svc)
	return b
}

// run starts the worker, and stops it (checking that it stops) when the test ends.
func run(t *testing.T, svc *metadata.Service) {
	ctx, cancel := context.WithCancel(context.Background())
	stopped := make(chan struct{})
	go func() {
		svc.Run(ctx)
		close(stopped)
	}()
	t.Cleanup(func() {
		cancel()
		select {
		case <-stopped:
		case <-time.After(5 * time.Second):
			t.Error("the worker did not stop")
		}
	})
}

// want is the metadata the parser gives for m: what the service must have stored.
func want(t *testing.T, m ggufwrite.Model) localmodels.Metadata {
	b := m.File.Bytes()
	f, err := gguf.Parse(bytes.NewReader(b), int64(len(b)))
	require.NoError(t, err)
	return f.Metadata(m.Repo, m.Filename)
}

func rowsByRepo(t *testing.T, b *bundle) map[string]db.ModelMetadata {
	rows, err := b.store.ListModelMetadata(context.Background(), b.orgID)
	require.NoError(t, err)
	out := map[string]db.ModelMetadata{}
	for _, r := range rows {
		require.NotContains(t, out, *r.Repo, "one row per file")
		out[*r.Repo] = r
	}
	return out
}

func TestRefreshAllStoresEveryReadableFileAndReportsTheOthers(t *testing.T) {
	dbtest.EachDialect(t, func(t *testing.T, d dbtest.Dialect) {
		b := newBundle(t, d)
		for _, m := range ggufwrite.Models() {
			ggufwrite.PutModel(t, b.hfHome, snapshot, m)
		}
		hfcachetest.New(b.hfHome).Download(t, "broken/Truncated-GGUF", snapshot, "model-Q4_0.gguf", ggufwrite.Truncated())
		hfcachetest.New(b.hfHome).Download(t, "broken/Bomb-GGUF", snapshot, "model-Q4_0.gguf", ggufwrite.ArrayBomb())
		require.Equal(t, metadata.Idle, b.svc.Status())

		b.svc.RefreshAll(b.orgID)
		require.Eventually(t, func() bool { return b.svc.Status() == metadata.Idle }, 10*time.Second, 10*time.Millisecond)

		rows := rowsByRepo(t, b)
		require.Len(t, rows, len(ggufwrite.Models()), "a row for each readable file, none for the broken ones")
		for _, m := range ggufwrite.Models() {
			row := rows[m.Repo]
			require.Equal(t, m.Filename, *row.Filename)
			require.Equal(t, snapshot, *row.Snapshot)
			require.Equal(t, "model", row.Source)
			require.Equal(t, want(t, m), localmodels.MetadataOf(row), m.Repo)
		}
		llama := localmodels.MetadataOf(rows[ggufwrite.Llama().Repo])
		require.Equal(t, "Q4_K_M", *llama.Architecture.Quantization)
		require.Equal(t, int64(131072), *llama.Context.MaxInputTokens)
		require.Equal(t, ggufwrite.DeepSeekR1Template, *rows[ggufwrite.DeepSeekR1().Repo].ChatTemplate,
			"non-ASCII text round-trips")

		report := b.svc.LastReport()
		require.Equal(t, b.orgID, report.OrgID)
		require.NoError(t, report.Err)
		require.Equal(t, len(ggufwrite.Models())+2, report.Files)
		require.Equal(t, len(ggufwrite.Models()), report.Updated)
		require.Len(t, report.Failures, 2)
		for _, f := range report.Failures {
			require.ErrorIs(t, f.Err, metadata.ErrUnreadable)
		}
		require.Equal(t, "broken/Bomb-GGUF", report.Failures[0].File.Repo)
		require.Contains(t, report.Failures[0].Err.Error(), "the array tokenizer.ggml.tokens declares")
		require.Equal(t, "broken/Truncated-GGUF", report.Failures[1].File.Repo)
		require.Contains(t, report.Failures[1].Err.Error(), "truncated GGUF file")
		require.Contains(t, b.log.String(), "model metadata: skipped a model file")
		require.Contains(t, b.log.String(), "repo=broken/Truncated-GGUF")
	})
}

func TestRefreshOneFile(t *testing.T) {
	dbtest.EachDialect(t, func(t *testing.T, d dbtest.Dialect) {
		b := newBundle(t, d)
		ctx := context.Background()
		m := ggufwrite.Llama()
		path := ggufwrite.PutModel(t, b.hfHome, snapshot, m)

		res, err := b.svc.Refresh(ctx, b.orgID, m.Repo, m.Filename, snapshot)
		require.NoError(t, err)
		require.Equal(t, "bartowski/Llama-3.2-1B-Instruct-GGUF:Q4_K_M", res.Alias)
		require.Equal(t, [4]string{m.Repo, m.Filename, snapshot, path},
			[4]string{res.File.Repo, res.File.Filename, res.File.Snapshot, res.File.Path})
		require.Equal(t, want(t, m), res.Metadata)
		require.Equal(t, want(t, m), localmodels.MetadataOf(rowsByRepo(t, b)[m.Repo]))

		// The file changes (a new download in place): a refresh replaces its row.
		require.NoError(t, os.Remove(path))
		require.NoError(t, os.WriteFile(path, ggufwrite.Qwen3().File.Bytes(), 0o644))
		res, err = b.svc.Refresh(ctx, b.orgID, m.Repo, m.Filename, snapshot)
		require.NoError(t, err)
		require.Equal(t, "qwen3", *res.Metadata.Architecture.Family)
		rows := rowsByRepo(t, b)
		require.Len(t, rows, 1)
		require.Equal(t, "qwen3", *localmodels.MetadataOf(rows[m.Repo]).Architecture.Family)

		byRef, err := b.svc.Refresh(ctx, b.orgID, m.Repo, m.Filename, "main")
		require.NoError(t, err, "a ref resolves to its snapshot")
		require.Equal(t, snapshot, byRef.File.Snapshot)

		for _, missing := range [][3]string{{"other/repo", m.Filename, snapshot}, {m.Repo, "other.gguf", snapshot},
			{m.Repo, m.Filename, "dev"}} {
			_, err = b.svc.Refresh(ctx, b.orgID, missing[0], missing[1], missing[2])
			require.ErrorIs(t, err, metadata.ErrFileNotFound, "%v", missing)
			e, _ := apperr.As(err)
			require.Equal(t, missing[0], e.Param["repo"])
		}

		hfcachetest.New(b.hfHome).Download(t, "broken/Magic-GGUF", snapshot, "model-Q4_0.gguf", ggufwrite.WrongMagic())
		_, err = b.svc.Refresh(ctx, b.orgID, "broken/Magic-GGUF", "model-Q4_0.gguf", snapshot)
		require.ErrorIs(t, err, metadata.ErrUnreadable)
		e, _ := apperr.As(err)
		require.Equal(t, apperr.Unprocessable, e.Kind)
		require.Equal(t, `The model file cannot be read as GGUF: not a GGUF file: the file starts with "GGML", not "GGUF"`,
			e.Message)
		require.Len(t, rowsByRepo(t, b), 1, "nothing stored for the broken file")
	})
}

// blockingFiles is a file listing that waits for release, so the test sees the queue at work.
type blockingFiles struct {
	calls   chan struct{}
	release chan struct{}
	files   []hfcache.File
}

func (f blockingFiles) Files() []hfcache.File {
	f.calls <- struct{}{}
	<-f.release
	return f.files
}

func (f blockingFiles) Find(string, string, string) (hfcache.File, error) {
	return hfcache.File{}, hfcache.ErrNotFound
}

func TestQueueReportsProcessingAndCoalescesRequests(t *testing.T) {
	t.Parallel()
	files := blockingFiles{calls: make(chan struct{}, 10), release: make(chan struct{})}
	svc := metadata.New(nil, files, slog.New(slog.DiscardHandler))
	run(t, svc)
	require.Equal(t, metadata.Idle, svc.Status())

	svc.RefreshAll("org-a")
	require.Equal(t, metadata.Processing, svc.Status(), "queued counts as processing")
	<-files.calls // the worker is scanning org-a
	svc.RefreshAll("org-b")
	svc.RefreshAll("org-b") // already queued: one scan covers both
	svc.RefreshAll("org-a") // queued again: its files may have changed since the scan began
	require.Equal(t, metadata.Processing, svc.Status())

	close(files.release)
	require.Eventually(t, func() bool { return svc.Status() == metadata.Idle }, 5*time.Second, 5*time.Millisecond)
	require.Len(t, files.calls, 2, "org-b and org-a once more: three scans in all")
	require.Equal(t, "org-a", svc.LastReport().OrgID)
}

func TestWorkerStopsInTheMiddleOfAScan(t *testing.T) {
	t.Parallel()
	files := blockingFiles{calls: make(chan struct{}, 1), release: make(chan struct{}),
		files: []hfcache.File{{Repo: "o/r", Filename: "m-Q4_0.gguf", Snapshot: "s", Path: "/nonexistent"}}}
	svc := metadata.New(nil, files, slog.New(slog.DiscardHandler))
	ctx, cancel := context.WithCancel(context.Background())
	stopped := make(chan struct{})
	go func() {
		svc.Run(ctx)
		close(stopped)
	}()
	svc.RefreshAll("org-a")
	<-files.calls
	cancel()
	close(files.release) // the listing ends after the stop: the scan must not go on to the file
	select {
	case <-stopped:
	case <-time.After(5 * time.Second):
		t.Fatal("the worker did not stop")
	}
	require.ErrorIs(t, svc.LastReport().Err, context.Canceled)
}

// syncBuffer is a log destination the worker writes to while the test reads it.
type syncBuffer struct {
	mu  sync.Mutex
	buf bytes.Buffer
}

func (b *syncBuffer) Write(p []byte) (int, error) {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.Write(p)
}

func (b *syncBuffer) String() string {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.String()
}
