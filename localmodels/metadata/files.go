package metadata

import (
	"context"
	"errors"
	"io/fs"
	"os"
	"path"
	"path/filepath"
	"sort"
	"strings"
)

// File is a GGUF file in the Hugging Face cache: where the model alias points (repo, filename, snapshot) and its
// path on disk.
type File struct {
	Repo     string // "owner/name"
	Filename string // relative to the snapshot, with '/' separators
	Snapshot string // the snapshot directory's name (a commit hash)
	Path     string
}

// Files lists the local GGUF files. The catalog's Hugging Face cache scan (package localmodels/hfcache) is the
// real one; HubDir is a plain listing of the same layout.
type Files interface {
	Files(ctx context.Context) ([]File, error)
}

// HubDir lists every *.gguf under Root ($HF_HOME/hub) laid out as huggingface_hub writes it (runtime.md §9.2):
// models--{owner}--{name}/snapshots/{snapshot}/{filename}, each file a regular file or a symlink into blobs/.
// Sorted by repo, filename, snapshot. A missing Root is an empty cache.
type HubDir struct{ Root string }

// Files implements Files.
func (h HubDir) Files(ctx context.Context) ([]File, error) {
	repos, err := os.ReadDir(h.Root)
	if errors.Is(err, fs.ErrNotExist) {
		return nil, nil
	}
	if err != nil {
		return nil, err
	}
	var out []File
	for _, d := range repos {
		owner, name, ok := strings.Cut(strings.TrimPrefix(d.Name(), "models--"), "--")
		if !d.IsDir() || !strings.HasPrefix(d.Name(), "models--") || !ok || owner == "" || name == "" {
			continue
		}
		if err := ctx.Err(); err != nil {
			return nil, err
		}
		files, err := snapshotFiles(filepath.Join(h.Root, d.Name(), "snapshots"), owner+"/"+name)
		if err != nil {
			return nil, err
		}
		out = append(out, files...)
	}
	sort.Slice(out, func(i, j int) bool {
		a, b := out[i], out[j]
		if a.Repo != b.Repo {
			return a.Repo < b.Repo
		}
		if a.Filename != b.Filename {
			return a.Filename < b.Filename
		}
		return a.Snapshot < b.Snapshot
	})
	return out, nil
}

// snapshotFiles lists the GGUF files of every snapshot of repo under dir.
func snapshotFiles(dir, repo string) ([]File, error) {
	snapshots, err := os.ReadDir(dir)
	if errors.Is(err, fs.ErrNotExist) {
		return nil, nil
	}
	if err != nil {
		return nil, err
	}
	var out []File
	for _, s := range snapshots {
		if !s.IsDir() {
			continue
		}
		root := filepath.Join(dir, s.Name())
		err := filepath.WalkDir(root, func(p string, d fs.DirEntry, err error) error {
			if err != nil || d.IsDir() || path.Ext(d.Name()) != ".gguf" {
				return err
			}
			if info, err := os.Stat(p); err != nil || !info.Mode().IsRegular() {
				return nil // a dangling symlink: the blob is gone
			}
			rel, err := filepath.Rel(root, p)
			if err != nil {
				return err
			}
			out = append(out, File{Repo: repo, Filename: filepath.ToSlash(rel), Snapshot: s.Name(), Path: p})
			return nil
		})
		if err != nil {
			return nil, err
		}
	}
	return out, nil
}
