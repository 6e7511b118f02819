package hfcache

import (
	"errors"
	"io/fs"
	"log/slog"
	"os"
	"path/filepath"
	"slices"
	"strings"
)

// repoDirPrefix starts the directory of a model repository; datasets-- and spaces-- are other kinds of repository.
const repoDirPrefix = "models--"

// RepoDirName is the directory huggingface_hub keeps repo ("owner/name") in: models--owner--name.
func RepoDirName(repo string) string {
	return repoDirPrefix + strings.ReplaceAll(repo, "/", "--")
}

// repoOf is the repo ("owner/name") a directory of the hub holds; false for anything else, including the
// namespace-less repositories of the hub's early days (models--gpt2), which no owner/name alias can name.
func repoOf(dirName string) (string, bool) {
	rest, ok := strings.CutPrefix(dirName, repoDirPrefix)
	if !ok {
		return "", false
	}
	owner, name, ok := strings.Cut(rest, "--")
	if !ok || owner == "" || name == "" {
		return "", false
	}
	return owner + "/" + name, true
}

// IsGGUF reports whether a file name is a GGUF model file; a partial download (name.gguf.incomplete) is not.
func IsGGUF(name string) bool {
	return strings.EqualFold(filepath.Ext(name), ".gguf")
}

// scan walks every model repository under hub. Nothing in it fails the scan: what cannot be read is skipped.
func scan(hub string, log *slog.Logger) []File {
	entries, err := os.ReadDir(hub)
	if err != nil {
		if !errors.Is(err, fs.ErrNotExist) {
			log.Warn("hugging face cache unreadable; no local model files listed", "dir", hub, "err", err)
		}
		return nil
	}
	var out []File
	for _, e := range entries {
		repo, ok := repoOf(e.Name())
		if !ok {
			continue
		}
		out = append(out, scanRepo(filepath.Join(hub, e.Name()), repo, log)...)
	}
	slices.SortFunc(out, func(a, b File) int {
		return cmpFirst(strings.Compare(a.Repo, b.Repo), strings.Compare(a.Filename, b.Filename),
			strings.Compare(a.Snapshot, b.Snapshot))
	})
	return out
}

// scanRepo lists the GGUF files of every snapshot of one repository directory.
func scanRepo(repoDir, repo string, log *slog.Logger) []File {
	snapshots := filepath.Join(repoDir, "snapshots")
	entries, err := os.ReadDir(snapshots)
	if err != nil {
		if !errors.Is(err, fs.ErrNotExist) {
			log.Debug("hugging face cache: snapshots unreadable, skipped", "dir", snapshots, "err", err)
		}
		return nil
	}
	var out []File
	for _, e := range entries {
		dir := filepath.Join(snapshots, e.Name())
		info, err := os.Stat(dir)
		if err != nil || !info.IsDir() {
			continue // a stray file, or a dangling link
		}
		out = append(out, scanSnapshot(dir, File{Repo: repo, Snapshot: e.Name(), SnapshotTime: info.ModTime()}, log)...)
	}
	return out
}

// scanSnapshot lists the GGUF files under one snapshot directory, in subdirectories too; each File starts as
// proto.
func scanSnapshot(dir string, proto File, log *slog.Logger) []File {
	var out []File
	_ = filepath.WalkDir(dir, func(path string, d fs.DirEntry, err error) error {
		if err != nil {
			log.Debug("hugging face cache: unreadable, skipped", "path", path, "err", err)
			return nil // WalkDir has nothing more to read there; the walk goes on
		}
		if d.IsDir() || !IsGGUF(d.Name()) {
			return nil
		}
		rel, err := filepath.Rel(dir, path)
		if err != nil {
			return nil
		}
		if f, ok := statFile(path, proto, log); ok {
			f.Filename = filepath.ToSlash(rel)
			out = append(out, f)
		}
		return nil
	})
	return out
}

// statFile fills proto with what path leads to: size and time of the target, and the blob it links to. A dangling
// link, or a link to something other than a regular file, is no model file.
func statFile(path string, proto File, log *slog.Logger) (File, bool) {
	info, err := os.Stat(path)
	if err != nil || !info.Mode().IsRegular() {
		log.Debug("hugging face cache: not a readable file, skipped", "path", path, "err", err)
		return File{}, false
	}
	f := proto
	f.Path, f.Size, f.ModTime = path, info.Size(), info.ModTime()
	if target, err := os.Readlink(path); err == nil && filepath.Base(filepath.Dir(target)) == "blobs" {
		f.Blob = filepath.Base(target)
	}
	return f, true
}

// cmpFirst is the first non-zero comparison.
func cmpFirst(cmps ...int) int {
	for _, c := range cmps {
		if c != 0 {
			return c
		}
	}
	return 0
}
