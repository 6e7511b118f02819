package session

import (
	"context"
	"net/http"

	"github.com/gin-contrib/sessions"
	"github.com/gin-gonic/gin"
	gsessions "github.com/gorilla/sessions"
)

// Service gives the auth middleware and the login handlers the request's browser session (auth.md §4). It is
// the same for both database backends.
type Service struct {
	store *GinStore
}

// NewService builds the service over app. orgID returns the org resolved for a request ("" when none); the
// server stores it in the request context before the session is loaded (auth.md §1 step 6, §2.7).
func NewService(app AppSessionStore, orgID func(*http.Request) string, opts ...Option) *Service {
	return &Service{store: NewGinStore(app, orgID, opts...)}
}

// Middleware is gin-contrib's sessions middleware over this service's store (auth.md §1 step 7). It loads
// nothing by itself: the row is read on the first access. Install it after org resolution. Without it the
// service still works, holding the session itself.
func (s *Service) Middleware() gin.HandlerFunc { return sessions.Sessions(CookieName, s.store) }

// GinStore is the gin-contrib/sessions store the service is built on.
func (s *Service) GinStore() *GinStore { return s.store }

// Store is the session database ("log a user out everywhere" is Store().DeleteByUser; /health pings it).
func (s *Service) Store() AppSessionStore { return s.store.app }

// Current returns the request's session, or nil when it has none: no cookie, no row, an expired row or another
// org's row. The error is a failure to read the session database.
func (s *Service) Current(c *gin.Context) (*Session, error) {
	h := s.handle(c)
	if err := h.Err(); err != nil {
		return nil, err
	}
	if !h.Exists() {
		return nil, nil
	}
	return h, nil
}

// Start returns the request's session, existing or not: a new one gets its row and cookie on the first Save
// that leaves it with data (auth.md §4.2).
func (s *Service) Start(c *gin.Context) (*Session, error) {
	h := s.handle(c)
	if err := h.Err(); err != nil {
		return nil, err
	}
	return h, nil
}

// Rotate moves the request's session to a new cookie value and row id and deletes the old row (after a
// successful login, auth.md §5.2 step 10). sess may be nil to mean the request's session.
func (s *Service) Rotate(c *gin.Context, sess *Session) error {
	if sess == nil {
		sess = s.handle(c)
	}
	return sess.Rotate(c.Request.Context())
}

// Destroy deletes the request's session row for its org, if any, and expires the cookie (logout, auth.md §5.3).
func (s *Service) Destroy(c *gin.Context) error {
	return s.handle(c).Destroy(c.Request.Context())
}

type handleKey struct{}

// handle returns the one Session of this request, creating it on first use.
func (s *Service) handle(c *gin.Context) *Session {
	if v, ok := c.Get(handleKey{}); ok {
		if h, ok := v.(*Session); ok && h.svc == s {
			return h
		}
	}
	h := &Session{svc: s, c: c}
	c.Set(handleKey{}, h)
	return h
}

// Session is one request's browser session. It is not safe for concurrent use (neither is the request).
// Writes stay in memory until Save (or Rotate); Save before the response is written, as it may set the cookie.
type Session struct {
	svc   *Service
	c     *gin.Context
	gs    *gsessions.Session // loaded on first use
	dirty bool
}

// gorillaBacked is gin-contrib's per-request session, which exposes the gorilla session it wraps.
type gorillaBacked interface {
	Session() *gsessions.Session
}

// state loads the session on first use: the one gin-contrib's middleware holds when it runs over this service's
// store, else one of its own.
func (h *Session) state() *gsessions.Session {
	if h.gs != nil {
		return h.gs
	}
	if v, ok := h.c.Get(sessions.DefaultKey); ok {
		if b, ok := v.(gorillaBacked); ok {
			if gs := b.Session(); gs != nil && gs.Store() == h.svc.store && gs.Name() == CookieName {
				h.gs = gs
				return gs
			}
		}
	}
	h.gs, _ = h.svc.store.New(h.c.Request, CookieName) // a load error stays in the session: see Err
	return h.gs
}

func (h *Session) org() string { return h.svc.store.orgID(h.c.Request) }

// Err is the error that kept the session from loading, if any. Such a session reads as empty and refuses writes.
func (h *Session) Err() error { return loadError(h.state()) }

// Exists reports whether the session has a row (for this request's org).
func (h *Session) Exists() bool { return h.state().ID != "" }

// RowID is the session's database id (the SHA-256 hex of its cookie), "" while it has no row. It names the
// refresh lock refresh:<org_id>:<row id> (auth.md §6).
func (h *Session) RowID() string { return h.state().ID }

// Get returns the value of key, "" when unset.
func (h *Session) Get(key string) string {
	v, _ := h.state().Values[key].(string)
	return v
}

// Set sets key to value.
func (h *Session) Set(key, value string) {
	h.state().Values[key] = value
	h.dirty = true
}

// Delete removes key.
func (h *Session) Delete(key string) {
	values := h.state().Values
	if _, ok := values[key]; ok {
		delete(values, key)
		h.dirty = true
	}
}

// Save writes the changes, if any: an upsert of the row (expiry now + 14 days), or, for a session without a
// row that now holds data, a new row and a new cookie.
func (h *Session) Save(ctx context.Context) error {
	if !h.dirty {
		return nil
	}
	if err := h.svc.store.write(ctx, h.org(), h.c.Writer, h.state()); err != nil {
		return err
	}
	h.dirty = false
	return nil
}

// Reload replaces the values with the row as stored now, discarding unsaved changes. The refresh path calls it
// under its lock (auth.md §6), as another request or replica may have refreshed the tokens. A row that has gone
// (logout elsewhere, expiry, "log out everywhere") leaves the session empty and without a row, so a later Save
// cannot bring the login back.
func (h *Session) Reload(ctx context.Context) error {
	gs := h.state()
	if gs.ID == "" {
		return loadError(gs)
	}
	rec, err := h.svc.store.load(ctx, h.org(), gs.ID)
	if err != nil {
		return err
	}
	h.dirty = false
	if rec == nil {
		reset(gs, *gs.Options)
		return nil
	}
	fill(gs, rec)
	return nil
}

// Rotate stores the current values under a new cookie value and row id, sends the new cookie and deletes the old
// row (auth.md §4.2). Pending changes are saved with it.
func (h *Session) Rotate(ctx context.Context) error {
	if err := h.svc.store.rotate(ctx, h.org(), h.c.Writer, h.state()); err != nil {
		return err
	}
	h.dirty = false
	return nil
}

// Destroy deletes the row, if the session has one, and expires the cookie (Max-Age=0). The session is then new
// and empty.
func (h *Session) Destroy(ctx context.Context) error {
	if err := h.svc.store.destroy(ctx, h.c.Writer, h.state()); err != nil {
		return err
	}
	h.dirty = false
	return nil
}
