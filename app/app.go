// Package app is the embeddable Bodhi server (runtime.md §5): New wires configuration, databases, migrations,
// cache and the router into an http.Handler with Close. cmd/bodhi and the tests both build the server this way,
// and several App values may run in one process (the in-process replica tests).
package app

import (
	"context"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"os"
	"sync"
	"sync/atomic"
	"time"

	"github.com/gin-gonic/gin"

	"github.com/bodhiapp/bodhi/access"
	"github.com/bodhiapp/bodhi/apidoc"
	"github.com/bodhiapp/bodhi/apimodels"
	"github.com/bodhiapp/bodhi/audit"
	"github.com/bodhiapp/bodhi/auth"
	"github.com/bodhiapp/bodhi/cache"
	"github.com/bodhiapp/bodhi/config"
	"github.com/bodhiapp/bodhi/crypto"
	"github.com/bodhiapp/bodhi/db"
	"github.com/bodhiapp/bodhi/gateway"
	"github.com/bodhiapp/bodhi/localmodels"
	"github.com/bodhiapp/bodhi/localmodels/hfcache"
	"github.com/bodhiapp/bodhi/localmodels/hfpull"
	"github.com/bodhiapp/bodhi/localmodels/llamaserver"
	"github.com/bodhiapp/bodhi/localmodels/metadata"
	"github.com/bodhiapp/bodhi/lock"
	"github.com/bodhiapp/bodhi/metrics"
	"github.com/bodhiapp/bodhi/orgs"
	"github.com/bodhiapp/bodhi/outbound"
	"github.com/bodhiapp/bodhi/server"
	"github.com/bodhiapp/bodhi/session"
	"github.com/bodhiapp/bodhi/throttle"
	"github.com/bodhiapp/bodhi/toolsets"
	"github.com/bodhiapp/bodhi/ui"
	"github.com/bodhiapp/bodhi/usage"
)

// usageRetentionInterval is how often old usage events are purged (BODHI_USAGE_RETENTION_DAYS).
const usageRetentionInterval = time.Hour

// Config is the typed configuration the server runs with.
type Config = config.Config

// App is a running Bodhi server.
type App struct {
	cfg       *Config
	log       *slog.Logger
	store     *db.DbServiceImpl
	sessions  *db.SessionStore
	cache     cache.Cache
	orgs      *auth.OrgResolver
	locks     lock.Locker
	failures  throttle.Limiter
	llama     *llamaserver.Manager // standalone only
	pulls     *hfpull.Service      // standalone only
	hfFiles   *hfcache.Cache       // standalone only: the one reader of HF_HOME, shared by the local-model services
	metrics   *metrics.Metrics
	usage     *usage.Recorder
	handler   http.Handler
	server    *server.Server
	draining  atomic.Bool
	bgCtx     context.Context
	bgCancel  context.CancelFunc
	wg        sync.WaitGroup
	closeOnce sync.Once
	closeErr  error
}

type options struct {
	now         func() time.Time
	httpClient  *http.Client
	logger      *slog.Logger
	localModels gateway.LocalModels
}

// Option customises New.
type Option func(*options)

// WithClock sets the clock that stamps stored rows (tests use a fake one).
func WithClock(now func() time.Time) Option { return func(o *options) { o.now = now } }

// WithHTTPClient sets the client for outbound HTTP (tests point it at fake upstreams).
func WithHTTPClient(c *http.Client) Option { return func(o *options) { o.httpClient = c } }

// WithLogger sets the logger; the default discards everything.
func WithLogger(l *slog.Logger) Option { return func(o *options) { o.logger = l } }

