// Package session is Bodhi's browser session layer (auth.md §4): the session rows in the session database
// (AppSessionStore, one implementation over SQLite and PostgreSQL), the gin-contrib/sessions store that maps the
// bodhiapp_session_id cookie to those rows, and the per-request Session handle the auth middleware and the login
// handlers use.
package session

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"time"

	"github.com/bodhiapp/bodhi/db"
	pggen "github.com/bodhiapp/bodhi/db/gen/postgres"
	sqlitegen "github.com/bodhiapp/bodhi/db/gen/sqlite"
	"github.com/bodhiapp/bodhi/migrations"
)

// Lifetime is how long a row lives after its last save (auth.md §4.4).
const Lifetime = 14 * 24 * time.Hour

// Record is one row of the sessions table (data-model.md §5).
type Record struct {
	ID        string  // lowercase hex SHA-256 of the cookie value
	OrgID     string  // the org whose request created the session
	UserID    *string // copied from Data["user_id"] on every save; nil before login
	Data      map[string]string
	ExpiresAt time.Time
}

// AppSessionStore keeps session rows (auth.md §4.5). Saves are last-writer-wins.
type AppSessionStore interface {
	// Load returns the row with id, or nil when there is none or it has expired.
	Load(ctx context.Context, id string) (*Record, error)
	// Save upserts rec. It sets rec.UserID from rec.Data["user_id"] and rec.ExpiresAt to now + Lifetime.
	Save(ctx context.Context, rec *Record) error
	// Delete removes the row with id; a missing row is not an error.
	Delete(ctx context.Context, id string) error
	// DeleteByUser removes every row of (orgID, userID): "log the user out of this org everywhere".
	DeleteByUser(ctx context.Context, orgID, userID string) (int64, error)
	// DeleteExpired removes the rows whose expiry is at or before now.
	DeleteExpired(ctx context.Context, now time.Time) (int64, error)
	Ping(ctx context.Context) error
	Close() error
}

// DBStore implements AppSessionStore over either dialect: each method calls the generated query of its dialect.
// Exactly one of lite and pg is set.
type DBStore struct {
	conn *db.Conn
	lite *sqlitegen.Queries
	pg   *pggen.Queries
	now  func() time.Time
}

var _ AppSessionStore = (*DBStore)(nil)

// NewSQLiteStore returns the store over an open SQLite session database. now defaults to time.Now.
func NewSQLiteStore(conn *db.Conn, now func() time.Time) *DBStore {
	if conn.Dialect != db.SQLite {
		panic("session: NewSQLiteStore needs a SQLite connection, got " + string(conn.Dialect))
	}
	return &DBStore{conn: conn, lite: sqlitegen.New(conn.SQLite()), now: clock(now)}
}

// NewPostgresStore returns the store over an open PostgreSQL session database. now defaults to time.Now.
func NewPostgresStore(conn *db.Conn, now func() time.Time) *DBStore {
	if conn.Dialect != db.Postgres {
		panic("session: NewPostgresStore needs a PostgreSQL connection, got " + string(conn.Dialect))
	}
	return &DBStore{conn: conn, pg: pggen.New(conn.PG()), now: clock(now)}
}

// Open connects to the session database at url (SESSION_DB_URL; schema is SESSION_DB_SCHEMA, PostgreSQL only),
// applies the session migrations and returns the store of the URL's dialect. opts bound its calls (db.CallTimeout).
func Open(ctx context.Context, url, schema string, now func() time.Time, opts ...db.ConnOption) (AppSessionStore, error) {
	conn, err := db.Connect(ctx, url, schema, opts...)
	if err != nil {
		return nil, fmt.Errorf("open session database: %w", err)
	}
	runner, err := conn.Migrator(migrations.Session)
	if err == nil {
		_, err = runner.Up(ctx)
	}
	if err != nil {
		conn.Close()
		return nil, fmt.Errorf("migrate session database: %w", err)
	}
	if conn.Dialect == db.Postgres {
		return NewPostgresStore(conn, now), nil
	}
	return NewSQLiteStore(conn, now), nil
}

func clock(now func() time.Time) func() time.Time {
	if now == nil {
		return time.Now
	}
	return now
}

