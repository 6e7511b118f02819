// Package session is Bodhi's browser session (auth.md §4): the bodhiapp_session_id cookie, the org binding of the
// rows it names, lazy creation, rotation and logout. The rows live in the session database (db.SessionStore);
// the server hands each call the org it resolved, so this package never looks into the server's request state.
package session

import (
	"context"
	"errors"
	"net/http"

	"github.com/bodhiapp/bodhi/db"
)

// ErrNoOrg means a session was about to be written for a request without a resolved org.
var ErrNoOrg = errors.New("session: the request has no organization")

// Store is the session database as the service uses it; db.SessionStore implements it.
type Store interface {
	// Load returns the row with id; db.ErrNotFound when there is none or it has expired.
	Load(ctx context.Context, id string) (db.SessionRecord, error)
	// Save upserts rec and returns it as stored.
	Save(ctx context.Context, rec db.SessionRecord) (db.SessionRecord, error)
	// Delete removes the row with id; a missing row is not an error.
	Delete(ctx context.Context, id string) error
}

// Service gives the auth middleware and the login handlers the request's browser session. It is the same for
// both database dialects, and holds no per-request state: every call reads the request's cookie afresh.
type Service struct {
	store  Store
	cookie cookieAttrs
}

// Option configures NewService.
type Option func(*cookieAttrs)

// WithSecureCookie sets the cookie's Secure attribute (BODHI_COOKIE_SECURE; off unless set).
func WithSecureCookie(secure bool) Option {
	return func(a *cookieAttrs) { a.secure = secure }
}

// NewService builds the service over store.
func NewService(store Store, opts ...Option) *Service {
	s := &Service{store: store}
	for _, o := range opts {
		o(&s.cookie)
	}
	return s
}

// Current returns the request's session for orgID, or nil when it has none: no cookie, no row, an expired row or
// another org's row (auth.md §4.4). The error is a failure to read the session database. w receives the cookie
// if the session is later rotated or destroyed.
func (s *Service) Current(w http.ResponseWriter, r *http.Request, orgID string) (*Session, error) {
	sess, err := s.load(w, r, orgID)
	if err != nil || !sess.Exists() {
		return nil, err
	}
	return sess, nil
}

// Start returns the request's session for orgID, existing or not: a new one gets its row and cookie on the first
// Save that leaves it with data (auth.md §4.2).
func (s *Service) Start(w http.ResponseWriter, r *http.Request, orgID string) (*Session, error) {
	return s.load(w, r, orgID)
}

// load reads the session named by the request's cookie, or returns a new, empty one when the cookie is absent or
// malformed, the request has no org, or no row of orgID answers to it.
func (s *Service) load(w http.ResponseWriter, r *http.Request, orgID string) (*Session, error) {
	sess := &Session{svc: s, w: w, orgID: orgID, values: map[string]string{}}
	cookie, err := r.Cookie(CookieName)
	if err != nil || !wellFormed(cookie.Value) || orgID == "" {
		return sess, nil
	}
	rec, err := s.read(r.Context(), orgID, RowID(cookie.Value))
	if err != nil {
		return nil, err
	}
	if rec != nil {
		sess.fill(rec)
	}
	return sess, nil
}

// read returns row id when it belongs to orgID, nil when it is absent, expired or another org's. Another org's row
// is never written or deleted through this service (auth.md §4.4).
func (s *Service) read(ctx context.Context, orgID, id string) (*db.SessionRecord, error) {
	rec, err := s.store.Load(ctx, id)
	switch {
	case errors.Is(err, db.ErrNotFound):
		return nil, nil
	case err != nil:
		return nil, err
	case rec.OrgID != orgID:
		return nil, nil
	}
	return &rec, nil
}
