package server

import (
	"github.com/gin-gonic/gin"

	"github.com/bodhiapp/bodhi/audit"
)

// record writes an audit event for the request's org and caller, after the change succeeded.
func (s *Server) record(c *gin.Context, action, resourceType, resourceID string, details map[string]any) {
	if s.deps.Audit == nil {
		return
	}
	ctx := c.Request.Context()
	s.deps.Audit.Record(ctx, audit.Event{
		OrgID: OrgID(ctx), UserID: Identity(ctx).UserID, Action: action, ResourceType: resourceType,
		ResourceID: resourceID, Details: details, ClientIP: c.ClientIP(), RequestID: c.GetString("request_id"),
	})
}
