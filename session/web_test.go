package session_test

import (
	"context"
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"regexp"
	"testing"

	"github.com/gin-gonic/gin"
	"github.com/stretchr/testify/require"

	"github.com/bodhiapp/bodhi/db"
	"github.com/bodhiapp/bodhi/dbtest"
	"github.com/bodhiapp/bodhi/migrations"
	"github.com/bodhiapp/bodhi/session"
)

func init() { gin.SetMode(gin.TestMode) }

// orgKey stands in for the server's org context: the test engine's first middleware resolves the org from the
// X-Test-Org header, as the real org resolution does from the host, before the session middleware runs.
type orgKey struct{}

func orgOf(r *http.Request) string {
	org, _ := r.Context().Value(orgKey{}).(string)
	return org
}

// web is the test bundle for the HTTP layer: a small gin engine over a real session database.
type web struct {
	t      *testing.T
	engine *gin.Engine
	svc    *session.Service
	store  session.AppSessionStore
	conn   *db.Conn
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
	conn, err := db.Connect(ctx, url, "")
	require.NoError(t, err)
	runner, err := conn.Migrator(migrations.Session)
	require.NoError(t, err)
	_, err = runner.Up(ctx)
	require.NoError(t, err)
	var store session.AppSessionStore
	if conn.Dialect == db.Postgres {
		store = session.NewPostgresStore(conn, nil)
	} else {
		store = session.NewSQLiteStore(conn, nil)
	}
	t.Cleanup(func() { require.NoError(t, store.Close()) })
	w := &web{t: t, store: store, conn: conn, svc: session.NewService(store, orgOf, opts...)}
	w.engine = w.router(true)
	return w
}

func (w *web) router(withMiddleware bool) *gin.Engine {
	e := gin.New()
	e.ContextWithFallback = true
	e.Use(func(c *gin.Context) {
		if org := c.GetHeader("X-Test-Org"); org != "" {
			c.Request = c.Request.WithContext(context.WithValue(c.Request.Context(), orgKey{}, org))
		}
	})
	if withMiddleware {
		e.Use(w.svc.Middleware())
	}
	e.GET("/noop", func(c *gin.Context) { c.Status(http.StatusNoContent) })
	e.GET("/read", w.read)
	e.POST("/set", w.set)
	e.POST("/login", w.login)
	e.POST("/logout", func(c *gin.Context) {
		if err := w.svc.Destroy(c); err != nil {
			c.String(http.StatusInternalServerError, err.Error())
			return
		}
		c.Status(http.StatusOK)
	})
	e.POST("/reload", w.reload)
	return e
}

type readResponse struct {
	Exists bool              `json:"exists"`
	RowID  string            `json:"row_id"`
	Values map[string]string `json:"values"`
}

var allKeys = []string{
	session.KeyOAuthState, session.KeyPKCEVerifier, session.KeyCallbackURL, session.KeyUserID,
	session.KeyAccessToken, session.KeyRefreshToken,
}

func values(s *session.Session) map[string]string {
	out := map[string]string{}
	for _, k := range allKeys {
		if v := s.Get(k); v != "" {
			out[k] = v
		}
	}
	return out
}

func (w *web) read(c *gin.Context) {
	sess, err := w.svc.Current(c)
	if err != nil {
		c.String(http.StatusInternalServerError, err.Error())
		return
	}
	if sess == nil {
		c.JSON(http.StatusOK, readResponse{})
		return
	}
	c.JSON(http.StatusOK, readResponse{Exists: true, RowID: sess.RowID(), Values: values(sess)})
}

// set applies every query parameter: a value sets the key, an empty value deletes it.
func (w *web) set(c *gin.Context) {
	sess, err := w.svc.Start(c)
	if err == nil {
		for k, v := range c.Request.URL.Query() {
			if v[0] == "" {
				sess.Delete(k)
			} else {
				sess.Set(k, v[0])
			}
		}
		err = sess.Save(c)
	}
	if err != nil {
		c.String(http.StatusInternalServerError, err.Error())
		return
	}
	c.Status(http.StatusNoContent)
}

// login is the callback's session part (auth.md §5.2 steps 8 and 10).
func (w *web) login(c *gin.Context) {
	sess, err := w.svc.Current(c)
	if err != nil || sess == nil || sess.Get(session.KeyOAuthState) == "" {
		c.Status(http.StatusUnauthorized)
		return
	}
	sess.Delete(session.KeyOAuthState)
	sess.Set(session.KeyUserID, c.Query("user"))
	sess.Set(session.KeyAccessToken, "at-1")
	if err := w.svc.Rotate(c, sess); err != nil {
		c.String(http.StatusInternalServerError, err.Error())
		return
	}
	c.Status(http.StatusNoContent)
}

type reloadResponse struct {
	Before, After readResponse
}

// reload is the refresh path's re-read: read, let "another replica" write, reload under the (here implicit) lock,
// then clear the login when the row has gone, as a refused refresh does.
func (w *web) reload(c *gin.Context) {
	sess, err := w.svc.Current(c)
	if err != nil || sess == nil {
		c.Status(http.StatusUnauthorized)
		return
	}
	var out reloadResponse
	out.Before = readResponse{Exists: sess.Exists(), RowID: sess.RowID(), Values: values(sess)}
	sess.Set(session.KeyCallbackURL, "unsaved")
	if w.duringReload != nil {
		w.duringReload()
	}
	if err := sess.Reload(c); err != nil {
		c.String(http.StatusInternalServerError, err.Error())
		return
	}
	out.After = readResponse{Exists: sess.Exists(), RowID: sess.RowID(), Values: values(sess)}
	if !sess.Exists() {
		sess.Delete(session.KeyAccessToken)
		sess.Delete(session.KeyRefreshToken)
		sess.Delete(session.KeyUserID)
	}
	if err := sess.Save(c); err != nil {
		c.String(http.StatusInternalServerError, err.Error())
		return
	}
	c.JSON(http.StatusOK, out)
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
	w.engine.ServeHTTP(rec, req)
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

func (w *web) row(id string) *session.Record {
	w.t.Helper()
	rec, err := w.store.Load(context.Background(), id)
	require.NoError(w.t, err)
	return rec
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
