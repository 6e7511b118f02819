package db_test

import (
	"context"
	"errors"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/bodhiapp/bodhi/db"
	"github.com/bodhiapp/bodhi/dbtest"
)

// callTimeout is short so the test is quick; noHang is the generous bound within which a call must come back
// at all (a correctness check: without deadlines these calls never return while the database is stalled).
const (
	callTimeout = 300 * time.Millisecond
	noHang      = 5 * time.Second
)

// stalledStore is a migrated store whose database can be made to stop answering, and started again.
type stalledStore struct {
	store         *db.DbServiceImpl
	stall, resume func()
}

// stalledStores gives a store of each dialect with its way to stall: PostgreSQL behind a relay that stops
// passing bytes (as a SIGSTOPped server looks), SQLite with its one connection held by someone else (as a long
// transaction or a frozen disk looks).
func stalledStores(t *testing.T) map[string]func(t *testing.T) stalledStore {
	return map[string]func(t *testing.T) stalledStore{
		"sqlite": func(t *testing.T) stalledStore {
			s := openTimedStore(t, dbtest.SQLiteURL(t))
			var held interface{ Close() error }
			return stalledStore{store: s,
				stall: func() {
					c, err := s.Conn().SQL.Conn(context.Background())
					require.NoError(t, err)
					held = c
				},
				resume: func() { require.NoError(t, held.Close()) },
			}
		},
		"postgres": func(t *testing.T) stalledStore {
			relay := dbtest.NewStall(t, dbtest.PostgresTarget(t))
			s := openTimedStore(t, relay.StalledPostgres().URL(t))
			return stalledStore{store: s, stall: relay.Pause, resume: relay.Resume}
		},
	}
}

func openTimedStore(t *testing.T, url string) *db.DbServiceImpl {
	t.Helper()
	ctx := context.Background()
	s, err := db.Open(ctx, url, db.WithCallTimeout(callTimeout))
	require.NoError(t, err)
	t.Cleanup(func() { s.Close() })
	require.NoError(t, s.Migrate(ctx))
	return s
}

// Every call, and every transaction, ends within the deadline while the database is stalled, with an error that
// says "unavailable"; once the database answers again, so does the store.
func TestCallDeadline(t *testing.T) {
	for name, open := range stalledStores(t) {
		t.Run(name, func(t *testing.T) {
			t.Parallel()
			st := open(t)
			ctx := context.Background()
			org := mkOrg(t, st.store, "acme")

			st.stall()
			resumed := false
			t.Cleanup(func() {
				if !resumed {
					st.resume() // a failed run must not leave the store's Close waiting on the stall
				}
			})
			calls := map[string]func() error{
				"single row": func() error { _, err := st.store.GetOrgBySlug(ctx, "acme"); return err },
				"rows":       func() error { _, err := st.store.ListOrgs(ctx, ""); return err },
				"exec": func() error {
					_, err := st.store.UpdateOrgStatus(ctx, org.ID, db.OrgSuspended)
					return err
				},
				"transaction": func() error {
					return st.store.WithTx(ctx, func(tx db.DbService) error {
						_, err := tx.GetOrgBySlug(ctx, "acme")
						return err
					})
				},
			}
			for what, call := range calls {
				done := make(chan error, 1)
				go func() { done <- call() }()
				select {
				case err := <-done:
					require.Error(t, err, what)
					require.True(t, db.Unavailable(err), "%s: %v", what, err)
				case <-time.After(noHang):
					t.Fatalf("%s: still waiting on the stalled database after %v", what, noHang)
				}
			}

			st.resume()
			resumed = true
			require.Eventually(t, func() bool {
				got, err := st.store.GetOrgBySlug(ctx, "acme")
				return err == nil && got.ID == org.ID
			}, noHang, 20*time.Millisecond, "the store answers again once the database does")
		})
	}
}

func TestUnavailable(t *testing.T) {
	require.True(t, db.Unavailable(context.DeadlineExceeded))
	require.True(t, db.Unavailable(errors.Join(errors.New("load"), db.ErrUnavailable)))
	require.False(t, db.Unavailable(db.ErrNotFound))
	require.False(t, db.Unavailable(context.Canceled), "the caller went away: not the database's fault")
	require.False(t, db.Unavailable(nil))
}
