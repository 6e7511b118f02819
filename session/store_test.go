package session_test

import (
	"context"
	"sync"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/bodhiapp/bodhi/dbtest"
	"github.com/bodhiapp/bodhi/session"
)

// fakeClock is a settable clock whose start has sub-microsecond digits, proving the store truncates.
type fakeClock struct {
	mu sync.Mutex
	t  time.Time
}

func newClock() *fakeClock {
	return &fakeClock{t: time.Date(2026, 3, 4, 5, 6, 7, 123456789, time.UTC)}
}

func (c *fakeClock) Now() time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.t
}

func (c *fakeClock) Set(t time.Time) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.t = t
}

func (c *fakeClock) Advance(d time.Duration) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.t = c.t.Add(d)
}

// backend is one database the conformance suite runs on: every dialect, plus PostgreSQL in its own schema.
type backend struct {
	name   string
	url    func(testing.TB) string
	schema string
}

func backends() []backend {
	var out []backend
	for _, d := range dbtest.Dialects {
		out = append(out, backend{name: d.Name, url: d.URL})
	}
	return append(out, backend{name: "postgres-schema", url: dbtest.PostgresURL, schema: "bodhi_sessions"})
}

// forEachBackend runs fn against a fresh, migrated store of every backend, in parallel.
func forEachBackend(t *testing.T, fn func(t *testing.T, s session.AppSessionStore, clock *fakeClock)) {
	t.Helper()
	for _, b := range backends() {
		t.Run(b.name, func(t *testing.T) {
			t.Parallel()
			clock := newClock()
			s, err := session.Open(context.Background(), b.url(t), b.schema, clock.Now)
			require.NoError(t, err)
			t.Cleanup(func() { require.NoError(t, s.Close()) })
			fn(t, s, clock)
		})
	}
}

func rowID(n byte) string { return session.RowID(string([]byte{'c', 'o', 'o', 'k', 'i', 'e', n})) }

func TestStoreSaveLoadRoundTrip(t *testing.T) {
	forEachBackend(t, func(t *testing.T, s session.AppSessionStore, clock *fakeClock) {
		ctx := context.Background()
		data := map[string]string{
			session.KeyOAuthState: "state-1", session.KeyPKCEVerifier: "verifier",
			session.KeyCallbackURL: "https://acme.example/ui/auth/callback", "unicode": "héllo \u2603",
		}
		rec := &session.Record{ID: rowID(1), OrgID: "org-a", Data: data}
		require.NoError(t, s.Save(ctx, rec))
		wantExpiry := clock.Now().Add(session.Lifetime).UTC().Truncate(time.Microsecond)
		require.True(t, rec.ExpiresAt.Equal(wantExpiry), "Save sets the expiry: %v", rec.ExpiresAt)
		require.Nil(t, rec.UserID)

		got, err := s.Load(ctx, rowID(1))
		require.NoError(t, err)
		require.NotNil(t, got)
		require.Equal(t, rowID(1), got.ID)
		require.Equal(t, "org-a", got.OrgID)
		require.Nil(t, got.UserID)
		require.Equal(t, data, got.Data)
		require.Equal(t, time.UTC, got.ExpiresAt.Location())
		require.True(t, got.ExpiresAt.Equal(wantExpiry), "stored expiry %v, want %v", got.ExpiresAt, wantExpiry)
	})
}

func TestStoreLoadMissingIsNil(t *testing.T) {
	forEachBackend(t, func(t *testing.T, s session.AppSessionStore, _ *fakeClock) {
		got, err := s.Load(context.Background(), rowID(9))
		require.NoError(t, err)
		require.Nil(t, got)
	})
}

func TestStoreEmptyDataRoundTrips(t *testing.T) {
	forEachBackend(t, func(t *testing.T, s session.AppSessionStore, _ *fakeClock) {
		ctx := context.Background()
		require.NoError(t, s.Save(ctx, &session.Record{ID: rowID(1), OrgID: "org-a"}))
		got, err := s.Load(ctx, rowID(1))
		require.NoError(t, err)
		require.NotNil(t, got)
		require.Empty(t, got.Data)
		require.NotNil(t, got.Data, "Data is an empty map, not nil")
	})
}

func TestStoreSaveCopiesUserID(t *testing.T) {
	forEachBackend(t, func(t *testing.T, s session.AppSessionStore, _ *fakeClock) {
		ctx := context.Background()
		rec := &session.Record{ID: rowID(1), OrgID: "org-a", Data: map[string]string{session.KeyUserID: "user-1"}}
		require.NoError(t, s.Save(ctx, rec))
		require.NotNil(t, rec.UserID)
		require.Equal(t, "user-1", *rec.UserID)
		got, err := s.Load(ctx, rowID(1))
		require.NoError(t, err)
		require.NotNil(t, got.UserID)
		require.Equal(t, "user-1", *got.UserID)

		// A caller-set UserID is ignored: the data decides. Logging out clears the column.
		other := "someone-else"
		rec = &session.Record{ID: rowID(1), OrgID: "org-a", UserID: &other, Data: map[string]string{"k": "v"}}
		require.NoError(t, s.Save(ctx, rec))
		require.Nil(t, rec.UserID)
		got, err = s.Load(ctx, rowID(1))
		require.NoError(t, err)
		require.Nil(t, got.UserID)
		n, err := s.DeleteByUser(ctx, "org-a", "user-1")
		require.NoError(t, err)
		require.Zero(t, n, "the row no longer belongs to user-1")
	})
}

