package server

import (
	"time"

	"github.com/gin-gonic/gin"
)

// HTTPMetrics counts answered requests (*metrics.Metrics). GET /metrics itself is never a route of this engine:
// it is served on the separate listener of BODHI_METRICS_ADDR.
type HTTPMetrics interface {
	// ObserveHTTP gets the org's slug ("" when no org was resolved), Gin's route template ("" when no route
	// matched), the status and the time to answer.
	ObserveHTTP(org, route string, status int, elapsed time.Duration)
}

// httpMetrics is the first middleware, so it times everything, a recovered panic's 500 included. The org is read
// after the handlers ran: resolveOrg attaches it to the request further down the chain.
func httpMetrics(m HTTPMetrics) gin.HandlerFunc {
	return func(c *gin.Context) {
		start := time.Now()
		c.Next()
		slug := ""
		if org, ok := Org(c.Request.Context()); ok {
			slug = org.Slug
		}
		m.ObserveHTTP(slug, c.FullPath(), c.Writer.Status(), time.Since(start))
	}
}
