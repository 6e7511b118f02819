package auth

import "errors"

// Authentication failures; the server maps each to its code in the error catalogue (http-api.md §15).
var (
	ErrTokenInvalid         = errors.New("invalid token")               // token_error-invalid_token
	ErrTokenInactive        = errors.New("token is inactive")           // auth_error-token_inactive
	ErrTokenExpired         = errors.New("token expired")               // token_error-expired
	ErrInvalidIssuer        = errors.New("invalid token issuer")        // token_error-invalid_issuer
	ErrInvalidAudience      = errors.New("invalid token audience")      // token_error-invalid_audience
	ErrScopeEmpty           = errors.New("token has no user scope")     // token_error-scope_empty
	ErrInvalidRoleName      = errors.New("no recognised role")          // role_error-invalid_role_name
	ErrRefreshTokenNotFound = errors.New("session cannot be refreshed") // auth_error-refresh_token_not_found
	ErrIdentityProvider     = errors.New("identity provider error")     // auth_service_error-auth_service_api_error
	ErrLockTimeout          = errors.New("refresh lock not acquired")   // lock_error-timeout
)

// AccessRequestError is a failed check of an app access request (auth.md §8 step 5 and 8); all are 403.
type AccessRequestError struct{ Code string }

func (e *AccessRequestError) Error() string { return "access request check failed: " + e.Code }
