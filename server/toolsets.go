package server

import "github.com/gin-gonic/gin"

// toolsetRoutes registers the toolset routes (http-api.md §9) on the org-scoped group.
func (s *Server) toolsetRoutes(scoped *gin.RouterGroup) {}
