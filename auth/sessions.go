package auth

import (
	"context"
	"errors"
	"fmt"
	"time"

	"github.com/bodhiapp/bodhi/lock"
)

// Session data keys (auth.md §4.3).
const (
	KeyOAuthState   = "oauth_state"
	KeyPKCEVerifier = "pkce_verifier"
	KeyCallbackURL  = "callback_url"
	KeyUserID       = "user_id"
	KeyAccessToken  = "access_token"
	KeyRefreshToken = "refresh_token"
)

// refreshLockWait bounds the wait for the refresh lock (auth.md §6 step 4.1).
const refreshLockWait = 10 * time.Second

// SessionState is the request's browser session as this package needs it; the session package provides it.
type SessionState interface {
	Get(key string) string
	Set(key, value string)
	Delete(key string)
	// RowID identifies the stored row (names the refresh lock).
	RowID() string
	// Reload replaces the values with the row as stored now (another request or replica may have refreshed).
	Reload(ctx context.Context) error
	Save(ctx context.Context) error
}

// SessionTokens validates the access token held in a session and refreshes it, once, under a lock shared by all
// replicas (auth.md §6).
type SessionTokens struct {
	verifier *Verifier
	idp      *IdP
	locks    lock.Locker
	now      func() time.Time
}

// NewSessionTokens wires the verifier, the identity provider and the lock service.
func NewSessionTokens(v *Verifier, idp *IdP, locks lock.Locker, now func() time.Time) *SessionTokens {
	return &SessionTokens{verifier: v, idp: idp, locks: locks, now: now}
}

// ErrNoSessionToken means the session holds no access token: not logged in.
var ErrNoSessionToken = errors.New("no access token in the session")

// Authenticate returns the identity of the logged-in session, refreshing its token when it expires within 10 s.
func (s *SessionTokens) Authenticate(ctx context.Context, org *OrgContext, sess SessionState) (Identity, error) {
	token := sess.Get(KeyAccessToken)
	if token == "" {
		return Identity{}, ErrNoSessionToken
	}
	claims, err := s.verifySession(ctx, org, token)
	if err != nil {
		return Identity{}, err
	}
	if !s.fresh(claims) {
		if claims, err = s.refresh(ctx, org, sess, token); err != nil {
			return Identity{}, err
		}
	}
	return sessionIdentity(org, claims, sess.Get(KeyAccessToken))
}

func (s *SessionTokens) fresh(c *Claims) bool { return s.now().Add(freshFor).Before(c.ExpiresAt()) }

// verifySession checks a session token: signature, issuer, type and azp = the org's client (expiry is the
// caller's business).
func (s *SessionTokens) verifySession(ctx context.Context, org *OrgContext, token string) (*Claims, error) {
	c, err := s.verifier.Verify(ctx, token)
	if err != nil {
		return nil, err
	}
	if c.Azp != org.KCClientID || c.PreferredUsername == "" {
		return nil, ErrTokenInvalid
	}
	return c, nil
}

func (s *SessionTokens) refresh(ctx context.Context, org *OrgContext, sess SessionState, stale string) (*Claims, error) {
	waitCtx, cancelWait := context.WithTimeout(ctx, refreshLockWait)
	defer cancelWait()
	_, release, err := s.locks.Acquire(waitCtx, "refresh:"+org.OrgID+":"+sess.RowID())
	if err != nil {
		if ctx.Err() != nil {
			return nil, ctx.Err()
		}
		return nil, ErrLockTimeout
	}
	defer release()

	// Another request or replica may have refreshed while we waited: use its token.
	if c, ok := s.refreshedMeanwhile(ctx, org, sess, stale); ok {
		return c, nil
	}
	refreshToken := sess.Get(KeyRefreshToken)
	if refreshToken == "" {
		return nil, ErrRefreshTokenNotFound
	}
	resp, err := s.idp.Refresh(ctx, org.KCClientID, org.ClientSecret, refreshToken)
	if ClientError(err) {
		// The refresh token may have been rotated by a holder that lost the lock (e.g. during a Redis outage):
		// a racing replica must never log the user out.
		if c, ok := s.refreshedMeanwhile(ctx, org, sess, stale); ok {
			return c, nil
		}
		clearLogin(sess)
		if err := sess.Save(ctx); err != nil {
			return nil, fmt.Errorf("save session: %w", err)
		}
		return nil, ErrRefreshTokenNotFound
	}
	if err != nil {
		return nil, err
	}
	claims, err := s.verifySession(ctx, org, resp.AccessToken)
	if err != nil {
		return nil, fmt.Errorf("verify refreshed token: %w", err)
	}
	sess.Set(KeyAccessToken, resp.AccessToken)
	if resp.RefreshToken != "" {
		sess.Set(KeyRefreshToken, resp.RefreshToken)
	}
	// Saved before the lock is released, so the next holder reads the new tokens.
	if err := sess.Save(ctx); err != nil {
		return nil, fmt.Errorf("save refreshed session: %w", err)
	}
	return claims, nil
}

// refreshedMeanwhile re-reads the session row and reports a different, fresh, valid token stored there.
func (s *SessionTokens) refreshedMeanwhile(ctx context.Context, org *OrgContext, sess SessionState, stale string) (*Claims, bool) {
	if err := sess.Reload(ctx); err != nil {
		return nil, false
	}
	current := sess.Get(KeyAccessToken)
	if current == "" || current == stale {
		return nil, false
	}
	c, err := s.verifySession(ctx, org, current)
	if err != nil || !s.fresh(c) {
		return nil, false
	}
	return c, true
}

// clearLogin removes what a login stored (logout, refused refresh, optional-auth failures).
func clearLogin(sess SessionState) {
	sess.Delete(KeyAccessToken)
	sess.Delete(KeyRefreshToken)
	sess.Delete(KeyUserID)
}

// ClearLogin removes what a login stored from sess.
func ClearLogin(sess SessionState) { clearLogin(sess) }

func sessionIdentity(org *OrgContext, c *Claims, token string) (Identity, error) {
	role, _, err := c.RoleFor(org.KCClientID)
	id := Identity{Kind: KindSession, UserID: c.Subject, Username: c.PreferredUsername, FirstName: c.GivenName,
		LastName: c.FamilyName, Role: role, AccessToken: token}
	return id, err // ErrInvalidRoleName: strict groups refuse, optional ones treat the user as role-less
}