// New validates cfg, opens and migrates both databases, connects the cache, checks the orgs' secrets and builds
// the router (runtime.md §3). It returns an error instead of exiting.
func New(ctx context.Context, cfg *Config, opts ...Option) (_ *App, err error) {
	o := options{now: time.Now, httpClient: http.DefaultClient, logger: slog.New(slog.NewTextHandler(io.Discard, nil))}
	for _, opt := range opts {
		opt(&o)
	}
	if err := cfg.Validate(config.ForServe); err != nil {
		return nil, err
	}
	// The metrics are built whether or not BODHI_METRICS_ADDR serves them: a few atomic additions per request,
	// and one code path for every server (README "Metrics").
	a := &App{cfg: cfg, log: o.logger, metrics: metrics.New()}
	a.bgCtx, a.bgCancel = context.WithCancel(context.WithoutCancel(ctx))
	defer func() {
		if err != nil {
			_ = a.Close(context.WithoutCancel(ctx))
		}
	}()

	master, err := a.openBackends(ctx, o)
	if err != nil {
		return nil, err
	}
	if !cfg.MultiTenant {
		a.hfFiles = hfcache.New(cfg.HFHome, o.now, a.log)
	}
	if err := a.openLlamaServer(); err != nil {
		return nil, err
	}
	if a.llama != nil {
		if err := a.metrics.WatchLlamaServer(a.llama); err != nil {
			return nil, err
		}
	}
	if err := a.startPulls(ctx); err != nil {
		return nil, err
	}
	deps := a.services(o, master)
	if deps.APIDocument, err = apidoc.Document(); err != nil {
		return nil, err
	}
	a.usage = usage.NewRecorder(a.store, usage.Options{Capacity: cfg.UsageBuffer,
		FlushInterval: time.Duration(cfg.UsageFlushMS) * time.Millisecond, Observe: a.metrics.ObserveUsage,
		Logger: a.log})
	if err := a.metrics.WatchUsage(a.usage.Stats); err != nil {
		return nil, err
	}
	deps.Usage, deps.UsageReports = a.usage, a.store
	a.background(func(ctx context.Context) {
		usage.RunRetention(ctx, a.store, cfg.UsageRetentionDays, usageRetentionInterval, o.now, a.log)
	})
	if deps.Metadata != nil {
		a.background(deps.Metadata.Run)
	}
	a.server = server.New(deps)
	a.handler = a.server
	a.background(func(ctx context.Context) { session.RunCleanup(ctx, a.sessions, session.CleanupInterval, a.log) })
	return a, nil
}

// openBackends loads the master key, opens and migrates both databases, connects the cache, the locks and the
// failure counters, and checks the orgs (runtime.md §3).
func (a *App) openBackends(ctx context.Context, o options) (crypto.Key, error) {
	cfg := a.cfg
	if !cfg.MultiTenant {
		if err := os.MkdirAll(cfg.Home, 0o700); err != nil {
			return crypto.Key{}, fmt.Errorf("create BODHI_HOME %s: %w", cfg.Home, err)
		}
	}
	master, err := crypto.LoadMasterKey(cfg.EncryptionKey, cfg.Home, cfg.MultiTenant, a.log)
	if err != nil {
		return crypto.Key{}, err
	}
	dbTimeout := time.Duration(cfg.DBTimeoutMS) * time.Millisecond
	if a.store, err = db.Open(ctx, cfg.DatabaseURL, db.WithClock(o.now), db.WithCallTimeout(dbTimeout)); err != nil {
		return crypto.Key{}, err
	}
	if err := a.store.Migrate(ctx); err != nil {
		return crypto.Key{}, err
	}
	a.metrics.WatchDatabase("app", a.store.PoolStats)
	if a.sessions, err = db.OpenSessions(ctx, cfg.SessionDBURL, cfg.SessionDBSchema, db.WithClock(o.now),
		db.WithCallTimeout(dbTimeout)); err != nil {
		return crypto.Key{}, err
	}
	a.metrics.WatchDatabase("session", a.sessions.PoolStats)
	shared, err := newCache(ctx, cfg, o.now, a.log)
	if err != nil {
		return crypto.Key{}, err
	}
	// Before anything reads it: the near caches and the org resolver report through the shared cache's observer.
	a.cache = cache.WithObserver(shared, a.metrics.CacheObserver())
	if err := checkOrgs(ctx, cfg, a.store, master, a.log); err != nil {
		return crypto.Key{}, err
	}
	// While the database stalls, what was cached keeps serving for a bounded while (README "Database stalls").
	a.orgs = auth.NewOrgResolver(a.store, a.cache, master, o.now, a.log, a.staleWindow())
	if a.locks, err = newLocker(cfg, a.log); err != nil {
		return crypto.Key{}, err
	}
	if a.failures, err = newFailureCounter(cfg, o.now); err != nil {
		return crypto.Key{}, err
	}
	return master, nil
}

