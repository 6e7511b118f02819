package server

import (
	"encoding/json"
	"errors"
	"net/http"

	"github.com/gin-gonic/gin"

	"github.com/bodhiapp/bodhi/audit"
	"github.com/bodhiapp/bodhi/toolsets"
)

// authorizeExec is the U-exec step (auth.md §14): after the U-oauth group check, before the handler.
func (api *toolsetAPI) authorizeExec(c *gin.Context) {
	ctx := c.Request.Context()
	if err := api.svc.AuthorizeExec(ctx, OrgID(ctx), Identity(ctx), c.Param("id")); err != nil {
		api.fail(c, "authorize toolset execution", err)
		return
	}
	c.Next()
}

// execute runs one method (http-api.md §9.3). An Exa failure is 200 {error}; a refusal is the standard error.
func (api *toolsetAPI) execute(c *gin.Context) {
	var body struct {
		Params json.RawMessage `json:"params"`
	}
	if !api.bindJSON(c, &body, false) {
		return
	}
	if len(body.Params) == 0 || string(body.Params) == "null" {
		WriteError(c, jsonRejection("missing field 'params'"))
		return
	}
	var params map[string]any
	if err := json.Unmarshal(body.Params, &params); err != nil {
		WriteError(c, jsonRejection("field 'params' must be a JSON object"))
		return
	}
	ctx := c.Request.Context()
	org, _ := Org(ctx)
	id, method := c.Param("id"), c.Param("method")
	w := api.awaitUpstream(c)
	defer w.done()
	result, err := api.svc.Execute(ctx, org, Identity(ctx).UserID, id, method, params)
	var exaErr *toolsets.ExaError
	switch {
	case errors.As(err, &exaErr):
		api.deps.Logger.Warn("toolset call failed", "toolset", id, "method", method, "error", exaErr.Msg,
			"cause", exaErr.Cause)
		api.record(c, audit.ToolsetExecute, "toolset", id, map[string]any{"method": method, "success": false})
		c.JSON(http.StatusOK, gin.H{"error": exaErr.Msg})
	case err != nil:
		api.fail(c, "execute toolset", err)
	default:
		api.record(c, audit.ToolsetExecute, "toolset", id, map[string]any{"method": method, "success": true})
		c.JSON(http.StatusOK, gin.H{"result": result})
	}
}
