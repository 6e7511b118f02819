package server

import (
	"net/http"
	"strconv"

	"github.com/gin-gonic/gin"

	"github.com/bodhiapp/bodhi/audit"
	"github.com/bodhiapp/bodhi/db"
)

// User onboarding (http-api.md §10.1, §10.2): the workflows are access.Service's.

// accessRequestView is UserAccessRequest (http-api.md §10).
type accessRequestView struct {
	ID        int64   `json:"id"`
	Username  string  `json:"username"`
	UserID    string  `json:"user_id"`
	Reviewer  *string `json:"reviewer"`
	Status    string  `json:"status"`
	CreatedAt string  `json:"created_at"`
	UpdatedAt string  `json:"updated_at"`
}

func viewAccessRequest(r db.AccessRequest) accessRequestView {
	return accessRequestView{ID: r.ID, Username: r.Username, UserID: r.UserID, Reviewer: r.Reviewer, Status: r.Status,
		CreatedAt: rfc3339(r.CreatedAt), UpdatedAt: rfc3339(r.UpdatedAt)}
}

// requestAccess files the caller's onboarding request.
func (s *Server) requestAccess(c *gin.Context) {
	ctx := c.Request.Context()
	if err := s.deps.Access.RequestAccess(ctx, OrgID(ctx), Identity(ctx)); err != nil {
		s.fail(c, "create access request", err)
		return
	}
	c.Status(http.StatusCreated)
}

// requestStatus reports the caller's latest onboarding request.
func (s *Server) requestStatus(c *gin.Context) {
	ctx := c.Request.Context()
	r, err := s.deps.Access.RequestStatus(ctx, OrgID(ctx), Identity(ctx))
	if err != nil {
		s.fail(c, "load access request", err)
		return
	}
	c.JSON(http.StatusOK, gin.H{"username": r.Username, "status": r.Status, "created_at": rfc3339(r.CreatedAt),
		"updated_at": rfc3339(r.UpdatedAt)})
}

// accessRequestList is the reviewers' list; pending selects only pending requests.
func (s *Server) accessRequestList(pending bool) gin.HandlerFunc {
	return func(c *gin.Context) {
		page, size, ok := pageQuery(c)
		if !ok {
			return
		}
		ctx := c.Request.Context()
		rows, total, err := s.deps.Access.ListRequests(ctx, OrgID(ctx), pending, toPage(page, size))
		if err != nil {
			s.fail(c, "list access requests", err)
			return
		}
		views := make([]accessRequestView, len(rows))
		for i, r := range rows {
			views[i] = viewAccessRequest(r)
		}
		c.JSON(http.StatusOK, gin.H{"requests": views, "total": total, "page": page, "page_size": size})
	}
}

func requestID(c *gin.Context) (int64, bool) {
	id, err := strconv.ParseInt(c.Param("id"), 10, 64)
	if err != nil {
		WriteError(c, NewError(TypeInvalidRequest, "path_rejection_error", "The request id must be an integer."))
		return 0, false
	}
	return id, true
}

func (s *Server) approveAccessRequest(c *gin.Context) {
	id, ok := requestID(c)
	if !ok {
		return
	}
	role, ok := s.bindRole(c)
	if !ok {
		return
	}
	ctx := c.Request.Context()
	req, err := s.deps.Access.ApproveRequest(ctx, OrgID(ctx), id, role, Identity(ctx))
	if err != nil {
		s.fail(c, "approve access request", err)
		return
	}
	s.record(c, audit.AccessRequestApprove, "access_request", strconv.FormatInt(id, 10),
		map[string]any{"role": role.Role(), "user_id": req.UserID})
	c.Status(http.StatusOK)
}

func (s *Server) rejectAccessRequest(c *gin.Context) {
	id, ok := requestID(c)
	if !ok {
		return
	}
	ctx := c.Request.Context()
	if err := s.deps.Access.RejectRequest(ctx, OrgID(ctx), id, Identity(ctx)); err != nil {
		s.fail(c, "reject access request", err)
		return
	}
	s.record(c, audit.AccessRequestReject, "access_request", strconv.FormatInt(id, 10), nil)
	c.Status(http.StatusOK)
}
