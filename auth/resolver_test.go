package auth_test

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"log/slog"
	"sync/atomic"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/bodhiapp/bodhi/auth"
	"github.com/bodhiapp/bodhi/cache"
	"github.com/bodhiapp/bodhi/clocktest"
	"github.com/bodhiapp/bodhi/crypto"
	"github.com/bodhiapp/bodhi/db"
	"github.com/bodhiapp/bodhi/dbtest"
	"github.com/bodhiapp/bodhi/orgs"
)

var master = func() crypto.Key {
	k, err := crypto.MasterKeyFromSource("resolver-test-master-key-0123456789")
	if err != nil {
		panic(err)
	}
	return k
}()

var quiet = slog.New(slog.NewTextHandler(io.Discard, nil))

// countingStore counts the org queries that reach the database.
type countingStore struct {
	db.DbService
	queries atomic.Int64
}

func (c *countingStore) GetOrgBySlug(ctx context.Context, slug string) (db.Organization, error) {
	c.queries.Add(1)
	return c.DbService.GetOrgBySlug(ctx, slug)
}

func (c *countingStore) ListOrgs(ctx context.Context, status string) ([]db.Organization, error) {
	c.queries.Add(1)
	return c.DbService.ListOrgs(ctx, status)
}

type fixture struct {
	store *countingStore
	clock *clocktest.Clock
	cache cache.Cache
}

func newFixture(t *testing.T, d dbtest.Dialect) *fixture {
	t.Helper()
	ctx := context.Background()
	s, err := db.Open(ctx, d.URL(t))
	require.NoError(t, err)
	t.Cleanup(func() { s.Close() })
	require.NoError(t, s.Migrate(ctx))
	clock := clocktest.New(time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC))
	return &fixture{store: &countingStore{DbService: s}, clock: clock, cache: cache.NewMemory(clock.Now)}
}

func (f *fixture) resolver() *auth.OrgResolver {
	return auth.NewOrgResolver(f.store, f.cache, master, f.clock.Now, quiet, 0)
}

func (f *fixture) create(t *testing.T, slug string) db.Organization {
	t.Helper()
	org, err := orgs.Create(context.Background(), f.store, master, orgs.CreateParams{Slug: slug,
		DisplayName: "Org " + slug, ClientID: "bodhi-" + slug, ClientSecret: "secret-" + slug})
	require.NoError(t, err)
	return org
}

func forEachDialect(t *testing.T, fn func(t *testing.T, f *fixture)) {
	for _, d := range dbtest.Dialects {
		t.Run(d.Name, func(t *testing.T) {
			t.Parallel()
			fn(t, newFixture(t, d))
		})
	}
}

func TestResolveUnsealsAndCaches(t *testing.T) {
	forEachDialect(t, func(t *testing.T, f *fixture) {
		ctx := context.Background()
		org := f.create(t, "acme")
		r := f.resolver()
		got, err := r.Resolve(ctx, "acme")
		require.NoError(t, err)
		require.Equal(t, org.ID, got.OrgID)
		require.Equal(t, "secret-acme", got.ClientSecret)
		require.NotEqual(t, crypto.Key{}, got.DataKey)
		require.EqualValues(t, 1, f.store.queries.Load())

		for i := 0; i < 100; i++ {
			_, err := r.Resolve(ctx, "acme")
			require.NoError(t, err)
		}
		require.EqualValues(t, 1, f.store.queries.Load(), "warm resolutions never reach the database")

		// Another replica sharing the cache reads the sealed row from it, not from the database.
		other := f.resolver()
		got2, err := other.Resolve(ctx, "acme")
		require.NoError(t, err)
		require.Equal(t, got.DataKey, got2.DataKey)
		require.EqualValues(t, 1, f.store.queries.Load())

		// The shared cache holds the row sealed: no secret in plain text.
		raw, ok, err := f.cache.Get(ctx, auth.OrgKey("acme"))
		require.NoError(t, err)
		require.True(t, ok)
		require.NotContains(t, string(raw), "secret-acme")
		_, ok, _ = f.cache.Get(ctx, auth.OrgIDKey(org.ID))
		require.True(t, ok, "the row is cached by id too")

		// Past the in-process TTL the shared cache answers again.
		f.clock.Advance(61 * time.Second)
		_, err = r.Resolve(ctx, "acme")
		require.NoError(t, err)
		require.EqualValues(t, 2, f.store.queries.Load(), "the memory shared cache expired too (60 s)")
	})
}

