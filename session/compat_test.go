package session_test

import (
	"context"
	"errors"
	"net/http"
	"sync/atomic"
	"testing"

	"github.com/gin-contrib/sessions"
	"github.com/gin-gonic/gin"
	"github.com/stretchr/testify/require"

	"github.com/bodhiapp/bodhi/dbtest"
	"github.com/bodhiapp/bodhi/session"
)

// TestGinContribSessionsShareTheStore uses the store the way gin-contrib/sessions code does, and checks the
// Service sees the same per-request session.
func TestGinContribSessionsShareTheStore(t *testing.T) {
	t.Parallel()
	w := newWeb(t, dbtest.SQLiteURL(t))
	w.engine.POST("/contrib/set", func(c *gin.Context) {
		s := sessions.Default(c)
		s.Set(session.KeyOAuthState, c.Query("state"))
		sess, err := w.svc.Start(c)
		require.NoError(t, err)
		require.Equal(t, c.Query("state"), sess.Get(session.KeyOAuthState), "one session per request")
		if err := s.Save(); err != nil {
			c.String(http.StatusInternalServerError, err.Error())
			return
		}
		c.Status(http.StatusNoContent)
	})
	w.engine.GET("/contrib/read", func(c *gin.Context) {
		v, _ := sessions.Default(c).Get(session.KeyOAuthState).(string)
		c.String(http.StatusOK, v)
	})
	w.engine.POST("/contrib/logout", func(c *gin.Context) {
		s := sessions.Default(c)
		s.Options(sessions.Options{Path: "/", MaxAge: -1, HttpOnly: true, SameSite: http.SameSiteStrictMode})
		if err := s.Save(); err != nil {
			c.String(http.StatusInternalServerError, err.Error())
			return
		}
		c.Status(http.StatusOK)
	})
	w.engine.POST("/contrib/number", func(c *gin.Context) {
		s := sessions.Default(c)
		s.Set("count", 5)
		if err := s.Save(); err != nil {
			c.String(http.StatusInternalServerError, err.Error())
			return
		}
		c.Status(http.StatusNoContent)
	})

	rec := w.do(http.MethodPost, "/contrib/set?state=abc", "org-a")
	require.Equal(t, http.StatusNoContent, rec.Code, rec.Body.String())
	c := sessionCookie(t, rec)
	require.Equal(t, "abc", w.row(session.RowID(c.Value)).Data[session.KeyOAuthState])

	rec = w.do(http.MethodGet, "/contrib/read", "org-a", c)
	require.Equal(t, "abc", rec.Body.String())
	rec = w.do(http.MethodGet, "/contrib/read", "org-b", c)
	require.Empty(t, rec.Body.String(), "the org binding holds for gin-contrib callers too")

	rec = w.do(http.MethodPost, "/contrib/number", "org-a", c)
	require.Equal(t, http.StatusInternalServerError, rec.Code)
	require.Contains(t, rec.Body.String(), "only strings are stored")

	rec = w.do(http.MethodPost, "/contrib/logout", "org-a", c)
	require.Equal(t, http.StatusOK, rec.Code, rec.Body.String())
	require.Equal(t, []string{session.CookieName + "=; Path=/; Max-Age=0; HttpOnly; SameSite=Strict"},
		rec.Header().Values("Set-Cookie"))
	require.Nil(t, w.row(session.RowID(c.Value)))
}

func TestServiceWorksWithoutTheMiddleware(t *testing.T) {
	t.Parallel()
	w := newWeb(t, dbtest.SQLiteURL(t))
	w.engine = w.router(false)
	c := w.start("org-a")
	require.True(t, w.readAs("org-a", c).Exists)
	rec := w.do(http.MethodPost, "/login?user=user-1", "org-a", c)
	require.Equal(t, http.StatusNoContent, rec.Code, rec.Body.String())
	fresh := sessionCookie(t, rec)
	require.Equal(t, "user-1", w.readAs("org-a", fresh).Values[session.KeyUserID])
	rec = w.do(http.MethodPost, "/logout", "org-a", fresh)
	require.Equal(t, http.StatusOK, rec.Code)
	require.Zero(t, w.rowCount())
}

// flakyStore fails every Load while failing is set.
type flakyStore struct {
	session.AppSessionStore
	failing atomic.Bool
}

var errDown = errors.New("session database down")

func (f *flakyStore) Load(ctx context.Context, id string) (*session.Record, error) {
	if f.failing.Load() {
		return nil, errDown
	}
	return f.AppSessionStore.Load(ctx, id)
}

// TestLoadFailureIsAnErrorNotAnonymous checks a database failure is reported, and that the unread session is
// never overwritten or replaced (which would log the user out).
func TestLoadFailureIsAnErrorNotAnonymous(t *testing.T) {
	t.Parallel()
	w := newWeb(t, dbtest.SQLiteURL(t))
	flaky := &flakyStore{AppSessionStore: w.store}
	w.svc = session.NewService(flaky, orgOf)
	w.engine = w.router(true)
	c := w.start("org-a")
	id := session.RowID(c.Value)
	before := w.row(id)

	flaky.failing.Store(true)
	for _, path := range []string{"/read", "/set?oauth_state=other", "/login?user=u", "/logout", "/reload"} {
		method := http.MethodPost
		if path == "/read" {
			method = http.MethodGet
		}
		rec := w.do(method, path, "org-a", c)
		require.NotEqual(t, http.StatusOK, rec.Code, path)
		require.NotEqual(t, http.StatusNoContent, rec.Code, path)
		require.Empty(t, rec.Header().Values("Set-Cookie"), "%s must not replace the cookie", path)
	}
	rec := w.do(http.MethodGet, "/read", "org-a", c)
	require.Equal(t, http.StatusInternalServerError, rec.Code)
	require.Contains(t, rec.Body.String(), errDown.Error())

	flaky.failing.Store(false)
	require.Equal(t, before, w.row(id), "the row was not touched")
	require.Equal(t, 1, w.rowCount())
}
