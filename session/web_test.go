package session_test

import (
	"context"
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"regexp"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/bodhiapp/bodhi/auth"
	"github.com/bodhiapp/bodhi/db"
	"github.com/bodhiapp/bodhi/dbtest"
	"github.com/bodhiapp/bodhi/session"
)

// The session is the state auth's refresh path works on.
var _ auth.SessionState = (*session.Session)(nil)

// web is the test bundle: the service over a real session database, behind a few plain net/http handlers that
// use it the way the server's handlers do. The X-Test-Org header stands in for the org the server resolves from
// the host.
type web struct {
	t     *testing.T
	mux   *http.ServeMux
	svc   *session.Service
	store *db.SessionStore
	conn  *db.Conn // a second connection to the session database, to count rows
	// duringReload runs inside POST /reload between the first read and Reload (another replica's write).
	duringReload func()
}

// forEachWeb runs fn against a web bundle over every dialect, in parallel.
func forEachWeb(t *testing.T, fn func(t *testing.T, w *web)) {
	t.Helper()
	for _, d := range dbtest.Dialects {
		t.Run(d.Name, func(t *testing.T) {
			t.Parallel()
			fn(t, newWeb(t, d.URL(t)))
		})
	}
}

func newWeb(t *testing.T, url string, opts ...session.Option) *web {
	t.Helper()
	ctx := context.Background()
	store, err := db.OpenSessions(ctx, url, "")
	require.NoError(t, err)
	t.Cleanup(func() { require.NoError(t, store.Close()) })
	conn, err := db.Connect(ctx, url, "")
	require.NoError(t, err)
	t.Cleanup(func() { require.NoError(t, conn.Close()) })
	w := &web{t: t, store: store, conn: conn}
	w.serve(store, opts...)
	return w
}

// serve (re)builds the service over store and routes the handlers to it.
func (w *web) serve(store session.Store, opts ...session.Option) {
	w.svc = session.NewService(store, opts...)
	w.mux = http.NewServeMux()
	w.mux.HandleFunc("GET /noop", func(rw http.ResponseWriter, _ *http.Request) { rw.WriteHeader(http.StatusNoContent) })
	w.mux.HandleFunc("GET /read", w.read)
	w.mux.HandleFunc("POST /set", w.set)
	w.mux.HandleFunc("POST /login", w.login)
	w.mux.HandleFunc("POST /logout", func(rw http.ResponseWriter, r *http.Request) {
		sess, err := w.svc.Start(rw, r, orgOf(r))
		if err == nil {
			err = sess.Destroy(r.Context())
		}
		if fail(rw, err) {
			return
		}
		rw.WriteHeader(http.StatusOK)
	})
	w.mux.HandleFunc("POST /reload", w.reload)
}

func orgOf(r *http.Request) string { return r.Header.Get("X-Test-Org") }

// fail answers 500 with err's text when err is set.
func fail(rw http.ResponseWriter, err error) bool {
	if err != nil {
		http.Error(rw, err.Error(), http.StatusInternalServerError)
	}
	return err != nil
}

func writeJSON(rw http.ResponseWriter, v any) {
	rw.Header().Set("Content-Type", "application/json")
	_ = json.NewEncoder(rw).Encode(v)
}

type readResponse struct {
	Exists bool              `json:"exists"`
	RowID  string            `json:"row_id"`
	Values map[string]string `json:"values"`
}

var allKeys = []string{
	auth.KeyOAuthState, auth.KeyPKCEVerifier, auth.KeyCallbackURL, auth.KeyUserID, auth.KeyAccessToken,
	auth.KeyRefreshToken,
}

func describe(s *session.Session) readResponse {
	out := readResponse{Exists: s.Exists(), RowID: s.RowID(), Values: map[string]string{}}
	for _, k := range allKeys {
		if v := s.Get(k); v != "" {
			out.Values[k] = v
		}
	}
	return out
}

func (w *web) read(rw http.ResponseWriter, r *http.Request) {
	sess, err := w.svc.Current(rw, r, orgOf(r))
	if fail(rw, err) {
		return
	}
	if sess == nil {
		writeJSON(rw, readResponse{})
		return
	}
	writeJSON(rw, describe(sess))
}

// set applies every query parameter: a value sets the key, an empty value deletes it.
func (w *web) set(rw http.ResponseWriter, r *http.Request) {
	sess, err := w.svc.Start(rw, r, orgOf(r))
	if err == nil {
		for k, v := range r.URL.Query() {
			if v[0] == "" {
				sess.Delete(k)
			} else {
				sess.Set(k, v[0])
			}
		}
		err = sess.Save(r.Context())
	}
	if fail(rw, err) {
		return
	}
	rw.WriteHeader(http.StatusNoContent)
}