func TestResolveNotFoundMarker(t *testing.T) {
	forEachDialect(t, func(t *testing.T, f *fixture) {
		ctx := context.Background()
		r := f.resolver()
		for i := 0; i < 5; i++ {
			_, err := r.Resolve(ctx, "nobody")
			require.ErrorIs(t, err, auth.ErrOrgNotFound)
		}
		require.EqualValues(t, 1, f.store.queries.Load(), "a not-found marker answers repeats")
		f.clock.Advance(11 * time.Second)
		_, err := r.Resolve(ctx, "nobody")
		require.ErrorIs(t, err, auth.ErrOrgNotFound)
		require.EqualValues(t, 2, f.store.queries.Load(), "the marker lasts 10 s")

		// Creating the org and invalidating its key clears the marker at once.
		org := f.create(t, "nobody")
		require.NoError(t, f.cache.Invalidate(ctx, auth.OrgKey(org.Slug), auth.OrgIDKey(org.ID)))
		got, err := r.Resolve(ctx, "nobody")
		require.NoError(t, err)
		require.Equal(t, org.ID, got.OrgID)
	})
}

func TestInvalidationDropsLocalEntries(t *testing.T) {
	forEachDialect(t, func(t *testing.T, f *fixture) {
		ctx := context.Background()
		org := f.create(t, "acme")
		r := f.resolver()
		_, err := r.Resolve(ctx, "acme")
		require.NoError(t, err)
		_, _, err = orgs.SetStatus(ctx, f.store, "acme", db.OrgSuspended)
		require.NoError(t, err)
		got, _ := r.Resolve(ctx, "acme")
		require.Equal(t, db.OrgActive, got.Status, "without an invalidation the cached row is served")

		// What every writer does after its commit.
		require.NoError(t, f.cache.Invalidate(ctx, auth.OrgKey("acme"), auth.OrgIDKey(org.ID)))
		got, err = r.Resolve(ctx, "acme")
		require.NoError(t, err)
		require.Equal(t, db.OrgSuspended, got.Status)

		// A prefix invalidation covers every org.
		_, _, err = orgs.SetStatus(ctx, f.store, "acme", db.OrgActive)
		require.NoError(t, err)
		require.NoError(t, f.cache.InvalidatePrefix(ctx, "org:"))
		got, err = r.Resolve(ctx, "acme")
		require.NoError(t, err)
		require.Equal(t, db.OrgActive, got.Status)

		// Invalidations of other kinds leave the org entries alone.
		before := f.store.queries.Load()
		require.NoError(t, f.cache.Invalidate(ctx, "token:abc"))
		require.NoError(t, f.cache.InvalidatePrefix(ctx, "models:"))
		_, err = r.Resolve(ctx, "acme")
		require.NoError(t, err)
		require.Equal(t, before, f.store.queries.Load())
	})
}

func TestStandaloneRereadsEveryFiveSeconds(t *testing.T) {
	forEachDialect(t, func(t *testing.T, f *fixture) {
		ctx := context.Background()
		r := f.resolver()
		_, err := r.Standalone(ctx)
		require.ErrorIs(t, err, auth.ErrOrgNotConfigured)
		_, err = r.Standalone(ctx)
		require.ErrorIs(t, err, auth.ErrOrgNotConfigured)
		require.EqualValues(t, 1, f.store.queries.Load(), "at most one read per 5 s while no org exists")

		f.create(t, "home") // e.g. `bodhi org create` against a running server: no shared invalidation reaches it
		_, err = r.Standalone(ctx)
		require.ErrorIs(t, err, auth.ErrOrgNotConfigured)
		f.clock.Advance(5 * time.Second)
		org, err := r.Standalone(ctx)
		require.NoError(t, err)
		require.Equal(t, "home", org.Slug)
	})
}

