package server

import (
	"net/http"

	"github.com/gin-gonic/gin"

	"github.com/bodhiapp/bodhi/db"
)

// pullRoutes: downloads of model files from the Hugging Face hub (package hfpull; http-api.md §5.4). Power users,
// standalone only: hosted, each answers the refusal of §1.6 after the guard.
func (s *Server) pullRoutes(scoped *gin.RouterGroup) {
	puAny := scoped.Group("/", s.guard(GroupPowerUserAny), s.localOnly)
	puAny.GET("/bodhi/v1/modelfiles/pull", s.listPulls)
	puAny.POST("/bodhi/v1/modelfiles/pull", s.pullModel)
	puAny.GET("/bodhi/v1/modelfiles/pull/:id", s.getPull)
	puAny.POST("/bodhi/v1/modelfiles/pull/:id/cancel", s.cancelPull)
}

// downloadView is DownloadRequest of http-api.md §5.1.
type downloadView struct {
	ID              string  `json:"id"`
	Repo            string  `json:"repo"`
	Filename        string  `json:"filename"`
	Status          string  `json:"status"`
	Error           *string `json:"error,omitempty"`
	TotalBytes      *int64  `json:"total_bytes,omitempty"`
	DownloadedBytes int64   `json:"downloaded_bytes"`
	StartedAt       *string `json:"started_at,omitempty"`
	CreatedAt       string  `json:"created_at"`
	UpdatedAt       string  `json:"updated_at"`
}

func viewDownload(d db.DownloadRequest) downloadView {
	v := downloadView{ID: d.ID, Repo: d.Repo, Filename: d.Filename, Status: d.Status, Error: d.Error,
		TotalBytes: d.TotalBytes, DownloadedBytes: d.DownloadedBytes, CreatedAt: rfc3339(d.CreatedAt),
		UpdatedAt: rfc3339(d.UpdatedAt)}
	if d.StartedAt != nil {
		started := rfc3339(*d.StartedAt)
		v.StartedAt = &started
	}
	return v
}

// pullModel starts a download: 201 with a new request, or 200 with the pending one for the same file.
func (s *Server) pullModel(c *gin.Context) {
	var body struct {
		Repo     string `json:"repo"`
		Filename string `json:"filename"`
	}
	if !s.bindJSON(c, &body, false) {
		return
	}
	ctx := c.Request.Context()
	row, created, err := s.deps.Pulls.Pull(ctx, OrgID(ctx), body.Repo, body.Filename)
	if err != nil {
		s.fail(c, "pull a model file", err)
		return
	}
	status := http.StatusOK
	if created {
		status = http.StatusCreated
	}
	c.JSON(status, viewDownload(row))
}

// listPulls answers a page of the org's downloads, the most recently updated first.
func (s *Server) listPulls(c *gin.Context) {
	page, size, ok := pageQuery(c)
	if !ok {
		return
	}
	ctx := c.Request.Context()
	rows, total, err := s.deps.Pulls.List(ctx, OrgID(ctx), toPage(page, size))
	if err != nil {
		s.fail(c, "list downloads", err)
		return
	}
	out := paginated[downloadView]{Data: make([]downloadView, len(rows)), Total: total, Page: page, PageSize: size}
	for i, r := range rows {
		out.Data[i] = viewDownload(r)
	}
	c.JSON(http.StatusOK, out)
}

func (s *Server) getPull(c *gin.Context) {
	ctx := c.Request.Context()
	row, err := s.deps.Pulls.Get(ctx, OrgID(ctx), c.Param("id"))
	if err != nil {
		s.fail(c, "get a download", err)
		return
	}
	c.JSON(http.StatusOK, viewDownload(row))
}

// cancelPull stops a running or queued download (beyond the spec: it ends in error "cancelled", its partial file
// kept for a resume); a download that has ended is answered as it is.
func (s *Server) cancelPull(c *gin.Context) {
	ctx := c.Request.Context()
	row, err := s.deps.Pulls.Cancel(ctx, OrgID(ctx), c.Param("id"))
	if err != nil {
		s.fail(c, "cancel a download", err)
		return
	}
	c.JSON(http.StatusOK, viewDownload(row))
}
