// Package hfcache reads the Hugging Face cache as huggingface_hub lays it out (runtime.md §9.2): under
// $HF_HOME/hub, one directory per repository, models--{owner}--{repo}, holding refs/<name> (a file with a commit
// hash), snapshots/<commit>/<path> (files, or symlinks into blobs/) and blobs/. It lists the GGUF files found
// there, resolves a revision to a snapshot, and locates one file. It only reads: downloads write the same layout
// (package hfpull).
//
// The cache belongs to the user and to other tools, so anything that does not fit the layout (a missing ref, a
// dangling symlink, an unreadable directory, a stray file) is skipped, never an error.
package hfcache

import (
	"io"
	"log/slog"
	"path/filepath"
	"sync"
	"time"
)

// TTL is how long a scan's result is reused (runtime.md §9.2): listings come in bursts (the models page asks for
// files and aliases at once) and a directory walk per request would be wasted.
const TTL = 5 * time.Second

// File is one GGUF file of the cache.
type File struct {
	Repo     string // owner/name
	Filename string // the path under the snapshot, "/"-separated (a file may sit in a subdirectory)
	Snapshot string // the snapshot directory's name: a commit hash
	Path     string // absolute: snapshots/<Snapshot>/<Filename>, a symlink into blobs/ or the file itself
	Size     int64  // of the file Path leads to (the blob, for a symlink)
	ModTime  time.Time
	// Blob is the name of the blob Path links to (the file's SHA-256 for the LFS files that GGUF files are); ""
	// when Path is a plain file.
	Blob string
	// SnapshotTime is the snapshot directory's modification time: when the same file is in several snapshots,
	// the newest wins (http-api.md §5).
	SnapshotTime time.Time
}

// Cache is the Hugging Face cache under one HF_HOME.
type Cache struct {
	hub string // $HF_HOME/hub, absolute
	now func() time.Time
	log *slog.Logger

	mu      sync.Mutex // held during a scan: concurrent callers wait for it rather than walk the tree again
	files   []File
	scanned time.Time // zero: nothing cached
}

// New is the cache under hfHome (HF_HOME); now is the clock of the 5 s reuse, log gets a debug line per thing
// skipped (nil discards them).
func New(hfHome string, now func() time.Time, log *slog.Logger) *Cache {
	if abs, err := filepath.Abs(hfHome); err == nil {
		hfHome = abs // llama-server is given absolute paths, whatever its working directory
	}
	if log == nil {
		log = slog.New(slog.NewTextHandler(io.Discard, nil))
	}
	return &Cache{hub: filepath.Join(hfHome, "hub"), now: now, log: log}
}

// Hub is the directory scanned: $HF_HOME/hub.
func (c *Cache) Hub() string { return c.hub }

// Files lists every GGUF file of the cache, sorted by repo, filename and snapshot. The result of a scan is reused
// for TTL; Invalidate forgets it. The caller must not modify the slice.
func (c *Cache) Files() []File {
	c.mu.Lock()
	defer c.mu.Unlock()
	if !c.scanned.IsZero() && c.now().Sub(c.scanned) < TTL {
		return c.files
	}
	c.files = scan(c.hub, c.log)
	c.scanned = c.now()
	return c.files
}

// Invalidate forgets the last scan, so the next Files walks the tree again (after a download completes, say).
func (c *Cache) Invalidate() {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.scanned = time.Time{}
}
