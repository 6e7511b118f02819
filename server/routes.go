package server

import (
	"net/http"

	"github.com/gin-gonic/gin"
)

// routes registers every route, area by area; each area's routes carry the guard of their group (auth.md §10.3).
// Org resolution comes first: "soft" routes answer a standalone server that has no org yet.
func (s *Server) routes(engine *gin.Engine) {
	engine.GET("/ping", s.ping)
	engine.GET("/health", s.health)
	engine.GET("/api-docs/openapi.json", s.apiDocument)
	soft := engine.Group("/", s.resolveOrg(true))
	scoped := engine.Group("/", s.resolveOrg(false))
	s.sessionRoutes(soft, scoped)
	s.accessRoutes(scoped)
	s.gatewayRoutes(scoped)
	s.modelMetadataRoutes(scoped)
	s.apiModelRoutes(scoped)
	s.localModelRoutes(scoped)
	s.toolsetRoutes(scoped)
	s.pullRoutes(scoped)
	s.settingsAndTokenRoutes(scoped)
	s.usageRoutes(scoped)
	s.uiRoutes(engine)
}

// sessionRoutes: server info, setup, login and logout, the caller and their orgs.
func (s *Server) sessionRoutes(soft, scoped *gin.RouterGroup) {
	soft.GET("/bodhi/v1/info", s.appInfo)
	soft.GET("/bodhi/v1/app/info", s.appInfo)
	soft.POST("/bodhi/v1/setup", s.setup)
	soft.POST("/bodhi/v1/logout", s.logout)
	soft.GET("/bodhi/v1/user", s.guard(GroupOptional), s.user)

	optional := scoped.Group("/", s.guard(GroupOptional))
	optional.GET("/bodhi/v1/orgs/current", s.currentOrg)
	optional.GET("/api/orgs/current", s.currentOrg)
	optional.POST("/bodhi/v1/auth/initiate", s.authInitiate)
	optional.POST("/bodhi/v1/auth/callback", s.authCallback)

	signedIn := scoped.Group("/", s.guard(GroupSignedInSession))
	signedIn.GET("/bodhi/v1/orgs/user-memberships", s.userMemberships)
	signedIn.GET("/api/orgs/user-memberships", s.userMemberships)
}

// accessRoutes: onboarding, users, and third-party app consent (package access).
func (s *Server) accessRoutes(scoped *gin.RouterGroup) {
	optional := scoped.Group("/", s.guard(GroupOptional))
	optional.POST("/bodhi/v1/user/request-access", s.requestAccess)
	optional.GET("/bodhi/v1/user/request-status", s.requestStatus)

	// Public but org-scoped: third-party apps call these without a user.
	scoped.POST("/bodhi/v1/apps/request-access", s.appRequestAccess)
	scoped.GET("/bodhi/v1/apps/access-requests/:id", s.appRequestStatus)

	user := scoped.Group("/", s.guard(GroupUserSession))
	user.GET("/bodhi/v1/access-requests/:id/review", s.reviewAppRequest)
	user.PUT("/bodhi/v1/access-requests/:id/approve", s.approveAppRequest)
	user.POST("/bodhi/v1/access-requests/:id/deny", s.denyAppRequest)

	manager := scoped.Group("/", s.guard(GroupManagerSession))
	manager.GET("/bodhi/v1/access-requests/pending", s.accessRequestList(true))
	manager.GET("/bodhi/v1/access-requests", s.accessRequestList(false))
	manager.POST("/bodhi/v1/access-requests/:id/approve", s.approveAccessRequest)
	manager.POST("/bodhi/v1/access-requests/:id/reject", s.rejectAccessRequest)
	manager.GET("/bodhi/v1/users", s.listUsers)
	manager.PUT("/bodhi/v1/users/:user_id/role", s.changeRole)
	manager.DELETE("/bodhi/v1/users/:user_id", s.removeUser)
}

// gatewayRoutes: the org's models and the OpenAI and Ollama APIs (package gateway).
func (s *Server) gatewayRoutes(scoped *gin.RouterGroup) {
	userAny := scoped.Group("/", s.guard(GroupUserAny))
	userAny.GET("/bodhi/v1/models", s.bodhiModels)
	userAny.GET("/bodhi/v1/models/:id", s.bodhiModel)
	userAny.GET("/v1/models", s.oaiListModels)
	userAny.GET("/v1/models/*id", s.oaiGetModel)
	userAny.POST("/v1/chat/completions", s.oaiChat)
	userAny.POST("/v1/embeddings", s.oaiEmbeddings)
	s.ollamaRoutes(userAny)
}

// apiModelRoutes: the org's model providers (package apimodels).
func (s *Server) apiModelRoutes(scoped *gin.RouterGroup) {
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
}

// settingsAndTokenRoutes: the platform settings (admins) and personal API tokens.
func (s *Server) settingsAndTokenRoutes(scoped *gin.RouterGroup) {
	admin := scoped.Group("/", s.guard(GroupAdminSession))
	admin.GET("/bodhi/v1/settings", s.listSettings)
	admin.PUT("/bodhi/v1/settings/:key", s.updateSetting)
	admin.DELETE("/bodhi/v1/settings/:key", s.resetSetting)

	powerUser := scoped.Group("/", s.guard(GroupPowerUserSession))
	powerUser.POST("/bodhi/v1/tokens", s.createToken)
	powerUser.GET("/bodhi/v1/tokens", s.listTokens)
	powerUser.PUT("/bodhi/v1/tokens/:id", s.updateToken)
}

// uiRoutes: the embedded web app.
func (s *Server) uiRoutes(engine *gin.Engine) {
	ui := newUIHandler(s.deps.UI)
	engine.GET("/", redirectToUI)
	engine.GET("/ui", redirectToUI)
	engine.GET("/ui/*path", ui.serve)
	engine.HEAD("/ui/*path", ui.serve)
}

func redirectToUI(c *gin.Context) {
	c.Redirect(http.StatusFound, "/ui/")
}
