package server

import (
	"crypto/rand"
	"crypto/sha256"
	"crypto/subtle"
	"encoding/base64"
	"errors"
	"math/big"
	"net/http"
	"net/url"

	"github.com/gin-gonic/gin"

	"github.com/bodhiapp/bodhi/audit"
	"github.com/bodhiapp/bodhi/auth"
	"github.com/bodhiapp/bodhi/publicurl"
)

// Login errors (http-api.md §3.4).
var (
	errSessionInfoNotFound = NewError(TypeInternal, "login_error-session_info_not_found", "No login is in progress in this session.")
	errMissingState        = NewError(TypeInvalidRequest, "login_error-missing_state", "The login callback has no state.")
	errStateMismatch       = NewError(TypeInvalidRequest, "login_error-state_digest_mismatch", "The login state does not match.")
	errMissingCode         = NewError(TypeInvalidRequest, "login_error-missing_code", "The login callback has no code.")
)

const alphanumeric = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789"

// randomAlnum draws n characters from a CSPRNG without modulo bias.
func randomAlnum(n int) (string, error) {
	out := make([]byte, n)
	limit := big.NewInt(int64(len(alphanumeric)))
	for i := range out {
		k, err := rand.Int(rand.Reader, limit)
		if err != nil {
			return "", err
		}
		out[i] = alphanumeric[k.Int64()]
	}
	return string(out), nil
}

// authInitiate starts a login with the org's own client (auth.md §5.1).
func (s *Server) authInitiate(c *gin.Context) {
	noStore(c)
	ctx := c.Request.Context()
	org, ok := Org(ctx)
	if !ok {
		WriteError(c, errOrgNotConfigured)
		return
	}
	base := publicurl.OrgBase(s.deps.Config, c.Request.Host, org.Slug)
	if Identity(ctx).Kind != auth.KindAnonymous {
		c.JSON(http.StatusOK, gin.H{"location": base + "/ui/chat"})
		return
	}
	state, err1 := randomAlnum(32)
	verifier, err2 := randomAlnum(43)
	if err := errors.Join(err1, err2); err != nil {
		s.internal(c, "generate login state", err)
		return
	}
	callback := base + "/ui/auth/callback"
	sess, err := s.deps.Sessions.Start(c.Writer, c.Request, org.OrgID)
	if err != nil {
		s.internal(c, "start session", err)
		return
	}
	sess.Set(auth.KeyOAuthState, state)
	sess.Set(auth.KeyPKCEVerifier, verifier)
	sess.Set(auth.KeyCallbackURL, callback)
	if err := sess.Save(ctx); err != nil {
		s.internal(c, "save session", err)
		return
	}
	challenge := sha256.Sum256([]byte(verifier))
	scope := "openid email profile roles"
	if s.deps.Config.MultiTenant {
		scope += " organization"
	}
	q := url.Values{
		"response_type": {"code"}, "client_id": {org.KCClientID}, "redirect_uri": {callback}, "state": {state},
		"code_challenge": {base64.RawURLEncoding.EncodeToString(challenge[:])}, "code_challenge_method": {"S256"},
		"scope": {scope},
	}
	c.JSON(http.StatusCreated, gin.H{"location": s.deps.Auth.IdP.AuthorizeURL() + "?" + q.Encode()})
}

