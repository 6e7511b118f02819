package server

import (
	"net/http"

	"github.com/gin-gonic/gin"

	"github.com/bodhiapp/bodhi/db"
	"github.com/bodhiapp/bodhi/localmodels"
)

// userAliasView is UserAliasResponse (http-api.md §5.1).
type userAliasView struct {
	ID            string                    `json:"id"`
	Alias         string                    `json:"alias"`
	Repo          string                    `json:"repo"`
	Filename      string                    `json:"filename"`
	Snapshot      string                    `json:"snapshot"`
	Source        string                    `json:"source"`
	ModelParams   struct{}                  `json:"model_params"`
	RequestParams localmodels.RequestParams `json:"request_params"`
	ContextParams []string                  `json:"context_params"`
	CreatedAt     string                    `json:"created_at"`
	UpdatedAt     string                    `json:"updated_at"`
	Metadata      *localmodels.Metadata     `json:"metadata,omitempty"`
}

func viewUserAlias(a localmodels.UserAlias) userAliasView {
	return userAliasView{ID: a.ID, Alias: a.Alias, Repo: a.Repo, Filename: a.Filename, Snapshot: a.Snapshot,
		Source: "user", RequestParams: a.RequestParams, ContextParams: a.ContextParams,
		CreatedAt: rfc3339(a.CreatedAt), UpdatedAt: rfc3339(a.UpdatedAt), Metadata: a.Metadata}
}

// modelAliasView is ModelAliasResponse (http-api.md §5.1).
type modelAliasView struct {
	Source   string                `json:"source"`
	Alias    string                `json:"alias"`
	Repo     string                `json:"repo"`
	Filename string                `json:"filename"`
	Snapshot string                `json:"snapshot"`
	Metadata *localmodels.Metadata `json:"metadata,omitempty"`
}

func viewModelAlias(m localmodels.ModelAlias) modelAliasView {
	return modelAliasView{Source: "model", Alias: m.Alias, Repo: m.File.Repo, Filename: m.File.Filename,
		Snapshot: m.File.Snapshot, Metadata: m.Metadata}
}

// apiAliasView is ApiAliasResponse: an API model as the alias list shows it.
type apiAliasView struct {
	Source string `json:"source"`
	apiModelView
}

func viewAPIAlias(r db.APIModelAlias) apiAliasView {
	return apiAliasView{Source: "api", apiModelView: viewAPIModel(r)}
}

// bodhiModels serves GET /bodhi/v1/models (http-api.md §5.2): the user and model aliases by name, then the API
// models newest first, paged together. Hosted, where no local alias exists, the API models alone.
func (s *Server) bodhiModels(c *gin.Context) {
	desc, ok := sortDescending(c)
	if !ok {
		return
	}
	if s.deps.LocalModels == nil {
		writeAPIModelPage(s, c, viewAPIAlias)
		return
	}
	page, size, ok := pageQuery(c)
	if !ok {
		return
	}
	ctx := c.Request.Context()
	aliases, total, err := s.deps.LocalModels.AliasPage(ctx, OrgID(ctx), toPage(page, size), desc)
	if err != nil {
		s.fail(c, "list aliases", err)
		return
	}
	out := paginated[any]{Data: make([]any, len(aliases)), Total: total, Page: page, PageSize: size}
	for i, a := range aliases {
		switch {
		case a.User != nil:
			out.Data[i] = viewUserAlias(*a.User)
		case a.Model != nil:
			out.Data[i] = viewModelAlias(*a.Model)
		default:
			out.Data[i] = viewAPIAlias(*a.API)
		}
	}
	c.JSON(http.StatusOK, out)
}

// bodhiModel serves GET /bodhi/v1/models/{id}: a user alias of the org by id (http-api.md §5.2). Hosted, where
// no user alias exists, it finds none.
func (s *Server) bodhiModel(c *gin.Context) {
	if s.deps.LocalModels == nil {
		s.fail(c, "load user alias", localmodels.AliasNotFound(c.Param("id")))
		return
	}
	ctx := c.Request.Context()
	a, err := s.deps.LocalModels.UserAlias(ctx, OrgID(ctx), c.Param("id"))
	if err != nil {
		s.fail(c, "load user alias", err)
		return
	}
	c.JSON(http.StatusOK, viewUserAlias(a))
}

// sortDescending reads sort_order (http-api.md §1.5): asc (the default) or desc.
func sortDescending(c *gin.Context) (desc, ok bool) {
	switch c.Query("sort_order") {
	case "", "asc":
		return false, true
	case "desc":
		return true, true
	}
	WriteError(c, queryRejection("sort_order must be asc or desc"))
	return false, false
}
