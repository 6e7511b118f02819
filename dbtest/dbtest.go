// Package dbtest gives tests real databases: a SQLite file in a temporary directory, or a fresh PostgreSQL
// database on the local server (BODHI_TEST_DATABASE_URL) that is dropped when the test ends.
//
// With CI=true an unreachable PostgreSQL fails the test; elsewhere it skips with a message naming the service,
// so a newcomer without PostgreSQL still gets a useful run (runtime.md §12).
package dbtest

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"net"
	neturl "net/url"
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/jackc/pgx/v5"

	"github.com/bodhiapp/bodhi/db"
)

// DefaultPostgresURL is the server the tests use when BODHI_TEST_DATABASE_URL is unset.
const DefaultPostgresURL = "postgres://postgres@127.0.0.1:5432/postgres?sslmode=disable"

// Dialect names one database kind a test runs against.
type Dialect struct {
	Name string
	// URL returns a fresh, empty database URL of this dialect for t.
	URL func(t testing.TB) string
}

// The two dialects, and both: every repository test runs on both.
var (
	SQLite   = Dialect{Name: "sqlite", URL: SQLiteURL}
	Postgres = Dialect{Name: "postgres", URL: PostgresURL}
	Dialects = []Dialect{SQLite, Postgres}
)

// SQLiteURL returns the URL of a new SQLite file in t's temporary directory.
func SQLiteURL(t testing.TB) string {
	t.Helper()
	return "sqlite:" + filepath.Join(t.TempDir(), "bodhi-test.sqlite")
}

// PostgresURL creates a new database on the test server and returns its URL; the database is dropped after t.
func PostgresURL(t testing.TB) string {
	t.Helper()
	admin := postgresAdminURL()
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	conn, err := pgx.Connect(ctx, admin)
	if err != nil {
		Unavailable(t, "PostgreSQL", admin, err)
		return ""
	}
	defer conn.Close(context.Background())
	name := "bodhi_test_" + randomHex(6)
	if _, err := conn.Exec(ctx, "CREATE DATABASE "+name); err != nil {
		t.Fatalf("create test database %s: %v", name, err)
	}
	t.Cleanup(func() {
		ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
		defer cancel()
		conn, err := pgx.Connect(ctx, admin)
		if err != nil {
			t.Errorf("drop test database %s: %v", name, err)
			return
		}
		defer conn.Close(ctx)
		if _, err := conn.Exec(ctx, "DROP DATABASE IF EXISTS "+name+" WITH (FORCE)"); err != nil {
			t.Errorf("drop test database %s: %v", name, err)
		}
	})
	u, err := neturl.Parse(admin)
	if err != nil {
		t.Fatalf("parse BODHI_TEST_DATABASE_URL: %v", err)
	}
	u.Path = "/" + name
	return u.String()
}

func postgresAdminURL() string {
	if admin := os.Getenv("BODHI_TEST_DATABASE_URL"); admin != "" {
		return admin
	}
	return DefaultPostgresURL
}

// Unavailable fails (CI=true) or skips t because a required service cannot be reached.
func Unavailable(t testing.TB, service, addr string, err error) {
	t.Helper()
	if os.Getenv("CI") == "true" {
		t.Fatalf("%s is required in CI but unreachable at %s: %v", service, addr, err)
	}
	t.Skipf("SKIPPING: %s unreachable at %s (%v); start it to run these tests", service, addr, err)
}

func randomHex(n int) string {
	b := make([]byte, n)
	if _, err := rand.Read(b); err != nil {
		panic(err)
	}
	return hex.EncodeToString(b)
}

// DefaultRedisURL is the Redis the tests use when BODHI_TEST_REDIS_URL is unset.
const DefaultRedisURL = "redis://127.0.0.1:6379/0"

// Redis returns the test Redis URL and a random key prefix for t, so tests sharing one Redis never see each
// other's keys, channels or locks. It fails (CI) or skips when Redis is unreachable.
func Redis(t testing.TB) (url, prefix string) {
	t.Helper()
	url = os.Getenv("BODHI_TEST_REDIS_URL")
	if url == "" {
		url = DefaultRedisURL
	}
	u, err := neturl.Parse(url)
	if err != nil {
		t.Fatalf("parse BODHI_TEST_REDIS_URL: %v", err)
	}
	conn, err := net.DialTimeout("tcp", u.Host, 2*time.Second)
	if err != nil {
		Unavailable(t, "Redis", url, err)
		return "", ""
	}
	conn.Close()
	return url, "bodhi-test-" + randomHex(6) + ":"
}

// EachDialect runs fn as a parallel subtest on every dialect.
func EachDialect(t *testing.T, fn func(t *testing.T, d Dialect)) {
	t.Helper()
	for _, d := range Dialects {
		t.Run(d.Name, func(t *testing.T) {
			t.Parallel()
			fn(t, d)
		})
	}
}

// Store opens a fresh, migrated app database of dialect d for t, closed when t ends.
func Store(t testing.TB, d Dialect, opts ...db.Option) *db.DbServiceImpl {
	t.Helper()
	ctx := context.Background()
	s, err := db.Open(ctx, d.URL(t), opts...)
	if err != nil {
		t.Fatalf("open a %s store: %v", d.Name, err)
	}
	t.Cleanup(func() { s.Close() })
	if err := s.Migrate(ctx); err != nil {
		t.Fatalf("migrate the %s store: %v", d.Name, err)
	}
	return s
}
