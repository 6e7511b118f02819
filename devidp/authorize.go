package devidp

import (
	"net/http"
	"net/url"
	"regexp"
	"strings"
	"time"
)

// ssoCookieName is the provider's browser session (auth.md §16.4).
const ssoCookieName = "DEVIDP_SSO"

// invalidCredentials is the message of a failed login, as Keycloak words it.
const invalidCredentials = "Invalid username or password."

// pkceChallenge is an S256 challenge: base64url of a SHA-256 digest, within RFC 7636's 43–128 characters.
var pkceChallenge = regexp.MustCompile(`^[A-Za-z0-9._~-]{43,128}$`)

// authRequest is a validated authorization request.
type authRequest struct {
	client                                       *clientRecord
	redirectURI, state, challenge, nonce, prompt string
	scopes                                       []string // requested; granted ones are decided at login
}

// loginAttempt is the username and password a POST of the login form carries.
type loginAttempt struct{ username, password string }

// authOutcome is what the handler sends once the lock is released: exactly one of its fields is set, apart
// from cookie which comes with a redirect.
type authOutcome struct {
	errorPage string
	location  string
	cookie    *http.Cookie
	form      *loginPage
}

func (s *Server) handleAuthorize(w http.ResponseWriter, r *http.Request) {
	if err := r.ParseForm(); err != nil {
		renderHTML(w, http.StatusBadRequest, errorTemplate, "Invalid request.")
		return
	}
	// r.Form holds the query of a GET, and the hidden fields (plus any query) of the form's POST.
	params := url.Values{}
	for k, v := range r.Form {
		params[k] = v
	}
	var login *loginAttempt
	if r.Method == http.MethodPost && (r.PostForm.Has("username") || r.PostForm.Has("password")) {
		login = &loginAttempt{username: r.PostForm.Get("username"), password: r.PostForm.Get("password")}
	}
	for _, f := range credentialFields {
		delete(params, f)
	}
	sso := ""
	if c, err := r.Cookie(ssoCookieName); err == nil {
		sso = c.Value
	}

	s.mu.Lock()
	out := s.authorize(params, sso, login)
	s.mu.Unlock()

	switch {
	case out.errorPage != "":
		renderHTML(w, http.StatusBadRequest, errorTemplate, out.errorPage)
	case out.location != "":
		if out.cookie != nil {
			http.SetCookie(w, out.cookie)
		}
		w.Header().Set("Cache-Control", "no-store")
		http.Redirect(w, r, out.location, http.StatusFound)
	default:
		out.form.Realm = s.set.realm
		out.form.Action = "/realms/" + s.set.realm + "/protocol/openid-connect/auth"
		out.form.Hidden = hiddenFields(params)
		renderHTML(w, http.StatusOK, loginTemplate, out.form)
	}
}

// authorize decides the answer to an authorization request. The caller holds the lock.
func (s *Server) authorize(params url.Values, sso string, login *loginAttempt) authOutcome {
	req, page, rerr := s.st.parseAuthRequest(params)
	if page != "" {
		return authOutcome{errorPage: page}
	}
	if rerr != nil {
		return authOutcome{location: errorRedirect(req, rerr.code, rerr.description)}
	}
	now := s.set.now()
	if login != nil {
		u, valid := s.st.checkPassword(login.username, login.password)
		if !valid {
			return authOutcome{form: &loginPage{Error: invalidCredentials, Username: login.username}}
		}
		token := randomToken()
		s.st.sso[token] = ssoSession{userID: u.ID, authTime: now}
		return authOutcome{location: s.issueCode(req, u, now, now), cookie: s.ssoCookie(token, 0)}
	}
	if sess, found := s.st.sso[sso]; found && req.prompt != "login" {
		if u, found := s.st.users[sess.userID]; found {
			return authOutcome{location: s.issueCode(req, u, now, sess.authTime)}
		}
	}
	if req.prompt == "none" {
		return authOutcome{location: errorRedirect(req, "login_required", "The user is not signed in")}
	}
	return authOutcome{form: &loginPage{}}
}

