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
	"github.com/bodhiapp/bodhi/cache"
	"github.com/bodhiapp/bodhi/config"
	"github.com/bodhiapp/bodhi/crypto"
	"github.com/bodhiapp/bodhi/db"
	"github.com/bodhiapp/bodhi/gateway"
	"github.com/bodhiapp/bodhi/membudget"
	"github.com/bodhiapp/bodhi/orgs"
	"github.com/bodhiapp/bodhi/throttle"
	"github.com/bodhiapp/bodhi/toolsets"
)

// Deps are what the handlers need. Everything is built by package app.
type Deps struct {
	Config *config.Config
	Store  db.DbService
	// Login runs the browser login with the org's client.
	Login *auth.Login
	// Setup creates the standalone org (standalone servers only).
	Setup *orgs.Setup
	// Database is the app database as /health sees it.
	Database  Pinger
	Orgs      *auth.OrgResolver
	Auth      *auth.Service
	Access    *access.Service
	MasterKey crypto.Key
	APIModels *apimodels.Service
	Gateway   *gateway.Service
	Toolsets  *toolsets.Service
	Audit     audit.Recorder
	Settings  *config.Settings
	Sessions  Sessions
	// SessionStore is the session database: "log a user out of an org everywhere", and /health pings it.
	SessionStore SessionStore
	Cache        cache.Cache
	// AuthFailures counts failed bearer authentications per client address and per org, shared by every replica.
	AuthFailures throttle.Limiter
	UI           fs.FS
	Logger       *slog.Logger
	// Draining reports that shutdown has begun, so /health answers 503 at once.
	Draining func() bool
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

	engine.Use(recovery(deps.Logger), requestLog(deps.Logger, trusted), s.closeWhileDraining, securityHeaders, cors,
		headerHygiene(trusted), cleanInput)

	// Not org-scoped.
	engine.GET("/ping", s.ping)
	engine.GET("/health", s.health)

	// "Soft" org-scoped: a standalone server without an org yet still answers.
	soft := engine.Group("/", s.resolveOrg(true))
	soft.GET("/bodhi/v1/info", s.appInfo)
	soft.GET("/bodhi/v1/app/info", s.appInfo)
	soft.POST("/bodhi/v1/setup", s.setup)
	soft.POST("/bodhi/v1/logout", s.logout)
	soft.GET("/bodhi/v1/user", s.guard(GroupOptional), s.user)

	// Org-scoped.
	scoped := engine.Group("/", s.resolveOrg(false))
	optional := scoped.Group("/", s.guard(GroupOptional))
	optional.GET("/bodhi/v1/orgs/current", s.currentOrg)
	optional.GET("/api/orgs/current", s.currentOrg)
	optional.POST("/bodhi/v1/auth/initiate", s.authInitiate)
	optional.POST("/bodhi/v1/auth/callback", s.authCallback)
	optional.POST("/bodhi/v1/user/request-access", s.requestAccess)
	optional.GET("/bodhi/v1/user/request-status", s.requestStatus)

	// Public but org-scoped: third-party apps call these without a user.
	scoped.POST("/bodhi/v1/apps/request-access", s.appRequestAccess)
	scoped.GET("/bodhi/v1/apps/access-requests/:id", s.appRequestStatus)

	signedInSession := scoped.Group("/", s.guard(GroupSignedInSession))
	signedInSession.GET("/bodhi/v1/orgs/user-memberships", s.userMemberships)
	signedInSession.GET("/api/orgs/user-memberships", s.userMemberships)

	uSession := scoped.Group("/", s.guard(GroupUserSession))
	uSession.GET("/bodhi/v1/access-requests/:id/review", s.reviewAppRequest)
	uSession.PUT("/bodhi/v1/access-requests/:id/approve", s.approveAppRequest)
	uSession.POST("/bodhi/v1/access-requests/:id/deny", s.denyAppRequest)

	userAny := scoped.Group("/", s.guard(GroupUserAny))
	userAny.GET("/bodhi/v1/models", s.bodhiModels)
	userAny.GET("/bodhi/v1/models/:id", s.bodhiModel)
	userAny.GET("/v1/models", s.oaiListModels)
	userAny.GET("/v1/models/*id", s.oaiGetModel)
	userAny.POST("/v1/chat/completions", s.oaiChat)
	userAny.POST("/v1/embeddings", s.oaiEmbeddings)
	userAny.GET("/api/tags", s.ollamaTags)
	userAny.POST("/api/show", s.ollamaShow)
	userAny.POST("/api/chat", s.ollamaChat)

	puAny := scoped.Group("/", s.guard(GroupPowerUserAny))
	puAny.GET("/bodhi/v1/api-models", s.listAPIModels)
	puAny.POST("/bodhi/v1/api-models", s.createAPIModel)
	puAny.GET("/bodhi/v1/api-models/api-formats", s.apiFormats)
	puAny.POST("/bodhi/v1/api-models/test", s.testAPIModel)
	puAny.POST("/bodhi/v1/api-models/fetch-models", s.fetchModels)
	puAny.GET("/bodhi/v1/api-models/:id", s.getAPIModel)
	puAny.PUT("/bodhi/v1/api-models/:id", s.updateAPIModel)
	puAny.DELETE("/bodhi/v1/api-models/:id", s.deleteAPIModel)
	puAny.POST("/bodhi/v1/api-models/:id/sync-models", s.syncAPIModel)

	s.toolsetRoutes(scoped)

	mSession := scoped.Group("/", s.guard(GroupManagerSession))
	mSession.GET("/bodhi/v1/access-requests/pending", s.accessRequestList(true))
	mSession.GET("/bodhi/v1/access-requests", s.accessRequestList(false))
	mSession.POST("/bodhi/v1/access-requests/:id/approve", s.approveAccessRequest)
	mSession.POST("/bodhi/v1/access-requests/:id/reject", s.rejectAccessRequest)
	mSession.GET("/bodhi/v1/users", s.listUsers)
	mSession.PUT("/bodhi/v1/users/:user_id/role", s.changeRole)
	mSession.DELETE("/bodhi/v1/users/:user_id", s.removeUser)

	aSession := scoped.Group("/", s.guard(GroupAdminSession))
	aSession.GET("/bodhi/v1/settings", s.listSettings)
	aSession.PUT("/bodhi/v1/settings/:key", s.updateSetting)
	aSession.DELETE("/bodhi/v1/settings/:key", s.resetSetting)

	puSession := scoped.Group("/", s.guard(GroupPowerUserSession))
	puSession.POST("/bodhi/v1/tokens", s.createToken)
	puSession.GET("/bodhi/v1/tokens", s.listTokens)
	puSession.PUT("/bodhi/v1/tokens/:id", s.updateToken)

	ui := newUIHandler(deps.UI)
	engine.GET("/", redirectToUI)
	engine.GET("/ui", redirectToUI)
	engine.GET("/ui/*path", ui.serve)
	engine.HEAD("/ui/*path", ui.serve)

	engine.NoRoute(s.noRoute)
	engine.NoMethod(func(c *gin.Context) { WriteError(c, ErrMethodNotAllowed) })
	return s
}

// BodyBudget is the request-body memory budget (tests read its gauges).
func (s *Server) BodyBudget() *membudget.Budget { return s.bodies }

// ServeHTTP makes Server an http.Handler.
func (s *Server) ServeHTTP(w http.ResponseWriter, r *http.Request) { s.engine.ServeHTTP(w, r) }

// noRoute answers unknown paths: API and other non-UI paths get the JSON 404 (http-api.md §1.4).
func (s *Server) noRoute(c *gin.Context) {
	WriteError(c, ErrRouteNotFound)
}

func redirectToUI(c *gin.Context) {
	c.Redirect(http.StatusFound, "/ui/")
}

// closeWhileDraining answers with Connection: close once shutdown has begun, so a proxy keeps no idle connection
// to a stopping replica that the listener's close could race with (a request lost on a reused connection).
func (s *Server) closeWhileDraining(c *gin.Context) {
	if s.deps.Draining() {
		c.Header("Connection", "close")
	}
	c.Next()
}
