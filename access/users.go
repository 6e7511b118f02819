package access

import (
	"context"
	"encoding/json"
	"fmt"

	"github.com/bodhiapp/bodhi/auth"
)

// User administration (http-api.md §10.3). The identity provider holds the roles and enforces the hierarchy; every
// call is made with the manager's own token, which names the org's client.

// ListUsers is the identity provider's page of the org client's users, as JSON to relay.
func (s *Service) ListUsers(ctx context.Context, orgID string, manager auth.Identity, page, pageSize int64) (json.RawMessage, error) {
	raw, err := s.idp.ListUsers(ctx, manager.AccessToken, page, pageSize)
	if err != nil {
		return nil, idpFailure(ErrListUsersFailed, "list the users of org "+orgID, err)
	}
	return raw, nil
}

// ChangeRole gives userID role in the org, then ends their sessions in orgID so the next login carries it.
func (s *Service) ChangeRole(ctx context.Context, orgID string, manager auth.Identity, userID string, role auth.Level) error {
	if err := s.idp.AssignRole(ctx, manager.AccessToken, userID, role.Role()); err != nil {
		return idpFailure(ErrRoleChangeFailed, fmt.Sprintf("give user %s %s", userID, role.Role()), err)
	}
	s.endSessions(ctx, orgID, userID)
	return nil
}

// RemoveUser takes userID out of the org: their roles at the identity provider, their sessions in orgID, and their
// API tokens here (deactivated on every replica). Once the provider has removed the user the removal stands: a
// failed cleanup step is logged, not answered.
func (s *Service) RemoveUser(ctx context.Context, orgID string, manager auth.Identity, userID string) error {
	if err := s.idp.RemoveUser(ctx, manager.AccessToken, userID); err != nil {
		return idpFailure(ErrRemoveFailed, "remove user "+userID, err)
	}
	s.endSessions(ctx, orgID, userID)
	if _, err := s.tokens.DeactivateUser(ctx, orgID, userID); err != nil {
		s.log.Error("deactivate the removed user's tokens", "org_id", orgID, "user_id", userID, "err", err)
	}
	return nil
}
