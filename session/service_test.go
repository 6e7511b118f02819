package session_test

import (
	"encoding/base64"
	"encoding/json"
	"net/http"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/bodhiapp/bodhi/auth"
	"github.com/bodhiapp/bodhi/db"
	"github.com/bodhiapp/bodhi/dbtest"
	"github.com/bodhiapp/bodhi/session"
)

func TestCookieAttributesAreExact(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct {
		name   string
		opts   []session.Option
		attrs  string
		secure bool
	}{
		{name: "standalone default", attrs: "; Path=/; HttpOnly; SameSite=Strict"},
		{name: "secure", opts: []session.Option{session.WithSecureCookie(true)}, attrs: "; Path=/; HttpOnly; Secure; SameSite=Strict"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			w := newWeb(t, dbtest.SQLiteURL(t), tc.opts...)
			rec := w.do(http.MethodPost, "/set?oauth_state=s", "org-a")
			require.Equal(t, http.StatusNoContent, rec.Code, rec.Body.String())
			c := sessionCookie(t, rec)
			// No Domain (host-only), no Max-Age or Expires (a browser-session cookie).
			require.Equal(t, session.CookieName+"="+c.Value+tc.attrs, rec.Header().Get("Set-Cookie"))

			rec = w.do(http.MethodPost, "/logout", "org-a", c)
			require.Equal(t, http.StatusOK, rec.Code)
			require.Equal(t, []string{session.CookieName + "=; Path=/; Max-Age=0" + tc.attrs[len("; Path=/"):]},
				rec.Header().Values("Set-Cookie"))
		})
	}
}

func TestCookieValueIs32RandomBytes(t *testing.T) {
	t.Parallel()
	w := newWeb(t, dbtest.SQLiteURL(t))
	seen := map[string]bool{}
	for range 5 {
		c := w.start("org-a")
		raw, err := base64.RawURLEncoding.DecodeString(c.Value)
		require.NoError(t, err)
		require.Len(t, raw, 32)
		require.False(t, seen[c.Value], "every new session gets a new value")
		seen[c.Value] = true
	}
}

func TestSessionsAreCreatedLazily(t *testing.T) {
	forEachWeb(t, func(t *testing.T, w *web) {
		rec := w.do(http.MethodGet, "/noop", "org-a")
		require.Equal(t, http.StatusNoContent, rec.Code)
		require.Empty(t, rec.Header().Values("Set-Cookie"))

		require.Equal(t, readResponse{}, w.readAs("org-a"), "no cookie: no session")

		// Writing only deletions leaves nothing to keep: still no row, no cookie.
		rec = w.do(http.MethodPost, "/set?user_id=", "org-a")
		require.Equal(t, http.StatusNoContent, rec.Code, rec.Body.String())
		require.Empty(t, rec.Header().Values("Set-Cookie"))

		// A well-formed cookie with no row, and a malformed one, are both "no session".
		unknown := &http.Cookie{Name: session.CookieName, Value: base64.RawURLEncoding.EncodeToString(make([]byte, 32))}
		require.Equal(t, readResponse{}, w.readAs("org-a", unknown))
		require.Equal(t, readResponse{}, w.readAs("org-a", &http.Cookie{Name: session.CookieName, Value: "junk"}))

		require.Zero(t, w.rowCount(), "nobody wrote: no rows")

		w.start("org-a")
		require.Equal(t, 1, w.rowCount(), "the first write creates the row")
	})
}

func TestStoredIDIsTheSHA256OfTheCookie(t *testing.T) {
	forEachWeb(t, func(t *testing.T, w *web) {
		c := w.start("org-a")
		id := session.RowID(c.Value)
		require.Regexp(t, `^[0-9a-f]{64}$`, id)

		row := w.row(id)
		require.NotNil(t, row)
		require.Equal(t, "org-a", row.OrgID)
		require.Equal(t, map[string]string{auth.KeyOAuthState: "state-1", auth.KeyCallbackURL: "cb"}, row.Data)
		require.Nil(t, w.row(c.Value), "the raw cookie value is never a row id")
		data, err := json.Marshal(row)
		require.NoError(t, err)
		require.NotContains(t, string(data), c.Value, "the raw cookie value is stored nowhere in the row")

		got := w.readAs("org-a", c)
		require.True(t, got.Exists)
		require.Equal(t, id, got.RowID)
		require.Equal(t, row.Data, got.Values)
	})
}

