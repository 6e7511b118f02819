package db

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"net"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgconn"
	"github.com/mattn/go-sqlite3"

	pggen "github.com/bodhiapp/bodhi/db/gen/postgres"
	sqlitegen "github.com/bodhiapp/bodhi/db/gen/sqlite"
)

// DefaultCallTimeout bounds every database call unless the connection is given another bound (BODHI_DB_TIMEOUT_MS).
const DefaultCallTimeout = 5 * time.Second

// ErrUnavailable marks a database that did not answer: a call past its deadline, a refused or broken connection,
// a SQLite lock held too long. It passes; callers answer 503 rather than a query failure.
var ErrUnavailable = errors.New("database unavailable")

// Unavailable reports whether err means the database could not answer, as opposed to a query that failed.
func Unavailable(err error) bool {
	if err == nil {
		return false
	}
	if errors.Is(err, ErrUnavailable) || errors.Is(err, context.DeadlineExceeded) || pgconn.Timeout(err) {
		return true
	}
	var connectErr *pgconn.ConnectError
	if errors.As(err, &connectErr) {
		return true
	}
	var liteErr sqlite3.Error
	if errors.As(err, &liteErr) {
		return liteErr.Code == sqlite3.ErrBusy || liteErr.Code == sqlite3.ErrLocked || liteErr.Code == sqlite3.ErrInterrupt
	}
	var netErr net.Error
	return errors.As(err, &netErr) // the connection broke mid-call
}

// QueryFailure reports whether err came from the database driver (a statement refused, a transaction broken): a
// failure of Bodhi's storage, answered as db_error-query_failed, as opposed to a bug elsewhere.
func QueryFailure(err error) bool {
	var pgErr *pgconn.PgError
	var liteErr sqlite3.Error
	return errors.As(err, &pgErr) || errors.As(err, &liteErr) || errors.Is(err, sql.ErrConnDone) ||
		errors.Is(err, sql.ErrTxDone) || errors.Is(err, pgx.ErrTxClosed)
}

// bounded derives the context of one call, ending timeout from now (0: no bound).
func bounded(ctx context.Context, timeout time.Duration) (context.Context, context.CancelFunc) {
	if timeout <= 0 {
		return ctx, func() {}
	}
	return context.WithTimeout(ctx, timeout)
}

// unavailableAfter names a call that ran out of its own deadline (the caller's context still live) as
// ErrUnavailable, so no caller mistakes a stalled database for a broken query.
func unavailableAfter(parent context.Context, err error, timeout time.Duration) error {
	if err != nil && parent.Err() == nil && (errors.Is(err, context.DeadlineExceeded) || pgconn.Timeout(err)) {
		return fmt.Errorf("%w: no answer within %v: %w", ErrUnavailable, timeout, err)
	}
	return err
}

// pgDeadline gives every call of the generated PostgreSQL queries its own deadline. Rows and single rows are
// read after the call returns, so their deadline ends when they are closed or scanned, not before.
type pgDeadline struct {
	db      pggen.DBTX
	timeout time.Duration
}

func (d pgDeadline) Exec(ctx context.Context, sql string, args ...any) (pgconn.CommandTag, error) {
	bctx, cancel := bounded(ctx, d.timeout)
	defer cancel()
	tag, err := d.db.Exec(bctx, sql, args...)
	return tag, unavailableAfter(ctx, err, d.timeout)
}

func (d pgDeadline) Query(ctx context.Context, sql string, args ...any) (pgx.Rows, error) {
	bctx, cancel := bounded(ctx, d.timeout)
	rows, err := d.db.Query(bctx, sql, args...)
	if err != nil {
		cancel()
		return nil, unavailableAfter(ctx, err, d.timeout)
	}
	return &pgRows{Rows: rows, parent: ctx, cancel: cancel, timeout: d.timeout}, nil
}

func (d pgDeadline) QueryRow(ctx context.Context, sql string, args ...any) pgx.Row {
	bctx, cancel := bounded(ctx, d.timeout)
	return pgRow{row: d.db.QueryRow(bctx, sql, args...), parent: ctx, cancel: cancel, timeout: d.timeout}
}

type pgRows struct {
	pgx.Rows
	parent  context.Context
	cancel  context.CancelFunc
	timeout time.Duration
}

func (r *pgRows) Err() error { return unavailableAfter(r.parent, r.Rows.Err(), r.timeout) }

func (r *pgRows) Close() {
	r.Rows.Close()
	r.cancel()
}

type pgRow struct {
	row     pgx.Row
	parent  context.Context
	cancel  context.CancelFunc
	timeout time.Duration
}

func (r pgRow) Scan(dest ...any) error {
	defer r.cancel()
	return unavailableAfter(r.parent, r.row.Scan(dest...), r.timeout)
}

// sqliteDeadline gives every call of the generated SQLite queries its own deadline. database/sql hands back
// concrete *sql.Row and *sql.Rows, read after the call returns: their context is released by its own timer at the
// deadline, since cancelling it on return would close them under the reader.
type sqliteDeadline struct {
	db      sqlitegen.DBTX
	timeout time.Duration
}

func (d sqliteDeadline) ExecContext(ctx context.Context, query string, args ...any) (sql.Result, error) {
	bctx, cancel := bounded(ctx, d.timeout)
	defer cancel()
	res, err := d.db.ExecContext(bctx, query, args...)
	return res, unavailableAfter(ctx, err, d.timeout)
}

func (d sqliteDeadline) PrepareContext(ctx context.Context, query string) (*sql.Stmt, error) {
	bctx, cancel := bounded(ctx, d.timeout)
	defer cancel()
	stmt, err := d.db.PrepareContext(bctx, query)
	return stmt, unavailableAfter(ctx, err, d.timeout)
}

func (d sqliteDeadline) QueryContext(ctx context.Context, query string, args ...any) (*sql.Rows, error) {
	bctx, cancel := bounded(ctx, d.timeout)
	rows, err := d.db.QueryContext(bctx, query, args...)
	if err != nil {
		cancel()
		return nil, unavailableAfter(ctx, err, d.timeout)
	}
	_ = cancel // released at the deadline: rows are read after this returns
	return rows, nil
}

func (d sqliteDeadline) QueryRowContext(ctx context.Context, query string, args ...any) *sql.Row {
	bctx, cancel := bounded(ctx, d.timeout)
	_ = cancel // released at the deadline: the row is scanned after this returns
	return d.db.QueryRowContext(bctx, query, args...)
}
