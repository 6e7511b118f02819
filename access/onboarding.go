package access

import (
	"context"
	"errors"
	"fmt"

	"github.com/bodhiapp/bodhi/auth"
	"github.com/bodhiapp/bodhi/db"
)

// User onboarding: a signed-in user without a role asks for one, a manager grants or refuses it (http-api.md §10.1,
// §10.2).

// RequestAccess files caller's request for a role in orgID. The caller must be a session user without a role and
// without a pending request.
func (s *Service) RequestAccess(ctx context.Context, orgID string, caller auth.Identity) error {
	if caller.Kind != auth.KindSession || caller.UserID == "" || caller.Username == "" {
		return ErrMissingUser
	}
	if caller.Role != auth.LevelNone {
		return ErrAlreadyHasAccess
	}
	_, err := s.store.CreateAccessRequest(ctx, orgID, caller.Username, caller.UserID)
	switch {
	case db.IsConflict(err, db.UqAccessRequestsPending):
		return ErrAlreadyPending
	case err != nil:
		return storeFailure("create access request", err)
	}
	return nil
}

// RequestStatus is caller's latest request in orgID, whatever its status.
func (s *Service) RequestStatus(ctx context.Context, orgID string, caller auth.Identity) (db.AccessRequest, error) {
	if caller.UserID == "" {
		return db.AccessRequest{}, ErrMissingUser
	}
	r, err := s.store.GetLatestAccessRequest(ctx, orgID, caller.UserID)
	switch {
	case errors.Is(err, db.ErrNotFound):
		return r, ErrNoRequest
	case err != nil:
		return r, storeFailure("load access request", err)
	}
	return r, nil
}

// ListRequests is a page of orgID's requests for the reviewers, oldest first, with the total; pendingOnly leaves
// out the reviewed ones.
func (s *Service) ListRequests(ctx context.Context, orgID string, pendingOnly bool, page db.Page) ([]db.AccessRequest, int64, error) {
	list := s.store.ListAccessRequests
	if pendingOnly {
		list = s.store.ListPendingAccessRequests
	}
	rows, total, err := list(ctx, orgID, page)
	if err != nil {
		return nil, 0, storeFailure("list access requests", err)
	}
	return rows, total, nil
}

// ApproveRequest grants role to the requester of request id (at most the approver's own role): it claims the
// pending row, assigns the role at the identity provider with the approver's token, and ends the requester's
// sessions in orgID so their next login carries the role. A failed assignment reopens the request. It returns the
// approved request.
func (s *Service) ApproveRequest(ctx context.Context, orgID string, id int64, role auth.Level, approver auth.Identity) (db.AccessRequest, error) {
	if role > approver.Role {
		return db.AccessRequest{}, ErrInsufficientPrivileges
	}
	if err := s.decide(ctx, orgID, id, db.AccessRequestApproved, approver); err != nil {
		return db.AccessRequest{}, err
	}
	reopen := func(ctx context.Context) error { return s.store.ReopenAccessRequest(ctx, orgID, id) }
	req, err := s.store.GetAccessRequest(ctx, orgID, id)
	if err != nil {
		s.undo(ctx, fmt.Sprintf("reopen access request %d", id), reopen)
		return req, storeFailure("load the approved access request", err)
	}
	if err := s.idp.AssignRole(ctx, approver.AccessToken, req.UserID, role.Role()); err != nil {
		s.undo(ctx, fmt.Sprintf("reopen access request %d", id), reopen)
		return req, idpFailure(ErrIdentityProvider, fmt.Sprintf("assign role on approving access request %d", id), err)
	}
	s.endSessions(ctx, orgID, req.UserID)
	return req, nil
}

// RejectRequest refuses request id.
func (s *Service) RejectRequest(ctx context.Context, orgID string, id int64, reviewer auth.Identity) error {
	return s.decide(ctx, orgID, id, db.AccessRequestRejected, reviewer)
}

// decide moves a pending request to status with one conditional update, so of two concurrent reviewers exactly one
// wins; the other hears whether the request is gone or was reviewed meanwhile.
func (s *Service) decide(ctx context.Context, orgID string, id int64, status string, reviewer auth.Identity) error {
	won, err := s.store.DecideAccessRequest(ctx, orgID, id, status, reviewer.Username)
	if err != nil {
		return storeFailure("decide access request", err)
	}
	if won {
		return nil
	}
	_, err = s.store.GetAccessRequest(ctx, orgID, id)
	switch {
	case errors.Is(err, db.ErrNotFound):
		return ErrRequestNotFound
	case err != nil:
		return storeFailure("load access request", err)
	}
	return ErrAlreadyProcessed
}
