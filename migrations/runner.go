package migrations

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"io/fs"
	"path"
	"path/filepath"
	"strings"
	"time"

	"github.com/pressly/goose/v3"
	"github.com/pressly/goose/v3/lock"
)

// Set names one of the two databases Bodhi keeps.
type Set string

const (
	App     Set = "app"
	Session Set = "session"
)

// Distinct advisory-lock ids, so migrating the app and the session set of one PostgreSQL database never waits on
// itself, while replicas migrating the same set at once are serialised.
const (
	appLockID     int64 = 0x626f646869_01 // "bodhi" 1
	sessionLockID int64 = 0x626f646869_02
)

// Runner applies, rolls back and reports one migration set on one database.
type Runner struct {
	set      Set
	provider *goose.Provider
}

// Status is the state of one migration of a set.
type Status struct {
	DB        Set        `json:"db"`
	Version   int64      `json:"version"`
	Name      string     `json:"name"`
	State     string     `json:"state"` // "applied" or "pending"
	AppliedAt *time.Time `json:"applied_at"`
}

// NewRunner prepares the migrations of set for sqlDB. postgres selects the dialect; PostgreSQL runs take a session
// advisory lock so replicas starting together do not race.
func NewRunner(sqlDB *sql.DB, postgres bool, set Set) (*Runner, error) {
	dir := "sqlite"
	dialect := goose.DialectSQLite3
	if postgres {
		dir, dialect = "postgres", goose.DialectPostgres
	}
	if set == Session {
		dir = path.Join(dir, "session")
	}
	sub, err := fs.Sub(files, dir)
	if err != nil {
		return nil, fmt.Errorf("migrations %s/%s: %w", dir, set, err)
	}
	opts := []goose.ProviderOption{
		goose.WithTableName("bodhi_" + string(set) + "_migrations"),
		goose.WithDisableGlobalRegistry(true),
	}
	if postgres {
		id := appLockID
		if set == Session {
			id = sessionLockID
		}
		// Retry every second (goose waits 5 s by default) for up to 5 minutes.
		locker, err := lock.NewPostgresSessionLocker(lock.WithLockID(id), lock.WithLockTimeout(1, 300))
		if err != nil {
			return nil, fmt.Errorf("migration lock: %w", err)
		}
		opts = append(opts, goose.WithSessionLocker(locker))
	}
	provider, err := goose.NewProvider(dialect, sqlDB, sub, opts...)
	if err != nil {
		return nil, fmt.Errorf("prepare %s migrations: %w", set, err)
	}
	return &Runner{set: set, provider: provider}, nil
}

// Up applies every pending migration and returns the names of those it applied.
func (r *Runner) Up(ctx context.Context) ([]string, error) {
	results, err := r.provider.Up(ctx)
	if err != nil {
		return nil, fmt.Errorf("apply %s migrations: %w", r.set, err)
	}
	applied := make([]string, 0, len(results))
	for _, res := range results {
		applied = append(applied, migrationName(res.Source))
	}
	return applied, nil
}

// Down rolls back the most recent migration. It returns "" when nothing was applied.
func (r *Runner) Down(ctx context.Context) (string, error) {
	res, err := r.provider.Down(ctx)
	if errors.Is(err, goose.ErrNoNextVersion) {
		return "", nil
	}
	if err != nil {
		return "", fmt.Errorf("roll back %s migration: %w", r.set, err)
	}
	return migrationName(res.Source), nil
}

// Status lists every migration of the set in version order.
func (r *Runner) Status(ctx context.Context) ([]Status, error) {
	list, err := r.provider.Status(ctx)
	if err != nil {
		return nil, fmt.Errorf("%s migration status: %w", r.set, err)
	}
	out := make([]Status, 0, len(list))
	for _, m := range list {
		st := Status{DB: r.set, Version: m.Source.Version, Name: migrationName(m.Source), State: "pending"}
		if m.State == goose.StateApplied {
			st.State = "applied"
			at := m.AppliedAt.UTC()
			st.AppliedAt = &at
		}
		out = append(out, st)
	}
	return out, nil
}

func migrationName(src *goose.Source) string {
	return strings.TrimSuffix(filepath.Base(src.Path), ".sql")
}
