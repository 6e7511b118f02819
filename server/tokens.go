package server

import (
	"errors"
	"net/http"
	"unicode/utf8"

	"github.com/gin-gonic/gin"

	"github.com/bodhiapp/bodhi/audit"
	"github.com/bodhiapp/bodhi/auth"
	"github.com/bodhiapp/bodhi/db"
)

var errEntityNotFound = NewError(TypeNotFound, "entity_error-not_found", "The requested item was not found.")

// apiTokenView is the ApiToken of http-api.md §4: never the hash.
type apiTokenView struct {
	ID          string `json:"id"`
	UserID      string `json:"user_id"`
	Name        string `json:"name"`
	TokenPrefix string `json:"token_prefix"`
	Scopes      string `json:"scopes"`
	Status      string `json:"status"`
	CreatedAt   string `json:"created_at"`
	UpdatedAt   string `json:"updated_at"`
}

func viewToken(t db.APIToken) apiTokenView {
	return apiTokenView{ID: t.ID, UserID: t.UserID, Name: t.Name, TokenPrefix: t.TokenPrefix, Scopes: t.Scopes,
		Status: t.Status, CreatedAt: rfc3339(t.CreatedAt), UpdatedAt: rfc3339(t.UpdatedAt)}
}

func validTokenName(name string) *APIError {
	if utf8.RuneCountInString(name) > 255 {
		return NewError(TypeInvalidRequest, "obj_validation_error-validation_errors", "name: at most 255 characters")
	}
	return nil
}

func (s *Server) createToken(c *gin.Context) {
	var body struct {
		Name  *string `json:"name"`
		Scope *string `json:"scope"`
	}
	if !s.bindJSON(c, &body, false) {
		return
	}
	if body.Scope == nil {
		WriteError(c, jsonRejection("missing field 'scope'"))
		return
	}
	name := ""
	if body.Name != nil {
		name = *body.Name
	}
	if apiErr := validTokenName(name); apiErr != nil {
		WriteError(c, apiErr)
		return
	}
	ctx := c.Request.Context()
	caller := Identity(ctx)
	scope := auth.ParseTokenScope(*body.Scope)
	switch {
	case scope == auth.LevelNone:
		WriteError(c, jsonRejection("unknown scope '"+*body.Scope+"'"))
		return
	case scope > auth.LevelPowerUser:
		WriteError(c, NewError(TypeInvalidRequest, "api_token_error-invalid_scope", "Only scope_token_user and scope_token_power_user tokens can be created."))
		return
	case caller.Role == auth.LevelUser && scope > auth.LevelUser:
		WriteError(c, NewError(TypeInvalidRequest, "api_token_error-privilege_escalation", "A user may create only scope_token_user tokens."))
		return
	}
	token, row, err := s.deps.Auth.APITokens.Create(ctx, OrgID(ctx), caller.UserID, name, scope)
	if err != nil {
		s.deps.Logger.Error("create API token", "err", err)
		WriteError(c, unexpected(err, NewError(TypeInternal, "db_error-query_failed", "The token could not be stored.")))
		return
	}
	s.record(c, audit.TokenCreate, "api_token", row.ID, map[string]any{"scope": row.Scopes})
	c.JSON(http.StatusCreated, gin.H{"token": token})
}

func (s *Server) listTokens(c *gin.Context) {
	page, size, ok := pageQuery(c)
	if !ok {
		return
	}
	ctx := c.Request.Context()
	rows, total, err := s.deps.Auth.APITokens.List(ctx, OrgID(ctx), Identity(ctx).UserID, toPage(page, size))
	if err != nil {
		s.dbFailure(c, "list API tokens", err)
		return
	}
	out := paginated[apiTokenView]{Data: make([]apiTokenView, len(rows)), Total: total, Page: page, PageSize: size}
	for i, r := range rows {
		out.Data[i] = viewToken(r)
	}
	c.JSON(http.StatusOK, out)
}

func (s *Server) updateToken(c *gin.Context) {
	var body struct {
		Name   *string `json:"name"`
		Status *string `json:"status"`
	}
	if !s.bindJSON(c, &body, false) {
		return
	}
	switch {
	case body.Name == nil:
		WriteError(c, jsonRejection("missing field 'name'"))
		return
	case body.Status == nil || (*body.Status != db.TokenActive && *body.Status != db.TokenInactive):
		WriteError(c, jsonRejection("field 'status' must be active or inactive"))
		return
	}
	if apiErr := validTokenName(*body.Name); apiErr != nil {
		WriteError(c, apiErr)
		return
	}
	ctx := c.Request.Context()
	row, err := s.deps.Auth.APITokens.Update(ctx, OrgID(ctx), Identity(ctx).UserID, c.Param("id"), *body.Name, *body.Status)
	if errors.Is(err, db.ErrNotFound) {
		WriteError(c, errEntityNotFound)
		return
	}
	if err != nil {
		s.dbFailure(c, "update API token", err)
		return
	}
	s.record(c, audit.TokenUpdate, "api_token", row.ID, map[string]any{"status": row.Status})
	c.JSON(http.StatusOK, viewToken(row))
}
