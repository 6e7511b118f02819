package db_test

import (
	"context"
	"fmt"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/bodhiapp/bodhi/clocktest"
	"github.com/bodhiapp/bodhi/db"
	"github.com/bodhiapp/bodhi/dbtest"
)

// sessionClockStart has sub-microsecond digits, proving the session store truncates.
var sessionClockStart = time.Date(2026, 3, 4, 5, 6, 7, 123456789, time.UTC)

// sessionBackend is one database the session store's conformance suite runs on: every dialect, plus PostgreSQL
// in its own schema (SESSION_DB_SCHEMA).
type sessionBackend struct {
	name   string
	url    func(testing.TB) string
	schema string
}

func sessionBackends() []sessionBackend {
	var out []sessionBackend
	for _, d := range dbtest.Dialects {
		out = append(out, sessionBackend{name: d.Name, url: d.URL})
	}
	return append(out, sessionBackend{name: "postgres-schema", url: dbtest.PostgresURL, schema: "bodhi_sessions"})
}

// forEachSessionBackend runs fn against a fresh, migrated session store of every backend, in parallel.
func forEachSessionBackend(t *testing.T, fn func(t *testing.T, s *db.SessionStore, clock *clocktest.Clock)) {
	t.Helper()
	for _, b := range sessionBackends() {
		t.Run(b.name, func(t *testing.T) {
			t.Parallel()
			clock := clocktest.New(sessionClockStart)
			s, err := db.OpenSessions(context.Background(), b.url(t), b.schema, db.WithClock(clock.Now))
			require.NoError(t, err)
			t.Cleanup(func() { require.NoError(t, s.Close()) })
			fn(t, s, clock)
		})
	}
}

// rowID is a distinct row id per n, shaped like the SHA-256 hex ids the session service derives from cookies.
func rowID(n byte) string { return fmt.Sprintf("%064x", n) }

func save(t *testing.T, s *db.SessionStore, id, org string, data map[string]string) db.SessionRecord {
	t.Helper()
	rec, err := s.Save(context.Background(), db.SessionRecord{ID: id, OrgID: org, Data: data})
	require.NoError(t, err)
	return rec
}

// loaded returns the row with id, or nil when the store reports it absent.
func loaded(t *testing.T, s *db.SessionStore, id string) *db.SessionRecord {
	t.Helper()
	rec, err := s.Load(context.Background(), id)
	if err != nil {
		requireNotFound(t, err)
		return nil
	}
	return &rec
}

func TestSessionStoreSaveLoadRoundTrip(t *testing.T) {
	forEachSessionBackend(t, func(t *testing.T, s *db.SessionStore, clock *clocktest.Clock) {
		data := map[string]string{
			"oauth_state": "state-1", "pkce_verifier": "verifier",
			"callback_url": "https://acme.example/ui/auth/callback", "unicode": "héllo \u2603",
		}
		saved := save(t, s, rowID(1), "org-a", data)
		wantExpiry := clock.Now().Add(db.SessionLifetime).UTC().Truncate(time.Microsecond)
		require.True(t, saved.ExpiresAt.Equal(wantExpiry), "Save sets the expiry: %v", saved.ExpiresAt)
		require.Nil(t, saved.UserID)

		got := loaded(t, s, rowID(1))
		require.NotNil(t, got)
		require.Equal(t, rowID(1), got.ID)
		require.Equal(t, "org-a", got.OrgID)
		require.Nil(t, got.UserID)
		require.Equal(t, data, got.Data)
		require.Equal(t, time.UTC, got.ExpiresAt.Location())
		require.True(t, got.ExpiresAt.Equal(wantExpiry), "stored expiry %v, want %v", got.ExpiresAt, wantExpiry)
		require.Equal(t, saved, *got, "Save returns the row as stored")
	})
}

func TestSessionStoreLoadMissingIsNotFound(t *testing.T) {
	forEachSessionBackend(t, func(t *testing.T, s *db.SessionStore, _ *clocktest.Clock) {
		_, err := s.Load(context.Background(), rowID(9))
		requireNotFound(t, err)
	})
}

func TestSessionStoreEmptyDataRoundTrips(t *testing.T) {
	forEachSessionBackend(t, func(t *testing.T, s *db.SessionStore, _ *clocktest.Clock) {
		save(t, s, rowID(1), "org-a", nil)
		got := loaded(t, s, rowID(1))
		require.NotNil(t, got)
		require.Empty(t, got.Data)
		require.NotNil(t, got.Data, "Data is an empty map, not nil")
	})
}

func TestSessionStoreSaveCopiesUserID(t *testing.T) {
	forEachSessionBackend(t, func(t *testing.T, s *db.SessionStore, _ *clocktest.Clock) {
		ctx := context.Background()
		saved := save(t, s, rowID(1), "org-a", map[string]string{"user_id": "user-1"})
		require.Equal(t, ptr("user-1"), saved.UserID)
		require.Equal(t, ptr("user-1"), loaded(t, s, rowID(1)).UserID)

		// A caller-set UserID is ignored: the data decides. Logging out clears the column.
		saved, err := s.Save(ctx, db.SessionRecord{ID: rowID(1), OrgID: "org-a", UserID: ptr("someone-else"),
			Data: map[string]string{"k": "v"}})
		require.NoError(t, err)
		require.Nil(t, saved.UserID)
		require.Nil(t, loaded(t, s, rowID(1)).UserID)
		n, err := s.DeleteByUser(ctx, "org-a", "user-1")
		require.NoError(t, err)
		require.Zero(t, n, "the row no longer belongs to user-1")
	})
}

