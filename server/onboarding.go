package server

import (
	"context"
	"errors"
	"net/http"
	"strconv"

	"github.com/gin-gonic/gin"

	"github.com/bodhiapp/bodhi/audit"
	"github.com/bodhiapp/bodhi/auth"
	"github.com/bodhiapp/bodhi/db"
)

var (
	errMissingUser = NewError(TypeInvalidRequest, "header_extraction_error-missing",
		"This route needs a logged-in user.")
	errAccessRequestNotFound = NewError(TypeNotFound, "access_request_error-request_not_found",
		"The access request was not found.")
	errAlreadyProcessed = NewError(TypeConflict, "access_request_error-already_processed",
		"The access request was already reviewed.")
)

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

// requestAccess files the caller's onboarding request (http-api.md §10.1).
func (s *Server) requestAccess(c *gin.Context) {
	ctx := c.Request.Context()
	id := Identity(ctx)
	if id.Kind != auth.KindSession || id.UserID == "" || id.Username == "" {
		WriteError(c, errMissingUser)
		return
	}
	if id.Role != auth.LevelNone {
		WriteError(c, NewError(TypeUnprocessable, "access_request_error-already_has_access",
			"You already have access to this organization."))
		return
	}
	_, err := s.deps.Store.CreateAccessRequest(ctx, OrgID(ctx), id.Username, id.UserID)
	if db.IsConflict(err, db.UqAccessRequestsPending) {
		WriteError(c, NewError(TypeConflict, "access_request_error-already_pending",
			"An access request is already pending."))
		return
	}
	if err != nil {
		s.dbFailure(c, "create access request", err)
		return
	}
	c.Status(http.StatusCreated)
}

// requestStatus reports the caller's latest onboarding request.
func (s *Server) requestStatus(c *gin.Context) {
	ctx := c.Request.Context()
	id := Identity(ctx)
	if id.UserID == "" {
		WriteError(c, errMissingUser)
		return
	}
	r, err := s.deps.Store.GetLatestAccessRequest(ctx, OrgID(ctx), id.UserID)
	if errors.Is(err, db.ErrNotFound) {
		WriteError(c, NewError(TypeNotFound, "access_request_error-pending_request_not_found",
			"No access request was found."))
		return
	}
	if err != nil {
		s.dbFailure(c, "load access request", err)
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
		list := s.deps.Store.ListAccessRequests
		if pending {
			list = s.deps.Store.ListPendingAccessRequests
		}
		rows, total, err := list(ctx, OrgID(ctx), toPage(page, size))
		if err != nil {
			s.dbFailure(c, "list access requests", err)
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

// decideMiss tells "not in this org" from "already reviewed" after a conditional update changed nothing.
func (s *Server) decideMiss(c *gin.Context, orgID string, id int64) {
	if _, err := s.deps.Store.GetAccessRequest(c.Request.Context(), orgID, id); errors.Is(err, db.ErrNotFound) {
		WriteError(c, errAccessRequestNotFound)
		return
	}
	WriteError(c, errAlreadyProcessed)
}

// approveAccessRequest claims the request, assigns the role at the identity provider, and ends the user's
// sessions in this org (http-api.md §10.2). A failed assignment reopens the request.
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
	caller, orgID := Identity(ctx), OrgID(ctx)
	if auth.ParseRole(role) > caller.Role {
		WriteError(c, NewError(TypeInvalidRequest, "access_request_error-insufficient_privileges",
			"You cannot grant a role above your own."))
		return
	}
	won, err := s.deps.Store.DecideAccessRequest(ctx, orgID, id, db.AccessRequestApproved, caller.Username)
	if err != nil {
		s.dbFailure(c, "approve access request", err)
		return
	}
	if !won {
		s.decideMiss(c, orgID, id)
		return
	}
	req, err := s.deps.Store.GetAccessRequest(ctx, orgID, id)
	if err == nil {
		err = s.deps.Auth.IdP.AssignRole(ctx, caller.AccessToken, req.UserID, role)
	}
	if err != nil {
		s.deps.Logger.Error("assign role on approval", "request", id, "err", err)
		if rbErr := s.deps.Store.ReopenAccessRequest(context.WithoutCancel(ctx), orgID, id); rbErr != nil {
			s.deps.Logger.Error("reopen access request", "request", id, "err", rbErr)
		}
		WriteError(c, errIdP)
		return
	}
	s.endSessions(c, orgID, req.UserID)
	s.record(c, audit.AccessRequestApprove, "access_request", strconv.FormatInt(id, 10),
		map[string]any{"role": role, "user_id": req.UserID})
	c.Status(http.StatusOK)
}

func (s *Server) rejectAccessRequest(c *gin.Context) {
	id, ok := requestID(c)
	if !ok {
		return
	}
	ctx := c.Request.Context()
	orgID := OrgID(ctx)
	won, err := s.deps.Store.DecideAccessRequest(ctx, orgID, id, db.AccessRequestRejected, Identity(ctx).Username)
	if err != nil {
		s.dbFailure(c, "reject access request", err)
		return
	}
	if !won {
		s.decideMiss(c, orgID, id)
		return
	}
	s.record(c, audit.AccessRequestReject, "access_request", strconv.FormatInt(id, 10), nil)
	c.Status(http.StatusOK)
}

// endSessions logs userID out of this org everywhere (auth.md §4.4), best effort: the role change has happened.
func (s *Server) endSessions(c *gin.Context, orgID, userID string) {
	if _, err := s.deps.SessionStore.DeleteByUser(c.Request.Context(), orgID, userID); err != nil {
		s.deps.Logger.Warn("end the user's sessions", "user_id", userID, "err", err)
	}
}
