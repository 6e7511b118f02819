package access_test

import (
	"context"
	"encoding/json"
	"io"
	"log/slog"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/stretchr/testify/require"
	"golang.org/x/oauth2"

	"github.com/bodhiapp/bodhi/access"
	"github.com/bodhiapp/bodhi/apptest"
	"github.com/bodhiapp/bodhi/auth"
	"github.com/bodhiapp/bodhi/cache"
	"github.com/bodhiapp/bodhi/crypto"
	"github.com/bodhiapp/bodhi/db"
	"github.com/bodhiapp/bodhi/dbtest"
	"github.com/bodhiapp/bodhi/orgs"
)

// bundle is the access service on a fresh database of one dialect, with the development identity provider seeded
// with apptest's two orgs and their users (alice admin, dave manager, carol power user, bob user, erin no role).
type bundle struct {
	svc      *access.Service
	store    *db.DbServiceImpl
	idp      *apptest.IdP
	client   *auth.IdP
	orgs     *auth.OrgResolver
	tokens   *auth.APITokens
	sessions *endedSessions
	clock    *clock
	acme     *auth.OrgContext
	globex   *auth.OrgContext
}

// forEachDialect runs fn against a fresh bundle on SQLite and on PostgreSQL, in parallel. hosted selects
// BODHI_MULTI_TENANT for the service.
func forEachDialect(t *testing.T, hosted bool, fn func(t *testing.T, b *bundle)) {
	t.Helper()
	for _, d := range dbtest.Dialects {
		t.Run(d.Name, func(t *testing.T) {
			t.Parallel()
			fn(t, newBundle(t, d, hosted))
		})
	}
}

func newBundle(t *testing.T, d dbtest.Dialect, hosted bool) *bundle {
	t.Helper()
	ctx := context.Background()
	store := dbtest.Store(t, d)
	master, err := crypto.NewKey()
	require.NoError(t, err)
	for _, o := range []apptest.Org{apptest.Acme, apptest.Globex} {
		_, err := orgs.Create(ctx, store, master, orgs.CreateParams{Slug: o.Slug, DisplayName: o.Name,
			ClientID: o.ClientID, ClientSecret: o.Secret})
		require.NoError(t, err)
	}
	idp := apptest.StartIdP(t, apptest.TwoOrgSeed(hosted, 1), time.Minute)
	quiet := slog.New(slog.NewTextHandler(io.Discard, nil))
	shared := cache.NewMemory(time.Now)
	b := &bundle{store: store, idp: idp, client: auth.NewIdP(idp.Issuer(), nil, "test", time.Now),
		orgs: auth.NewOrgResolver(store, shared, master, time.Now, quiet, 0), tokens: auth.NewAPITokens(store, shared, time.Now),
		sessions: &endedSessions{}, clock: &clock{}}
	b.svc = access.New(access.Deps{Store: store, IdP: b.client, Sessions: b.sessions, Tokens: b.tokens, Orgs: b.orgs,
		Hosted: hosted, Now: b.clock.Now, Logger: quiet})
	b.acme, b.globex = b.resolve(t, "acme"), b.resolve(t, "globex")
	return b
}

func (b *bundle) resolve(t *testing.T, slug string) *auth.OrgContext {
	t.Helper()
	org, err := b.orgs.Resolve(context.Background(), slug)
	require.NoError(t, err)
	return org
}

// roles are the seeded users' roles on acme's client.
var roles = map[string]auth.Level{"alice": auth.LevelAdmin, "dave": auth.LevelManager, "carol": auth.LevelPowerUser,
	"bob": auth.LevelUser, "erin": auth.LevelNone}

// login signs user in to acme as the login flow would (a password grant stands in for the browser) and returns
// the session identity and the tokens.
func (b *bundle) login(t *testing.T, user string) (auth.Identity, auth.TokenResponse) {
	t.Helper()
	cfg := oauth2.Config{ClientID: apptest.Acme.ClientID, ClientSecret: apptest.Acme.Secret,
		Endpoint: oauth2.Endpoint{TokenURL: b.idp.Issuer() + "/protocol/openid-connect/token",
			AuthStyle: oauth2.AuthStyleInParams},
		Scopes: []string{"openid", "profile", "roles"}}
	tok, err := cfg.PasswordCredentialsToken(context.Background(), user, apptest.Password)
	require.NoError(t, err)
	return auth.Identity{Kind: auth.KindSession, UserID: b.userID(t, user), Username: user, Role: roles[user],
		AccessToken: tok.AccessToken}, auth.TokenResponse{AccessToken: tok.AccessToken, RefreshToken: tok.RefreshToken}
}

// session is login's identity alone.
func (b *bundle) session(t *testing.T, user string) auth.Identity {
	t.Helper()
	id, _ := b.login(t, user)
	return id
}

func (b *bundle) userID(t *testing.T, user string) string {
	t.Helper()
	id, ok := b.idp.UserID(user)
	require.True(t, ok, user)
	return id
}

// roleOf reads user's role on acme's client at the identity provider, as a manager's user list shows it.
func (b *bundle) roleOf(t *testing.T, user string) string {
	t.Helper()
	raw, err := b.client.ListUsers(context.Background(), b.session(t, "alice").AccessToken, 1, 100)
	require.NoError(t, err)
	var page struct {
		Users []struct {
			Username string `json:"username"`
			Role     string `json:"role"`
		} `json:"users"`
	}
	require.NoError(t, json.Unmarshal(raw, &page))
	for _, u := range page.Users {
		if u.Username == user {
			return u.Role
		}
	}
	return ""
}

// endedSessions records "log out everywhere" calls.
type endedSessions struct {
	mu    sync.Mutex
	ended []string // orgID/userID
}

func (e *endedSessions) DeleteByUser(_ context.Context, orgID, userID string) (int64, error) {
	e.mu.Lock()
	defer e.mu.Unlock()
	e.ended = append(e.ended, orgID+"/"+userID)
	return 1, nil
}

func (e *endedSessions) list() []string {
	e.mu.Lock()
	defer e.mu.Unlock()
	return append([]string(nil), e.ended...)
}

// clock is the wall clock moved forward by the test.
type clock struct{ ahead atomic.Int64 }

func (c *clock) Now() time.Time          { return time.Now().Add(time.Duration(c.ahead.Load())) }
func (c *clock) Advance(d time.Duration) { c.ahead.Add(int64(d)) }