func TestSessionStoreSaveKeepsNoReferenceToTheCallersData(t *testing.T) {
	forEachSessionBackend(t, func(t *testing.T, s *db.SessionStore, _ *clocktest.Clock) {
		data := map[string]string{"k": "v"}
		saved := save(t, s, rowID(1), "org-a", data)
		data["k"] = "changed"
		require.Equal(t, "v", saved.Data["k"])
	})
}

func TestSessionStoreUpsertOverwrites(t *testing.T) {
	forEachSessionBackend(t, func(t *testing.T, s *db.SessionStore, clock *clocktest.Clock) {
		save(t, s, rowID(1), "org-a", map[string]string{"oauth_state": "s", "user_id": "user-1"})
		clock.Advance(time.Hour)
		save(t, s, rowID(1), "org-a", map[string]string{"access_token": "at"})
		got := loaded(t, s, rowID(1))
		require.Equal(t, map[string]string{"access_token": "at"}, got.Data, "keys not saved again are gone")
		require.Nil(t, got.UserID)
		require.True(t, got.ExpiresAt.Equal(clock.Now().Add(db.SessionLifetime).Truncate(time.Microsecond)),
			"every save slides the expiry")
	})
}

func TestSessionStoreExpiredRowsAreIgnoredAndSwept(t *testing.T) {
	forEachSessionBackend(t, func(t *testing.T, s *db.SessionStore, clock *clocktest.Clock) {
		ctx := context.Background()
		save(t, s, rowID(1), "org-a", map[string]string{"k": "old"})
		clock.Advance(time.Hour)
		save(t, s, rowID(2), "org-a", map[string]string{"k": "new"})

		// One microsecond before expiry the old row still loads; at its expiry instant it does not.
		clock.Advance(db.SessionLifetime - time.Hour - time.Microsecond)
		require.NotNil(t, loaded(t, s, rowID(1)))
		clock.Advance(time.Microsecond)
		require.Nil(t, loaded(t, s, rowID(1)), "an expired row counts as no session")

		n, err := s.DeleteExpired(ctx, clock.Now())
		require.NoError(t, err)
		require.EqualValues(t, 1, n)
		require.NotNil(t, loaded(t, s, rowID(2)), "rows not yet expired survive the sweep")

		n, err = s.DeleteExpired(ctx, clock.Now())
		require.NoError(t, err)
		require.Zero(t, n, "a second sweep finds nothing: cleanup is idempotent")

		// The expired row is really gone: moving the clock back does not revive it.
		clock.Advance(-db.SessionLifetime)
		require.Nil(t, loaded(t, s, rowID(1)))
	})
}

func TestSessionStoreDeleteByUserTouchesOnlyThatOrgAndUser(t *testing.T) {
	forEachSessionBackend(t, func(t *testing.T, s *db.SessionStore, _ *clocktest.Clock) {
		ctx := context.Background()
		rows := []struct {
			id        byte
			org, user string
		}{
			{1, "org-a", "user-1"}, {2, "org-a", "user-1"}, {3, "org-a", "user-2"}, {4, "org-b", "user-1"}, {5, "org-a", ""},
		}
		for _, r := range rows {
			data := map[string]string{"oauth_state": "x"}
			if r.user != "" {
				data["user_id"] = r.user
			}
			save(t, s, rowID(r.id), r.org, data)
		}
		n, err := s.DeleteByUser(ctx, "org-a", "user-1")
		require.NoError(t, err)
		require.EqualValues(t, 2, n)
		for _, r := range rows {
			if r.org == "org-a" && r.user == "user-1" {
				require.Nil(t, loaded(t, s, rowID(r.id)), "row %d", r.id)
			} else {
				require.NotNil(t, loaded(t, s, rowID(r.id)), "row %d of %s/%q must survive", r.id, r.org, r.user)
			}
		}
		n, err = s.DeleteByUser(ctx, "org-c", "user-1")
		require.NoError(t, err)
		require.Zero(t, n)
	})
}

func TestSessionStoreDelete(t *testing.T) {
	forEachSessionBackend(t, func(t *testing.T, s *db.SessionStore, _ *clocktest.Clock) {
		ctx := context.Background()
		save(t, s, rowID(1), "org-a", map[string]string{"k": "v"})
		save(t, s, rowID(2), "org-a", map[string]string{"k": "v"})
		require.NoError(t, s.Delete(ctx, rowID(1)))
		require.Nil(t, loaded(t, s, rowID(1)))
		require.NotNil(t, loaded(t, s, rowID(2)))
		require.NoError(t, s.Delete(ctx, rowID(1)), "deleting a missing row is not an error")
	})
}

func TestSessionStoreSaveNeedsIDAndOrg(t *testing.T) {
	forEachSessionBackend(t, func(t *testing.T, s *db.SessionStore, _ *clocktest.Clock) {
		for _, rec := range []db.SessionRecord{{OrgID: "org-a"}, {ID: rowID(1)}} {
			_, err := s.Save(context.Background(), rec)
			require.Error(t, err, "%+v", rec)
		}
	})
}

func TestSessionStorePing(t *testing.T) {
	forEachSessionBackend(t, func(t *testing.T, s *db.SessionStore, _ *clocktest.Clock) {
		require.NoError(t, s.Ping(context.Background()))
	})
}
