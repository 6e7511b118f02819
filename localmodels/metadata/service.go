// Package metadata keeps the model_metadata table (data-model.md §4.5) in step with the GGUF files of the Hugging
// Face cache (runtime.md §9.5): one file at a time on request, or every file in the background through an
// in-process queue with one worker. A file that cannot be read is reported and logged, and the others go on.
// Standalone servers only.
package metadata

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"sync"

	"github.com/bodhiapp/bodhi/apperr"
	"github.com/bodhiapp/bodhi/db"
	"github.com/bodhiapp/bodhi/localmodels"
	"github.com/bodhiapp/bodhi/localmodels/hfcache"
)

// Queue states, as GET /bodhi/v1/queue reports them.
const (
	Idle       = "idle"
	Processing = "processing"
)

// Errors of the refresh routes (http-api.md §5.5).
var (
	ErrFileNotFound = apperr.New(apperr.NotFound, "hub_service_error-file_not_found",
		"The model file was not found in the Hugging Face cache.")
	ErrUnreadable = apperr.New(apperr.Unprocessable, "gguf_error-unreadable_file",
		"The model file is not a GGUF file Bodhi can read.")
)

// File is a GGUF file of the Hugging Face cache.
type File = hfcache.File

// Files are the local GGUF files: the catalog's scan of the Hugging Face cache (*hfcache.Cache).
type Files interface {
	Files() []hfcache.File
	Find(repo, filename, revision string) (hfcache.File, error)
}

// Service extracts GGUF metadata into model_metadata.
type Service struct {
	store db.ModelMetadataRepository
	files Files
	log   *slog.Logger

	// upsert serialises the writes of the worker and of the requests: the upsert is a delete then an insert, and
	// two of them for one file at once could leave two rows (a NULL column defeats the unique key).
	upsert sync.Mutex

	mu      sync.Mutex
	pending []string // orgs whose scan is queued, each once, in order
	running bool
	last    Report
	wake    chan struct{}
}

// Report is what the last background scan did.
type Report struct {
	OrgID    string
	Files    int       // GGUF files found
	Updated  int       // rows written
	Failures []Failure // files that could not be read or stored
	Err      error     // the scan itself failed (listing the files), or was stopped
}

// Failure is one file the scan could not process, and why.
type Failure struct {
	File File
	Err  error
}

// New builds the service over the metadata repository and the file listing. The background worker runs in Run.
func New(store db.ModelMetadataRepository, files Files, log *slog.Logger) *Service {
	return &Service{store: store, files: files, log: log, wake: make(chan struct{}, 1)}
}

// Status is Processing while a scan is queued or running, else Idle.
func (s *Service) Status() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.running || len(s.pending) > 0 {
		return Processing
	}
	return Idle
}

// LastReport is the report of the last finished background scan.
func (s *Service) LastReport() Report {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.last
}

// RefreshAll queues a background scan of every local GGUF file for orgID; a scan already queued for the org
// covers this request too.
func (s *Service) RefreshAll(orgID string) {
	s.mu.Lock()
	queued := false
	for _, o := range s.pending {
		queued = queued || o == orgID
	}
	if !queued {
		s.pending = append(s.pending, orgID)
	}
	s.mu.Unlock()
	select {
	case s.wake <- struct{}{}:
	default: // the worker is already woken
	}
}

// Result is a refreshed model file: the model alias it is known by, and its metadata as stored.
type Result struct {
	Alias    string
	File     File
	Metadata localmodels.Metadata
}

// Refresh extracts the metadata of one file (repo, filename, snapshot: a commit or a ref such as main) at once and
// stores it.
func (s *Service) Refresh(ctx context.Context, orgID, repo, filename, snapshot string) (Result, error) {
	f, err := s.files.Find(repo, filename, snapshot)
	if errors.Is(err, hfcache.ErrNotFound) {
		return Result{}, ErrFileNotFound.WithParam("repo", repo).WithParam("filename", filename).
			WithParam("snapshot", snapshot)
	}
	if err != nil {
		return Result{}, fmt.Errorf("find %s/%s: %w", repo, filename, err)
	}
	m, err := s.extract(ctx, orgID, f)
	if err != nil {
		return Result{}, err
	}
	return Result{Alias: localmodels.ModelAliasName(f.Repo, f.Filename), File: f, Metadata: m}, nil
}
