package hfpull

import (
	"fmt"
	"os"
	"path/filepath"
	"regexp"

	"github.com/bodhiapp/bodhi/localmodels/hfcache"
)

// partialSuffix marks a download in progress: snapshots/<commit>/<filename>.incomplete (runtime.md §9.3).
const partialSuffix = ".incomplete"

var (
	// commitHash is a git commit as the hub names it in X-Repo-Commit (huggingface_hub's REGEX_COMMIT_HASH).
	commitHash = regexp.MustCompile(`^[0-9a-f]{40}$`)
	// blobName is a name huggingface_hub gives a blob: the file's SHA-256 (LFS) or its git blob hash.
	blobName = regexp.MustCompile(`^[0-9a-f]{40}$|^[0-9a-f]{64}$`)
)

// hubCache is $HF_HOME/hub laid out as huggingface_hub lays it out (runtime.md §9.2):
//
//	models--{owner}--{name}/refs/main                      the commit hash main pointed at when last downloaded
//	models--{owner}--{name}/blobs/{sha256}                 the content of each file, stored once
//	models--{owner}--{name}/snapshots/{commit}/{filename}  a relative symlink into blobs/ (or the file itself)
//	.locks/models--{owner}--{name}/{blob}.lock             held while a blob is being written
type hubCache string

func (c hubCache) repoDir(repo string) string { return filepath.Join(string(c), repoFolder(repo)) }

// repoFolder is huggingface_hub's repo_folder_name for a model repository.
func repoFolder(repo string) string { return hfcache.RepoDirName(repo) }

func (c hubCache) snapshot(repo, commit, filename string) string {
	return filepath.Join(c.repoDir(repo), "snapshots", commit, filepath.FromSlash(filename))
}

func (c hubCache) partial(repo, commit, filename string) string {
	return c.snapshot(repo, commit, filename) + partialSuffix
}

func (c hubCache) blob(repo, name string) string {
	return filepath.Join(c.repoDir(repo), "blobs", name)
}

func (c hubCache) lockFile(repo, key string) string {
	return filepath.Join(string(c), ".locks", repoFolder(repo), key+".lock")
}

func (c hubCache) refFile(repo string) string { return filepath.Join(c.repoDir(repo), "refs", "main") }

// install puts a finished download in place. With a blob name (the hub's etag), the content moves to
// blobs/<name> and snapshots/<commit>/<filename> becomes a relative symlink to it, as huggingface_hub writes it;
// without one, the content itself goes to snapshots/<commit>/<filename>. Then refs/main names the commit.
// It returns the snapshot path.
func (c hubCache) install(repo, commit, filename, partial, blob string) (string, error) {
	pointer := c.snapshot(repo, commit, filename)
	if blob == "" {
		if err := os.Rename(partial, pointer); err != nil {
			return "", fmt.Errorf("move the download into place: %w", err)
		}
	} else {
		target := c.blob(repo, blob)
		if err := os.MkdirAll(filepath.Dir(target), 0o755); err != nil {
			return "", fmt.Errorf("create the blobs directory: %w", err)
		}
		if err := os.Rename(partial, target); err != nil {
			return "", fmt.Errorf("move the download into blobs: %w", err)
		}
		if err := link(target, pointer); err != nil {
			return "", err
		}
	}
	return pointer, c.writeRef(repo, commit)
}

// linkExisting points snapshots/<commit>/<filename> at a blob the cache already holds (the same content in an
// earlier commit) and moves refs/main; it reports false when there is no such blob.
func (c hubCache) linkExisting(repo, commit, filename, blob string) (string, bool, error) {
	target := c.blob(repo, blob)
	if info, err := os.Stat(target); err != nil || !info.Mode().IsRegular() {
		return "", false, nil
	}
	pointer := c.snapshot(repo, commit, filename)
	if err := os.MkdirAll(filepath.Dir(pointer), 0o755); err != nil {
		return "", false, fmt.Errorf("create the snapshot directory: %w", err)
	}
	if err := link(target, pointer); err != nil {
		return "", false, err
	}
	return pointer, true, c.writeRef(repo, commit)
}

// link makes pointer a relative symlink to target (relative, so the cache can move as a whole), replacing what
// was there in one rename.
func link(target, pointer string) error {
	rel, err := filepath.Rel(filepath.Dir(pointer), target)
	if err != nil {
		return fmt.Errorf("relative path to the blob: %w", err)
	}
	tmp := pointer + ".link"
	_ = os.Remove(tmp)
	if err := os.Symlink(rel, tmp); err != nil {
		return fmt.Errorf("link the snapshot to its blob: %w", err)
	}
	if err := os.Rename(tmp, pointer); err != nil {
		_ = os.Remove(tmp)
		return fmt.Errorf("link the snapshot to its blob: %w", err)
	}
	return nil
}

// writeRef makes refs/main name commit, replacing the file in one rename so that a reader never sees half of it
// (the temporary file is unique: downloads of two files of one repository may finish together).
func (c hubCache) writeRef(repo, commit string) error {
	ref := c.refFile(repo)
	if err := os.MkdirAll(filepath.Dir(ref), 0o755); err != nil {
		return fmt.Errorf("create the refs directory: %w", err)
	}
	tmp, err := os.CreateTemp(filepath.Dir(ref), ".main-*")
	if err != nil {
		return fmt.Errorf("write refs/main: %w", err)
	}
	_, err = tmp.WriteString(commit)
	if cerr := tmp.Close(); err == nil {
		err = cerr
	}
	if err == nil {
		err = os.Chmod(tmp.Name(), 0o644)
	}
	if err == nil {
		err = os.Rename(tmp.Name(), ref)
	}
	if err != nil {
		_ = os.Remove(tmp.Name())
		return fmt.Errorf("write refs/main: %w", err)
	}
	return nil
}
