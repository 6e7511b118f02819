package server

import (
	"net/http"

	"github.com/gin-gonic/gin"

	"github.com/bodhiapp/bodhi/audit"
	"github.com/bodhiapp/bodhi/auth"
	"github.com/bodhiapp/bodhi/publicurl"
)

// authInitiate starts a login with the org's own client (auth.md §5.1); a logged-in caller goes to the app.
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
	sess, err := s.deps.Sessions.Start(c.Writer, c.Request, org.OrgID)
	if err != nil {
		s.fail(c, "start session", err)
		return
	}
	location, err := s.deps.Login.Begin(ctx, org, sess, base)
	if err != nil {
		s.fail(c, "start login", err)
		return
	}
	c.JSON(http.StatusCreated, gin.H{"location": location})
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
	sess, err := s.deps.Sessions.Current(c.Writer, c.Request, org.OrgID)
	if err != nil {
		s.fail(c, "load session", err)
		return
	}
	var current auth.LoginSession
	if sess != nil {
		current = sess
	}
	userID, location, err := s.deps.Login.Complete(ctx, org, current, auth.Callback{Code: str("code"),
		State: str("state"), Error: str("error"), ErrorDescription: str("error_description")},
		publicurl.OrgBase(s.deps.Config, c.Request.Host, org.Slug))
	if err != nil {
		s.fail(c, "complete login of org "+org.Slug, err)
		return
	}
	withIdentity(c, auth.Identity{Kind: auth.KindSession, UserID: userID})
	s.record(c, audit.Login, "session", "", nil)
	c.JSON(http.StatusOK, gin.H{"location": location})
}

// logout deletes the session and expires the cookie (auth.md §5.3).
func (s *Server) logout(c *gin.Context) {
	// Ending a session is a state change: a sibling org's page (same site, another origin) must not do it.
	if !sameOrigin(c.Request) {
		WriteError(c, errInvalidAccess)
		return
	}
	ctx := c.Request.Context()
	sess, err := s.deps.Sessions.Start(c.Writer, c.Request, OrgID(ctx))
	var userID string
	if err == nil {
		userID, err = s.deps.Login.End(ctx, sess)
	}
	if err != nil {
		s.fail(c, "delete session", err)
		return
	}
	if userID != "" {
		withIdentity(c, auth.Identity{Kind: auth.KindSession, UserID: userID})
		s.record(c, audit.Logout, "session", "", nil)
	}
	slug := ""
	if org, ok := Org(ctx); ok {
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
