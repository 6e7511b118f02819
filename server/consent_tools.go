package server

import (
	"github.com/gin-gonic/gin"

	"github.com/bodhiapp/bodhi/toolsets"
)

// toolsInfo lists, for each requested toolset type, its registry name and description and the caller's instances
// in this org (the consent review, http-api.md §11.3).
func (s *Server) toolsInfo(c *gin.Context, userID string, requested requestedTools) ([]gin.H, bool) {
	ctx := c.Request.Context()
	out := make([]gin.H, 0, len(requested.ToolsetTypes))
	for _, t := range requested.ToolsetTypes {
		rows, err := s.deps.Store.ListToolsetsByType(ctx, OrgID(ctx), userID, t.ToolsetType)
		if err != nil {
			s.dbFailure(c, "list toolset instances", err)
			return nil, false
		}
		instances := make([]toolsetView, len(rows))
		for i, r := range rows {
			instances[i] = viewToolset(r)
		}
		def, _ := toolsets.Lookup(t.ToolsetType)
		out = append(out, gin.H{"toolset_type": t.ToolsetType, "name": def.Name, "description": def.Description,
			"instances": instances})
	}
	return out, true
}
