package devidp

import (
	"errors"
	"net/http"
	"strings"
)

var (
	errNoBearer     = errors.New("missing bearer token")
	errTokenExpired = errors.New("token expired")
	errNotAccess    = errors.New("not an access token of this realm")
)

// verifyAccess checks that raw is an unexpired access token signed by this provider for this realm.
func (s *Server) verifyAccess(raw string) (accessClaims, error) {
	var c accessClaims
	if err := s.keys.verify(raw, &c); err != nil {
		return accessClaims{}, err
	}
	if c.Issuer != s.set.issuer || !strings.EqualFold(c.Typ, "Bearer") || c.Subject == "" {
		return accessClaims{}, errNotAccess
	}
	if s.set.now().Unix() >= c.Expiry {
		return accessClaims{}, errTokenExpired
	}
	return c, nil
}

// bearerToken extracts the token of an `Authorization: Bearer` header.
func bearerToken(r *http.Request) (string, error) {
	scheme, token, found := strings.Cut(r.Header.Get("Authorization"), " ")
	if !found || !strings.EqualFold(scheme, "Bearer") || strings.TrimSpace(token) == "" {
		return "", errNoBearer
	}
	return strings.TrimSpace(token), nil
}

// bearerClaims verifies the request's bearer token.
func (s *Server) bearerClaims(r *http.Request) (accessClaims, error) {
	raw, err := bearerToken(r)
	if err != nil {
		return accessClaims{}, err
	}
	return s.verifyAccess(raw)
}