func (a *App) staleWindow() time.Duration { return time.Duration(a.cfg.CacheStaleSecs) * time.Second }

// checkOrgs refuses a standalone database with several orgs, and a master key that does not open the orgs'
// secrets.
func checkOrgs(ctx context.Context, cfg *Config, store *db.DbServiceImpl, master crypto.Key, log *slog.Logger) error {
	if !cfg.MultiTenant {
		n, err := store.CountOrgs(ctx)
		if err != nil {
			return fmt.Errorf("count organizations: %w", err)
		}
		if n > 1 {
			return fmt.Errorf("standalone mode supports exactly one organization; found %d", n)
		}
	}
	return orgs.StartupCheck(ctx, store, master, log)
}

// services builds every service, once, over the open backends, and hands them to the server.
func (a *App) services(o options, master crypto.Key) server.Deps {
	cfg := a.cfg
	stale := cache.ServeStale(a.staleWindow())
	authService := newAuthService(cfg, a.store, a.cache, a.locks, o, stale)
	blockPrivate := cfg.BlockPrivateUpstreams()
	models := apimodels.New(a.bgCtx, a.store, a.cache, outbound.NewClient(blockPrivate, 30*time.Second), o.now, a.log,
		stale)
	exa := toolsets.NewExa(cfg.ExaBaseURL, outbound.NewClient(blockPrivate, toolsets.ExaTimeout))
	accessService := access.New(access.Deps{Store: a.store, IdP: authService.IdP, Sessions: a.sessions,
		Tokens: authService.APITokens, Orgs: a.orgs, Hosted: cfg.MultiTenant, Now: o.now, Logger: a.log})
	local := a.localModels(models, stale)
	settings := config.NewSettings(cfg)
	a.followKeepAlive(settings)
	return server.Deps{
		Config: cfg, Logger: a.log, UI: ui.Files(), Settings: settings, Draining: a.draining.Load,
		Database: a.store, SessionDatabase: a.sessions, Cache: a.cache, AuthFailures: a.failures,
		Orgs: a.orgs, Auth: authService, Access: accessService, APIModels: models, LocalModels: local.catalog,
		Sessions: session.NewService(a.sessions, session.WithSecureCookie(cfg.CookieSecure)),
		Setup:    orgs.NewSetup(a.store, master, authService.IdP, a.orgs, cfg.MultiTenant),
		Login:    auth.NewLogin(authService.IdP, authService.Verifier, accessService, cfg.MultiTenant),
		// Relayed calls: no total timeout.
		Gateway:  gateway.New(models, outbound.NewClient(blockPrivate, 0), a.localGateway(o, local.models)),
		Toolsets: toolsets.NewService(a.store, exa),
		Audit:    audit.SlogRecorder{Log: a.log, Now: o.now},
		Metadata: local.metadata,
		Pulls:    a.pulls,
		Metrics:  a.metrics,
	}
}

// localServices are a standalone server's local-model services over HF_HOME (runtime.md §9). Hosted, none is
// built and nothing under HF_HOME is read: all are nil (models is a nil interface, not a nil pointer in one, so
// the gateway sees no local models).
type localServices struct {
	catalog  *localmodels.Service
	models   gateway.LocalModels
	metadata *metadata.Service
}

// localModels builds the local-model services over one scan of the Hugging Face cache.
func (a *App) localModels(models *apimodels.Service, stale cache.NearOption) localServices {
	if a.cfg.MultiTenant {
		return localServices{}
	}
	catalog := localmodels.New(a.store, a.hfFiles, models, a.cache, stale)
	return localServices{catalog: catalog, models: catalog, metadata: metadata.New(a.store, a.hfFiles, a.log)}
}

