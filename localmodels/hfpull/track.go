package hfpull

import (
	"context"
	"fmt"
	"time"

	"github.com/bodhiapp/bodhi/db"
)

// tracker writes a download's progress to its row: at the first report, then at most every interval, and once
// more at the end (runtime.md §9.3 step 4). Without an org there is no row; onProgress, when set, sees every
// report (the CLI's progress bar).
type tracker struct {
	s          *Service
	ctx        context.Context
	orgID, id  string
	onProgress func(Progress)
	latest     Progress
	written    time.Time
	seen       bool
}

func (t *tracker) observe(p Progress) {
	t.latest, t.seen = p, true
	if t.onProgress != nil {
		t.onProgress(p)
	}
	if t.id == "" || (!t.written.IsZero() && time.Since(t.written) < t.s.every) {
		return
	}
	t.write(t.ctx)
}

func (t *tracker) write(ctx context.Context) {
	t.written = time.Now()
	var total *int64
	if t.latest.Total >= 0 {
		total = &t.latest.Total
	}
	if _, err := t.s.store.UpdateDownloadProgress(ctx, t.orgID, t.id, t.latest.Done, total); err != nil {
		t.s.log.Warn("record download progress", "id", t.id, "err", err)
	}
}

// finish records how a download ended: its last progress, then completed, or error with a readable message
// (interrupted when its context ended first). It runs on a context of its own: the download's may be over.
func (s *Service) finish(ctx context.Context, t *tracker, repo, filename string, res Result, err error, interrupted string) {
	bg, cancel := context.WithTimeout(context.WithoutCancel(ctx), finishTimeout)
	defer cancel()
	if err == nil {
		t.latest, t.seen = Progress{Done: res.Size, Total: res.Size}, true
	}
	if t.id == "" {
		return
	}
	if t.seen {
		t.write(bg)
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
	t := &tracker{s: s, ctx: ctx, orgID: orgID, onProgress: onProgress}
	if orgID != "" {
		row, err := s.store.CreateDownloadRequest(ctx, orgID, db.DownloadRequest{Repo: repo, Filename: filename})
		if err != nil {
			return Result{}, fmt.Errorf("create the download request: %w", err)
		}
		t.id = row.ID
	}
	res, err := s.transfer(ctx, repo, filename, t.observe)
	s.finish(ctx, t, repo, filename, res, err, MsgCancelled)
	if err != nil && ctx.Err() != nil {
		return res, fmt.Errorf("%s; the partial file is kept: run the command again to resume", MsgCancelled)
	}
	return res, err
}
