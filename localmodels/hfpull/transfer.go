package hfpull

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"hash"
	"io"
	"os"
	"path/filepath"
	"time"

	"github.com/dustin/go-humanize"
)

// Progress is how far a download is: Done bytes of Total (-1 while unknown).
type Progress struct{ Done, Total int64 }

// Result is a finished download.
type Result struct {
	Path   string // snapshots/<commit>/<filename> in the cache
	Commit string
	Size   int64
	// Reused says the content was already in blobs/ (the same file in an earlier commit): nothing was downloaded.
	Reused bool
}

var (
	errBusy = errors.New("another process is downloading this file (a Bodhi server or `bodhi pull`); " +
		"start the download again once it ends")
	errStalled = errors.New("the download stalled")
)

// transfer downloads repo's filename at main into the cache (runtime.md §9.3): ask the hub, take the file's
// lock, reuse a blob the cache already holds, else receive the body into the partial file, verify and install.
func (s *Service) transfer(ctx context.Context, repo, filename string, report func(Progress)) (_ Result, err error) {
	ctx, alive, stop := watch(ctx, s.stall)
	defer stop()
	defer func() {
		if err != nil && errors.Is(context.Cause(ctx), errStalled) {
			err = fmt.Errorf("the download stalled: nothing arrived for %s; start it again to resume", s.stall)
		}
	}()
	r, err := s.hub.resolve(ctx, repo, filename)
	if err != nil {
		return Result{}, err
	}
	defer r.close()
	if r.resp != nil && (r.resp.StatusCode < 200 || r.resp.StatusCode > 299) {
		return Result{}, s.hub.refusal(r.resp, r.last, repo, filename)
	}
	commit, blob := r.info.Commit, r.info.blob()
	if !commitHash.MatchString(commit) {
		return Result{}, fmt.Errorf("the hub did not name the commit it serves (X-Repo-Commit %q)", commit)
	}
	unlock, err := lockPath(s.cache.lockFile(repo, lockKey(blob, commit, filename)))
	if err != nil {
		return Result{}, err
	}
	defer unlock()
	if blob != "" {
		path, ok, err := s.cache.linkExisting(repo, commit, filename, blob)
		if ok {
			s.files.Invalidate()
		}
		if err != nil || ok {
			return Result{Path: path, Commit: commit, Size: sizeOf(path), Reused: ok}, err
		}
	}
	return s.receive(ctx, r, repo, filename, alive, report)
}

// receive streams the body into snapshots/<commit>/<filename>.incomplete, continuing the partial file when the
// server answers the range, then verifies the SHA-256 and installs the file.
func (s *Service) receive(ctx context.Context, r *resolved, repo, filename string, alive func(), report func(Progress)) (Result, error) {
	commit, want := r.info.Commit, r.info.sha256()
	partial := s.cache.partial(repo, commit, filename)
	if err := os.MkdirAll(filepath.Dir(partial), 0o755); err != nil {
		return Result{}, fmt.Errorf("create the snapshot directory: %w", err)
	}
	body, err := s.open(ctx, r, repo, filename, sizeOf(partial))
	if err != nil {
		return Result{}, err
	}
	defer body.Close()
	if body.total < 0 {
		body.total = r.info.Size // the hub's X-Linked-Size, when the body does not say
	}
	if err := s.roomFor(partial, body); err != nil {
		return Result{}, err
	}
	f, err := openPartial(partial, body.start)
	if err != nil {
		return Result{}, err
	}
	defer f.Close()
	var sum hash.Hash
	if want != "" { // the part already on disk counts in the checksum
		sum = sha256.New()
		if _, err := io.Copy(sum, aliveReader{io.NewSectionReader(f, 0, body.start), alive}); err != nil {
			return Result{}, fmt.Errorf("read the partial file: %w", err)
		}
	}
	report(Progress{Done: body.start, Total: body.total})
	var dst io.Writer = f
	if sum != nil {
		dst = io.MultiWriter(f, sum)
	}
	done, err := copyBody(dst, body, alive, func(n int64) { report(Progress{Done: n, Total: body.total}) })
	if err != nil {
		return Result{}, err
	}
	if err := f.Sync(); err != nil {
		return Result{}, fmt.Errorf("write the download: %w", err)
	}
	if err := f.Close(); err != nil {
		return Result{}, fmt.Errorf("write the download: %w", err)
	}
	if err := verify(partial, want, sum); err != nil {
		return Result{}, err
	}
	path, err := s.cache.install(repo, commit, filename, partial, r.info.blob())
	s.files.Invalidate() // the new file is listed at once, not when the reused scan expires
	return Result{Path: path, Commit: commit, Size: done}, err
}

