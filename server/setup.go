package server

import (
	"net/http"

	"github.com/gin-gonic/gin"

	"github.com/bodhiapp/bodhi/publicurl"
)

// setup creates the standalone org with a client registered at the identity provider (auth.md §12.1).
func (s *Server) setup(c *gin.Context) {
	var body struct {
		Name        *string `json:"name"`
		Description *string `json:"description"`
	}
	if !s.bindJSON(c, &body, false) {
		return
	}
	if body.Name == nil {
		WriteError(c, jsonRejection("missing field 'name'"))
		return
	}
	description := ""
	if body.Description != nil {
		description = *body.Description
	}
	callbacks := publicurl.StandaloneCallbacks(s.deps.Config, c.Request.Host)
	if _, err := s.deps.Setup.Run(c.Request.Context(), *body.Name, description, callbacks); err != nil {
		s.fail(c, "standalone setup", err)
		return
	}
	c.JSON(http.StatusOK, gin.H{"status": AppStatusResourceAdmin})
}
