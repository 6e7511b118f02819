package server

import (
	"net/http"

	"github.com/gin-gonic/gin"

	"github.com/bodhiapp/bodhi/audit"
	"github.com/bodhiapp/bodhi/auth"
)

// listUsers relays the identity provider's list of the org client's users (http-api.md §10.3).
func (s *Server) listUsers(c *gin.Context) {
	page, size, ok := pageQuery(c)
	if !ok {
		return
	}
	ctx := c.Request.Context()
	raw, err := s.deps.Auth.IdP.ListUsers(ctx, Identity(ctx).AccessToken, page, size)
	if err != nil {
		s.deps.Logger.Error("list users", "err", err)
		WriteError(c, NewError(TypeInternal, "user_route_error-list_failed", "The user list could not be loaded."))
		return
	}
	c.Data(http.StatusOK, "application/json", raw)
}

// bindRole reads the body {role} of a role assignment: one of the four resource roles.
func (s *Server) bindRole(c *gin.Context) (string, bool) {
	var body struct {
		Role *string `json:"role"`
	}
	if !s.bindJSON(c, &body, false) {
		return "", false
	}
	if body.Role == nil || auth.ParseRole(*body.Role) == auth.LevelNone {
		WriteError(c, jsonRejection("field 'role' must be one of resource_user, resource_power_user, resource_manager, resource_admin"))
		return "", false
	}
	return *body.Role, true
}

// changeRole assigns a role through the identity provider, then ends the user's sessions in this org.
func (s *Server) changeRole(c *gin.Context) {
	role, ok := s.bindRole(c)
	if !ok {
		return
	}
	ctx := c.Request.Context()
	target := c.Param("user_id")
	if err := s.deps.Auth.IdP.AssignRole(ctx, Identity(ctx).AccessToken, target, role); err != nil {
		s.deps.Logger.Error("change role", "user_id", target, "err", err)
		WriteError(c, NewError(TypeInternal, "user_route_error-role_change_failed", "The role could not be changed."))
		return
	}
	s.endSessions(c, OrgID(ctx), target)
	s.record(c, audit.RoleChange, "user", target, map[string]any{"role": role})
	c.Status(http.StatusOK)
}

// removeUser removes the user from the org's client, ends their sessions and deactivates their API tokens here.
func (s *Server) removeUser(c *gin.Context) {
	ctx := c.Request.Context()
	target, orgID := c.Param("user_id"), OrgID(ctx)
	if err := s.deps.Auth.IdP.RemoveUser(ctx, Identity(ctx).AccessToken, target); err != nil {
		s.deps.Logger.Error("remove user", "user_id", target, "err", err)
		WriteError(c, NewError(TypeInternal, "user_route_error-remove_failed", "The user could not be removed."))
		return
	}
	s.endSessions(c, orgID, target)
	if _, err := s.deps.Store.DeactivateUserAPITokens(ctx, orgID, target); err != nil {
		s.deps.Logger.Error("deactivate the removed user's tokens", "user_id", target, "err", err)
	}
	// The cached token rows of the org are dropped everywhere, so the deactivation holds on every replica.
	if err := s.deps.Cache.InvalidatePrefix(ctx, auth.APITokenKey(orgID, "")); err != nil {
		s.deps.Logger.Warn("invalidate cached tokens", "err", err)
	}
	s.record(c, audit.UserRemove, "user", target, nil)
	c.Status(http.StatusOK)
}
