// Package dburl reads database URLs: which dialect a URL names, its target, and a form safe to print. It is a leaf,
// so the configuration can check URLs without depending on the database drivers.
package dburl

import (
	"fmt"
	"regexp"
	"strings"

	"github.com/jackc/pgx/v5/pgconn"
)

// Dialect is the SQL dialect of a database URL.
type Dialect string

const (
	SQLite   Dialect = "sqlite"
	Postgres Dialect = "postgres"
)

// Parse tells the dialect of a database URL and returns the path (SQLite) or the connection string (PostgreSQL).
// Accepted: sqlite:PATH, sqlite://PATH, postgres://…, postgresql://… (data-model.md §7.1).
func Parse(url string) (Dialect, string, error) {
	switch {
	case strings.HasPrefix(url, "postgres://"), strings.HasPrefix(url, "postgresql://"):
		if _, err := pgconn.ParseConfig(url); err != nil {
			return "", "", fmt.Errorf("invalid PostgreSQL URL: %w", err)
		}
		return Postgres, url, nil
	case strings.HasPrefix(url, "sqlite:"):
		path := strings.TrimPrefix(strings.TrimPrefix(url, "sqlite:"), "//")
		if i := strings.IndexByte(path, '?'); i >= 0 {
			path = path[:i]
		}
		if path == "" {
			return "", "", fmt.Errorf("sqlite URL %q has no file path", url)
		}
		return SQLite, path, nil
	default:
		return "", "", fmt.Errorf("unsupported database URL %q: use sqlite:<path> or postgres://…", Redact(url))
	}
}

var identifier = regexp.MustCompile(`^[a-zA-Z_][a-zA-Z0-9_]{0,62}$`)

// ValidSchemaName reports whether s may be used as SESSION_DB_SCHEMA.
func ValidSchemaName(s string) bool { return identifier.MatchString(s) }

var urlPassword = regexp.MustCompile(`^([a-z][a-z0-9+.-]*://[^:/@]*:)[^@/]*@`)

// Redact hides the password of a URL (database or Redis) so it can appear in messages and logs.
func Redact(url string) string {
	return urlPassword.ReplaceAllString(url, "$1***@")
}