func TestRowIDKnownVector(t *testing.T) {
	t.Parallel()
	require.Equal(t, "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad", session.RowID("abc"))
}

func TestSavingAnExistingSessionKeepsItsCookie(t *testing.T) {
	forEachWeb(t, func(t *testing.T, w *web) {
		c := w.start("org-a")
		rec := w.do(http.MethodPost, "/set?pkce_verifier=v&callback_url=", "org-a", c)
		require.Equal(t, http.StatusNoContent, rec.Code, rec.Body.String())
		require.Empty(t, rec.Header().Values("Set-Cookie"), "an update sends no cookie")
		require.Equal(t, map[string]string{auth.KeyOAuthState: "state-1", auth.KeyPKCEVerifier: "v"},
			w.readAs("org-a", c).Values)
		require.Equal(t, 1, w.rowCount())
	})
}

func TestCookieReplayedOnAnotherOrgIsAnonymous(t *testing.T) {
	forEachWeb(t, func(t *testing.T, w *web) {
		c := w.start("org-a")
		id := session.RowID(c.Value)
		before := w.row(id)
		require.NotNil(t, before)

		require.Equal(t, readResponse{}, w.readAs("org-b", c), "another org's row counts as no session")
		require.Equal(t, readResponse{}, w.readAs("", c), "a request without an org has no session")

		// Logging in on org B does not get to use the row.
		rec := w.do(http.MethodPost, "/login?user=mallory", "org-b", c)
		require.Equal(t, http.StatusUnauthorized, rec.Code)

		// Writing on org B starts a new session with a new cookie; org A's row is not touched.
		rec = w.do(http.MethodPost, "/set?oauth_state=b-state", "org-b", c)
		require.Equal(t, http.StatusNoContent, rec.Code, rec.Body.String())
		cb := sessionCookie(t, rec)
		require.NotEqual(t, c.Value, cb.Value)

		rec = w.do(http.MethodPost, "/logout", "org-b", c)
		require.Equal(t, http.StatusOK, rec.Code)

		after := w.row(id)
		require.Equal(t, before, after, "org A's row is unchanged: same org, data and expiry")
		require.Equal(t, "org-b", w.row(session.RowID(cb.Value)).OrgID)
		require.Equal(t, map[string]string{auth.KeyOAuthState: "state-1", auth.KeyCallbackURL: "cb"},
			w.readAs("org-a", c).Values, "org A still sees its session")
	})
}

func TestRotationIssuesANewCookieAndRemovesTheOldRow(t *testing.T) {
	forEachWeb(t, func(t *testing.T, w *web) {
		old := w.start("org-a")
		rec := w.do(http.MethodPost, "/login?user=user-1", "org-a", old)
		require.Equal(t, http.StatusNoContent, rec.Code, rec.Body.String())
		fresh := sessionCookie(t, rec)
		require.NotEqual(t, old.Value, fresh.Value)
		require.Equal(t, session.CookieName+"="+fresh.Value+"; Path=/; HttpOnly; SameSite=Strict", rec.Header().Get("Set-Cookie"))

		require.Nil(t, w.row(session.RowID(old.Value)), "the old row is deleted")
		row := w.row(session.RowID(fresh.Value))
		require.NotNil(t, row)
		require.Equal(t, "org-a", row.OrgID)
		require.NotNil(t, row.UserID)
		require.Equal(t, "user-1", *row.UserID)
		require.Equal(t, map[string]string{auth.KeyUserID: "user-1", auth.KeyAccessToken: "at-1",
			auth.KeyCallbackURL: "cb"}, row.Data)
		require.Equal(t, 1, w.rowCount())

		require.Equal(t, readResponse{}, w.readAs("org-a", old), "the old cookie no longer works")
		require.True(t, w.readAs("org-a", fresh).Exists)
	})
}