func TestStoreUpsertOverwrites(t *testing.T) {
	forEachBackend(t, func(t *testing.T, s session.AppSessionStore, clock *fakeClock) {
		ctx := context.Background()
		require.NoError(t, s.Save(ctx, &session.Record{ID: rowID(1), OrgID: "org-a",
			Data: map[string]string{session.KeyOAuthState: "s", session.KeyUserID: "user-1"}}))
		clock.Advance(time.Hour)
		require.NoError(t, s.Save(ctx, &session.Record{ID: rowID(1), OrgID: "org-a",
			Data: map[string]string{session.KeyAccessToken: "at"}}))
		got, err := s.Load(ctx, rowID(1))
		require.NoError(t, err)
		require.Equal(t, map[string]string{session.KeyAccessToken: "at"}, got.Data, "keys not saved again are gone")
		require.Nil(t, got.UserID)
		require.True(t, got.ExpiresAt.Equal(clock.Now().Add(session.Lifetime).Truncate(time.Microsecond)),
			"every save slides the expiry")
	})
}

func TestStoreExpiredRowsAreIgnoredAndSwept(t *testing.T) {
	forEachBackend(t, func(t *testing.T, s session.AppSessionStore, clock *fakeClock) {
		ctx := context.Background()
		require.NoError(t, s.Save(ctx, &session.Record{ID: rowID(1), OrgID: "org-a", Data: map[string]string{"k": "old"}}))
		clock.Advance(time.Hour)
		require.NoError(t, s.Save(ctx, &session.Record{ID: rowID(2), OrgID: "org-a", Data: map[string]string{"k": "new"}}))

		// One microsecond before expiry the old row still loads; at its expiry instant it does not.
		clock.Advance(session.Lifetime - time.Hour - time.Microsecond)
		got, err := s.Load(ctx, rowID(1))
		require.NoError(t, err)
		require.NotNil(t, got)
		clock.Advance(time.Microsecond)
		got, err = s.Load(ctx, rowID(1))
		require.NoError(t, err)
		require.Nil(t, got, "an expired row counts as no session")

		n, err := s.DeleteExpired(ctx, clock.Now())
		require.NoError(t, err)
		require.EqualValues(t, 1, n)
		got, err = s.Load(ctx, rowID(2))
		require.NoError(t, err)
		require.NotNil(t, got, "rows not yet expired survive the sweep")

		n, err = s.DeleteExpired(ctx, clock.Now())
		require.NoError(t, err)
		require.Zero(t, n, "a second sweep finds nothing: cleanup is idempotent")

		// The expired row is really gone: moving the clock back does not revive it.
		clock.Advance(-session.Lifetime)
		got, err = s.Load(ctx, rowID(1))
		require.NoError(t, err)
		require.Nil(t, got)
	})
}

func TestStoreDeleteByUserTouchesOnlyThatOrgAndUser(t *testing.T) {
	forEachBackend(t, func(t *testing.T, s session.AppSessionStore, _ *fakeClock) {
		ctx := context.Background()
		rows := []struct {
			id        byte
			org, user string
		}{
			{1, "org-a", "user-1"}, {2, "org-a", "user-1"}, {3, "org-a", "user-2"}, {4, "org-b", "user-1"}, {5, "org-a", ""},
		}
		for _, r := range rows {
			data := map[string]string{session.KeyOAuthState: "x"}
			if r.user != "" {
				data[session.KeyUserID] = r.user
			}
			require.NoError(t, s.Save(ctx, &session.Record{ID: rowID(r.id), OrgID: r.org, Data: data}))
		}
		n, err := s.DeleteByUser(ctx, "org-a", "user-1")
		require.NoError(t, err)
		require.EqualValues(t, 2, n)
		for _, r := range rows {
			got, err := s.Load(ctx, rowID(r.id))
			require.NoError(t, err)
			if r.org == "org-a" && r.user == "user-1" {
				require.Nil(t, got, "row %d", r.id)
			} else {
				require.NotNil(t, got, "row %d of %s/%q must survive", r.id, r.org, r.user)
			}
		}
		n, err = s.DeleteByUser(ctx, "org-c", "user-1")
		require.NoError(t, err)
		require.Zero(t, n)
	})
}

func TestStoreDelete(t *testing.T) {
	forEachBackend(t, func(t *testing.T, s session.AppSessionStore, _ *fakeClock) {
		ctx := context.Background()
		require.NoError(t, s.Save(ctx, &session.Record{ID: rowID(1), OrgID: "org-a", Data: map[string]string{"k": "v"}}))
		require.NoError(t, s.Save(ctx, &session.Record{ID: rowID(2), OrgID: "org-a", Data: map[string]string{"k": "v"}}))
		require.NoError(t, s.Delete(ctx, rowID(1)))
		got, err := s.Load(ctx, rowID(1))
		require.NoError(t, err)
		require.Nil(t, got)
		got, err = s.Load(ctx, rowID(2))
		require.NoError(t, err)
		require.NotNil(t, got)
		require.NoError(t, s.Delete(ctx, rowID(1)), "deleting a missing row is not an error")
	})
}

func TestStoreSaveNeedsIDAndOrg(t *testing.T) {
	forEachBackend(t, func(t *testing.T, s session.AppSessionStore, _ *fakeClock) {
		ctx := context.Background()
		require.Error(t, s.Save(ctx, &session.Record{OrgID: "org-a"}))
		require.Error(t, s.Save(ctx, &session.Record{ID: rowID(1)}))
	})
}

func TestStorePing(t *testing.T) {
	forEachBackend(t, func(t *testing.T, s session.AppSessionStore, _ *fakeClock) {
		require.NoError(t, s.Ping(context.Background()))
	})
}
