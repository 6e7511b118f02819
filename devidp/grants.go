package devidp

import (
	"crypto/sha256"
	"crypto/subtle"
	"encoding/base64"
	"net/url"
	"slices"
	"time"
)

// grantCode redeems an authorization code (auth.md §16.4, §16.5). The caller holds the lock.
func (s *Server) grantCode(client *clientRecord, form url.Values, now time.Time) (issued, *oauthError) {
	code := form.Get("code")
	if code == "" {
		return issued{}, invalidRequest("Missing parameter: code")
	}
	ac, found := s.st.codes[code]
	// Single use: the first presentation consumes the code, whatever happens next.
	delete(s.st.codes, code)
	if !found || !now.Before(ac.expires) {
		return issued{}, invalidGrant("Code not valid")
	}
	if ac.clientID != client.ClientID {
		return issued{}, invalidGrant("Code was issued to another client")
	}
	if form.Get("redirect_uri") != ac.redirectURI {
		return issued{}, invalidGrant("Incorrect redirect_uri")
	}
	if ac.challenge != "" {
		verifier := form.Get("code_verifier")
		if verifier == "" {
			return issued{}, invalidGrant("PKCE code verifier not specified")
		}
		if subtle.ConstantTimeCompare([]byte(s256(verifier)), []byte(ac.challenge)) != 1 {
			return issued{}, invalidGrant("PKCE verification failed: Code mismatch")
		}
	}
	u, found := s.st.users[ac.userID]
	if !found {
		return issued{}, invalidGrant("User not found")
	}
	return s.userTokens(client, u, ac.scopes, now, ac.authTime, ac.nonce), nil
}

// s256 is the PKCE S256 transform of a code verifier.
func s256(verifier string) string {
	sum := sha256.Sum256([]byte(verifier))
	return base64.RawURLEncoding.EncodeToString(sum[:])
}

// grantRefresh rotates a refresh token: the presented one is revoked and a new one issued, with claims
// recomputed from the user's current roles and memberships. The caller holds the lock.
func (s *Server) grantRefresh(client *clientRecord, form url.Values, now time.Time) (issued, *oauthError) {
	token := form.Get("refresh_token")
	if token == "" {
		return issued{}, invalidRequest("Missing parameter: refresh_token")
	}
	rec, found := s.st.refresh[token]
	switch {
	case !found:
		return issued{}, invalidGrant("Invalid refresh token")
	case rec.revoked || !now.Before(rec.expires):
		return issued{}, invalidGrant("Token is not active")
	case rec.clientID != client.ClientID:
		return issued{}, invalidGrant("Token client and authorized client don't match")
	}
	u, found := s.st.users[rec.userID]
	if !found {
		return issued{}, invalidGrant("User not found")
	}
	scopes := rec.scopes
	if requested := form.Get("scope"); requested != "" {
		// A refresh may narrow the scopes, never widen them.
		scopes = slices.DeleteFunc(parseScopes(requested), func(sc string) bool {
			return !slices.Contains(rec.scopes, sc)
		})
	}
	rec.revoked = true
	s.st.stats.refreshByUser[u.Username]++
	return s.userTokens(client, u, scopes, now, rec.authTime, ""), nil
}

// grantClientCredentials issues a service-account token: no refresh token, no ID token. The caller holds the
// lock.
func (s *Server) grantClientCredentials(client *clientRecord, form url.Values, now time.Time) (issued, *oauthError) {
	if client.Public || !client.hasServiceAccount() {
		return issued{}, unauthorizedClient("Client not enabled to retrieve service account")
	}
	scopes := s.st.grantScopes(client, "", parseScopes(form.Get("scope")))
	return issued{access: serviceAccountClaims(s.stamp(now), client, scopes), accessTTL: s.set.accessTTL}, nil
}

// grantPassword is the direct-access grant, for tests only. The caller holds the lock.
func (s *Server) grantPassword(client *clientRecord, form url.Values, now time.Time) (issued, *oauthError) {
	if !client.DirectAccess {
		return issued{}, unauthorizedClient("Client not allowed for direct access grants")
	}
	u, valid := s.st.checkPassword(form.Get("username"), form.Get("password"))
	if !valid {
		return issued{}, invalidGrant("Invalid user credentials")
	}
	scopes := s.st.grantScopes(client, u.ID, parseScopes(form.Get("scope")))
	return s.userTokens(client, u, scopes, now, now, ""), nil
}

// checkPassword compares in plain text, as the seed stores passwords (auth.md §16.1).
func (st *state) checkPassword(username, password string) (*User, bool) {
	u, found := st.userByName(username)
	if !found || subtle.ConstantTimeCompare([]byte(password), []byte(u.Password)) != 1 {
		return nil, false
	}
	return u, true
}
