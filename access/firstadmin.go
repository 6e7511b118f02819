package access

import (
	"context"
	"fmt"

	"github.com/bodhiapp/bodhi/auth"
)

// ClaimFirstAdmin makes the first user to log in to a standalone org its admin (auth.md §5.2 step 9, §12.1) and
// returns the tokens the login stores. When this login wins the org's one-time claim, sub is made resource_admin
// at the identity provider, the org's cached rows are dropped everywhere (its app status becomes ready) and the
// tokens are refreshed so they carry the new role. Otherwise (hosted, an org with its admin, a claim lost to a
// concurrent login) tokens come back as given. A failure after the claim releases it, so the next login tries
// again.
func (s *Service) ClaimFirstAdmin(ctx context.Context, org *auth.OrgContext, sub string, tokens auth.TokenResponse) (auth.TokenResponse, error) {
	if s.hosted || org.FirstAdminUserID != nil {
		return tokens, nil
	}
	won, err := s.store.ClaimFirstAdmin(ctx, org.OrgID, sub)
	if err != nil {
		return tokens, storeFailure("claim the first admin", err)
	}
	if !won {
		return tokens, nil
	}
	refreshed, err := s.makeFirstAdmin(ctx, org, sub, tokens.RefreshToken)
	if err != nil {
		s.undo(ctx, "release the first-admin claim of org "+org.Slug, func(ctx context.Context) error {
			return s.store.ClearFirstAdmin(ctx, org.OrgID, sub)
		})
		s.orgs.Invalidate(ctx, org.OrgID, org.Slug)
		return tokens, idpFailure(ErrIdentityProvider, "make the first admin of org "+org.Slug, err)
	}
	if refreshed.RefreshToken == "" {
		refreshed.RefreshToken = tokens.RefreshToken
	}
	return refreshed, nil
}

// makeFirstAdmin gives sub resource_admin with the org client's service account and refreshes the login's tokens.
func (s *Service) makeFirstAdmin(ctx context.Context, org *auth.OrgContext, sub, refreshToken string) (auth.TokenResponse, error) {
	sa, err := s.idp.ServiceAccountToken(ctx, org.KCClientID, org.ClientSecret)
	if err != nil {
		return auth.TokenResponse{}, fmt.Errorf("service-account token: %w", err)
	}
	if err := s.idp.MakeResourceAdmin(ctx, sa, sub); err != nil {
		return auth.TokenResponse{}, fmt.Errorf("make resource admin: %w", err)
	}
	s.orgs.Invalidate(ctx, org.OrgID, org.Slug)
	refreshed, err := s.idp.Refresh(ctx, org.KCClientID, org.ClientSecret, refreshToken)
	if err != nil {
		return auth.TokenResponse{}, fmt.Errorf("refresh the new admin's tokens: %w", err)
	}
	return refreshed, nil
}
