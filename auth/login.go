package auth

import (
	"context"
	"crypto/rand"
	"crypto/sha256"
	"crypto/subtle"
	"encoding/base64"
	"errors"
	"fmt"
	"math/big"
	"net/url"

	"github.com/bodhiapp/bodhi/apperr"
)

// Login refusals (http-api.md §3.4).
var (
	ErrNoLoginInProgress = apperr.New(apperr.Internal, "login_error-session_info_not_found",
		"No login is in progress in this session.")
	ErrMissingState  = apperr.New(apperr.Invalid, "login_error-missing_state", "The login callback has no state.")
	ErrStateMismatch = apperr.New(apperr.Invalid, "login_error-state_digest_mismatch", "The login state does not match.")
	ErrMissingCode   = apperr.New(apperr.Invalid, "login_error-missing_code", "The login callback has no code.")
)

// CallbackPath is where the identity provider sends the browser back, under the org's base URL.
const CallbackPath = "/ui/auth/callback"

// appPath is where a logged-in browser goes.
const appPath = "/ui/chat"

// LoginSession is the browser session as a login needs it: its values, and moving it to a new cookie.
type LoginSession interface {
	SessionState
	Rotate(ctx context.Context) error
}

// EndableSession is the browser session as a logout needs it.
type EndableSession interface {
	Get(key string) string
	Destroy(ctx context.Context) error
}

// FirstAdminClaimer makes the first user to log in to a standalone org its admin, refreshing their tokens so the
// new role is in them (access.Service).
type FirstAdminClaimer interface {
	ClaimFirstAdmin(ctx context.Context, org *OrgContext, sub string, tokens TokenResponse) (TokenResponse, error)
}

// Login runs the authorization-code login with PKCE through an org's own client (auth.md §5).
type Login struct {
	idp        *IdP
	verifier   *Verifier
	firstAdmin FirstAdminClaimer
	hosted     bool
}

// NewLogin wires the login; hosted servers also ask for the organization claim.
func NewLogin(idp *IdP, verifier *Verifier, firstAdmin FirstAdminClaimer, hosted bool) *Login {
	return &Login{idp: idp, verifier: verifier, firstAdmin: firstAdmin, hosted: hosted}
}

// Begin starts a login (auth.md §5.1): it keeps the state, the PKCE verifier and the callback URL in sess and
// returns the identity provider's login page to send the browser to. base is the org's public URL.
func (l *Login) Begin(ctx context.Context, org *OrgContext, sess SessionState, base string) (string, error) {
	state, err := randomAlnum(32)
	if err != nil {
		return "", err
	}
	verifier, err := randomAlnum(43)
	if err != nil {
		return "", err
	}
	callback := base + CallbackPath
	sess.Set(KeyOAuthState, state)
	sess.Set(KeyPKCEVerifier, verifier)
	sess.Set(KeyCallbackURL, callback)
	if err := sess.Save(ctx); err != nil {
		return "", fmt.Errorf("save the login state: %w", err)
	}
	challenge := sha256.Sum256([]byte(verifier))
	scope := "openid email profile roles"
	if l.hosted {
		scope += " organization"
	}
	q := url.Values{
		"response_type": {"code"}, "client_id": {org.KCClientID}, "redirect_uri": {callback}, "state": {state},
		"code_challenge": {base64.RawURLEncoding.EncodeToString(challenge[:])}, "code_challenge_method": {"S256"},
		"scope": {scope},
	}
	return l.idp.AuthorizeURL() + "?" + q.Encode(), nil
}

// Callback is what the identity provider sent back through the browser.
type Callback struct {
	Code, State, Error, ErrorDescription string
}

// Complete finishes a login (auth.md §5.2): the callback must match the login sess began, the code is exchanged
// and the token verified for the org's client, a standalone org's first user becomes its admin, and the session
// moves to a new cookie holding the user's tokens. It returns the user id and the app URL for the browser (on the
// host the login started from; base when that is unknown). sess is nil when the request has no session.
func (l *Login) Complete(ctx context.Context, org *OrgContext, sess LoginSession, cb Callback, base string) (userID, location string, err error) {
	if cb.Error != "" {
		return "", "", apperr.New(apperr.Invalid, "login_error-o_auth_error",
			"Login failed: "+cb.Error+": "+cb.ErrorDescription)
	}
	if sess == nil || sess.Get(KeyOAuthState) == "" {
		return "", "", ErrNoLoginInProgress
	}
	switch {
	case cb.State == "":
		return "", "", ErrMissingState
	case subtle.ConstantTimeCompare([]byte(cb.State), []byte(sess.Get(KeyOAuthState))) != 1:
		return "", "", ErrStateMismatch
	case cb.Code == "":
		return "", "", ErrMissingCode
	}
	callback := sess.Get(KeyCallbackURL)
	tokens, claims, err := l.exchange(ctx, org, cb.Code, callback, sess.Get(KeyPKCEVerifier))
	if err != nil {
		return "", "", err
	}
	sess.Delete(KeyOAuthState)
	sess.Delete(KeyPKCEVerifier)
	if tokens, err = l.firstAdmin.ClaimFirstAdmin(ctx, org, claims.Subject, tokens); err != nil {
		return "", "", fmt.Errorf("first admin of org %s: %w", org.Slug, err)
	}
	if err := sess.Rotate(ctx); err != nil {
		return "", "", fmt.Errorf("rotate the session: %w", err)
	}
	sess.Set(KeyUserID, claims.Subject)
	sess.Set(KeyAccessToken, tokens.AccessToken)
	sess.Set(KeyRefreshToken, tokens.RefreshToken)
	sess.Delete(KeyCallbackURL)
	if err := sess.Save(ctx); err != nil {
		return "", "", fmt.Errorf("save the login: %w", err)
	}
	location = base + appPath
	if u, err := url.Parse(callback); err == nil && u.Host != "" {
		location = u.Scheme + "://" + u.Host + appPath
	}
	return claims.Subject, location, nil
}

// exchange trades the code for tokens and verifies the access token is the org client's.
func (l *Login) exchange(ctx context.Context, org *OrgContext, code, callback, verifier string) (TokenResponse, *Claims, error) {
	tokens, err := l.idp.ExchangeCode(ctx, org.KCClientID, org.ClientSecret, code, callback, verifier)
	if err == nil && tokens.RefreshToken == "" {
		err = fmt.Errorf("%w: the token response has no refresh token", ErrIdentityProvider)
	}
	if err != nil {
		return tokens, nil, fmt.Errorf("exchange the login code of org %s: %w", org.Slug, err)
	}
	claims, err := l.verifier.Verify(ctx, tokens.AccessToken)
	if err == nil && claims.Azp != org.KCClientID {
		err = ErrTokenInvalid
	}
	return tokens, claims, err
}

// End logs the session out (auth.md §5.3): its row is deleted and its cookie expired. It returns the user who was
// logged in, "" for none.
func (l *Login) End(ctx context.Context, sess EndableSession) (string, error) {
	userID := sess.Get(KeyUserID)
	if err := sess.Destroy(ctx); err != nil {
		return "", fmt.Errorf("end the session: %w", err)
	}
	return userID, nil
}

const alphanumeric = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789"

// randomAlnum draws n characters from a CSPRNG without modulo bias.
func randomAlnum(n int) (string, error) {
	out := make([]byte, n)
	limit := big.NewInt(int64(len(alphanumeric)))
	for i := range out {
		k, err := rand.Int(rand.Reader, limit)
		if err != nil {
			return "", errors.Join(errors.New("draw a random login secret"), err)
		}
		out[i] = alphanumeric[k.Int64()]
	}
	return string(out), nil
}
