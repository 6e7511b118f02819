package hfpull

import (
	"context"
	"fmt"
	"sync"
	"time"

	"github.com/bodhiapp/bodhi/db"
)

// tracker keeps a download's progress and writes it to its row (runtime.md §9.3 step 4): at the first report,
// then every interval while it changes (also while the body pauses: the row shows what has arrived), and once
// more at the end. Without a row (no org) it writes nothing; onProgress, when set, sees every report (the CLI's
// progress bar).
type tracker struct {
	s          *Service
	orgID, id  string
	onProgress func(Progress)
	kick       chan struct{} // the first report, written at once

	mu     sync.Mutex
	latest Progress
	seen   bool
}

func newTracker(s *Service, orgID, id string, onProgress func(Progress)) *tracker {
	return &tracker{s: s, orgID: orgID, id: id, onProgress: onProgress, kick: make(chan struct{}, 1)}
}

// observe takes a report from the download's goroutine.
func (t *tracker) observe(p Progress) {
	if t.onProgress != nil {
		t.onProgress(p)
	}
	t.mu.Lock()
	first := !t.seen
	t.latest, t.seen = p, true
	t.mu.Unlock()
	if first {
		select {
		case t.kick <- struct{}{}:
		default:
		}
	}
}

func (t *tracker) current() (Progress, bool) {
	t.mu.Lock()
	defer t.mu.Unlock()
	return t.latest, t.seen
}

// record writes the progress in the background until stop, which returns once the writer has ended.
func (t *tracker) record(ctx context.Context) (stop func()) {
	if t.id == "" {
		return func() {}
	}
	ctx = context.WithoutCancel(ctx) // each write has the database's call deadline; stop ends the loop
	quit, ended := make(chan struct{}), make(chan struct{})
	go func() {
		defer close(ended)
		ticker := time.NewTicker(t.s.every)
		defer ticker.Stop()
		var written Progress
		wrote := false
		for {
			select {
			case <-quit:
				return
			case <-t.kick:
			case <-ticker.C:
			}
			if p, seen := t.current(); seen && (!wrote || p != written) {
				t.write(ctx, p)
				written, wrote = p, true
			}
		}
	}()
	return func() {
		close(quit)
		<-ended
	}
}

func (t *tracker) write(ctx context.Context, p Progress) {
	var total *int64
	if p.Total >= 0 {
		total = &p.Total
	}
	if _, err := t.s.store.UpdateDownloadProgress(ctx, t.orgID, t.id, p.Done, total); err != nil {
		t.s.log.Warn("record download progress", "id", t.id, "err", err)
	}
}

// finish records how a download ended: its last progress, then completed, or error with a readable message
// (interrupted when its context ended first). It runs on a context of its own: the download's may be over.
func (s *Service) finish(ctx context.Context, t *tracker, repo, filename string, res Result, err error, interrupted string) {
	bg, cancel := context.WithTimeout(context.WithoutCancel(ctx), finishTimeout)
	defer cancel()
	if err == nil {
		t.observe(Progress{Done: res.Size, Total: res.Size})
	}
	if t.id == "" {
		return
	}
	if p, seen := t.current(); seen {
		t.write(bg, p)
	}
	status, message := db.DownloadCompleted, (*string)(nil)
	if err != nil {
		text := err.Error()
		if ctx.Err() != nil {
			text = interrupted
		}
		status, message = db.DownloadError, &text
		s.log.Warn("download failed", "repo", repo, "filename", filename, "id", t.id, "error", text)
	} else {
		s.log.Info("download completed", "repo", repo, "filename", filename, "id", t.id, "bytes", res.Size,
			"reused_blob", res.Reused)
	}
	if _, err := s.store.UpdateDownloadStatus(bg, t.orgID, t.id, status, message); err != nil {
		s.log.Error("record the end of a download", "id", t.id, "err", err)
	}
}

// Download runs one download in the caller's goroutine, outside the queue (`bodhi pull`): the same checks and
// steps as Pull's, with every progress report passed to onProgress. With an org id the download is recorded in
// a row like the server's (orgID "" records nothing: a server not set up yet has no org). The end of ctx cancels
// it: "cancelled", the partial file kept for a later resume.
func (s *Service) Download(ctx context.Context, orgID, repo, filename string, onProgress func(Progress)) (Result, error) {
	if err := s.admit(repo, filename); err != nil {
		return Result{}, err
	}
	t := newTracker(s, orgID, "", onProgress)
	if orgID != "" {
		row, err := s.store.CreateDownloadRequest(ctx, orgID, db.DownloadRequest{Repo: repo, Filename: filename})
		if err != nil {
			return Result{}, fmt.Errorf("create the download request: %w", err)
		}
		t.id = row.ID
	}
	stop := t.record(ctx)
	res, err := s.transfer(ctx, repo, filename, t.observe)
	stop()
	s.finish(ctx, t, repo, filename, res, err, MsgCancelled)
	if err != nil && ctx.Err() != nil {
		return res, fmt.Errorf("%s; the partial file is kept: run the command again to resume", MsgCancelled)
	}
	return res, err
}
