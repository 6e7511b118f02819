package server

import (
	"net/http"

	"github.com/gin-gonic/gin"

	"github.com/bodhiapp/bodhi/auth"
	"github.com/bodhiapp/bodhi/session"
)

// sessionAdapter presents session.Service as the Sessions the handlers use. It returns a true nil interface for
// "no session", never an interface holding a nil pointer.
type sessionAdapter struct{ svc *session.Service }

// NewSessions wraps the session service; the org binding reads the org this package resolved.
func NewSessions(store session.AppSessionStore, secureCookie bool) (Sessions, *session.Service) {
	svc := session.NewService(store, func(r *http.Request) string { return OrgID(r.Context()) },
		session.WithSecureCookie(secureCookie))
	return sessionAdapter{svc: svc}, svc
}

func (a sessionAdapter) Current(c *gin.Context) (auth.SessionState, error) {
	s, err := a.svc.Current(c)
	if err != nil || s == nil {
		return nil, err
	}
	return s, nil
}

func (a sessionAdapter) Start(c *gin.Context) (auth.SessionState, error) {
	s, err := a.svc.Start(c)
	if err != nil || s == nil {
		return nil, err
	}
	return s, nil
}

func (a sessionAdapter) Rotate(c *gin.Context, _ auth.SessionState) error {
	return a.svc.Rotate(c, nil)
}

func (a sessionAdapter) Destroy(c *gin.Context) error { return a.svc.Destroy(c) }
