package bench

import (
	"context"
	"fmt"
	neturl "net/url"
	"slices"
	"strings"
	"time"

	"github.com/jackc/pgx/v5"
)

// StatsFlushWait is how long to stay quiet before reading the counters. PostgreSQL 15 flushes a backend's pending
// statistics when it goes idle, but at most once a second: a backend that flushed less than a second ago keeps the
// rest until it has been idle for PGSTAT_IDLE_INTERVAL (10 s). Checked on the 15.20 server: five quick transactions
// after a first one appeared in pg_stat_database 10 s later, not before. The server's pool keeps idle backends,
// so every reading waits that long after the last request.
const StatsFlushWait = 11 * time.Second

// Transactions counts the transactions (committed and rolled back) PostgreSQL has run in some databases, from
// pg_stat_database. It reads over a connection to another database, so its own queries never count. This
// statistics view is one of the few SQL strings outside the generated packages: it is a measurement, not app data.
type Transactions struct {
	conn  *pgx.Conn
	names []string
}

// NewTransactions connects to adminURL (a database other than the measured ones) to count the transactions of
// the databases that dbURLs name.
func NewTransactions(ctx context.Context, adminURL string, dbURLs ...string) (*Transactions, error) {
	t := &Transactions{}
	for _, u := range dbURLs {
		parsed, err := neturl.Parse(u)
		if err != nil {
			return nil, fmt.Errorf("parse database URL: %w", err)
		}
		name := strings.TrimPrefix(parsed.Path, "/")
		if adminName := databaseName(adminURL); name == adminName {
			return nil, fmt.Errorf("database %s is the one the counter reads from: its readings would count", name)
		}
		t.names = append(t.names, name)
	}
	conn, err := pgx.Connect(ctx, adminURL)
	if err != nil {
		return nil, fmt.Errorf("connect to count transactions: %w", err)
	}
	t.conn = conn
	return t, nil
}

func databaseName(u string) string {
	parsed, err := neturl.Parse(u)
	if err != nil {
		return ""
	}
	return strings.TrimPrefix(parsed.Path, "/")
}

// Read returns the transactions run so far in the measured databases, as flushed to the statistics.
func (t *Transactions) Read(ctx context.Context) (int64, error) {
	// Each statement is its own transaction, which ends the statistics snapshot anyway; clearing it first keeps
	// the reading fresh whatever stats_fetch_consistency says.
	if _, err := t.conn.Exec(ctx, "SELECT pg_stat_clear_snapshot()"); err != nil {
		return 0, fmt.Errorf("clear statistics snapshot: %w", err)
	}
	var n int64
	err := t.conn.QueryRow(ctx, `SELECT coalesce(sum(xact_commit + xact_rollback), 0)::bigint
		FROM pg_stat_database WHERE datname = ANY($1)`, t.names).Scan(&n)
	if err != nil {
		return 0, fmt.Errorf("read pg_stat_database: %w", err)
	}
	return n, nil
}

// Close ends the counter's connection.
func (t *Transactions) Close(ctx context.Context) error { return t.conn.Close(ctx) }

// TableScans returns the scans (sequential and index) each table of the database at url has had, keyed by table
// name: which tables a count of transactions came from. Its own connection runs transactions in that database,
// so it is read outside the windows Transactions measures.
func TableScans(ctx context.Context, url string) (map[string]int64, error) {
	conn, err := pgx.Connect(ctx, url)
	if err != nil {
		return nil, fmt.Errorf("connect to read table statistics: %w", err)
	}
	defer conn.Close(ctx)
	rows, err := conn.Query(ctx, `SELECT relname, (coalesce(seq_scan, 0) + coalesce(idx_scan, 0))::bigint
		FROM pg_stat_user_tables`)
	if err != nil {
		return nil, fmt.Errorf("read pg_stat_user_tables: %w", err)
	}
	scans := map[string]int64{}
	for rows.Next() {
		var name string
		var n int64
		if err := rows.Scan(&name, &n); err != nil {
			return nil, fmt.Errorf("read pg_stat_user_tables: %w", err)
		}
		scans[name] = n
	}
	return scans, rows.Err()
}

// ScansSince lists the tables whose scans grew from before to after, as "table +n".
func ScansSince(before, after map[string]int64) []string {
	var out []string
	for name, n := range after {
		if d := n - before[name]; d > 0 {
			out = append(out, fmt.Sprintf("%s +%d", name, d))
		}
	}
	slices.Sort(out)
	return out
}
