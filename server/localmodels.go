package server

import (
	"github.com/gin-gonic/gin"

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
