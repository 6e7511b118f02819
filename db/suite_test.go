package db_test

import (
	"context"
	"sync"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/bodhiapp/bodhi/db"
	"github.com/bodhiapp/bodhi/dbtest"
)

// tickClock advances by a fixed step on every reading, so rows created one after another have distinct,
// ordered timestamps, and sub-microsecond digits prove the store truncates before writing.
type tickClock struct {
	mu sync.Mutex
	t  time.Time
}

func newTickClock() *tickClock {
	return &tickClock{t: time.Date(2026, 3, 4, 5, 6, 7, 123456789, time.UTC)}
}

func (c *tickClock) Now() time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.t = c.t.Add(1500 * time.Microsecond)
	return c.t
}

// forEachDialect runs fn against a fresh, migrated store of every dialect, in parallel.
func forEachDialect(t *testing.T, fn func(t *testing.T, s *db.DbServiceImpl)) {
	t.Helper()
	for _, d := range dbtest.Dialects {
		t.Run(d.Name, func(t *testing.T) {
			t.Parallel()
			fn(t, openStore(t, d.URL(t)))
		})
	}
}

func openStore(t *testing.T, url string) *db.DbServiceImpl {
	t.Helper()
	ctx := context.Background()
	s, err := db.Open(ctx, url, db.WithClock(newTickClock().Now))
	require.NoError(t, err)
	t.Cleanup(func() { require.NoError(t, s.Close()) })
	require.NoError(t, s.Migrate(ctx))
	return s
}

// mkOrg inserts an org with placeholder sealed secrets (sealing itself is tested in package orgs).
func mkOrg(t *testing.T, s db.DbService, slug string) db.Organization {
	t.Helper()
	org, err := s.CreateOrg(context.Background(), db.Organization{
		Slug: slug, DisplayName: "Org " + slug, KCClientID: "client-" + slug,
		ClientSecret: []byte("sealed-secret"), ClientSecretNonce: make([]byte, 12),
		EncryptionKey: []byte("sealed-key"), EncryptionKeyNonce: make([]byte, 12),
	})
	require.NoError(t, err)
	return org
}

func ptr[T any](v T) *T { return &v }

func requireNotFound(t *testing.T, err error, msgAndArgs ...any) {
	t.Helper()
	require.ErrorIs(t, err, db.ErrNotFound, msgAndArgs...)
}

func requireConflict(t *testing.T, err error, constraint string) {
	t.Helper()
	require.ErrorIs(t, err, db.ErrConflict)
	require.Truef(t, db.IsConflict(err, constraint), "want conflict on %s, got %v", constraint, err)
}

// requireMicros checks a stored time is UTC with microsecond precision.
func requireMicros(t *testing.T, ts time.Time) {
	t.Helper()
	require.Equal(t, time.UTC, ts.Location())
	require.Zero(t, ts.Nanosecond()%1000, "sub-microsecond digits were stored: %v", ts)
}

var (
	sqliteURL   = dbtest.SQLiteURL
	postgresURL = dbtest.PostgresURL
)