func (s *DBStore) Load(ctx context.Context, id string) (*Record, error) {
	p := sqlitegen.GetSessionParams{ID: id, Now: db.Timestamp(s.now())}
	var row sqlitegen.Session
	var err error
	if s.pg != nil {
		var r pggen.Session
		r, err = s.pg.GetSession(ctx, pggen.GetSessionParams(p))
		row = sqlitegen.Session(r)
	} else {
		row, err = s.lite.GetSession(ctx, p)
	}
	if errors.Is(err, sql.ErrNoRows) {
		return nil, nil
	}
	if err != nil {
		return nil, fmt.Errorf("load session: %w", err)
	}
	return recordFromRow(row)
}

// recordFromRow is the one conversion from a stored row to a Record (both dialects share the row type).
func recordFromRow(r sqlitegen.Session) (*Record, error) {
	data := map[string]string{}
	if err := json.Unmarshal(r.Data, &data); err != nil {
		return nil, fmt.Errorf("session %s...: data is not a JSON object of strings: %w", r.ID[:min(8, len(r.ID))], err)
	}
	return &Record{ID: r.ID, OrgID: r.OrgID, UserID: r.UserID, Data: data, ExpiresAt: r.ExpiresAt.UTC()}, nil
}

func (s *DBStore) Save(ctx context.Context, rec *Record) error {
	if rec.ID == "" || rec.OrgID == "" {
		return errors.New("save session: a record needs an id and an org id")
	}
	data := rec.Data
	if data == nil {
		data = map[string]string{}
	}
	raw, err := json.Marshal(data)
	if err != nil {
		return fmt.Errorf("save session: %w", err)
	}
	rec.UserID = nil
	if uid := data[KeyUserID]; uid != "" {
		rec.UserID = &uid
	}
	rec.ExpiresAt = db.Timestamp(s.now().Add(Lifetime))
	p := sqlitegen.UpsertSessionParams{
		ID: rec.ID, OrgID: rec.OrgID, UserID: rec.UserID, Data: raw, ExpiresAt: rec.ExpiresAt,
	}
	if s.pg != nil {
		err = s.pg.UpsertSession(ctx, pggen.UpsertSessionParams(p))
	} else {
		err = s.lite.UpsertSession(ctx, p)
	}
	if err != nil {
		return fmt.Errorf("save session: %w", err)
	}
	return nil
}

func (s *DBStore) Delete(ctx context.Context, id string) error {
	var err error
	if s.pg != nil {
		err = s.pg.DeleteSession(ctx, id)
	} else {
		err = s.lite.DeleteSession(ctx, id)
	}
	if err != nil {
		return fmt.Errorf("delete session: %w", err)
	}
	return nil
}

func (s *DBStore) DeleteByUser(ctx context.Context, orgID, userID string) (int64, error) {
	p := sqlitegen.DeleteUserSessionsParams{OrgID: orgID, UserID: &userID}
	var n int64
	var err error
	if s.pg != nil {
		n, err = s.pg.DeleteUserSessions(ctx, pggen.DeleteUserSessionsParams(p))
	} else {
		n, err = s.lite.DeleteUserSessions(ctx, p)
	}
	if err != nil {
		return 0, fmt.Errorf("delete sessions of user: %w", err)
	}
	return n, nil
}

func (s *DBStore) DeleteExpired(ctx context.Context, now time.Time) (int64, error) {
	var n int64
	var err error
	if s.pg != nil {
		n, err = s.pg.DeleteExpiredSessions(ctx, db.Timestamp(now))
	} else {
		n, err = s.lite.DeleteExpiredSessions(ctx, db.Timestamp(now))
	}
	if err != nil {
		return 0, fmt.Errorf("delete expired sessions: %w", err)
	}
	return n, nil
}

// Dialect is the dialect of the session database, chosen from its URL's scheme.
func (s *DBStore) Dialect() db.Dialect { return s.conn.Dialect }

// Ping checks the session database answers (/health).
func (s *DBStore) Ping(ctx context.Context) error { return s.conn.Ping(ctx) }

// Close closes the session database.
func (s *DBStore) Close() error { return s.conn.Close() }
