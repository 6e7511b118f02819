package server

import (
	"errors"

	"github.com/gin-gonic/gin"

	"github.com/bodhiapp/bodhi/auth"
)

// Group is a route group of auth.md §10.3: how strictly callers are authenticated and which levels pass.
type Group struct {
	Name        string
	Strict      bool
	SessionOnly bool       // signed-in-session
	Role        auth.Level // required session role (LevelNone: no role check, e.g. signed-in)
	TokenScope  auth.Level // required API-token scope; LevelNone: API tokens refused
	UserScope   auth.Level // required exchanged-token scope; LevelNone: external apps refused
}

// The route groups.
var (
	GroupOptional         = Group{Name: "optional"}
	GroupSignedIn         = Group{Name: "signed-in", Strict: true}
	GroupSignedInSession  = Group{Name: "signed-in-session", Strict: true, SessionOnly: true}
	GroupUserAny          = Group{Name: "U-any", Strict: true, Role: auth.LevelUser, TokenScope: auth.LevelUser, UserScope: auth.LevelUser}
	GroupUserSession      = Group{Name: "U-session", Strict: true, Role: auth.LevelUser}
	GroupUserOAuth        = Group{Name: "U-oauth", Strict: true, Role: auth.LevelUser, UserScope: auth.LevelUser}
	GroupPowerUserAny     = Group{Name: "PU-any", Strict: true, Role: auth.LevelPowerUser, TokenScope: auth.LevelPowerUser, UserScope: auth.LevelPowerUser}
	GroupPowerUserSession = Group{Name: "PU-session", Strict: true, Role: auth.LevelPowerUser}
	GroupManagerSession   = Group{Name: "M-session", Strict: true, Role: auth.LevelManager}
	GroupAdminSession     = Group{Name: "A-session", Strict: true, Role: auth.LevelAdmin}
)

// guard authenticates the caller (strictly or optionally) and applies the group's decision rule (auth.md §10.4).
func (s *Server) guard(g Group) gin.HandlerFunc {
	return func(c *gin.Context) {
		id, apiErr := s.authenticate(c, g.Strict)
		if apiErr != nil {
			WriteError(c, apiErr)
			return
		}
		if g.Strict {
			if apiErr := decide(g, id); apiErr != nil {
				WriteError(c, apiErr)
				return
			}
		}
		withIdentity(c, id)
		c.Next()
	}
}

// decide is the authorization rule for an authenticated identity.
func decide(g Group, id auth.Identity) *APIError {
	switch {
	case g.SessionOnly:
		if id.Kind != auth.KindSession {
			return errMissingAuth
		}
		return nil
	case g.Role == auth.LevelNone: // signed-in
		return nil
	case id.Role != auth.LevelNone:
		if id.Role < g.Role {
			return errForbidden
		}
		return nil
	case id.TokenScope != auth.LevelNone:
		return scopeDecision(id.TokenScope, g.TokenScope)
	case id.UserScope != auth.LevelNone:
		return scopeDecision(id.UserScope, g.UserScope)
	default: // a role-less session
		return errMissingAuth
	}
}

func scopeDecision(have, need auth.Level) *APIError {
	if need == auth.LevelNone {
		return errMissingAuth
	}
	if have < need {
		return errForbidden
	}
	return nil
}

// authenticate builds the caller's identity: a bearer token first, else the session if the request is
// same-origin. Strict mode answers errors; optional mode falls back to anonymous (auth.md §10.3, §6 step 6).
func (s *Server) authenticate(c *gin.Context, strict bool) (auth.Identity, *APIError) {
	ctx := c.Request.Context()
	org, ok := Org(ctx)
	if !ok {
		return auth.Anonymous, nil // standalone before setup: nobody can be logged in
	}
	if header := c.GetHeader("Authorization"); header != "" {
		return s.authenticateBearer(c, org, header, strict)
	}
	if !sameOrigin(c.Request) {
		if strict {
			return auth.Anonymous, errInvalidAccess
		}
		return auth.Anonymous, nil
	}
	sess, err := s.deps.Sessions.Current(c.Writer, c.Request, org.OrgID)
	if err != nil {
		s.deps.Logger.Error("load session", "err", err)
		return auth.Anonymous, unexpected(err, ErrInternal)
	}
	if sess == nil {
		if strict {
			return auth.Anonymous, errInvalidAccess
		}
		return auth.Anonymous, nil
	}
	id, err := s.deps.Auth.Sessions.Authenticate(ctx, org, sess)
	switch {
	case err == nil:
		return id, nil
	case errors.Is(err, auth.ErrInvalidRoleName) && !strict:
		id.Role = auth.LevelNone // optional groups treat the user as role-less
		return id, nil
	case strict:
		return auth.Anonymous, s.authFailure(err)
	}
	// Optional: continue anonymously, without the broken login (auth.md §6 step 6). A transient failure (the
	// refresh lock not acquired in time, the identity provider or the store unavailable) says nothing about the
	// login, so it is kept: the next request refreshes it. Clearing it would log the user out on a hiccup.
	if !errors.Is(err, auth.ErrNoSessionToken) && !transientAuthFailure(err) {
		auth.ClearLogin(sess)
		if err := sess.Save(ctx); err != nil {
			s.deps.Logger.Warn("save session after a failed login check", "err", err)
		}
	}
	return auth.Anonymous, nil
}

func (s *Server) authFailure(err error) *APIError {
	if apiErr := authError(err); apiErr != nil {
		if apiErr == errIdP {
			s.deps.Logger.Error("identity provider call failed", "err", err)
		}
		return apiErr
	}
	s.deps.Logger.Error("authentication failed unexpectedly", "err", err)
	return unexpected(err, ErrInternal)
}

// transientAuthFailure reports an error that may pass on retry, as opposed to a token that is invalid or refused.
func transientAuthFailure(err error) bool {
	return errors.Is(err, auth.ErrLockTimeout) || errors.Is(err, auth.ErrIdentityProvider) || authError(err) == nil
}
