// Package hfcachetest writes Hugging Face cache trees for tests exactly as huggingface_hub's hf_hub_download
// leaves them (huggingface_hub 0.2x–1.x, file_download.py): the content in blobs/<sha256 of the content> (the
// name LFS files get), a relative symlink snapshots/<commit>/<path> → ../../blobs/<sha256> (one more ../ per
// subdirectory of path), and refs/main holding the commit, without a newline.
package hfcachetest

import (
	"crypto/sha1"
	"crypto/sha256"
	"encoding/hex"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/require"
)

// Hub is $HF_HOME/hub of one test.
type Hub struct {
	HFHome string
	Root   string // HFHome/hub
}

// New is the hub under hfHome; nothing is written until a file is.
func New(hfHome string) *Hub { return &Hub{HFHome: hfHome, Root: filepath.Join(hfHome, "hub")} }

// Commit is a 40-hex commit hash made from seed, so tests name their snapshots readably.
func Commit(seed string) string {
	sum := sha1.Sum([]byte(seed))
	return hex.EncodeToString(sum[:])
}

// RepoDir is the directory of repo ("owner/name").
func (h *Hub) RepoDir(repo string) string {
	return filepath.Join(h.Root, "models--"+strings.ReplaceAll(repo, "/", "--"))
}

// Download writes filename ("/"-separated) of repo at commit as hf_hub_download does for revision main, and
// returns the snapshot path (the symlink).
func (h *Hub) Download(t testing.TB, repo, commit, filename string, content []byte) string {
	t.Helper()
	dir := h.RepoDir(repo)
	sum := sha256.Sum256(content)
	blob := filepath.Join(dir, "blobs", hex.EncodeToString(sum[:]))
	require.NoError(t, os.MkdirAll(filepath.Dir(blob), 0o755))
	require.NoError(t, os.WriteFile(blob, content, 0o644))
	link := filepath.Join(dir, "snapshots", commit, filepath.FromSlash(filename))
	require.NoError(t, os.MkdirAll(filepath.Dir(link), 0o755))
	rel, err := filepath.Rel(filepath.Dir(link), blob)
	require.NoError(t, err)
	require.NoError(t, os.Symlink(rel, link))
	h.SetRef(t, repo, "main", commit)
	return link
}

// Plain writes filename of repo at commit as a plain file in the snapshot (a cache copied without symlinks, or
// written where symlinks are unavailable, as huggingface_hub does on such file systems), without touching refs.
func (h *Hub) Plain(t testing.TB, repo, commit, filename string, content []byte) string {
	t.Helper()
	path := filepath.Join(h.RepoDir(repo), "snapshots", commit, filepath.FromSlash(filename))
	require.NoError(t, os.MkdirAll(filepath.Dir(path), 0o755))
	require.NoError(t, os.WriteFile(path, content, 0o644))
	return path
}

// SetRef points refs/<ref> of repo at commit.
func (h *Hub) SetRef(t testing.TB, repo, ref, commit string) {
	t.Helper()
	path := filepath.Join(h.RepoDir(repo), "refs", filepath.FromSlash(ref))
	require.NoError(t, os.MkdirAll(filepath.Dir(path), 0o755))
	require.NoError(t, os.WriteFile(path, []byte(commit), 0o644))
}

// TouchSnapshot sets the modification time of repo's snapshot directory, which decides the newest snapshot.
func (h *Hub) TouchSnapshot(t testing.TB, repo, commit string, at time.Time) {
	t.Helper()
	require.NoError(t, os.Chtimes(filepath.Join(h.RepoDir(repo), "snapshots", commit), at, at))
}
