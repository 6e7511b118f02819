package server

import (
	"context"
	"errors"
	"net/http"
	"sync"
	"time"

	"github.com/gin-gonic/gin"

	"github.com/bodhiapp/bodhi/db"
)

// healthCheckTimeout bounds each backend check of /health.
const healthCheckTimeout = 2 * time.Second

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

func (s *Server) ping(c *gin.Context) {
	c.JSON(http.StatusOK, gin.H{"message": "pong"})
}

// health is readiness: it pings every backend in parallel (http-api.md §2.2). The cache is reported but not
// required, because the server keeps serving from the database without it.
func (s *Server) health(c *gin.Context) {
	ctx := c.Request.Context()
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
	go check(&report.Database, s.deps.Store)
	go check(&report.SessionDatabase, s.deps.SessionDB)
	go check(&report.Cache, s.deps.Cache)
	wg.Wait()
	report.Cache.Backend = s.deps.Cache.Backend()

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

// healthMessage describes a failed check briefly; driver errors never carry credentials, but URLs might, so
// only the error's last line is kept and URLs are never included.
func healthMessage(err error) string {
	if errors.Is(err, context.DeadlineExceeded) {
		return "timed out after 2s"
	}
	msg := err.Error()
	if len(msg) > 200 {
		msg = msg[:200]
	}
	return db.RedactURL(msg)
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

// appInfo serves /bodhi/v1/app/info and /bodhi/v1/info (http-api.md §2.3).
func (s *Server) appInfo(c *gin.Context) {
	info := appInfo{
		Version: s.deps.Config.Version, CommitSHA: s.deps.Config.CommitSHA,
		MultiTenant: s.deps.Config.MultiTenant, Status: AppStatusReady,
	}
	if !s.deps.Config.MultiTenant {
		org, found, err := s.standaloneOrg(c.Request.Context())
		if err != nil {
			s.deps.Logger.Error("load the standalone org", "err", err)
			WriteError(c, ErrInternal)
			return
		}
		switch {
		case !found:
			info.Status = AppStatusSetup
		case org.Status == db.OrgSuspended:
			WriteError(c, NewError(TypeForbidden, "org_error-suspended", "Organization '"+org.Slug+"' is suspended."))
			return
		case org.Status == db.OrgDeleted:
			WriteError(c, NewError(TypeNotFound, "org_error-not_found", "Organization '"+org.Slug+"' not found."))
			return
		default:
			if org.FirstAdminUserID == nil {
				info.Status = AppStatusResourceAdmin
			}
			info.Org = &orgSummary{Slug: org.Slug, DisplayName: org.DisplayName}
		}
	}
	c.JSON(http.StatusOK, info)
}

// standaloneOrg returns the single org of a standalone server, if it exists yet.
func (s *Server) standaloneOrg(ctx context.Context) (db.Organization, bool, error) {
	all, err := s.deps.Store.ListOrgs(ctx, "")
	if err != nil || len(all) == 0 {
		return db.Organization{}, false, err
	}
	return all[0], true, nil
}
