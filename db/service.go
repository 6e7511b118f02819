package db

import (
	"context"
	"errors"
	"fmt"
	"time"

	"github.com/google/uuid"

	pggen "github.com/bodhiapp/bodhi/db/gen/postgres"
	sqlitegen "github.com/bodhiapp/bodhi/db/gen/sqlite"
	"github.com/bodhiapp/bodhi/migrations"
)

// DbServiceImpl implements DbService over either dialect: each method calls the generated query of its dialect
// and converts the row to the domain type. Exactly one of lite and pg is set.
type DbServiceImpl struct {
	conn *Conn
	lite *sqlitegen.Queries
	pg   *pggen.Queries
	now  func() time.Time
	inTx bool
}

var _ DbService = (*DbServiceImpl)(nil)

// Option configures Open.
type Option func(*openOptions)

type openOptions struct {
	now     func() time.Time
	timeout time.Duration
}

// WithClock sets the clock that stamps created_at and updated_at (tests use a fake one).
func WithClock(now func() time.Time) Option {
	return func(o *openOptions) { o.now = now }
}

// WithCallTimeout sets the deadline of every database call and transaction (BODHI_DB_TIMEOUT_MS).
func WithCallTimeout(d time.Duration) Option {
	return func(o *openOptions) { o.timeout = d }
}

// Open connects to the app database at url (sqlite:… or postgres://…). It does not migrate: call Migrate.
func Open(ctx context.Context, url string, opts ...Option) (*DbServiceImpl, error) {
	o := openOptions{now: time.Now, timeout: DefaultCallTimeout}
	for _, opt := range opts {
		opt(&o)
	}
	conn, err := Connect(ctx, url, "", CallTimeout(o.timeout))
	if err != nil {
		return nil, fmt.Errorf("open app database: %w", err)
	}
	s := &DbServiceImpl{conn: conn, now: o.now}
	if conn.Dialect == Postgres {
		s.pg = pggen.New(conn.PG())
	} else {
		s.lite = sqlitegen.New(conn.SQLite())
	}
	return s, nil
}

// IsPostgres reports whether the app database is PostgreSQL.
func (s *DbServiceImpl) IsPostgres() bool { return s.pg != nil }

// Conn exposes the underlying connection (migration status, health pings).
func (s *DbServiceImpl) Conn() *Conn { return s.conn }

// Migrate applies the pending app-database migrations of the dialect.
func (s *DbServiceImpl) Migrate(ctx context.Context) error {
	runner, err := s.conn.Migrator(migrations.App)
	if err != nil {
		return err
	}
	_, err = runner.Up(ctx)
	return err
}

// Ping checks the database answers.
func (s *DbServiceImpl) Ping(ctx context.Context) error { return s.conn.Ping(ctx) }

// Close closes the database. Inside WithTx it is a no-op.
func (s *DbServiceImpl) Close() error {
	if s.inTx {
		return nil
	}
	return s.conn.Close()
}

// WithTx runs fn inside one transaction. A nested call joins the outer transaction.
func (s *DbServiceImpl) WithTx(ctx context.Context, fn func(DbService) error) (err error) {
	if s.inTx {
		return fn(s)
	}
	txs := &DbServiceImpl{conn: s.conn, now: s.now, inTx: true}
	// The transaction as a whole gets the call deadline: it holds a connection (SQLite's only one), so a stalled
	// one must not hold it longer than a single call may wait.
	parent := ctx
	ctx, cancel := bounded(ctx, s.conn.CallTimeout)
	defer cancel()
	var commit func() error
	var rollback func() error
	if s.pg != nil {
		tx, err := s.conn.Pool.Begin(ctx)
		if err != nil {
			return fmt.Errorf("begin transaction: %w", unavailableAfter(parent, err, s.conn.CallTimeout))
		}
		txs.pg = pggen.New(pgDeadline{db: tx, timeout: s.conn.CallTimeout})
		commit = func() error { return tx.Commit(ctx) }
		// Rollback on a context that may have ended: pgx needs a live one to send it.
		rollback = func() error {
			rctx, cancel := bounded(context.WithoutCancel(ctx), s.conn.CallTimeout)
			defer cancel()
			return tx.Rollback(rctx)
		}
	} else {
		tx, err := s.conn.SQL.BeginTx(ctx, nil)
		if err != nil {
			return fmt.Errorf("begin transaction: %w", unavailableAfter(parent, err, s.conn.CallTimeout))
		}
		txs.lite = sqlitegen.New(sqliteDeadline{db: tx, timeout: s.conn.CallTimeout})
		commit, rollback = tx.Commit, tx.Rollback
	}
	defer func() {
		if p := recover(); p != nil {
			_ = rollback()
			panic(p)
		}
	}()
	if err := fn(txs); err != nil {
		if rbErr := rollback(); rbErr != nil {
			return errors.Join(err, fmt.Errorf("roll back: %w", rbErr))
		}
		return err
	}
	if err := commit(); err != nil {
		return fmt.Errorf("commit transaction: %w", unavailableAfter(parent, mapError(err), s.conn.CallTimeout))
	}
	return nil
}

// timestamp is the store's clock in UTC, truncated to microseconds so both dialects round-trip it exactly.
func (s *DbServiceImpl) timestamp() time.Time {
	return Timestamp(s.now())
}

// Timestamp normalises t the way the store writes times: UTC, microsecond precision.
func Timestamp(t time.Time) time.Time { return t.UTC().Truncate(time.Microsecond) }

func utcPtr(t *time.Time) *time.Time {
	if t == nil {
		return nil
	}
	u := t.UTC()
	return &u
}

func newID(id string) string {
	if id != "" {
		return id
	}
	return uuid.Must(uuid.NewV7()).String()
}

// one adapts a generated single-row call to a domain result: rows convert with conv, errors are mapped.
func one[R, T any](conv func(R) T) func(R, error) (T, error) {
	return func(r R, err error) (T, error) {
		if err != nil {
			var zero T
			return zero, mapError(err)
		}
		return conv(r), nil
	}
}

// many adapts a generated list call the same way.
func many[R, T any](conv func(R) T) func([]R, error) ([]T, error) {
	return func(rows []R, err error) ([]T, error) {
		if err != nil {
			return nil, mapError(err)
		}
		out := make([]T, len(rows))
		for i, r := range rows {
			out[i] = conv(r)
		}
		return out, nil
	}
}

// affected turns a row count from an UPDATE or DELETE addressed by id into ErrNotFound when it matched nothing.
func affected(n int64, err error) error {
	if err != nil {
		return mapError(err)
	}
	if n == 0 {
		return ErrNotFound
	}
	return nil
}

// page applies http-api.md §1.5 bounds to a page request.
func (p Page) bounds() (limit, offset int64) {
	limit, offset = p.Limit, p.Offset
	if limit <= 0 {
		limit = 30
	}
	if offset < 0 {
		offset = 0
	}
	return limit, offset
}

func timestampPtr(t *time.Time) *time.Time {
	if t == nil {
		return nil
	}
	u := Timestamp(*t)
	return &u
}
