// Package server is Bodhi's HTTP layer: the Gin engine, the middleware pipeline (auth.md §1) and the handlers,
// grouped by area. Handlers parse the request, call one service or repository method and write the response.
package server

import (
	"io/fs"
	"log/slog"
	"net/http"

	"github.com/gin-gonic/gin"
	"golang.org/x/sync/singleflight"

	"github.com/bodhiapp/bodhi/access"
	"github.com/bodhiapp/bodhi/apimodels"
	"github.com/bodhiapp/bodhi/audit"
	"github.com/bodhiapp/bodhi/auth"
	"github.com/bodhiapp/bodhi/config"
	"github.com/bodhiapp/bodhi/gateway"
	"github.com/bodhiapp/bodhi/localmodels"
	"github.com/bodhiapp/bodhi/localmodels/hfpull"
	"github.com/bodhiapp/bodhi/localmodels/metadata"
	"github.com/bodhiapp/bodhi/membudget"
	"github.com/bodhiapp/bodhi/orgs"
	"github.com/bodhiapp/bodhi/throttle"
	"github.com/bodhiapp/bodhi/toolsets"
	"github.com/bodhiapp/bodhi/usage"
)

// Deps are what the handlers need. Everything is built by package app.
type Deps struct {
	Config *config.Config
	// Login runs the browser login with the org's client.
	Login *auth.Login
	// Setup creates the standalone org (standalone servers only).
	Setup *orgs.Setup
	// Database is the app database as /health sees it.
	Database  Pinger
	Orgs      *auth.OrgResolver
	Auth      *auth.Service
	Access    *access.Service
	APIModels *apimodels.Service
	Gateway   *gateway.Service
	Toolsets  *toolsets.Service
	Audit     audit.Recorder
	Settings  *config.Settings
	Sessions  Sessions
	// SessionDatabase and Cache are the other backends /health checks.
	SessionDatabase Pinger
	Cache           CacheHealth
	// AuthFailures counts failed bearer authentications per client address and per org, shared by every replica.
	AuthFailures throttle.Limiter
	UI           fs.FS
	// APIDocument is the OpenAPI document served at /api-docs/openapi.json (package apidoc).
	APIDocument []byte
	Logger      *slog.Logger
	// Draining reports that shutdown has begun, so /health answers 503 at once.
	Draining func() bool

	// Metadata keeps the GGUF metadata of local model files (standalone only; nil in hosted mode).
	Metadata *metadata.Service
	// LocalModels is the catalog of local models: the Hugging Face cache and the aliases over it (standalone
	// only; nil in hosted mode).
	LocalModels *localmodels.Service
	// Pulls downloads model files from the Hugging Face hub (standalone only; nil in hosted mode).
	Pulls *hfpull.Service
	// Usage takes the usage event of every gateway request (package usage); nil records nothing.
	Usage UsageRecorder
	// UsageReports reads the stored usage (GET /bodhi/v1/usage).
	UsageReports usage.Summer
	// Metrics counts every answered request (package metrics); nil counts nothing.
	Metrics HTTPMetrics
}

// Server holds the router and its dependencies.
type Server struct {
	deps     Deps
	engine   *gin.Engine
	trusted  *TrustedProxies
	failures *authFailures
	// healthChecks lets concurrent /health probes share one round of backend pings: a probe storm during a
	// database stall costs one ping per backend, not one per probe.
	healthChecks singleflight.Group
	// bodies bounds the memory of buffered request bodies (BODHI_BODY_MEMORY_MB): one budget per server, which is
	// per process outside the tests.
	bodies *membudget.Budget
}

// New builds the router.
func New(deps Deps) *Server {
	gin.SetMode(gin.ReleaseMode)
	engine := gin.New()
	engine.ContextWithFallback = true
	engine.HandleMethodNotAllowed = true
	engine.RedirectTrailingSlash = false
	engine.RedirectFixedPath = false
	trusted := NewTrustedProxies(deps.Config.TrustedProxies)
	s := &Server{deps: deps, engine: engine, trusted: trusted, failures: newAuthFailures(deps.AuthFailures,
		deps.Config.AuthFailLimitAddr, deps.Config.AuthFailLimitOrg, deps.Logger),
		bodies: membudget.New(int64(deps.Config.BodyMemoryMB)<<20, bodyBudgetWait)}

	if deps.Metrics != nil {
		engine.Use(httpMetrics(deps.Metrics))
	}
	engine.Use(recovery(deps.Logger), requestLog(deps.Logger, trusted), s.closeWhileDraining, securityHeaders, cors,
		headerHygiene(trusted), cleanInput)

	s.routes(engine)
	engine.NoRoute(s.noRoute)
	engine.NoMethod(func(c *gin.Context) { WriteError(c, ErrMethodNotAllowed) })
	return s
}

// Routes is Gin's route table (the test that compares it with the OpenAPI document reads it).
func (s *Server) Routes() gin.RoutesInfo { return s.engine.Routes() }

// BodyBudget is the request-body memory budget (tests read its gauges).
func (s *Server) BodyBudget() *membudget.Budget { return s.bodies }

// ServeHTTP makes Server an http.Handler.
func (s *Server) ServeHTTP(w http.ResponseWriter, r *http.Request) { s.engine.ServeHTTP(w, r) }

// noRoute answers unknown paths: API and other non-UI paths get the JSON 404 (http-api.md §1.4).
func (s *Server) noRoute(c *gin.Context) {
	WriteError(c, ErrRouteNotFound)
}

// closeWhileDraining answers with Connection: close once shutdown has begun, so a proxy keeps no idle connection
// to a stopping replica that the listener's close could race with (a request lost on a reused connection).
func (s *Server) closeWhileDraining(c *gin.Context) {
	if s.deps.Draining() {
		c.Header("Connection", "close")
	}
	c.Next()
}
