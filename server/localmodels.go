package server

import (
	"net/http"

	"github.com/gin-gonic/gin"

	"github.com/bodhiapp/bodhi/audit"
	"github.com/bodhiapp/bodhi/localmodels"
)

// localOnly refuses a local-model route in hosted mode (http-api.md §1.6), after authentication and authorization
// like every other refusal of the route.
func (s *Server) localOnly(c *gin.Context) {
	if s.deps.Config.MultiTenant {
		s.fail(c, "local-model route in hosted mode", localmodels.ErrHosted)
		return
	}
	c.Next()
}

// localModelRoutes: the user aliases and the model files of a standalone server (package localmodels); the
// listings of GET /bodhi/v1/models are with the gateway's routes. Hosted, every route here is refused, except the
// ones http-api.md §5.2 lets behave normally there: reading and deleting a user alias (none exist).
func (s *Server) localModelRoutes(scoped *gin.RouterGroup) {
	userAny := scoped.Group("/", s.guard(GroupUserAny))
	userAny.GET("/bodhi/v1/modelfiles", s.localOnly, s.listModelFiles)

	puAny := scoped.Group("/", s.guard(GroupPowerUserAny))
	puAny.POST("/bodhi/v1/models", s.localOnly, s.createUserAlias)
	puAny.PUT("/bodhi/v1/models/:id", s.localOnly, s.updateUserAlias)
	puAny.DELETE("/bodhi/v1/models/:id", s.deleteUserAlias)
	puAny.POST("/bodhi/v1/models/:id/copy", s.localOnly, s.copyUserAlias)
}

// userAliasBody is the body of POST and PUT /bodhi/v1/models; alias is read on create only.
type userAliasBody struct {
	Alias         *string                    `json:"alias"`
	Repo          *string                    `json:"repo"`
	Filename      *string                    `json:"filename"`
	Snapshot      *string                    `json:"snapshot"`
	RequestParams *localmodels.RequestParams `json:"request_params"`
	ContextParams []string                   `json:"context_params"`
}

// input is the service's request; a required field left out is the JSON rejection of http-api.md §1.4.
func (b userAliasBody) input(create bool) (localmodels.AliasInput, *APIError) {
	if create && b.Alias == nil {
		return localmodels.AliasInput{}, jsonRejection("alias is required")
	}
	if b.Repo == nil || b.Filename == nil {
		return localmodels.AliasInput{}, jsonRejection("repo and filename are required")
	}
	in := localmodels.AliasInput{Repo: *b.Repo, Filename: *b.Filename, RequestParams: b.RequestParams,
		ContextParams: b.ContextParams}
	if create {
		in.Alias = *b.Alias
	}
	if b.Snapshot != nil {
		in.Snapshot = *b.Snapshot
	}
	return in, nil
}

func (s *Server) createUserAlias(c *gin.Context) {
	var body userAliasBody
	if !s.bindJSON(c, &body, false) {
		return
	}
	in, apiErr := body.input(true)
	if apiErr != nil {
		WriteError(c, apiErr)
		return
	}
	ctx := c.Request.Context()
	a, err := s.deps.LocalModels.CreateUserAlias(ctx, OrgID(ctx), in)
	if err != nil {
		s.fail(c, "create user alias", err)
		return
	}
	s.record(c, audit.AliasCreate, "alias", a.ID, map[string]any{"alias": a.Alias})
	c.JSON(http.StatusCreated, viewUserAlias(a))
}

func (s *Server) updateUserAlias(c *gin.Context) {
	var body userAliasBody
	if !s.bindJSON(c, &body, false) {
		return
	}
	in, apiErr := body.input(false)
	if apiErr != nil {
		WriteError(c, apiErr)
		return
	}
	ctx := c.Request.Context()
	a, err := s.deps.LocalModels.UpdateUserAlias(ctx, OrgID(ctx), c.Param("id"), in)
	if err != nil {
		s.fail(c, "update user alias", err)
		return
	}
	s.record(c, audit.AliasUpdate, "alias", a.ID, map[string]any{"alias": a.Alias})
	c.JSON(http.StatusOK, viewUserAlias(a))
}

// deleteUserAlias serves DELETE /bodhi/v1/models/{id}; hosted, where no user alias exists, it finds none.
func (s *Server) deleteUserAlias(c *gin.Context) {
	ctx := c.Request.Context()
	id := c.Param("id")
	if s.deps.LocalModels == nil {
		s.fail(c, "delete user alias", localmodels.AliasNotFound(id))
		return
	}
	if err := s.deps.LocalModels.DeleteUserAlias(ctx, OrgID(ctx), id); err != nil {
		s.fail(c, "delete user alias", err)
		return
	}
	s.record(c, audit.AliasDelete, "alias", id, nil)
	c.Status(http.StatusOK)
}

func (s *Server) copyUserAlias(c *gin.Context) {
	var body struct {
		Alias *string `json:"alias"`
	}
	if !s.bindJSON(c, &body, false) {
		return
	}
	if body.Alias == nil {
		WriteError(c, jsonRejection("alias is required"))
		return
	}
	ctx := c.Request.Context()
	a, err := s.deps.LocalModels.CopyUserAlias(ctx, OrgID(ctx), c.Param("id"), *body.Alias)
	if err != nil {
		s.fail(c, "copy user alias", err)
		return
	}
	s.record(c, audit.AliasCreate, "alias", a.ID, map[string]any{"alias": a.Alias, "copied_from": c.Param("id")})
	c.JSON(http.StatusCreated, viewUserAlias(a))
}

// listModelFiles serves GET /bodhi/v1/modelfiles: a page of the cache's GGUF files, by repo then filename.
func (s *Server) listModelFiles(c *gin.Context) {
	page, size, ok := pageQuery(c)
	if !ok {
		return
	}
	ctx := c.Request.Context()
	files, total, err := s.deps.LocalModels.ModelFilePage(ctx, OrgID(ctx), toPage(page, size))
	if err != nil {
		s.fail(c, "list model files", err)
		return
	}
	out := paginated[localModelView]{Data: make([]localModelView, len(files)), Total: total, Page: page, PageSize: size}
	for i, f := range files {
		out.Data[i] = localModelView{Repo: f.Repo, Filename: f.Filename, Snapshot: f.Snapshot, Size: &f.Size,
			ModelParams: struct{}{}, Metadata: f.Metadata}
	}
	c.JSON(http.StatusOK, out)
}

// localModelView is LocalModelResponse (http-api.md §5.1).
type localModelView struct {
	Repo        string                `json:"repo"`
	Filename    string                `json:"filename"`
	Snapshot    string                `json:"snapshot"`
	Size        *int64                `json:"size,omitempty"`
	ModelParams struct{}              `json:"model_params"`
	Metadata    *localmodels.Metadata `json:"metadata,omitempty"`
}
