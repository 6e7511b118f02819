package server

import (
	"net/http"

	"github.com/gin-gonic/gin"

	"github.com/bodhiapp/bodhi/localmodels"
)

// modelMetadataRoutes: GGUF metadata refresh and its queue (http-api.md §5.5), local models only.
func (s *Server) modelMetadataRoutes(scoped *gin.RouterGroup) {
	powerUser := scoped.Group("/", s.guard(GroupPowerUserSession))
	powerUser.POST("/bodhi/v1/models/refresh", s.localOnly, s.refreshModelMetadata)
	powerUser.GET("/bodhi/v1/queue", s.localOnly, s.metadataQueue)
}

// refreshBody is the body of POST /bodhi/v1/models/refresh: {"source": "all"}, or {"source": "model", repo,
// filename, snapshot}.
type refreshBody struct {
	Source   *string `json:"source"`
	Repo     *string `json:"repo"`
	Filename *string `json:"filename"`
	Snapshot *string `json:"snapshot"`
}

// refreshModelMetadata queues a background scan of every local GGUF file (202), or extracts one file's metadata
// at once (200).
func (s *Server) refreshModelMetadata(c *gin.Context) {
	var body refreshBody
	if !s.bindJSON(c, &body, false) {
		return
	}
	ctx := c.Request.Context()
	switch {
	case body.Source != nil && *body.Source == "all":
		s.deps.Metadata.RefreshAll(OrgID(ctx))
		c.JSON(http.StatusAccepted, gin.H{"num_queued": "all"})
	case body.Source != nil && *body.Source == "model":
		if body.Repo == nil || body.Filename == nil || body.Snapshot == nil {
			WriteError(c, jsonRejection("repo, filename and snapshot are required with source \"model\""))
			return
		}
		res, err := s.deps.Metadata.Refresh(ctx, OrgID(ctx), *body.Repo, *body.Filename, *body.Snapshot)
		if err != nil {
			s.fail(c, "refresh model metadata", err)
			return
		}
		c.JSON(http.StatusOK, viewModelAlias(localmodels.ModelAlias{Alias: res.Alias, File: res.File,
			Metadata: &res.Metadata}))
	default:
		WriteError(c, jsonRejection("source must be \"all\" or \"model\""))
	}
}

// metadataQueue answers {status: "idle" | "processing"}.
func (s *Server) metadataQueue(c *gin.Context) {
	c.JSON(http.StatusOK, gin.H{"status": s.deps.Metadata.Status()})
}