func TestLogoutDeletesTheRowAndExpiresTheCookie(t *testing.T) {
	forEachWeb(t, func(t *testing.T, w *web) {
		c := w.start("org-a")
		other := w.start("org-a")
		rec := w.do(http.MethodPost, "/logout", "org-a", c)
		require.Equal(t, http.StatusOK, rec.Code, rec.Body.String())
		require.Equal(t, []string{session.CookieName + "=; Path=/; Max-Age=0; HttpOnly; SameSite=Strict"},
			rec.Header().Values("Set-Cookie"))
		require.Nil(t, w.row(session.RowID(c.Value)))
		require.NotNil(t, w.row(session.RowID(other.Value)), "other sessions stay")
		require.Equal(t, readResponse{}, w.readAs("org-a", c))

		// Logout without a session still expires the cookie.
		rec = w.do(http.MethodPost, "/logout", "org-a")
		require.Equal(t, http.StatusOK, rec.Code)
		require.Equal(t, []string{session.CookieName + "=; Path=/; Max-Age=0; HttpOnly; SameSite=Strict"},
			rec.Header().Values("Set-Cookie"))
	})
}

func TestReloadReadsTheRowAsStoredNow(t *testing.T) {
	forEachWeb(t, func(t *testing.T, w *web) {
		c := w.start("org-a")
		id := session.RowID(c.Value)
		w.duringReload = func() {
			// Another replica refreshed the tokens while this request waited for the lock.
			_, err := w.store.Save(t.Context(), db.SessionRecord{ID: id, OrgID: "org-a",
				Data: map[string]string{auth.KeyUserID: "user-1", auth.KeyAccessToken: "at-2"}})
			require.NoError(t, err)
		}
		rec := w.do(http.MethodPost, "/reload", "org-a", c)
		require.Equal(t, http.StatusOK, rec.Code, rec.Body.String())
		require.Empty(t, rec.Header().Values("Set-Cookie"))
		var out reloadResponse
		require.NoError(t, json.Unmarshal(rec.Body.Bytes(), &out))
		require.Equal(t, map[string]string{auth.KeyOAuthState: "state-1", auth.KeyCallbackURL: "cb"}, out.Before.Values)
		require.Equal(t, readResponse{Exists: true, RowID: id,
			Values: map[string]string{auth.KeyUserID: "user-1", auth.KeyAccessToken: "at-2"}}, out.After,
			"Reload sees the other replica's write and drops the unsaved change")
		require.Equal(t, out.After.Values, w.row(id).Data, "nothing was written over the other replica's row")
	})
}

func TestReloadAfterLogoutEverywhereCannotRevive(t *testing.T) {
	forEachWeb(t, func(t *testing.T, w *web) {
		c := w.start("org-a")
		rec := w.do(http.MethodPost, "/login?user=user-1", "org-a", c)
		require.Equal(t, http.StatusNoContent, rec.Code, rec.Body.String())
		c = sessionCookie(t, rec)
		w.duringReload = func() {
			n, err := w.store.DeleteByUser(t.Context(), "org-a", "user-1")
			require.NoError(t, err)
			require.EqualValues(t, 1, n)
		}
		rec = w.do(http.MethodPost, "/reload", "org-a", c)
		require.Equal(t, http.StatusOK, rec.Code, rec.Body.String())
		var out reloadResponse
		require.NoError(t, json.Unmarshal(rec.Body.Bytes(), &out))
		require.True(t, out.Before.Exists)
		require.Equal(t, readResponse{Values: map[string]string{}}, out.After, "the row has gone: the session is empty")
		require.Empty(t, rec.Header().Values("Set-Cookie"))
		require.Zero(t, w.rowCount(), "saving after the reload does not bring the login back")
	})
}

func TestNoOrgMeansNoSessionWrites(t *testing.T) {
	t.Parallel()
	w := newWeb(t, dbtest.SQLiteURL(t))
	rec := w.do(http.MethodPost, "/set?oauth_state=s", "")
	require.Equal(t, http.StatusInternalServerError, rec.Code)
	require.Contains(t, rec.Body.String(), session.ErrNoOrg.Error())
	require.Empty(t, rec.Header().Values("Set-Cookie"))
	require.Zero(t, w.rowCount())
}
