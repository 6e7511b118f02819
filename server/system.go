package server

import (
	"context"
	"errors"
	"net/http"
	"sync"
	"time"

	"github.com/gin-gonic/gin"

	"github.com/bodhiapp/bodhi/dburl"
)

// healthCheckTimeout bounds each backend check of /health, so readiness answers fast even while a backend stalls.
const healthCheckTimeout = time.Second

// Pinger is a backend /health can check.
type Pinger interface {
	Ping(ctx context.Context) error
}

// CacheHealth is the cache as /health sees it.
type CacheHealth interface {
	Pinger
	Backend() string
}

type componentHealth struct {
	Status  string `json:"status"`
	Backend string `json:"backend,omitempty"`
	Message string `json:"message,omitempty"`
}

type healthReport struct {
	Status          string          `json:"status"`
	Database        componentHealth `json:"database"`
	SessionDatabase componentHealth `json:"session_database"`
	Cache           componentHealth `json:"cache"`
}

// apiDocument serves the OpenAPI document: public and the same for every org, so caches may keep it briefly.
func (s *Server) apiDocument(c *gin.Context) {
	c.Header("Cache-Control", "public, max-age=300")
	c.Data(http.StatusOK, "application/json", s.deps.APIDocument)
}

func (s *Server) ping(c *gin.Context) {
	c.JSON(http.StatusOK, gin.H{"message": "pong"})
}

// health is readiness: it pings every backend in parallel (http-api.md §2.2). The cache is reported but not
// required, because the server keeps serving from the database without it.
func (s *Server) health(c *gin.Context) {
	v, _, _ := s.healthChecks.Do("health", func() (any, error) {
		return s.checkBackends(context.WithoutCancel(c.Request.Context())), nil
	})
	report := v.(healthReport)
	status := http.StatusOK
	switch {
	case s.deps.Draining():
		report.Status, status = "draining", http.StatusServiceUnavailable
	case report.Database.Status != "ok" || report.SessionDatabase.Status != "ok":
		report.Status, status = "error", http.StatusServiceUnavailable
	case report.Cache.Status != "ok":
		report.Status = "degraded"
	default:
		report.Status = "ok"
	}
	c.JSON(status, report)
}

// checkBackends pings the databases and the cache, each within healthCheckTimeout.
func (s *Server) checkBackends(ctx context.Context) healthReport {
	report := healthReport{}
	var wg sync.WaitGroup
	check := func(dst *componentHealth, p Pinger) {
		defer wg.Done()
		ctx, cancel := context.WithTimeout(ctx, healthCheckTimeout)
		defer cancel()
		if err := p.Ping(ctx); err != nil {
			dst.Status, dst.Message = "error", healthMessage(err)
			return
		}
		dst.Status = "ok"
	}
	wg.Add(3)
	go check(&report.Database, s.deps.Database)
	go check(&report.SessionDatabase, s.deps.SessionDatabase)
	go check(&report.Cache, s.deps.Cache)
	wg.Wait()
	report.Cache.Backend = s.deps.Cache.Backend()
	return report
}

// healthMessage describes a failed check briefly; driver errors never carry credentials, but URLs might, so
// only the error's last line is kept and URLs are never included.
func healthMessage(err error) string {
	if errors.Is(err, context.DeadlineExceeded) {
		return "timed out after " + healthCheckTimeout.String()
	}
	msg := err.Error()
	if len(msg) > 200 {
		msg = msg[:200]
	}
	return dburl.Redact(msg)
}

type orgSummary struct {
	Slug        string `json:"slug"`
	DisplayName string `json:"display_name"`
}

type appInfo struct {
	Version     string      `json:"version"`
	CommitSHA   string      `json:"commit_sha"`
	MultiTenant bool        `json:"multi_tenant"`
	Status      string      `json:"status"`
	Org         *orgSummary `json:"org,omitempty"`
}

// App statuses (auth.md §12.1).
const (
	AppStatusSetup         = "setup"
	AppStatusResourceAdmin = "resource-admin"
	AppStatusReady         = "ready"
)

// appInfo serves /bodhi/v1/app/info and /bodhi/v1/info (http-api.md §2.3). The org was resolved softly: in
// standalone mode before setup there is none, and the status is "setup".
func (s *Server) appInfo(c *gin.Context) {
	info := appInfo{
		Version: s.deps.Config.Version, CommitSHA: s.deps.Config.CommitSHA,
		MultiTenant: s.deps.Config.MultiTenant, Status: AppStatusReady,
	}
	org, ok := Org(c.Request.Context())
	switch {
	case !ok:
		info.Status = AppStatusSetup
	case !s.deps.Config.MultiTenant && org.FirstAdminUserID == nil:
		info.Status = AppStatusResourceAdmin
	}
	if ok {
		info.Org = &orgSummary{Slug: org.Slug, DisplayName: org.DisplayName}
	}
	c.JSON(http.StatusOK, info)
}
