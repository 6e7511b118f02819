package server

import (
	"net/http"

	"github.com/gin-gonic/gin"

	"github.com/bodhiapp/bodhi/access"
	"github.com/bodhiapp/bodhi/audit"
	"github.com/bodhiapp/bodhi/db"
	"github.com/bodhiapp/bodhi/publicurl"
	"github.com/bodhiapp/bodhi/toolsets"
)

// Third-party app consent (http-api.md §11): the workflows are access.Service's.

// appRequestAccess files an app's access request (public); with no toolsets requested it is approved at once.
func (s *Server) appRequestAccess(c *gin.Context) {
	var body struct {
		AppClientID string            `json:"app_client_id"`
		FlowType    string            `json:"flow_type"`
		RedirectURL string            `json:"redirect_url"`
		Requested   *access.Requested `json:"requested"`
	}
	if !s.bindJSON(c, &body, false) {
		return
	}
	if body.AppClientID == "" {
		WriteError(c, jsonRejection("missing field 'app_client_id'"))
		return
	}
	in := access.AppRequest{AppClientID: body.AppClientID, FlowType: body.FlowType, RedirectURL: body.RedirectURL}
	if body.Requested != nil {
		in.Requested = *body.Requested
	}
	ctx := c.Request.Context()
	org, _ := Org(ctx)
	r, err := s.deps.Access.RequestAppAccess(ctx, org, in)
	if err != nil {
		s.fail(c, "app access request", err)
		return
	}
	out := gin.H{"status": r.Status, "id": r.ID}
	if r.Status == db.AppAccessApproved {
		out["resource_scope"] = *r.ResourceScope
	} else {
		out["review_url"] = publicurl.OrgBase(s.deps.Config, c.Request.Host, org.Slug) +
			"/ui/apps/access-requests/review?id=" + r.ID
	}
	c.JSON(http.StatusCreated, out)
}

// appRequestStatus is the app's poll (public): it must name its own client id.
func (s *Server) appRequestStatus(c *gin.Context) {
	ctx := c.Request.Context()
	r, err := s.deps.Access.AppRequestStatus(ctx, OrgID(ctx), c.Param("id"), c.Query("app_client_id"))
	if err != nil {
		s.fail(c, "load app access request", err)
		return
	}
	out := gin.H{"id": r.ID, "status": r.Status}
	if r.ResourceScope != nil {
		out["resource_scope"] = *r.ResourceScope
	}
	if r.AccessRequestScope != nil {
		out["access_request_scope"] = *r.AccessRequestScope
	}
	c.JSON(http.StatusOK, out)
}

// reviewAppRequest shows the consent page's data to the logged-in user.
func (s *Server) reviewAppRequest(c *gin.Context) {
	ctx := c.Request.Context()
	review, err := s.deps.Access.ReviewAppRequest(ctx, OrgID(ctx), c.Param("id"), Identity(ctx))
	if err != nil {
		s.fail(c, "review app access request", err)
		return
	}
	tools := make([]gin.H, len(review.Tools))
	for i, t := range review.Tools {
		instances := make([]toolsetView, len(t.Instances))
		for j, inst := range t.Instances {
			instances[j] = viewToolset(inst)
		}
		tools[i] = gin.H{"toolset_type": t.ToolsetType, "name": t.Name, "description": t.Description,
			"instances": instances}
	}
	r := review.Request
	c.JSON(http.StatusOK, gin.H{"id": r.ID, "app_client_id": r.AppClientID, "app_name": r.AppName,
		"app_description": r.AppDescription, "flow_type": r.FlowType, "status": r.Status,
		"requested": review.Requested, "tools_info": tools})
}

// approveAppRequest records the user's consent at the identity provider.
func (s *Server) approveAppRequest(c *gin.Context) {
	var body struct {
		Approved *toolsets.Approved `json:"approved"`
	}
	if !s.bindJSON(c, &body, false) {
		return
	}
	if body.Approved == nil {
		WriteError(c, jsonRejection("missing field 'approved'"))
		return
	}
	ctx := c.Request.Context()
	d, err := s.deps.Access.ApproveAppRequest(ctx, OrgID(ctx), c.Param("id"), *body.Approved, Identity(ctx))
	if err != nil {
		s.fail(c, "approve app access request", err)
		return
	}
	if d.Request.Status == db.AppAccessApproved { // not when it ended failed
		s.record(c, audit.AppAccessApprove, "app_access_request", d.Request.ID,
			map[string]any{"app_client_id": d.Request.AppClientID})
	}
	c.JSON(http.StatusOK, decisionView(d))
}

func (s *Server) denyAppRequest(c *gin.Context) {
	ctx := c.Request.Context()
	d, err := s.deps.Access.DenyAppRequest(ctx, OrgID(ctx), c.Param("id"), Identity(ctx))
	if err != nil {
		s.fail(c, "deny app access request", err)
		return
	}
	s.record(c, audit.AppAccessDeny, "app_access_request", d.Request.ID,
		map[string]any{"app_client_id": d.Request.AppClientID})
	c.JSON(http.StatusOK, decisionView(d))
}

// decisionView is the answer to a decision: {status, flow_type, redirect_url?}.
func decisionView(d access.Decision) gin.H {
	out := gin.H{"status": d.Request.Status, "flow_type": d.Request.FlowType}
	if d.RedirectURL != "" {
		out["redirect_url"] = d.RedirectURL
	}
	return out
}
