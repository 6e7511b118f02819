package hfpull

import (
	"context"
	"errors"
	"slices"
	"sync"

	"github.com/bodhiapp/bodhi/db"
)

// job is one queued or running download of the server.
type job struct {
	orgID, id, repo, filename string
	cancel                    context.CancelCauseFunc // set when it starts
	done                      chan struct{}           // closed once its row holds its final status
}

func (s *Service) enqueue(j *job) {
	s.mu.Lock()
	s.queue = append(s.queue, j)
	s.mu.Unlock()
	s.signal()
}

func (s *Service) signal() {
	select {
	case s.wake <- struct{}{}:
	default:
	}
}

// Run starts queued downloads in order, MaxConcurrent at a time, until ctx ends. Then it stops the running ones,
// marks them and the queued ones "interrupted by shutdown" (runtime.md §3.4; their partial files stay), and
// returns once every download has finished. A pull that arrives after that stays pending until the next start
// marks it interrupted.
func (s *Service) Run(ctx context.Context) {
	var workers sync.WaitGroup
	for {
		s.dispatch(ctx, &workers)
		select {
		case <-ctx.Done():
			s.stop(ctx, &workers)
			return
		case <-s.wake:
		}
	}
}

func (s *Service) dispatch(ctx context.Context, workers *sync.WaitGroup) {
	s.mu.Lock()
	defer s.mu.Unlock()
	for len(s.running) < MaxConcurrent && len(s.queue) > 0 {
		j := s.queue[0]
		s.queue = s.queue[1:]
		jctx, cancel := context.WithCancelCause(ctx)
		j.cancel = cancel
		s.running[j.id] = j
		workers.Add(1)
		go func() {
			defer workers.Done()
			s.work(jctx, j)
			s.mu.Lock()
			delete(s.running, j.id)
			s.mu.Unlock()
			cancel(nil)
			close(j.done)
			s.signal()
		}()
	}
}

func (s *Service) stop(ctx context.Context, workers *sync.WaitGroup) {
	s.mu.Lock()
	queued := s.queue
	s.queue = nil
	s.mu.Unlock()
	workers.Wait() // the running ones see ctx end and record it themselves
	for _, j := range queued {
		s.record(ctx, j.orgID, j.id, MsgShutdown)
		close(j.done)
	}
	s.hub.client.CloseIdleConnections() // nothing of the service outlives Run
}

// work runs one queued download and records how it ended.
func (s *Service) work(ctx context.Context, j *job) {
	t := newTracker(s, j.orgID, j.id, nil)
	s.log.Info("download started", "repo", j.repo, "filename", j.filename, "id", j.id)
	stop := t.record(ctx)
	res, err := s.transfer(ctx, j.repo, j.filename, t.observe)
	stop()
	interrupted := MsgShutdown
	if errors.Is(context.Cause(ctx), errCancelled) {
		interrupted = MsgCancelled
	}
	s.finish(ctx, t, j.repo, j.filename, res, err, interrupted)
}

// Cancel stops a running or queued download of the org: its row ends in error "cancelled" and its partial file
// stays for a later resume. A download that has already ended is returned as it is.
func (s *Service) Cancel(ctx context.Context, orgID, id string) (db.DownloadRequest, error) {
	if _, err := s.Get(ctx, orgID, id); err != nil {
		return db.DownloadRequest{}, err
	}
	s.mu.Lock()
	j, running := s.running[id]
	queued := slices.IndexFunc(s.queue, func(q *job) bool { return q.id == id })
	if queued >= 0 {
		j = s.queue[queued]
		s.queue = slices.Delete(s.queue, queued, queued+1)
	}
	s.mu.Unlock()
	switch {
	case running:
		j.cancel(errCancelled)
		select {
		case <-j.done:
		case <-ctx.Done():
			return db.DownloadRequest{}, ctx.Err()
		}
	case queued >= 0:
		s.record(ctx, orgID, id, MsgCancelled)
		close(j.done)
	}
	return s.Get(ctx, orgID, id)
}

// record ends a download that never ran with message.
func (s *Service) record(ctx context.Context, orgID, id, message string) {
	bg, cancel := context.WithTimeout(context.WithoutCancel(ctx), finishTimeout)
	defer cancel()
	if _, err := s.store.UpdateDownloadStatus(bg, orgID, id, db.DownloadError, &message); err != nil {
		s.log.Error("record the end of a download", "id", id, "err", err)
	}
}
