// Package access decides who gets into an org and what third-party apps may do there: users' onboarding requests
// and their review, the org's user administration, app consent, and the standalone org's first admin
// (http-api.md §10, §11; auth.md §5.2 step 9, §12.1). Every grant is made at the identity provider; a step that
// fails after a row was claimed undoes the claim. The package never reads HTTP: callers pass the org and the caller.
package access

import (
	"context"
	"fmt"
	"log/slog"
	"time"

	"github.com/bodhiapp/bodhi/auth"
	"github.com/bodhiapp/bodhi/db"
)

// Store is the part of the database access works on: the two request tables, the caller's toolset instances
// (checked when a user consents) and the standalone org's first-admin claim.
type Store interface {
	db.AccessRequestRepository
	db.AppAccessRequestRepository
	GetToolset(ctx context.Context, orgID, userID, id string) (db.Toolset, error)
	ListToolsetsByType(ctx context.Context, orgID, userID, toolsetType string) ([]db.Toolset, error)
	ClaimFirstAdmin(ctx context.Context, id, userID string) (bool, error)
	ClearFirstAdmin(ctx context.Context, id, userID string) error
}

// UserSessions ends a user's browser sessions in an org, on every replica ("log out everywhere", auth.md §4.4).
type UserSessions interface {
	DeleteByUser(ctx context.Context, orgID, userID string) (int64, error)
}

// UserTokens deactivates a user's API tokens in an org so that none authenticates on any replica (auth.APITokens).
type UserTokens interface {
	DeactivateUser(ctx context.Context, orgID, userID string) (int64, error)
}

// OrgCache drops an org's cached entries on every replica after its row changed, best effort (auth.OrgResolver).
type OrgCache interface {
	Invalidate(ctx context.Context, orgID, slug string)
}

// Deps are what the service works with; package app builds them.
type Deps struct {
	Store    Store
	IdP      *auth.IdP
	Sessions UserSessions
	Tokens   UserTokens
	Orgs     OrgCache
	// Hosted is BODHI_MULTI_TENANT: orgs are provisioned with their admins, so no login claims an org.
	Hosted bool
	// Now dates app access requests and tells when a draft expired.
	Now    func() time.Time
	Logger *slog.Logger
}

// Service runs the access workflows.
type Service struct {
	store    Store
	idp      *auth.IdP
	sessions UserSessions
	tokens   UserTokens
	orgs     OrgCache
	hosted   bool
	now      func() time.Time
	log      *slog.Logger
}

// New builds the service.
func New(d Deps) *Service {
	if d.Now == nil {
		d.Now = time.Now
	}
	if d.Logger == nil {
		d.Logger = slog.New(slog.DiscardHandler)
	}
	return &Service{store: d.Store, idp: d.IdP, sessions: d.Sessions, tokens: d.Tokens, orgs: d.Orgs,
		hosted: d.Hosted, now: d.Now, log: d.Logger}
}

// endSessions logs userID out of orgID everywhere, best effort: the change that calls for it has happened, and a
// stale session still holds only the role its token carries until the next refresh.
func (s *Service) endSessions(ctx context.Context, orgID, userID string) {
	if _, err := s.sessions.DeleteByUser(ctx, orgID, userID); err != nil {
		s.log.Warn("end the user's sessions", "org_id", orgID, "user_id", userID, "err", err)
	}
}

// undo runs the rollback of a claim whose follow-up failed. It runs even when the request was cancelled (the claim
// must not stay taken), and its own failure is only logged: the caller answers with the original failure.
func (s *Service) undo(ctx context.Context, what string, rollback func(ctx context.Context) error) {
	if err := rollback(context.WithoutCancel(ctx)); err != nil {
		s.log.Error(what, "err", fmt.Errorf("undo after a failure: %w", err))
	}
}
