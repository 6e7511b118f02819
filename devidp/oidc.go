package devidp

import (
	"html/template"
	"net/http"
	"net/url"
)

func (s *Server) handleDiscovery(w http.ResponseWriter, _ *http.Request) {
	iss := s.set.issuer
	endpoint := func(name string) string { return iss + "/protocol/openid-connect/" + name }
	writeJSON(w, http.StatusOK, map[string]any{
		"issuer":                 iss,
		"authorization_endpoint": endpoint("auth"),
		"token_endpoint":         endpoint("token"),
		"jwks_uri":               endpoint("certs"),
		"userinfo_endpoint":      endpoint("userinfo"),
		"end_session_endpoint":   endpoint("logout"),
		"grant_types_supported": []string{grantAuthorizationCode, grantRefreshToken, grantClientCredentials,
			grantPassword, grantTokenExchange},
		"response_types_supported":              []string{"code"},
		"response_modes_supported":              []string{"query"},
		"subject_types_supported":               []string{"public"},
		"id_token_signing_alg_values_supported": []string{"RS256"},
		"code_challenge_methods_supported":      []string{"S256"},
		"token_endpoint_auth_methods_supported": []string{"client_secret_basic", "client_secret_post"},
		"scopes_supported":                      standardScopes,
		"claims_supported": []string{"iss", "sub", "aud", "azp", "exp", "iat", "jti", "typ", "scope",
			"preferred_username", "email", "given_name", "family_name", "resource_access", "organization",
			"access_request_id"},
	})
}

func (s *Server) handleCerts(w http.ResponseWriter, _ *http.Request) {
	s.mu.Lock()
	s.st.stats.jwksFetches++
	s.mu.Unlock()
	writeJSON(w, http.StatusOK, s.keys.jwks())
}

// userinfo is the body of the userinfo endpoint.
type userinfo struct {
	Subject           string `json:"sub"`
	PreferredUsername string `json:"preferred_username,omitempty"`
	Email             string `json:"email,omitempty"`
	GivenName         string `json:"given_name,omitempty"`
	FamilyName        string `json:"family_name,omitempty"`
}

func (s *Server) handleUserinfo(w http.ResponseWriter, r *http.Request) {
	raw, err := bearerToken(r)
	if err != nil && r.Method == http.MethodPost {
		raw = r.PostFormValue("access_token") // RFC 6750 §2.2
	}
	var claims accessClaims
	if raw != "" {
		claims, err = s.verifyAccess(raw)
	}
	rep := s.locked(func(st *state) reply {
		if raw == "" || err != nil {
			return errReply(http.StatusUnauthorized, "invalid_token", "Token verification failed")
		}
		if u, found := st.users[claims.Subject]; found {
			return ok(userinfo{Subject: u.ID, PreferredUsername: u.Username, Email: u.Email, GivenName: u.GivenName,
				FamilyName: u.FamilyName})
		}
		if c, found := st.serviceAccountOf(claims.Subject); found {
			return ok(userinfo{Subject: claims.Subject, PreferredUsername: serviceAccountName(c.ClientID)})
		}
		return errReply(http.StatusUnauthorized, "invalid_token", "User not found")
	})
	if rep.status == http.StatusUnauthorized {
		w.Header().Set("WWW-Authenticate", `Bearer error="invalid_token"`)
	}
	writeReply(w, rep)
}

// loggedOutTemplate is the page of a browser logout without a registered post-logout redirect.
var loggedOutTemplate = template.Must(template.New("logout").Parse(`<!DOCTYPE html>
<html lang="en">
<head><meta charset="utf-8"><title>Signed out</title></head>
<body><h1>You are logged out</h1></body>
</html>
`))

// handleLogout ends the browser session (GET, or a POST without refresh_token), or revokes a refresh token (a
// POST with client credentials and refresh_token).
func (s *Server) handleLogout(w http.ResponseWriter, r *http.Request) {
	if err := r.ParseForm(); err != nil {
		writeReply(w, invalidRequest("malformed form body").reply())
		return
	}
	if r.Method == http.MethodPost && r.PostForm.Has("refresh_token") {
		creds := clientCredentials(r)
		writeReply(w, s.locked(func(st *state) reply { return st.revokeRefresh(creds, r.PostForm.Get("refresh_token")) }))
		return
	}
	sso := ""
	if c, err := r.Cookie(ssoCookieName); err == nil {
		sso = c.Value
	}
	target := r.Form.Get("post_logout_redirect_uri")
	clientID := r.Form.Get("client_id")
	if hint := r.Form.Get("id_token_hint"); clientID == "" && hint != "" {
		var id struct {
			Azp string `json:"azp"`
		}
		if s.keys.verify(hint, &id) == nil {
			clientID = id.Azp
		}
	}
	s.mu.Lock()
	delete(s.st.sso, sso)
	c, found := s.st.clients[clientID]
	allowed := found && target != "" && c.allowsRedirect(target)
	s.mu.Unlock()
	http.SetCookie(w, s.ssoCookie("", -1))
	if allowed {
		http.Redirect(w, r, withQuery(target, url.Values{"state": {r.Form.Get("state")}}), http.StatusFound)
		return
	}
	renderHTML(w, http.StatusOK, loggedOutTemplate, nil)
}

// revokeRefresh revokes a refresh token of the authenticated client. The caller holds the lock.
func (st *state) revokeRefresh(creds credentials, token string) reply {
	client, oerr := st.authenticateClient(creds)
	if oerr != nil {
		return oerr.reply()
	}
	rec, found := st.refresh[token]
	switch {
	case !found:
		return invalidGrant("Invalid refresh token").reply()
	case rec.clientID != client.ClientID:
		return invalidGrant("Token client and authorized client don't match").reply()
	}
	rec.revoked = true
	return reply{status: http.StatusNoContent}
}
