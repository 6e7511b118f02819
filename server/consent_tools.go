package server

import (
	"github.com/gin-gonic/gin"
)

// toolsInfo lists, for each requested toolset type, the caller's instances in this org (the consent review).
func (s *Server) toolsInfo(c *gin.Context, userID string, requested requestedTools) ([]gin.H, bool) {
	ctx := c.Request.Context()
	out := make([]gin.H, 0, len(requested.ToolsetTypes))
	for _, t := range requested.ToolsetTypes {
		rows, err := s.deps.Store.ListToolsetsByType(ctx, OrgID(ctx), userID, t.ToolsetType)
		if err != nil {
			s.dbFailure(c, "list toolset instances", err)
			return nil, false
		}
		instances := make([]gin.H, len(rows))
		for i, r := range rows {
			instances[i] = gin.H{"id": r.ID, "slug": r.Slug, "toolset_type": r.ToolsetType, "description": r.Description,
				"enabled": r.Enabled, "has_api_key": r.EncryptedAPIKey != nil, "created_at": rfc3339(r.CreatedAt),
				"updated_at": rfc3339(r.UpdatedAt)}
		}
		out = append(out, gin.H{"toolset_type": t.ToolsetType, "instances": instances})
	}
	return out, true
}
