// Package hfpull downloads model files from the Hugging Face hub into the local Hugging Face cache
// (runtime.md §9.3, http-api.md §5.4): a queue that runs at most two downloads at once, progress on each
// download's row, resuming a partial file with HTTP Range, SHA-256 verification against the hub's LFS etag,
// cancellation, a free-space check, and the cache layout huggingface_hub itself writes. Standalone servers only.
package hfpull

import (
	"context"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"path/filepath"
	"sync"
	"time"

	"github.com/bodhiapp/bodhi/db"
	"github.com/bodhiapp/bodhi/localmodels/hfcache"
)

// Defaults of a Service.
const (
	// MaxConcurrent downloads run at once; the others wait in order with status pending.
	MaxConcurrent = 2
	// ProgressInterval is how often a running download's row is updated (and once more at the end).
	ProgressInterval = 3 * time.Second
	// StallTimeout ends a download that receives nothing for so long.
	StallTimeout = 60 * time.Second
	// finishTimeout bounds the final row update, which runs after the download's context has ended.
	finishTimeout = 10 * time.Second
)

// Messages of downloads that did not end on their own.
const (
	MsgCancelled   = "cancelled"
	MsgShutdown    = "interrupted by shutdown"
	MsgInterrupted = "interrupted; start the download again"
)

// errCancelled is the cause given to a download's context by Cancel.
var errCancelled = errors.New(MsgCancelled)

// Config is where the service downloads from and to.
type Config struct {
	HFHome string // HF_HOME: the cache is $HF_HOME/hub
	// Files reads the same cache (the catalog's scan): whether a file is there already, and the scan to refresh
	// once a download lands. Nil: a reader of its own over HFHome.
	Files   *hfcache.Cache
	BaseURL string // BODHI_HF_BASE_URL
	// Token is HF_TOKEN: sent to the hub's own origin only, never to a CDN, never logged.
	Token string
	// Client makes the outbound calls (package outbound); the service follows redirects itself.
	Client    *http.Client
	UserAgent string
}

// Service downloads model files. Build it with New, start its queue with Run.
type Service struct {
	store    db.DownloadRepository
	files    *hfcache.Cache
	cache    hubCache
	hub      *hub
	log      *slog.Logger
	every    time.Duration
	stall    time.Duration
	diskFree func(dir string) (uint64, error)

	pull sync.Mutex // Pull's check-then-create runs one at a time

	mu      sync.Mutex
	queue   []*job
	running map[string]*job
	wake    chan struct{}
}

// Option customises New.
type Option func(*Service)

// WithLogger sets the logger (the default discards).
func WithLogger(l *slog.Logger) Option { return func(s *Service) { s.log = l } }

// WithProgressInterval sets how often a running download's row is updated (tests shorten it).
func WithProgressInterval(d time.Duration) Option { return func(s *Service) { s.every = d } }

// WithStallTimeout sets how long a download may receive nothing before it fails.
func WithStallTimeout(d time.Duration) Option { return func(s *Service) { s.stall = d } }

// WithDiskFree replaces the free-space probe (statfs) of the directory a download is written to.
func WithDiskFree(fn func(dir string) (uint64, error)) Option {
	return func(s *Service) { s.diskFree = fn }
}

// New builds the service over the download rows of store.
func New(store db.DownloadRepository, cfg Config, opts ...Option) (*Service, error) {
	agent := cfg.UserAgent
	if agent == "" {
		agent = "bodhi"
	}
	h, err := newHub(cfg.BaseURL, cfg.Token, cfg.Client, agent)
	if err != nil {
		return nil, err
	}
	files := cfg.Files
	if files == nil {
		files = hfcache.New(cfg.HFHome, time.Now, nil)
	}
	s := &Service{store: store, cache: hubCache(filepath.Join(cfg.HFHome, "hub")), files: files, hub: h,
		log: slog.New(slog.NewTextHandler(io.Discard, nil)), every: ProgressInterval, stall: StallTimeout,
		diskFree: diskFree, running: map[string]*job{}, wake: make(chan struct{}, 1)}
	for _, o := range opts {
		o(s)
	}
	return s, nil
}

// Pull starts a download of repo's filename (http-api.md §5.4): a bad repo or filename is refused, a file the
// cache holds at refs/main is refused, a pending download of the same file is returned as it is (created
// false), else a pending row is created and queued (created true).
func (s *Service) Pull(ctx context.Context, orgID, repo, filename string) (_ db.DownloadRequest, created bool, _ error) {
	if err := s.admit(repo, filename); err != nil {
		return db.DownloadRequest{}, false, err
	}
	s.pull.Lock()
	defer s.pull.Unlock()
	latest, err := s.store.GetLatestDownloadRequest(ctx, orgID, repo, filename)
	switch {
	case err == nil && latest.Status == db.DownloadPending:
		return latest, false, nil
	case err != nil && !errors.Is(err, db.ErrNotFound):
		return db.DownloadRequest{}, false, fmt.Errorf("latest download of %s/%s: %w", repo, filename, err)
	}
	row, err := s.store.CreateDownloadRequest(ctx, orgID, db.DownloadRequest{Repo: repo, Filename: filename})
	if err != nil {
		return db.DownloadRequest{}, false, fmt.Errorf("create the download request: %w", err)
	}
	s.enqueue(&job{orgID: orgID, id: row.ID, repo: repo, filename: filename, done: make(chan struct{})})
	return row, true, nil
}

// admit checks a download's repo and filename, and that the cache does not hold the file already.
func (s *Service) admit(repo, filename string) error {
	if err := validate(repo, filename); err != nil {
		return err
	}
	if _, ok := s.Cached(repo, filename); ok {
		return ErrAlreadyCached
	}
	return nil
}

// Cached is where the cache holds repo's filename at refs/main (snapshots/<refs/main>/<filename>), when it does.
func (s *Service) Cached(repo, filename string) (string, bool) {
	if validate(repo, filename) != nil {
		return "", false
	}
	f, err := s.files.Find(repo, filename, hfcache.DefaultRevision)
	return f.Path, err == nil
}

// List is a page of the org's downloads, the most recently updated first.
func (s *Service) List(ctx context.Context, orgID string, page db.Page) ([]db.DownloadRequest, int64, error) {
	rows, total, err := s.store.ListDownloadRequests(ctx, orgID, page)
	if err != nil {
		return nil, 0, fmt.Errorf("list downloads: %w", err)
	}
	return rows, total, nil
}

// Get is one download of the org.
func (s *Service) Get(ctx context.Context, orgID, id string) (db.DownloadRequest, error) {
	row, err := s.store.GetDownloadRequest(ctx, orgID, id)
	switch {
	case errors.Is(err, db.ErrNotFound):
		return db.DownloadRequest{}, ErrNotFound
	case err != nil:
		return db.DownloadRequest{}, fmt.Errorf("get download %s: %w", id, err)
	}
	return row, nil
}

// Recover marks the pending downloads a previous process left behind as failed (runtime.md §9.3); their partial
// files stay, and a new pull of the same file resumes them. Call it at startup, before Run.
func (s *Service) Recover(ctx context.Context, orgID string) (int64, error) {
	n, err := s.store.FailPendingDownloads(ctx, orgID, MsgInterrupted)
	if err != nil {
		return 0, fmt.Errorf("fail the downloads of a previous process: %w", err)
	}
	return n, nil
}
