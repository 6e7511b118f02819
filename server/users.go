package server

import (
	"net/http"

	"github.com/gin-gonic/gin"

	"github.com/bodhiapp/bodhi/audit"
	"github.com/bodhiapp/bodhi/auth"
)

// User administration (http-api.md §10.3): the workflows are access.Service's.

// listUsers relays the identity provider's list of the org client's users.
func (s *Server) listUsers(c *gin.Context) {
	page, size, ok := pageQuery(c)
	if !ok {
		return
	}
	ctx := c.Request.Context()
	raw, err := s.deps.Access.ListUsers(ctx, OrgID(ctx), Identity(ctx), page, size)
	if err != nil {
		s.fail(c, "list users", err)
		return
	}
	c.Data(http.StatusOK, "application/json", raw)
}

// bindRole reads the body {role} of a role assignment: one of the four resource roles.
func (s *Server) bindRole(c *gin.Context) (auth.Level, bool) {
	var body struct {
		Role *string `json:"role"`
	}
	if !s.bindJSON(c, &body, false) {
		return auth.LevelNone, false
	}
	role := auth.LevelNone
	if body.Role != nil {
		role = auth.ParseRole(*body.Role)
	}
	if role == auth.LevelNone {
		WriteError(c, jsonRejection("field 'role' must be one of resource_user, resource_power_user, resource_manager, resource_admin"))
		return auth.LevelNone, false
	}
	return role, true
}

func (s *Server) changeRole(c *gin.Context) {
	role, ok := s.bindRole(c)
	if !ok {
		return
	}
	ctx := c.Request.Context()
	target := c.Param("user_id")
	if err := s.deps.Access.ChangeRole(ctx, OrgID(ctx), Identity(ctx), target, role); err != nil {
		s.fail(c, "change role", err)
		return
	}
	s.record(c, audit.RoleChange, "user", target, map[string]any{"role": role.Role()})
	c.Status(http.StatusOK)
}

func (s *Server) removeUser(c *gin.Context) {
	ctx := c.Request.Context()
	target := c.Param("user_id")
	if err := s.deps.Access.RemoveUser(ctx, OrgID(ctx), Identity(ctx), target); err != nil {
		s.fail(c, "remove user", err)
		return
	}
	s.record(c, audit.UserRemove, "user", target, nil)
	c.Status(http.StatusOK)
}