// verify compares the finished file's SHA-256 with the hub's (runtime.md §9.3 step 8); a mismatch removes the
// file, whose bytes cannot be trusted for a resume either.
func verify(partial, want string, sum hash.Hash) error {
	if sum == nil {
		return nil
	}
	if got := hex.EncodeToString(sum.Sum(nil)); got != want {
		_ = os.Remove(partial)
		return fmt.Errorf("checksum mismatch: the hub gives sha256 %s (X-Linked-Etag) but the downloaded file has "+
			"sha256 %s; the file was removed, start the download again", want, got)
	}
	return nil
}

// roomFor refuses a body the disk has no room for (runtime.md §9.3 step 9); an unknown length or free space
// lets the download go on.
func (s *Service) roomFor(partial string, body *opened) error {
	if body.length <= 0 {
		return nil
	}
	free, err := s.diskFree(filepath.Dir(partial))
	if err != nil {
		s.log.Warn("free disk space unknown; downloading anyway", "err", err)
		return nil
	}
	return checkRoom(free, uint64(body.length))
}

// openPartial opens the partial file to write from byte start: what follows start is dropped (a server that
// starts over sends the whole file again).
func openPartial(partial string, start int64) (*os.File, error) {
	f, err := os.OpenFile(partial, os.O_RDWR|os.O_CREATE, 0o644)
	if err != nil {
		return nil, fmt.Errorf("open the partial file: %w", err)
	}
	if err := f.Truncate(start); err != nil {
		_ = f.Close()
		return nil, fmt.Errorf("prepare the partial file: %w", err)
	}
	if _, err := f.Seek(start, io.SeekStart); err != nil {
		_ = f.Close()
		return nil, fmt.Errorf("prepare the partial file: %w", err)
	}
	return f, nil
}

// copyBody copies the body to dst from byte body.start of the file, reporting the count after each read. A body
// that ends before the file's size, or breaks off, is a cut connection: the message says how far it got.
func copyBody(dst io.Writer, body *opened, alive func(), report func(int64)) (int64, error) {
	buf := make([]byte, 256<<10)
	done := body.start
	for {
		n, rerr := body.Read(buf)
		if n > 0 {
			alive()
			if _, err := dst.Write(buf[:n]); err != nil {
				return done, fmt.Errorf("write the download: %w", err)
			}
			done += int64(n)
			report(done)
		}
		if rerr == io.EOF && (body.total < 0 || done == body.total) {
			return done, nil
		}
		if rerr == io.EOF {
			rerr = io.ErrUnexpectedEOF
		}
		if rerr != nil {
			return done, fmt.Errorf("the connection was cut after %s of %s (%v); start the download again to resume",
				humanize.Bytes(uint64(done)), sizeText(body.total), rerr)
		}
	}
}

// watch cancels ctx with errStalled when alive is not called for stall: a connection that hangs without closing.
func watch(ctx context.Context, stall time.Duration) (context.Context, func(), func()) {
	ctx, cancel := context.WithCancelCause(ctx)
	timer := time.AfterFunc(stall, func() { cancel(errStalled) })
	return ctx, func() { timer.Reset(stall) }, func() { timer.Stop(); cancel(nil) }
}

// aliveReader tells the watchdog that work goes on while a long partial file is hashed.
type aliveReader struct {
	r     io.Reader
	alive func()
}

func (a aliveReader) Read(p []byte) (int, error) {
	a.alive()
	return a.r.Read(p)
}

// lockKey names the lock of one file: its blob as huggingface_hub names it, else its snapshot path.
func lockKey(blob, commit, filename string) string {
	if blob != "" {
		return blob
	}
	h := sha256.Sum256([]byte(commit + "/" + filename))
	return "snapshot-" + hex.EncodeToString(h[:20])
}

// sizeOf is the size of the file at path (after symlinks), 0 when there is none.
func sizeOf(path string) int64 {
	info, err := os.Stat(path)
	if err != nil {
		return 0
	}
	return info.Size()
}

func sizeText(n int64) string {
	if n < 0 {
		return "an unknown size"
	}
	return humanize.Bytes(uint64(n))
}
