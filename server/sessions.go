package server

import (
	"net/http"

	"github.com/bodhiapp/bodhi/session"
)

// Sessions gives the handlers the request's browser session for the org they resolved (auth.md §4). w receives
// the cookie when the session is created, rotated (login) or destroyed (logout).
type Sessions interface {
	// Current is the request's session for orgID, or nil when it has none (no cookie, no row, another org's row).
	Current(w http.ResponseWriter, r *http.Request, orgID string) (*session.Session, error)
	// Start returns the current session, or a new empty one whose row and cookie appear on its first Save.
	Start(w http.ResponseWriter, r *http.Request, orgID string) (*session.Session, error)
}

// The session package implements it directly; app.New wires it.
var _ Sessions = (*session.Service)(nil)
