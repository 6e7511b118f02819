package metadata

import "context"

// Run is the queue's one worker: it scans the queued orgs' files, one org at a time, until ctx ends (app Close).
// A scan in progress stops between two files.
func (s *Service) Run(ctx context.Context) {
	for {
		select {
		case <-ctx.Done():
			return
		case <-s.wake:
		}
		for {
			orgID, ok := s.next()
			if !ok {
				break
			}
			report := s.scan(ctx, orgID)
			s.mu.Lock()
			s.last, s.running = report, false
			s.mu.Unlock()
			if ctx.Err() != nil {
				return
			}
		}
	}
}

// next takes the first queued org and marks the worker running; ok is false when none is queued.
func (s *Service) next() (orgID string, ok bool) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if len(s.pending) == 0 {
		return "", false
	}
	orgID, s.pending = s.pending[0], s.pending[1:]
	s.running = true
	return orgID, true
}

// scan extracts the metadata of every local GGUF file for orgID. A file that fails is logged and reported, and
// the scan goes on with the next one.
func (s *Service) scan(ctx context.Context, orgID string) Report {
	report := Report{OrgID: orgID}
	files := s.files.Files()
	report.Files = len(files)
	for _, f := range files {
		if err := ctx.Err(); err != nil {
			report.Err = err
			return report
		}
		if _, err := s.extract(ctx, orgID, f); err != nil {
			s.log.Warn("model metadata: skipped a model file", "repo", f.Repo, "filename", f.Filename,
				"snapshot", f.Snapshot, "err", err)
			report.Failures = append(report.Failures, Failure{File: f, Err: err})
			continue
		}
		report.Updated++
	}
	s.log.Info("model metadata: scan done", "files", report.Files, "updated", report.Updated,
		"failed", len(report.Failures))
	return report
}
