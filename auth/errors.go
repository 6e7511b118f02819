package auth

import (
	"errors"

	"github.com/bodhiapp/bodhi/apperr"
)

// Authentication failures, each with its catalogue code (docs/errors.md). The server answers them as their kind
// says; ErrIdentityProvider and ErrNoSessionToken are the two it words itself (the provider's failure, and "not
// logged in" on a strict route).
var (
	ErrTokenInvalid  = apperr.New(apperr.Unauthenticated, "token_error-invalid_token", "The token is invalid.")
	ErrTokenInactive = apperr.New(apperr.Unauthenticated, "auth_error-token_inactive", "The API token is inactive.")
	ErrTokenExpired  = apperr.New(apperr.Unauthenticated, "token_error-expired", "The token has expired.")
	ErrInvalidIssuer = apperr.New(apperr.Unauthenticated, "token_error-invalid_issuer",
		"The token was issued by another provider.")
	ErrInvalidAudience = apperr.New(apperr.Unauthenticated, "token_error-invalid_audience",
		"The token is not meant for this organization.")
	ErrScopeEmpty      = apperr.New(apperr.Unauthenticated, "token_error-scope_empty", "The token carries no user scope.")
	ErrInvalidRoleName = apperr.New(apperr.Unauthenticated, "role_error-invalid_role_name",
		"The user holds no recognised role.")
	ErrRefreshTokenNotFound = apperr.New(apperr.Unauthenticated, "auth_error-refresh_token_not_found",
		"Session expired. Please log out and log in again.")
	ErrIdentityProvider = errors.New("identity provider error") // auth_service_error-auth_service_api_error
	ErrLockTimeout      = apperr.New(apperr.Unavailable, "lock_error-timeout", "The session is being refreshed; try again.")
)

// accessRequestRefusal is a failed check of an app access request (auth.md §8 step 5 and 8): always forbidden, the
// code says which check.
func accessRequestRefusal(code string) *apperr.Error {
	return apperr.New(apperr.Forbidden, code, "The app access request does not allow this token.")
}
