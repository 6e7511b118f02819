package localmodels_test

import (
	"context"
	"io"
	"log/slog"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/bodhiapp/bodhi/apimodels"
	"github.com/bodhiapp/bodhi/apperr"
	"github.com/bodhiapp/bodhi/apptest"
	"github.com/bodhiapp/bodhi/auth"
	"github.com/bodhiapp/bodhi/cache"
	"github.com/bodhiapp/bodhi/clocktest"
	"github.com/bodhiapp/bodhi/db"
	"github.com/bodhiapp/bodhi/dbtest"
	"github.com/bodhiapp/bodhi/localmodels"
	"github.com/bodhiapp/bodhi/localmodels/hfcache"
	"github.com/bodhiapp/bodhi/localmodels/hfcache/hfcachetest"
	"github.com/bodhiapp/bodhi/outbound"
)

// bundle is the catalog over a fresh database of one dialect and a Hugging Face cache in a temporary HF_HOME,
// with two orgs; the store's clock moves by hand, so rows have the times the tests give them.
type bundle struct {
	store      *db.DbServiceImpl
	clock      *clocktest.Clock
	hub        *hfcachetest.Hub
	files      *hfcache.Cache
	api        *apimodels.Service
	svc        *localmodels.Service
	org, other *auth.OrgContext
}

var start = time.Date(2025, 6, 1, 12, 0, 0, 0, time.UTC)

func forEachDialect(t *testing.T, fn func(t *testing.T, b bundle)) {
	dbtest.EachDialect(t, func(t *testing.T, d dbtest.Dialect) { fn(t, newBundle(t, d)) })
}

func newBundle(t *testing.T, d dbtest.Dialect) bundle {
	t.Helper()
	clock := clocktest.New(start)
	store := dbtest.Store(t, d, db.WithClock(clock.Now))
	bg, cancel := context.WithCancel(context.Background())
	t.Cleanup(cancel)
	api := apimodels.New(bg, store, cache.NewMemory(clock.Now), outbound.NewClient(false, time.Second), clock.Now,
		slog.New(slog.NewTextHandler(io.Discard, nil)))
	home := t.TempDir()
	files := hfcache.New(home, clock.Now, nil)
	return bundle{store: store, clock: clock, hub: hfcachetest.New(home), files: files, api: api,
		svc: localmodels.New(store, files, api, cache.NewMemory(nil)), org: apptest.NewOrg(t, store, "acme"),
		other: apptest.NewOrg(t, store, "beta")}
}

// download puts filename of repo at commit Commit(seed) into the cache, as a download would, and forgets the
// reused scan.
func (b bundle) download(t *testing.T, repo, seed, filename string) string {
	t.Helper()
	commit := hfcachetest.Commit(seed)
	b.hub.Download(t, repo, commit, filename, []byte(repo+"/"+filename+"@"+seed))
	b.files.Invalidate()
	return commit
}

// addAPIModel registers an API model in org, created now by the store's clock.
func (b bundle) addAPIModel(t *testing.T, org *auth.OrgContext, prefix string, models ...string) db.APIModelAlias {
	t.Helper()
	key := "sk-test"
	row, err := b.api.Create(context.Background(), org, apimodels.Input{APIFormat: "openai",
		BaseURL: "http://127.0.0.1:9/v1", APIKey: apimodels.KeyChange{Value: &key}, Models: models, Prefix: &prefix})
	require.NoError(t, err)
	return row
}

func requireCode(t *testing.T, err error, code string, msgAndArgs ...any) {
	t.Helper()
	e, ok := apperr.As(err)
	require.True(t, ok, "want %s, got %v", code, err)
	require.Equal(t, code, e.Code, msgAndArgs...)
}

func ptr[T any](v T) *T { return &v }
