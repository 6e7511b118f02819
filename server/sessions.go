package server

import (
	"context"
	"net/http"

	"github.com/bodhiapp/bodhi/db"
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

// SessionStore is the session database as the handlers use it: /health pings it, and a role change logs the user
// out of the org everywhere (auth.md §4.4).
type SessionStore interface {
	Ping(ctx context.Context) error
	DeleteByUser(ctx context.Context, orgID, userID string) (int64, error)
}

// The session package and the session database implement these directly; app.New wires them.
var (
	_ Sessions     = (*session.Service)(nil)
	_ SessionStore = (*db.SessionStore)(nil)
)
