package hfcache

import (
	"errors"
	"os"
	"path/filepath"
	"strings"
)

// ErrNotFound is a file the cache does not hold.
var ErrNotFound = errors.New("not in the hugging face cache")

// DefaultRevision is the ref a download writes and a snapshot left unsaid means.
const DefaultRevision = "main"

// RepoDir is the absolute directory of repo ("owner/name") in the cache, whether or not it exists.
func (c *Cache) RepoDir(repo string) string { return filepath.Join(c.hub, RepoDirName(repo)) }

// Path is the absolute path of filename ("/"-separated) in snapshot of repo, whether or not it exists.
func (c *Cache) Path(repo, snapshot, filename string) string {
	return filepath.Join(c.RepoDir(repo), "snapshots", snapshot, filepath.FromSlash(filename))
}

// Snapshot resolves revision of repo to a snapshot directory name (http-api.md §5.2): the commit that
// refs/<revision> holds ("" means main), else revision itself, taken as a snapshot's name. It does not check
// that the snapshot exists; "" is a revision that can name nothing inside the repository directory.
func (c *Cache) Snapshot(repo, revision string) string {
	if revision == "" {
		revision = DefaultRevision
	}
	if !validRepo(repo) || !filepath.IsLocal(revision) {
		return ""
	}
	raw, err := os.ReadFile(filepath.Join(c.RepoDir(repo), "refs", revision))
	if commit := strings.TrimSpace(string(raw)); err == nil && commit != "" && filepath.IsLocal(commit) &&
		!strings.ContainsAny(commit, `/\`) {
		return commit
	}
	if strings.ContainsAny(revision, `/\`) {
		return "" // a ref such as refs/pr/1 that is not there: no snapshot directory has such a name
	}
	return revision
}

// Find locates filename of repo in the snapshot that revision resolves to (Snapshot): ErrNotFound unless it is a
// regular file there, or a link to one. It reads the disk, never the reused scan, so a file downloaded a moment
// ago is found.
func (c *Cache) Find(repo, filename, revision string) (File, error) {
	snapshot := c.Snapshot(repo, revision)
	if snapshot == "" || filename == "" || !filepath.IsLocal(filepath.FromSlash(filename)) {
		return File{}, ErrNotFound
	}
	dir := filepath.Join(c.RepoDir(repo), "snapshots", snapshot)
	info, err := os.Stat(dir)
	if err != nil || !info.IsDir() {
		return File{}, ErrNotFound
	}
	f, ok := statFile(c.Path(repo, snapshot, filename),
		File{Repo: repo, Filename: filename, Snapshot: snapshot, SnapshotTime: info.ModTime()}, c.log)
	if !ok {
		return File{}, ErrNotFound
	}
	return f, nil
}

// validRepo is an owner/name whose directory name stays inside the hub.
func validRepo(repo string) bool {
	owner, name, ok := strings.Cut(repo, "/")
	return ok && owner != "" && name != "" && !strings.ContainsAny(name, `/\`) && !strings.ContainsAny(owner, `\`) &&
		filepath.IsLocal(RepoDirName(repo))
}