// parseAuthRequest validates the parameters of auth.md §16.4. An unknown client or an unregistered redirect_uri
// gives an error page (page), since redirecting there would be unsafe; other problems give an error to send
// back to the redirect_uri (rerr).
func (st *state) parseAuthRequest(p url.Values) (req authRequest, page string, rerr *oauthError) {
	client, found := st.clients[p.Get("client_id")]
	if !found {
		return req, "Client not found.", nil
	}
	req = authRequest{
		client: client, redirectURI: p.Get("redirect_uri"), state: p.Get("state"), nonce: p.Get("nonce"),
		challenge: p.Get("code_challenge"), prompt: p.Get("prompt"), scopes: parseScopes(p.Get("scope")),
	}
	if req.redirectURI == "" || !client.allowsRedirect(req.redirectURI) {
		return req, "Invalid parameter: redirect_uri", nil
	}
	if rt := p.Get("response_type"); rt != "code" {
		return req, "", &oauthError{code: "unsupported_response_type",
			description: "Client is not allowed to initiate browser login with given response_type " + rt}
	}
	method := p.Get("code_challenge_method")
	switch {
	case req.challenge == "" && client.Public:
		return req, "", invalidRequest("Missing parameter: code_challenge_method")
	case req.challenge == "" && method != "":
		return req, "", invalidRequest("Missing parameter: code_challenge")
	case req.challenge != "" && method != "S256":
		return req, "", invalidRequest("Invalid parameter: code_challenge_method")
	case req.challenge != "" && !pkceChallenge.MatchString(req.challenge):
		return req, "", invalidRequest("Invalid parameter: code_challenge")
	}
	return req, "", nil
}

// allowsRedirect matches a redirect URI exactly, or against a registered prefix ending in "*".
func (c Client) allowsRedirect(uri string) bool {
	for _, registered := range c.RedirectURIs {
		if prefix, wildcard := strings.CutSuffix(registered, "*"); wildcard {
			if strings.HasPrefix(uri, prefix) {
				return true
			}
		} else if uri == registered {
			return true
		}
	}
	return false
}

// issueCode records a single-use code for u and returns the redirect carrying it. The scopes are granted now,
// and bound to the code with the client, redirect URI and challenge.
func (s *Server) issueCode(req authRequest, u *User, now, authTime time.Time) string {
	for code, ac := range s.st.codes { // forget expired codes, so abandoned logins do not accumulate
		if !now.Before(ac.expires) {
			delete(s.st.codes, code)
		}
	}
	code := randomToken()
	s.st.codes[code] = &authCode{
		clientID: req.client.ClientID, redirectURI: req.redirectURI, challenge: req.challenge, userID: u.ID,
		nonce: req.nonce, scopes: s.st.grantScopes(req.client, u.ID, req.scopes), authTime: authTime,
		expires: now.Add(codeTTL),
	}
	return withQuery(req.redirectURI, url.Values{"code": {code}, "state": {req.state}})
}

func errorRedirect(req authRequest, code, description string) string {
	return withQuery(req.redirectURI, url.Values{"error": {code}, "error_description": {description},
		"state": {req.state}})
}

// withQuery adds the non-empty values to uri's query, keeping what it already has.
func withQuery(uri string, add url.Values) string {
	u, err := url.Parse(uri)
	if err != nil {
		return uri
	}
	q := u.Query()
	for k, vs := range add {
		if len(vs) > 0 && vs[0] != "" {
			q.Set(k, vs[0])
		}
	}
	u.RawQuery = q.Encode()
	return u.String()
}

// ssoCookie is the DEVIDP_SSO cookie; maxAge < 0 deletes it.
func (s *Server) ssoCookie(value string, maxAge int) *http.Cookie {
	return &http.Cookie{
		Name: ssoCookieName, Value: value, Path: "/realms/" + s.set.realm + "/", HttpOnly: true,
		SameSite: http.SameSiteLaxMode, MaxAge: maxAge, Secure: strings.HasPrefix(s.set.issuer, "https://"),
	}
}
