package session_test

import (
	"context"
	"errors"
	"net/http"
	"sync/atomic"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/bodhiapp/bodhi/auth"
	"github.com/bodhiapp/bodhi/db"
	"github.com/bodhiapp/bodhi/dbtest"
	"github.com/bodhiapp/bodhi/session"
)

// flakyStore fails every Load while failing is set.
type flakyStore struct {
	session.Store
	failing atomic.Bool
}

var errDown = errors.New("session database down")

func (f *flakyStore) Load(ctx context.Context, id string) (db.SessionRecord, error) {
	if f.failing.Load() {
		return db.SessionRecord{}, errDown
	}
	return f.Store.Load(ctx, id)
}

// TestLoadFailureIsAnErrorNotAnonymous checks a database failure is reported, and that the unread session is
// never overwritten or replaced (which would log the user out).
func TestLoadFailureIsAnErrorNotAnonymous(t *testing.T) {
	t.Parallel()
	w := newWeb(t, dbtest.SQLiteURL(t))
	flaky := &flakyStore{Store: w.store}
	w.serve(flaky)
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

// TestReloadFailureKeepsTheSession checks a failed re-read under the refresh lock is reported and changes nothing
// stored: no cookie, the row as it was (the unsaved change made before the reload is not written).
func TestReloadFailureKeepsTheSession(t *testing.T) {
	t.Parallel()
	w := newWeb(t, dbtest.SQLiteURL(t))
	flaky := &flakyStore{Store: w.store}
	w.serve(flaky)
	c := w.start("org-a")
	w.duringReload = func() { flaky.failing.Store(true) }
	rec := w.do(http.MethodPost, "/reload", "org-a", c)
	require.Equal(t, http.StatusInternalServerError, rec.Code)
	require.Contains(t, rec.Body.String(), errDown.Error())
	flaky.failing.Store(false)
	require.Empty(t, rec.Header().Values("Set-Cookie"))
	require.Equal(t, readResponse{Exists: true, RowID: session.RowID(c.Value),
		Values: map[string]string{auth.KeyOAuthState: "state-1", auth.KeyCallbackURL: "cb"}}, w.readAs("org-a", c))
}
