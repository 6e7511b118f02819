package server

import (
	"context"
	"errors"
	"net/http"
	"net/url"
	"strings"

	"github.com/gin-gonic/gin"

	"github.com/bodhiapp/bodhi/apperr"
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

// Authentication errors the server words itself (the rest are auth's own, answered as their kind says).
var (
	errInvalidAccess = NewError(TypeAuthentication, "auth_error-invalid_access", "Access denied: authentication is required.")
	errIdP           = NewError(TypeInternal, "auth_service_error-auth_service_api_error", "The identity provider could not be reached or refused the request.")
	errMissingAuth   = NewError(TypeAuthentication, "api_auth_error-missing_auth", "This route needs another kind of authentication.")
	errForbidden     = NewError(TypeForbidden, "api_auth_error-forbidden", "Insufficient privileges for this route.")
)

// authError maps an authentication failure to its API error, nil when err is not one.
func authError(err error) *APIError {
	switch {
	case errors.Is(err, auth.ErrNoSessionToken):
		return errInvalidAccess
	case errors.Is(err, auth.ErrIdentityProvider):
		return errIdP
	}
	if _, ok := apperr.As(err); ok {
		return answerFor(err, nil)
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