// authCallback completes a login (auth.md §5.2).
func (s *Server) authCallback(c *gin.Context) {
	noStore(c)
	ctx := c.Request.Context()
	org, ok := Org(ctx)
	if !ok {
		WriteError(c, errOrgNotConfigured)
		return
	}
	var params map[string]any
	if !s.bindJSON(c, &params, false) {
		return
	}
	str := func(k string) string { v, _ := params[k].(string); return v }
	if e := str("error"); e != "" {
		WriteError(c, NewError(TypeInvalidRequest, "login_error-o_auth_error",
			"Login failed: "+e+": "+str("error_description")))
		return
	}
	sess, err := s.deps.Sessions.Current(c.Writer, c.Request, org.OrgID)
	if err != nil {
		s.internal(c, "load session", err)
		return
	}
	if sess == nil || sess.Get(auth.KeyOAuthState) == "" {
		WriteError(c, errSessionInfoNotFound)
		return
	}
	state := str("state")
	if state == "" {
		WriteError(c, errMissingState)
		return
	}
	if subtle.ConstantTimeCompare([]byte(state), []byte(sess.Get(auth.KeyOAuthState))) != 1 {
		WriteError(c, errStateMismatch)
		return
	}
	code := str("code")
	if code == "" {
		WriteError(c, errMissingCode)
		return
	}
	callback := sess.Get(auth.KeyCallbackURL)
	tokens, err := s.deps.Auth.IdP.ExchangeCode(ctx, org.KCClientID, org.ClientSecret, code, callback,
		sess.Get(auth.KeyPKCEVerifier))
	if err == nil && tokens.RefreshToken == "" {
		err = errors.New("token response has no refresh token")
	}
	if err != nil {
		s.deps.Logger.Error("login code exchange", "org", org.Slug, "err", err)
		WriteError(c, errIdP)
		return
	}
	claims, err := s.deps.Auth.Verifier.Verify(ctx, tokens.AccessToken)
	if err == nil && claims.Azp != org.KCClientID {
		err = auth.ErrTokenInvalid
	}
	if err != nil {
		WriteError(c, s.authFailure(err))
		return
	}
	sess.Delete(auth.KeyOAuthState)
	sess.Delete(auth.KeyPKCEVerifier)

	if tokens, err = s.deps.Access.ClaimFirstAdmin(ctx, org, claims.Subject, tokens); err != nil {
		s.fail(c, "first admin of org "+org.Slug, err)
		return
	}
	if err := sess.Rotate(ctx); err != nil {
		s.internal(c, "rotate session", err)
		return
	}
	sess.Set(auth.KeyUserID, claims.Subject)
	sess.Set(auth.KeyAccessToken, tokens.AccessToken)
	sess.Set(auth.KeyRefreshToken, tokens.RefreshToken)
	sess.Delete(auth.KeyCallbackURL)
	if err := sess.Save(ctx); err != nil {
		s.internal(c, "save session", err)
		return
	}
	withIdentity(c, auth.Identity{Kind: auth.KindSession, UserID: claims.Subject})
	s.record(c, audit.Login, "session", "", nil)
	location := publicurl.OrgBase(s.deps.Config, c.Request.Host, org.Slug) + "/ui/chat"
	if u, err := url.Parse(callback); err == nil && u.Host != "" {
		location = u.Scheme + "://" + u.Host + "/ui/chat"
	}
	c.JSON(http.StatusOK, gin.H{"location": location})
}

// logout deletes the session and expires the cookie (auth.md §5.3).
func (s *Server) logout(c *gin.Context) {
	// Ending a session is a state change: a sibling org's page (same site, another origin) must not do it.
	if !sameOrigin(c.Request) {
		WriteError(c, errInvalidAccess)
		return
	}
	userID := ""
	sess, err := s.deps.Sessions.Start(c.Writer, c.Request, OrgID(c.Request.Context()))
	if err == nil {
		userID = sess.Get(auth.KeyUserID)
		err = sess.Destroy(c.Request.Context())
	}
	if err != nil {
		s.internal(c, "delete session", err)
		return
	}
	if userID != "" {
		withIdentity(c, auth.Identity{Kind: auth.KindSession, UserID: userID})
		s.record(c, audit.Logout, "session", "", nil)
	}
	slug := ""
	if org, ok := Org(c.Request.Context()); ok {
		slug = org.Slug
	}
	c.JSON(http.StatusOK, gin.H{"location": publicurl.OrgBase(s.deps.Config, c.Request.Host, slug) + "/ui/login"})
}

// user describes the caller (http-api.md §3.6).
func (s *Server) user(c *gin.Context) {
	id := Identity(c.Request.Context())
	switch id.Kind {
	case auth.KindAnonymous:
		c.JSON(http.StatusOK, gin.H{"auth_status": "logged_out"})
	case auth.KindAPIToken:
		c.JSON(http.StatusOK, gin.H{"auth_status": "api_token", "role": id.TokenScope.TokenScope()})
	default:
		body := gin.H{"auth_status": "logged_in", "user_id": id.UserID, "username": id.Username}
		if id.FirstName != "" {
			body["first_name"] = id.FirstName
		}
		if id.LastName != "" {
			body["last_name"] = id.LastName
		}
		if id.Kind == auth.KindExternalApp {
			body["role"] = id.UserScope.UserScope()
		} else if role := id.Role.Role(); role != "" {
			body["role"] = role
		} else {
			body["role"] = nil
		}
		c.JSON(http.StatusOK, body)
	}
}

func (s *Server) internal(c *gin.Context, what string, err error) {
	s.deps.Logger.Error(what, "err", err)
	WriteError(c, unexpected(err, ErrInternal))
}
