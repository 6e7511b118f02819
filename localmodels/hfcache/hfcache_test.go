package hfcache_test

import (
	"crypto/sha256"
	"encoding/hex"
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/bodhiapp/bodhi/clocktest"
	"github.com/bodhiapp/bodhi/localmodels/hfcache"
	"github.com/bodhiapp/bodhi/localmodels/hfcache/hfcachetest"
)

func sha(content string) string {
	sum := sha256.Sum256([]byte(content))
	return hex.EncodeToString(sum[:])
}

func newCache(t *testing.T) (*hfcachetest.Hub, *hfcache.Cache, *clocktest.Clock) {
	t.Helper()
	home := t.TempDir()
	clk := clocktest.New(time.Date(2025, 1, 2, 3, 4, 5, 0, time.UTC))
	return hfcachetest.New(home), hfcache.New(home, clk.Now, nil), clk
}

// key is what identifies a listed file in these tests.
type key struct{ Repo, Filename, Snapshot string }

func keys(files []hfcache.File) []key {
	out := []key{}
	for _, f := range files {
		out = append(out, key{f.Repo, f.Filename, f.Snapshot})
	}
	return out
}

func TestFilesReadsTheLayoutHuggingFaceHubWrites(t *testing.T) {
	hub, cache, _ := newCache(t)
	c1 := hfcachetest.Commit("one")
	link := hub.Download(t, "TheBloke/phi-2-GGUF", c1, "phi-2.Q4_K_M.gguf", []byte("gguf-q4"))
	hub.Download(t, "TheBloke/phi-2-GGUF", c1, "README.md", []byte("readme"))
	hub.Download(t, "TheBloke/phi-2-GGUF", c1, "q8/phi-2-Q8_0.gguf", []byte("gguf-q8-nested"))
	hub.Plain(t, "bartowski/Llama-3-GGUF", hfcachetest.Commit("two"), "Llama-3-IQ4_XS.gguf", []byte("plain"))

	files := cache.Files()
	require.Equal(t, []key{
		{"TheBloke/phi-2-GGUF", "phi-2.Q4_K_M.gguf", c1},
		{"TheBloke/phi-2-GGUF", "q8/phi-2-Q8_0.gguf", c1},
		{"bartowski/Llama-3-GGUF", "Llama-3-IQ4_XS.gguf", hfcachetest.Commit("two")},
	}, keys(files), "sorted by repo (byte order), filename, snapshot; README.md is no model file")

	linked := files[0]
	require.Equal(t, link, linked.Path)
	require.True(t, filepath.IsAbs(linked.Path))
	require.Equal(t, int64(len("gguf-q4")), linked.Size, "the size is the blob's, not the symlink's")
	require.Equal(t, sha("gguf-q4"), linked.Blob)
	blobInfo, err := os.Stat(filepath.Join(hub.RepoDir("TheBloke/phi-2-GGUF"), "blobs", sha("gguf-q4")))
	require.NoError(t, err)
	require.True(t, blobInfo.ModTime().Equal(linked.ModTime))
	require.False(t, linked.SnapshotTime.IsZero())

	require.Equal(t, int64(len("gguf-q8-nested")), files[1].Size)
	require.Equal(t, sha("gguf-q8-nested"), files[1].Blob)
	require.Equal(t, "", files[2].Blob, "a plain file links to no blob")
	require.Equal(t, int64(len("plain")), files[2].Size)
}

func TestFilesSkipsJunk(t *testing.T) {
	hub, cache, _ := newCache(t)
	good := hfcachetest.Commit("good")
	hub.Download(t, "owner/good", good, "good-Q4_0.gguf", []byte("ok"))

	write := func(rel string, content string) {
		path := filepath.Join(hub.Root, rel)
		require.NoError(t, os.MkdirAll(filepath.Dir(path), 0o755))
		require.NoError(t, os.WriteFile(path, []byte(content), 0o644))
	}
	symlink := func(target, rel string) {
		path := filepath.Join(hub.Root, rel)
		require.NoError(t, os.MkdirAll(filepath.Dir(path), 0o755))
		require.NoError(t, os.Symlink(target, path))
	}
	// A download in progress: the partial file next to where the file will be.
	write("models--owner--good/snapshots/"+good+"/big-Q8_0.gguf.incomplete", "part")
	// A dangling symlink (its blob was deleted) and a symlink loop.
	symlink("../../blobs/deadbeef", "models--owner--good/snapshots/"+good+"/gone-Q2_K.gguf")
	symlink("loop-Q3_K.gguf", "models--owner--good/snapshots/"+good+"/loop-Q3_K.gguf")
	// A directory named like a model file.
	require.NoError(t, os.MkdirAll(filepath.Join(hub.Root, "models--owner--good/snapshots/"+good+"/dir.gguf"), 0o755))
	// Other kinds of repository, a namespace-less repo, a stray file, a repo without snapshots, snapshots that
	// is a file, a snapshot entry that is a file, a refs/main naming nothing.
	write("datasets--owner--data/snapshots/"+good+"/data-Q4_0.gguf", "x")
	write("spaces--owner--space/snapshots/"+good+"/space-Q4_0.gguf", "x")
	write("models--gpt2/snapshots/"+good+"/gpt2-Q4_0.gguf", "x")
	write("models--owner--stray", "not a directory")
	write("models--owner--norefs/refs/main", hfcachetest.Commit("missing"))
	write("models--owner--filesnap/snapshots", "not a directory")
	write("models--owner--entry/snapshots/README", "a file where a snapshot should be")
	write(".locks/models--owner--good/x.lock", "")
	write("version.txt", "1")
	// An unreadable snapshot subdirectory: skipped, unless the test runs as root, who reads it anyway.
	write("models--owner--locked/snapshots/"+good+"/sub/locked-Q4_0.gguf", "x")
	locked := filepath.Join(hub.Root, "models--owner--locked/snapshots/"+good+"/sub")
	require.NoError(t, os.Chmod(locked, 0o000))
	t.Cleanup(func() { _ = os.Chmod(locked, 0o755) })

	want := []key{{"owner/good", "good-Q4_0.gguf", good}}
	if os.Geteuid() == 0 {
		want = append(want, key{"owner/locked", "sub/locked-Q4_0.gguf", good})
	}
	require.Equal(t, want, keys(cache.Files()))
}