// newCache selects Redis when REDIS_URL is set, else the in-process cache (runtime.md §6.1).
func newCache(ctx context.Context, cfg *Config, now func() time.Time, log *slog.Logger) (cache.Cache, error) {
	if cfg.RedisURL == "" {
		return cache.NewMemory(now), nil
	}
	return cache.NewRedis(ctx, cache.RedisOptions{URL: cfg.RedisURL, Prefix: cfg.RedisPrefix, Subscribe: true, Logger: log})
}

// newLocker selects the Redis lock service when REDIS_URL is set, else the in-process one (runtime.md §7).
func newLocker(cfg *Config, log *slog.Logger) (lock.Locker, error) {
	if cfg.RedisURL == "" {
		return lock.NewMemory(), nil
	}
	return lock.NewRedis(cfg.RedisURL, cfg.RedisPrefix, log)
}

// newFailureCounter selects the Redis failure counters when REDIS_URL is set, so every replica counts the same
// failed authentications; else the in-process ones.
func newFailureCounter(cfg *Config, now func() time.Time) (throttle.Limiter, error) {
	if cfg.RedisURL == "" {
		return throttle.NewMemory(throttle.Window, now), nil
	}
	return throttle.NewRedis(cfg.RedisURL, cfg.RedisPrefix, throttle.Window)
}

// newAuthService wires token verification, the identity provider and the session refresher (auth.md).
func newAuthService(cfg *Config, store db.DbService, c cache.Cache, locks lock.Locker, o options, tokenCache ...cache.NearOption) *auth.Service {
	realm := cfg.AuthURL + "/realms/" + cfg.AuthRealm
	verifier := auth.NewVerifier(realm, o.httpClient, o.now)
	idp := auth.NewIdP(realm, o.httpClient, cfg.Version, o.now)
	return &auth.Service{
		IdP: idp, Verifier: verifier,
		APITokens: auth.NewAPITokens(store, c, o.now, tokenCache...),
		External:  auth.NewExternalTokens(verifier, idp, c, store, o.now),
		Sessions:  auth.NewSessionTokens(verifier, idp, locks, o.now),
	}
}

// background runs fn until Close.
func (a *App) background(fn func(ctx context.Context)) {
	a.wg.Add(1)
	go func() {
		defer a.wg.Done()
		fn(a.bgCtx)
	}()
}

// UsageStats are the usage recorder's counters.
func (a *App) UsageStats() usage.Stats { return a.usage.Stats() }

// Routes is the server's route table.
func (a *App) Routes() gin.RoutesInfo { return a.server.Routes() }

// ServeHTTP serves every route, the UI included.
func (a *App) ServeHTTP(w http.ResponseWriter, r *http.Request) { a.handler.ServeHTTP(w, r) }

// Metrics are the server's metrics: cmd/bodhi serves their Handler on BODHI_METRICS_ADDR, and the usage
// recorder reports to them (ObserveUsage, WatchUsage).
func (a *App) Metrics() *metrics.Metrics { return a.metrics }

// Drain makes /health answer 503 "draining" so a proxy moves traffic away before shutdown.
func (a *App) Drain() { a.draining.Store(true) }

// Close stops background work and llama-server (no child survives it), and closes the cache and both databases.
// It is idempotent.
func (a *App) Close(ctx context.Context) error {
	a.closeOnce.Do(func() {
		a.draining.Store(true)
		a.bgCancel()
		a.wg.Wait()
		var errs []error
		if a.usage != nil {
			// Before the store closes: what is buffered is written, or counted and logged as lost at ctx's end.
			errs = append(errs, a.usage.Close(ctx))
		}
		if a.llama != nil {
			errs = append(errs, a.llama.Close(ctx))
		}
		if a.locks != nil {
			errs = append(errs, a.locks.Close())
		}
		if a.failures != nil {
			errs = append(errs, a.failures.Close())
		}
		if a.cache != nil {
			errs = append(errs, a.cache.Close())
		}
		if a.sessions != nil {
			errs = append(errs, a.sessions.Close())
		}
		if a.store != nil {
			errs = append(errs, a.store.Close())
		}
		a.closeErr = errors.Join(errs...)
	})
	return a.closeErr
}
