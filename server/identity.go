package server

import (
	"context"
	"errors"
	"net/http"
	"net/url"
	"strings"

	"github.com/gin-gonic/gin"

	"github.com/bodhiapp/bodhi/auth"
)

type identityKey struct{}

// Identity returns the caller attached by the authentication step (anonymous when none).
func Identity(ctx context.Context) auth.Identity {
	if id, ok := ctx.Value(identityKey{}).(auth.Identity); ok {
		return id
	}
	return auth.Anonymous
}

func withIdentity(c *gin.Context, id auth.Identity) {
	c.Request = c.Request.WithContext(context.WithValue(c.Request.Context(), identityKey{}, id))
}

// Authentication errors (http-api.md §15).
var (
	errInvalidAccess  = NewError(TypeAuthentication, "auth_error-invalid_access", "Access denied: authentication is required.")
	errInvalidToken   = NewError(TypeAuthentication, "token_error-invalid_token", "The token is invalid.")
	errTokenInactive  = NewError(TypeAuthentication, "auth_error-token_inactive", "The API token is inactive.")
	errTokenExpired   = NewError(TypeAuthentication, "token_error-expired", "The token has expired.")
	errInvalidIssuer  = NewError(TypeAuthentication, "token_error-invalid_issuer", "The token was issued by another provider.")
	errInvalidAud     = NewError(TypeAuthentication, "token_error-invalid_audience", "The token is not meant for this organization.")
	errScopeEmpty     = NewError(TypeAuthentication, "token_error-scope_empty", "The token carries no user scope.")
	errInvalidRole    = NewError(TypeAuthentication, "role_error-invalid_role_name", "The user holds no recognised role.")
	errRefreshMissing = NewError(TypeAuthentication, "auth_error-refresh_token_not_found", "Session expired. Please log out and log in again.")
	errIdP            = NewError(TypeInternal, "auth_service_error-auth_service_api_error", "The identity provider could not be reached or refused the request.")
	errLockTimeout    = NewError(TypeServiceUnavailable, "lock_error-timeout", "The session is being refreshed; try again.")
	errMissingAuth    = NewError(TypeAuthentication, "api_auth_error-missing_auth", "This route needs another kind of authentication.")
	errForbidden      = NewError(TypeForbidden, "api_auth_error-forbidden", "Insufficient privileges for this route.")
)

// authError maps an authentication failure to its API error.
func authError(err error) *APIError {
	var are *auth.AccessRequestError
	switch {
	case errors.As(err, &are):
		return NewError(TypeForbidden, are.Code, "The app access request does not allow this token.")
	case errors.Is(err, auth.ErrTokenInactive):
		return errTokenInactive
	case errors.Is(err, auth.ErrTokenExpired):
		return errTokenExpired
	case errors.Is(err, auth.ErrInvalidIssuer):
		return errInvalidIssuer
	case errors.Is(err, auth.ErrInvalidAudience):
		return errInvalidAud
	case errors.Is(err, auth.ErrScopeEmpty):
		return errScopeEmpty
	case errors.Is(err, auth.ErrInvalidRoleName):
		return errInvalidRole
	case errors.Is(err, auth.ErrRefreshTokenNotFound):
		return errRefreshMissing
	case errors.Is(err, auth.ErrLockTimeout):
		return errLockTimeout
	case errors.Is(err, auth.ErrNoSessionToken):
		return errInvalidAccess
	case errors.Is(err, auth.ErrIdentityProvider):
		return errIdP
	case errors.Is(err, auth.ErrTokenInvalid):
		return errInvalidToken
	}
	return nil
}

// ParseBearer extracts the token of an "Authorization: Bearer <token>" header. ok is false for any other shape.
func ParseBearer(header string) (token string, ok bool) {
	scheme, token, found := strings.Cut(header, " ")
	if !found || !strings.EqualFold(scheme, "Bearer") {
		return "", false
	}
	token = strings.TrimSpace(token)
	if token == "" || len(token) > 8192 || !visibleASCII(token) {
		return "", false
	}
	return token, true
}

// visibleASCII reports whether s holds only printable ASCII without spaces, the alphabet of API tokens and JWTs.
// Anything else (control or non-UTF-8 bytes a database would refuse) is no token of ours.
func visibleASCII(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] < 0x21 || s[i] > 0x7e {
			return false
		}
	}
	return true
}

// sameOrigin applies auth.md §11.1: the session is considered only for same-origin requests.
func sameOrigin(r *http.Request) bool {
	if site := r.Header.Get("Sec-Fetch-Site"); site != "" {
		return site == "same-origin" || site == "none"
	}
	// A browser without Fetch Metadata still names the page that sent a state-changing request.
	if origin := r.Header.Get("Origin"); origin != "" {
		u, err := url.Parse(origin)
		if err != nil || u.Host == "" || !strings.EqualFold(u.Host, r.Host) {
			return false
		}
	}
	return r.Host != "localhost" && !strings.HasPrefix(r.Host, "localhost:")
}