func TestWrongMasterKeyIsAnError(t *testing.T) {
	forEachDialect(t, func(t *testing.T, f *fixture) {
		f.create(t, "acme")
		other, _ := crypto.MasterKeyFromSource("another-master-key-0123456789abcdef")
		r := auth.NewOrgResolver(f.store, f.cache, other, f.clock.Now, quiet, 0)
		_, err := r.Resolve(context.Background(), "acme")
		require.ErrorIs(t, err, auth.ErrOrgSecrets)
		require.ErrorIs(t, err, crypto.ErrDecrypt)
	})
}

func TestOrgContextNeverSerialised(t *testing.T) {
	o := &auth.OrgContext{OrgID: "id-1", Slug: "acme", ClientSecret: "s3cret"}
	_, err := json.Marshal(o)
	require.Error(t, err)
	require.Equal(t, "org(id-1, acme)", o.String())
	require.NotContains(t, fmt.Sprintf("%v %+v", o, o), "s3cret")
	var logged []byte
	buf := &writerFunc{fn: func(p []byte) { logged = append(logged, p...) }}
	slog.New(slog.NewJSONHandler(buf, nil)).Info("resolved", "org", o)
	require.Contains(t, string(logged), `"slug":"acme"`)
	require.NotContains(t, string(logged), "s3cret")
}

type writerFunc struct{ fn func([]byte) }

func (w *writerFunc) Write(p []byte) (int, error) { w.fn(p); return len(p), nil }

// failingStore answers like a stalled database while down is set.
type failingStore struct {
	*countingStore
	down atomic.Bool
}

func (f *failingStore) GetOrgBySlug(ctx context.Context, slug string) (db.Organization, error) {
	if f.down.Load() {
		f.queries.Add(1)
		return db.Organization{}, fmt.Errorf("load: %w", db.ErrUnavailable)
	}
	return f.countingStore.GetOrgBySlug(ctx, slug)
}

// An org past its lifetime stands in while the database fails, for at most the stale window and never after an
// invalidation; a failed reload is not retried by every request.
func TestResolveServesStaleWhileTheDatabaseFails(t *testing.T) {
	forEachDialect(t, func(t *testing.T, f *fixture) {
		ctx := context.Background()
		org := f.create(t, "acme")
		store := &failingStore{countingStore: f.store}
		r := auth.NewOrgResolver(store, f.cache, master, f.clock.Now, quiet, 5*time.Minute)
		_, err := r.Resolve(ctx, "acme")
		require.NoError(t, err)

		f.clock.Advance(2 * time.Minute) // past the in-process and the in-memory shared lifetimes (60 s)
		store.down.Store(true)
		got, err := r.Resolve(ctx, "acme")
		require.NoError(t, err, "the last good org stands in")
		require.Equal(t, org.ID, got.OrgID)
		queries := store.queries.Load()
		for i := 0; i < 10; i++ {
			_, err := r.Resolve(ctx, "acme")
			require.NoError(t, err)
		}
		require.Equal(t, queries, store.queries.Load(), "no reload per request right after one failed")

		f.clock.Advance(5 * time.Minute)
		_, err = r.Resolve(ctx, "acme")
		require.ErrorIs(t, err, db.ErrUnavailable, "past the stale window the failure shows")

		store.down.Store(false)
		_, err = r.Resolve(ctx, "acme")
		require.NoError(t, err)
		f.clock.Advance(2 * time.Minute)
		store.down.Store(true)
		require.NoError(t, f.cache.Invalidate(ctx, auth.OrgKey("acme")))
		_, err = r.Resolve(ctx, "acme")
		require.ErrorIs(t, err, db.ErrUnavailable, "an invalidated org is never served stale")
	})
}
