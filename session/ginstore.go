package session

import (
	"context"
	"errors"
	"fmt"
	"net/http"

	"github.com/gin-contrib/sessions"
	gsessions "github.com/gorilla/sessions"
)

// ErrNoOrg means a session was about to be written for a request without a resolved org.
var ErrNoOrg = errors.New("session: the request has no organization")

// GinStore is the gin-contrib/sessions store (gorilla's sessions.Store plus Options) over an AppSessionStore.
//
// The gorilla session's ID is the row id (never the cookie value), its Values hold string keys and string
// values, and a new session has an empty ID until its first write (rows and cookies are created lazily).
// A cookie is only honoured when its row belongs to the request's org (auth.md §4.4); otherwise the request
// gets a new, empty session, and writing it issues a fresh cookie value rather than touching the other row.
type GinStore struct {
	app     AppSessionStore
	orgID   func(*http.Request) string
	options gsessions.Options
}

var _ sessions.Store = (*GinStore)(nil)

// Option configures NewService and NewGinStore.
type Option func(*gsessions.Options)

// WithSecureCookie sets the cookie's Secure attribute (BODHI_COOKIE_SECURE; off unless set).
func WithSecureCookie(secure bool) Option {
	return func(o *gsessions.Options) { o.Secure = secure }
}

// NewGinStore returns the store over app. orgID returns the org resolved for a request ("" when none); the
// server puts it in the request context before the session is loaded (auth.md §1, §2.7).
func NewGinStore(app AppSessionStore, orgID func(*http.Request) string, opts ...Option) *GinStore {
	s := &GinStore{app: app, orgID: orgID, options: defaultOptions(false)}
	for _, o := range opts {
		o(&s.options)
	}
	return s
}

// Get returns the request's session. It does not cache: gin-contrib's middleware (and Service) hold the session
// for the rest of the request.
func (s *GinStore) Get(r *http.Request, name string) (*gsessions.Session, error) {
	return s.New(r, name)
}

// New loads the session named by the request's cookie, or returns an empty one. A load failure is returned with
// an empty session, which also remembers the error so it is never written over the unread row.
func (s *GinStore) New(r *http.Request, name string) (*gsessions.Session, error) {
	gs := s.blank(name)
	cookie, err := r.Cookie(name)
	if err != nil || !wellFormed(cookie.Value) {
		return gs, nil
	}
	org := s.orgID(r)
	if org == "" {
		return gs, nil
	}
	rec, err := s.load(r.Context(), org, RowID(cookie.Value))
	if err != nil {
		gs.Values[loadErrKey{}] = err
		return gs, err
	}
	if rec != nil {
		fill(gs, rec)
	}
	return gs, nil
}

// Save writes gs for gorilla and gin-contrib callers. Options.MaxAge < 0 destroys the session instead.
func (s *GinStore) Save(r *http.Request, w http.ResponseWriter, gs *gsessions.Session) error {
	if gs.Options != nil && gs.Options.MaxAge < 0 {
		return s.destroy(r.Context(), w, gs)
	}
	return s.write(r.Context(), s.orgID(r), w, gs)
}

// Options replaces the cookie attributes of sessions created from now on (gin-contrib's sessions.Store).
func (s *GinStore) Options(o sessions.Options) {
	s.options = *o.ToGorillaOptions()
}

func (s *GinStore) blank(name string) *gsessions.Session {
	gs := gsessions.NewSession(s, name)
	opts := s.options
	gs.Options = &opts
	gs.IsNew = true
	return gs
}

// load reads row id and applies the org binding: another org's row is absent, and is left untouched.
func (s *GinStore) load(ctx context.Context, org, id string) (*Record, error) {
	rec, err := s.app.Load(ctx, id)
	if err != nil || rec == nil || rec.OrgID != org {
		return nil, err
	}
	return rec, nil
}

// write upserts an existing session, or creates a new one (new cookie value) if it holds any data.
func (s *GinStore) write(ctx context.Context, org string, w http.ResponseWriter, gs *gsessions.Session) error {
	if err := loadError(gs); err != nil {
		return fmt.Errorf("save session: it could not be loaded: %w", err)
	}
	data, err := stringValues(gs)
	if err != nil {
		return err
	}
	if gs.ID == "" {
		if len(data) == 0 {
			return nil // nothing to keep: no row, no cookie
		}
		return s.rotate(ctx, org, w, gs)
	}
	if org == "" {
		return ErrNoOrg
	}
	return s.app.Save(ctx, &Record{ID: gs.ID, OrgID: org, Data: data})
}

// rotate stores the data under a fresh cookie value and row id, sends the cookie and deletes the old row
// (auth.md §4.2). For a session without a row it simply creates one.
func (s *GinStore) rotate(ctx context.Context, org string, w http.ResponseWriter, gs *gsessions.Session) error {
	if err := loadError(gs); err != nil {
		return fmt.Errorf("rotate session: it could not be loaded: %w", err)
	}
	if org == "" {
		return ErrNoOrg
	}
	data, err := stringValues(gs)
	if err != nil {
		return err
	}
	value, id := newCookieValue()
	if err := s.app.Save(ctx, &Record{ID: id, OrgID: org, Data: data}); err != nil {
		return err
	}
	setCookie(w, gs.Name(), value, gs.Options)
	old := gs.ID
	gs.ID, gs.IsNew = id, false
	if old != "" {
		if err := s.app.Delete(ctx, old); err != nil {
			return fmt.Errorf("rotate session: delete the old row: %w", err)
		}
	}
	return nil
}

// destroy deletes the session's row, if it has one, and expires the cookie. gs becomes a new, empty session.
func (s *GinStore) destroy(ctx context.Context, w http.ResponseWriter, gs *gsessions.Session) error {
	if err := loadError(gs); err != nil {
		return fmt.Errorf("destroy session: it could not be loaded: %w", err)
	}
	if gs.ID != "" {
		if err := s.app.Delete(ctx, gs.ID); err != nil {
			return err
		}
	}
	expireCookie(w, gs.Name(), gs.Options)
	reset(gs, s.options)
	return nil
}

// loadErrKey marks, inside a session's Values, the error that kept it from loading. Its type is private, so no
// caller's key can collide with it and it is never stored.
type loadErrKey struct{}

func loadError(gs *gsessions.Session) error {
	err, _ := gs.Values[loadErrKey{}].(error)
	return err
}

func fill(gs *gsessions.Session, rec *Record) {
	gs.ID, gs.IsNew = rec.ID, false
	gs.Values = make(map[any]any, len(rec.Data))
	for k, v := range rec.Data {
		gs.Values[k] = v
	}
}

func reset(gs *gsessions.Session, opts gsessions.Options) {
	gs.ID, gs.IsNew = "", true
	gs.Values = map[any]any{}
	gs.Options = &opts
}

// stringValues is the data to store: every string key, whose value must be a string. Keys of other types are
// in-process markers and are skipped.
func stringValues(gs *gsessions.Session) (map[string]string, error) {
	data := make(map[string]string, len(gs.Values))
	for k, v := range gs.Values {
		key, ok := k.(string)
		if !ok {
			continue
		}
		str, ok := v.(string)
		if !ok {
			return nil, fmt.Errorf("session value %q is a %T; only strings are stored", key, v)
		}
		data[key] = str
	}
	return data, nil
}