func TestFilesWithoutAHub(t *testing.T) {
	home := t.TempDir()
	require.Empty(t, hfcache.New(filepath.Join(home, "absent"), time.Now, nil).Files())
	require.NoError(t, os.WriteFile(filepath.Join(home, "hub"), []byte("a file"), 0o644))
	require.Empty(t, hfcache.New(home, time.Now, nil).Files(), "a hub that is a file lists nothing and fails nothing")
	_, err := os.Stat(filepath.Join(home, "absent"))
	require.ErrorIs(t, err, os.ErrNotExist, "scanning creates nothing")
}

func TestFilesAreReusedForFiveSeconds(t *testing.T) {
	hub, cache, clk := newCache(t)
	hub.Download(t, "owner/repo", hfcachetest.Commit("a"), "a-Q4_0.gguf", []byte("a"))
	require.Len(t, cache.Files(), 1)

	hub.Download(t, "owner/repo", hfcachetest.Commit("a"), "b-Q4_0.gguf", []byte("b"))
	clk.Advance(hfcache.TTL - time.Millisecond)
	require.Len(t, cache.Files(), 1, "within the window the last scan is reused")
	clk.Advance(time.Millisecond)
	require.Len(t, cache.Files(), 2, "after it the tree is walked again")

	hub.Download(t, "owner/repo", hfcachetest.Commit("a"), "c-Q4_0.gguf", []byte("c"))
	require.Len(t, cache.Files(), 2)
	cache.Invalidate()
	require.Len(t, cache.Files(), 3, "Invalidate forgets the reused scan")
}

func TestSnapshotAndFind(t *testing.T) {
	hub, cache, _ := newCache(t)
	repo := "owner/repo"
	main, old := hfcachetest.Commit("main"), hfcachetest.Commit("old")
	hub.Download(t, repo, old, "m-Q4_0.gguf", []byte("old"))
	hub.Download(t, repo, main, "m-Q4_0.gguf", []byte("main")) // refs/main now names main
	hub.SetRef(t, repo, "v1", old)
	hub.SetRef(t, repo, "refs/pr/1", old)

	for _, c := range []struct{ revision, want string }{
		{"", main}, {"main", main}, {"v1", old}, {"refs/pr/1", old},
		{old, old},                         // no ref of that name: the value is the snapshot's name
		{"unknown", "unknown"},             // resolved, even though no such snapshot exists
		{"refs/pr/9", ""},                  // a missing nested ref names no directory
		{"../../../etc", ""}, {"/abs", ""}, // never outside the repository
	} {
		require.Equal(t, c.want, cache.Snapshot(repo, c.revision), "revision %q", c.revision)
	}
	require.Equal(t, "", cache.Snapshot("owner/repo/../..", "main"), "a repo is owner/name")

	f, err := cache.Find(repo, "m-Q4_0.gguf", "")
	require.NoError(t, err)
	require.Equal(t, main, f.Snapshot)
	require.Equal(t, int64(len("main")), f.Size)
	require.Equal(t, sha("main"), f.Blob)
	require.Equal(t, cache.Path(repo, main, "m-Q4_0.gguf"), f.Path)

	f, err = cache.Find(repo, "m-Q4_0.gguf", "v1")
	require.NoError(t, err)
	require.Equal(t, old, f.Snapshot)
	require.Equal(t, int64(len("old")), f.Size)

	for _, c := range []struct{ repo, filename, revision string }{
		{repo, "absent.gguf", ""},
		{repo, "m-Q4_0.gguf", "unknown"},
		{repo, "../../refs/main", ""},
		{repo, "", ""},
		{"owner/other", "m-Q4_0.gguf", ""},
		{"not-a-repo", "m-Q4_0.gguf", ""},
	} {
		_, err := cache.Find(c.repo, c.filename, c.revision)
		require.ErrorIs(t, err, hfcache.ErrNotFound, "%+v", c)
	}

	// The file found a moment after it is written, whatever a reused scan says.
	require.Len(t, cache.Files(), 2)
	hub.Download(t, repo, main, "new-Q8_0.gguf", []byte("new"))
	_, err = cache.Find(repo, "new-Q8_0.gguf", "")
	require.NoError(t, err)
}
