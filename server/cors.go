package server

import (
	"net/http"
	"strings"

	"github.com/gin-gonic/gin"
)

// cors gives API paths permissive CORS without credentials, so browser apps call Bodhi with bearer tokens and
// never with cookies (auth.md §11.2). Preflights answer 204 before any org or auth work.
func cors(c *gin.Context) {
	p := c.Request.URL.Path
	if !strings.HasPrefix(p, "/bodhi/v1/") && !strings.HasPrefix(p, "/v1/") && !strings.HasPrefix(p, "/api/") {
		c.Next()
		return
	}
	h := c.Writer.Header()
	h.Set("Access-Control-Allow-Origin", "*")
	h.Set("Access-Control-Allow-Private-Network", "true")
	if c.Request.Method == http.MethodOptions && c.GetHeader("Access-Control-Request-Method") != "" {
		h.Set("Access-Control-Allow-Methods", "GET, POST, PUT, DELETE, PATCH, OPTIONS, HEAD")
		if req := c.GetHeader("Access-Control-Request-Headers"); req != "" {
			h.Set("Access-Control-Allow-Headers", req)
		} else {
			h.Set("Access-Control-Allow-Headers", "*")
		}
		h.Set("Access-Control-Max-Age", "600")
		c.AbortWithStatus(http.StatusNoContent)
		return
	}
	c.Next()
}
