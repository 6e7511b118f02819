package auth_test

import (
	"context"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/bodhiapp/bodhi/apptest"
	"github.com/bodhiapp/bodhi/auth"
	"github.com/bodhiapp/bodhi/db"
	"github.com/bodhiapp/bodhi/dbtest"
	"github.com/bodhiapp/bodhi/session"
)

// loginPort names the standalone callback the seed registers; nothing listens on it (the test plays the browser).
const loginPort = 41135

// passThrough is a first-admin claim that never applies (access has its own tests of the claim).
type passThrough struct{ calls int }

func (p *passThrough) ClaimFirstAdmin(_ context.Context, _ *auth.OrgContext, _ string, t auth.TokenResponse) (auth.TokenResponse, error) {
	p.calls++
	return t, nil
}

type loginBundle struct {
	provider *apptest.IdP
	login    *auth.Login
	sessions *session.Service
	store    *db.SessionStore
	org      *auth.OrgContext
	base     string
	claims   *passThrough
}

func newLoginBundle(t *testing.T, d dbtest.Dialect) *loginBundle {
	t.Helper()
	provider := apptest.StartIdP(t, apptest.TwoOrgSeed(false, loginPort), 0)
	realm := provider.URL + "/realms/" + provider.Realm()
	store, err := db.OpenSessions(context.Background(), d.URL(t), "")
	require.NoError(t, err)
	t.Cleanup(func() { store.Close() })
	claims := &passThrough{}
	return &loginBundle{provider: provider, store: store, claims: claims, sessions: session.NewService(store),
		login: auth.NewLogin(auth.NewIdP(realm, nil, "test", time.Now), auth.NewVerifier(realm, nil, time.Now), claims, false),
		org: &auth.OrgContext{OrgID: "org-acme", Slug: apptest.Acme.Slug, KCClientID: apptest.Acme.ClientID,
			ClientSecret: apptest.Acme.Secret},
		base: "http://localhost:" + strconv.Itoa(loginPort)}
}

// request is the browser's next request: carrying the cookies the previous answer set.
func request(prev *httptest.ResponseRecorder) *http.Request {
	r := httptest.NewRequest(http.MethodPost, "/bodhi/v1/auth/callback", nil)
	if prev != nil {
		for _, c := range prev.Result().Cookies() {
			r.AddCookie(c)
		}
	}
	return r
}

// begin starts a login in a fresh browser and returns the provider's answer to the login form, and the answer
// that carries the session cookie.
func (b *loginBundle) begin(t *testing.T) (url.Values, *httptest.ResponseRecorder) {
	t.Helper()
	w := httptest.NewRecorder()
	sess, err := b.sessions.Start(w, request(nil), b.org.OrgID)
	require.NoError(t, err)
	location, err := b.login.Begin(context.Background(), b.org, sess, b.base)
	require.NoError(t, err)
	require.True(t, strings.HasPrefix(location, b.provider.URL+"/realms/"), location)
	q := mustQuery(t, location)
	require.Equal(t, b.org.KCClientID, q.Get("client_id"))
	require.Equal(t, "S256", q.Get("code_challenge_method"))
	require.Equal(t, b.base+auth.CallbackPath, q.Get("redirect_uri"))
	return apptest.SignIn(t, apptest.HTTPClient(), location, "alice", apptest.Password), w
}

func mustQuery(t *testing.T, raw string) url.Values {
	t.Helper()
	u, err := url.Parse(raw)
	require.NoError(t, err)
	return u.Query()
}

// The login workflow without Gin, on both session-database dialects: begin, the provider's form, complete (a new
// cookie holding the user's tokens), every refusal, and the logout.
func TestLogin(t *testing.T) {
	for _, d := range dbtest.Dialects {
		t.Run(d.Name, func(t *testing.T) {
			t.Parallel()
			ctx := context.Background()
			b := newLoginBundle(t, d)
			answer, began := b.begin(t)

			w := httptest.NewRecorder()
			sess, err := b.sessions.Current(w, request(began), b.org.OrgID)
			require.NoError(t, err)
			require.NotNil(t, sess)
			oldRow := sess.RowID()
			userID, location, err := b.login.Complete(ctx, b.org, sess, auth.Callback{Code: answer.Get("code"),
				State: answer.Get("state")}, "http://unused.example")
			require.NoError(t, err)
			aliceID, _ := b.provider.UserID("alice")
			require.Equal(t, aliceID, userID)
			require.Equal(t, b.base+"/ui/chat", location, "back to the host the login started from")
			require.Equal(t, 1, b.claims.calls)
			require.NotEqual(t, oldRow, sess.RowID(), "the session moved to a new cookie")
			_, err = b.store.Load(ctx, oldRow)
			require.ErrorIs(t, err, db.ErrNotFound, "the pre-login row is gone")
			row, err := b.store.Load(ctx, sess.RowID())
			require.NoError(t, err)
			require.Equal(t, aliceID, row.Data[auth.KeyUserID])
			require.NotEmpty(t, row.Data[auth.KeyAccessToken])
			require.NotEmpty(t, row.Data[auth.KeyRefreshToken])
			require.Empty(t, row.Data[auth.KeyOAuthState], "the login's secrets are dropped")

			ended, err := b.login.End(ctx, sess)
			require.NoError(t, err)
			require.Equal(t, aliceID, ended)
			_, err = b.store.Load(ctx, row.ID)
			require.ErrorIs(t, err, db.ErrNotFound)
		})
	}
}

func TestLoginRefusals(t *testing.T) {
	for _, d := range dbtest.Dialects {
		t.Run(d.Name, func(t *testing.T) {
			t.Parallel()
			ctx := context.Background()
			b := newLoginBundle(t, d)
			complete := func(cb auth.Callback, began *httptest.ResponseRecorder) error {
				sess, err := b.sessions.Current(httptest.NewRecorder(), request(began), b.org.OrgID)
				require.NoError(t, err)
				var s auth.LoginSession
				if sess != nil {
					s = sess
				}
				_, _, err = b.login.Complete(ctx, b.org, s, cb, b.base)
				return err
			}
			answer, began := b.begin(t)
			for _, tt := range []struct {
				name  string
				cb    auth.Callback
				began *httptest.ResponseRecorder
				code  string
			}{
				{"provider error", auth.Callback{Error: "access_denied"}, began, "login_error-o_auth_error"},
				{"no session", auth.Callback{Code: "c", State: "s"}, nil, "login_error-session_info_not_found"},
				{"no state", auth.Callback{Code: answer.Get("code")}, began, "login_error-missing_state"},
				{"other state", auth.Callback{Code: answer.Get("code"), State: "forged"}, began, "login_error-state_digest_mismatch"},
				{"no code", auth.Callback{State: answer.Get("state")}, began, "login_error-missing_code"},
			} {
				err := complete(tt.cb, tt.began)
				require.Error(t, err, tt.name)
				require.Contains(t, err.Error(), tt.code, tt.name)
			}
			b.provider.SetDown(true)
			err := complete(auth.Callback{Code: answer.Get("code"), State: answer.Get("state")}, began)
			require.ErrorIs(t, err, auth.ErrIdentityProvider, "the provider's failure is told apart")
			require.Zero(t, b.claims.calls, "no claim without a verified login")
		})
	}
}