// login is the callback's session part (auth.md §5.2 steps 8 and 10).
func (w *web) login(rw http.ResponseWriter, r *http.Request) {
	sess, err := w.svc.Current(rw, r, orgOf(r))
	if err != nil || sess == nil || sess.Get(auth.KeyOAuthState) == "" {
		rw.WriteHeader(http.StatusUnauthorized)
		return
	}
	sess.Delete(auth.KeyOAuthState)
	sess.Set(auth.KeyUserID, r.URL.Query().Get("user"))
	sess.Set(auth.KeyAccessToken, "at-1")
	if fail(rw, sess.Rotate(r.Context())) {
		return
	}
	rw.WriteHeader(http.StatusNoContent)
}

type reloadResponse struct {
	Before, After readResponse
}

// reload is the refresh path's re-read: read, let "another replica" write, reload under the (here implicit) lock,
// then clear the login when the row has gone, as a refused refresh does.
func (w *web) reload(rw http.ResponseWriter, r *http.Request) {
	sess, err := w.svc.Current(rw, r, orgOf(r))
	if err != nil || sess == nil {
		rw.WriteHeader(http.StatusUnauthorized)
		return
	}
	var out reloadResponse
	out.Before = describe(sess)
	sess.Set(auth.KeyCallbackURL, "unsaved")
	if w.duringReload != nil {
		w.duringReload()
	}
	if fail(rw, sess.Reload(r.Context())) {
		return
	}
	out.After = describe(sess)
	if !sess.Exists() {
		auth.ClearLogin(sess)
	}
	if fail(rw, sess.Save(r.Context())) {
		return
	}
	writeJSON(rw, out)
}

// do sends one request for org ("" for none) with the given cookies.
func (w *web) do(method, path, org string, cookies ...*http.Cookie) *httptest.ResponseRecorder {
	w.t.Helper()
	req := httptest.NewRequest(method, path, nil)
	if org != "" {
		req.Header.Set("X-Test-Org", org)
	}
	for _, c := range cookies {
		req.AddCookie(c)
	}
	rec := httptest.NewRecorder()
	w.mux.ServeHTTP(rec, req)
	return rec
}

func (w *web) readAs(org string, cookies ...*http.Cookie) readResponse {
	w.t.Helper()
	rec := w.do(http.MethodGet, "/read", org, cookies...)
	require.Equal(w.t, http.StatusOK, rec.Code, rec.Body.String())
	require.Empty(w.t, rec.Header().Values("Set-Cookie"), "reading never sets a cookie")
	var out readResponse
	require.NoError(w.t, json.Unmarshal(rec.Body.Bytes(), &out))
	return out
}

// start creates a session on org holding oauth_state, and returns its cookie.
func (w *web) start(org string) *http.Cookie {
	w.t.Helper()
	rec := w.do(http.MethodPost, "/set?oauth_state=state-1&callback_url=cb", org)
	require.Equal(w.t, http.StatusNoContent, rec.Code, rec.Body.String())
	return sessionCookie(w.t, rec)
}

func (w *web) rowCount() int {
	w.t.Helper()
	var n int
	require.NoError(w.t, w.conn.SQL.QueryRow("SELECT count(*) FROM sessions").Scan(&n))
	return n
}

// row returns the stored row with id, nil when there is none.
func (w *web) row(id string) *db.SessionRecord {
	w.t.Helper()
	rec, err := w.store.Load(context.Background(), id)
	if err != nil {
		require.ErrorIs(w.t, err, db.ErrNotFound)
		return nil
	}
	return &rec
}

var cookieValue = regexp.MustCompile(`^[A-Za-z0-9_-]{43}$`)

// sessionCookie returns the one session cookie a response set.
func sessionCookie(t *testing.T, rec *httptest.ResponseRecorder) *http.Cookie {
	t.Helper()
	headers := rec.Header().Values("Set-Cookie")
	require.Len(t, headers, 1, "exactly one Set-Cookie: %v", headers)
	c, err := http.ParseSetCookie(headers[0])
	require.NoError(t, err)
	require.Equal(t, session.CookieName, c.Name)
	require.Regexp(t, cookieValue, c.Value)
	return &http.Cookie{Name: c.Name, Value: c.Value}
}
