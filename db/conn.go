package db

import (
	"context"
	"database/sql"
	"fmt"
	"os"
	"path/filepath"
	"strconv"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgxpool"
	"github.com/jackc/pgx/v5/stdlib"
	_ "github.com/mattn/go-sqlite3" // the SQLite driver, registered as "sqlite3"

	pggen "github.com/bodhiapp/bodhi/db/gen/postgres"
	sqlitegen "github.com/bodhiapp/bodhi/db/gen/sqlite"
	"github.com/bodhiapp/bodhi/dburl"
	"github.com/bodhiapp/bodhi/migrations"
)

// Dialect is the SQL dialect of a database URL (package dburl reads URLs).
type Dialect = dburl.Dialect

const (
	SQLite   = dburl.SQLite
	Postgres = dburl.Postgres
)

// Conn is one open database of either dialect: a *sql.DB for SQLite, a pgx pool for PostgreSQL. The migration
// runner needs database/sql, so PostgreSQL also exposes the pool through the pgx stdlib adapter.
type Conn struct {
	Dialect Dialect
	SQL     *sql.DB       // SQLite database, or the pool seen through database/sql (migrations, pings)
	Pool    *pgxpool.Pool // PostgreSQL only
	// CallTimeout bounds every query made through PG and SQLite, and every transaction as a whole, so a stalled
	// database costs a caller at most this long (DefaultCallTimeout unless set by WithCallTimeout).
	CallTimeout time.Duration
}

// ConnOption configures Connect.
type ConnOption func(*Conn)

// CallTimeout sets the deadline of every call made through the connection (0: none).
func CallTimeout(d time.Duration) ConnOption { return func(c *Conn) { c.CallTimeout = d } }

// PG is the PostgreSQL pool for the generated queries, each call under CallTimeout.
func (c *Conn) PG() pggen.DBTX { return pgDeadline{db: c.Pool, timeout: c.CallTimeout} }

// SQLite is the SQLite database for the generated queries, each call under CallTimeout.
func (c *Conn) SQLite() sqlitegen.DBTX { return sqliteDeadline{db: c.SQL, timeout: c.CallTimeout} }

// Connect opens the database at url. schema, when set (PostgreSQL only), is created if missing and becomes the
// connections' search_path (SESSION_DB_SCHEMA, data-model.md §5).
func Connect(ctx context.Context, url, schema string, opts ...ConnOption) (*Conn, error) {
	dialect, target, err := dburl.Parse(url)
	if err != nil {
		return nil, err
	}
	settings := Conn{CallTimeout: DefaultCallTimeout}
	for _, o := range opts {
		o(&settings)
	}
	var conn *Conn
	if dialect == SQLite {
		if schema != "" {
			return nil, fmt.Errorf("a schema (%q) can only be used with a PostgreSQL URL", schema)
		}
		conn, err = connectSQLite(target, settings.CallTimeout)
	} else {
		conn, err = connectPostgres(ctx, target, schema)
	}
	if err != nil {
		return nil, err
	}
	conn.CallTimeout = settings.CallTimeout
	return conn, nil
}

// connectSQLite opens the file with a busy timeout no longer than a call may take: SQLite waits for another
// writer's lock in C, where a cancelled context does not reach.
func connectSQLite(path string, callTimeout time.Duration) (*Conn, error) {
	busy := 5000
	if ms := int(callTimeout.Milliseconds()); ms > 0 && ms < busy {
		busy = ms
	}
	if dir := filepath.Dir(path); dir != "" {
		if err := os.MkdirAll(dir, 0o700); err != nil {
			return nil, fmt.Errorf("create directory for %s: %w", path, err)
		}
	}
	dsn := "file:" + path + "?_foreign_keys=on&_busy_timeout=" + strconv.Itoa(busy) +
		"&_journal_mode=WAL&_synchronous=NORMAL&_txlock=immediate"
	sqlDB, err := sql.Open("sqlite3", dsn)
	if err != nil {
		return nil, fmt.Errorf("open sqlite %s: %w", path, err)
	}
	// One connection: SQLite has one writer anyway, and this rules out SQLITE_BUSY between our own connections.
	sqlDB.SetMaxOpenConns(1)
	if err := sqlDB.Ping(); err != nil {
		sqlDB.Close()
		return nil, fmt.Errorf("open sqlite %s: %w", path, err)
	}
	return &Conn{Dialect: SQLite, SQL: sqlDB}, nil
}

func connectPostgres(ctx context.Context, url, schema string) (*Conn, error) {
	cfg, err := pgxpool.ParseConfig(url)
	if err != nil {
		return nil, fmt.Errorf("invalid PostgreSQL URL: %w", err)
	}
	if schema != "" {
		if !dburl.ValidSchemaName(schema) {
			return nil, fmt.Errorf("invalid schema name %q", schema)
		}
		if err := createSchema(ctx, cfg.ConnConfig, schema); err != nil {
			return nil, err
		}
		cfg.ConnConfig.RuntimeParams["search_path"] = schema
	}
	pool, err := pgxpool.NewWithConfig(ctx, cfg)
	if err != nil {
		return nil, fmt.Errorf("connect to PostgreSQL %s: %w", dburl.Redact(url), err)
	}
	if err := pool.Ping(ctx); err != nil {
		pool.Close()
		return nil, fmt.Errorf("connect to PostgreSQL %s: %w", dburl.Redact(url), err)
	}
	return &Conn{Dialect: Postgres, SQL: stdlib.OpenDBFromPool(pool), Pool: pool}, nil
}

func createSchema(ctx context.Context, cfg *pgx.ConnConfig, schema string) error {
	conn, err := pgx.ConnectConfig(ctx, cfg)
	if err != nil {
		return fmt.Errorf("connect to PostgreSQL to create schema %s: %w", schema, err)
	}
	defer conn.Close(ctx)
	// An identifier cannot be a bound parameter; the name was validated above (data-model.md §7.2 exception).
	if _, err := conn.Exec(ctx, "CREATE SCHEMA IF NOT EXISTS "+pgx.Identifier{schema}.Sanitize()); err != nil {
		return fmt.Errorf("create schema %s: %w", schema, err)
	}
	return nil
}

// Migrator returns the migration runner of set for this database.
func (c *Conn) Migrator(set migrations.Set) (*migrations.Runner, error) {
	return migrations.NewRunner(c.SQL, c.Dialect == Postgres, set)
}

// Ping checks the database answers.
func (c *Conn) Ping(ctx context.Context) error {
	if c.Pool != nil {
		return c.Pool.Ping(ctx)
	}
	return c.SQL.PingContext(ctx)
}

// Close closes the database.
func (c *Conn) Close() error {
	err := c.SQL.Close()
	if c.Pool != nil {
		c.Pool.Close()
	}
	return err
}
