package db

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"maps"
	"time"

	pggen "github.com/bodhiapp/bodhi/db/gen/postgres"
	sqlitegen "github.com/bodhiapp/bodhi/db/gen/sqlite"
	"github.com/bodhiapp/bodhi/migrations"
)

// SessionLifetime is how long a session row lives after its last save (auth.md §4.4).
const SessionLifetime = 14 * 24 * time.Hour

// sessionUserIDKey is the data key whose value the user_id column mirrors (data-model.md §5). It is auth's
// KeyUserID, which this package cannot import.
const sessionUserIDKey = "user_id"

// SessionRecord is one row of the session database's sessions table (data-model.md §5).
type SessionRecord struct {
	ID        string  // lowercase hex SHA-256 of the cookie value
	OrgID     string  // the org whose request created the session
	UserID    *string // mirrors Data["user_id"]; nil before login
	Data      map[string]string
	ExpiresAt time.Time
}

// SessionStore is the session database (auth.md §4.5): its own database, so its own repository, over either
// dialect. Each method calls the generated query of its dialect. Exactly one of lite and pg is set.
type SessionStore struct {
	conn *Conn
	lite *sqlitegen.Queries
	pg   *pggen.Queries
	now  func() time.Time
}

// OpenSessions connects to the session database at url (SESSION_DB_URL; schema is SESSION_DB_SCHEMA, PostgreSQL
// only), applies the session migrations and returns its store. WithClock and WithCallTimeout apply as for Open.
func OpenSessions(ctx context.Context, url, schema string, opts ...Option) (*SessionStore, error) {
	o := openOptions{now: time.Now, timeout: DefaultCallTimeout}
	for _, opt := range opts {
		opt(&o)
	}
	conn, err := Connect(ctx, url, schema, CallTimeout(o.timeout))
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
	s := &SessionStore{conn: conn, now: o.now}
	if conn.Dialect == Postgres {
		s.pg = pggen.New(conn.PG())
	} else {
		s.lite = sqlitegen.New(conn.SQLite())
	}
	return s, nil
}

// sessionFromRow is the one conversion from a stored row (the same type in both dialects) to a SessionRecord.
func sessionFromRow(r sqlitegen.Session) (SessionRecord, error) {
	data := map[string]string{}
	if err := json.Unmarshal(r.Data, &data); err != nil {
		return SessionRecord{}, fmt.Errorf("session %s...: data is not a JSON object of strings: %w",
			r.ID[:min(8, len(r.ID))], err)
	}
	return SessionRecord{ID: r.ID, OrgID: r.OrgID, UserID: r.UserID, Data: data, ExpiresAt: r.ExpiresAt.UTC()}, nil
}

// Load returns the row with id; ErrNotFound when there is none or it has expired.
func (s *SessionStore) Load(ctx context.Context, id string) (SessionRecord, error) {
	p := sqlitegen.GetSessionParams{ID: id, Now: Timestamp(s.now())}
	var row sqlitegen.Session
	var err error
	if s.pg != nil {
		var r pggen.Session
		r, err = s.pg.GetSession(ctx, pggen.GetSessionParams(p))
		row = sqlitegen.Session(r)
	} else {
		row, err = s.lite.GetSession(ctx, p)
	}
	if err != nil {
		return SessionRecord{}, fmt.Errorf("load session: %w", mapError(err))
	}
	return sessionFromRow(row)
}

// Save upserts rec (last writer wins) and returns the row as stored: UserID copied from Data["user_id"] (a
// caller's UserID is ignored) and ExpiresAt now + SessionLifetime.
func (s *SessionStore) Save(ctx context.Context, rec SessionRecord) (SessionRecord, error) {
	if rec.ID == "" || rec.OrgID == "" {
		return SessionRecord{}, errors.New("save session: a record needs an id and an org id")
	}
	rec.Data = maps.Clone(rec.Data)
	if rec.Data == nil {
		rec.Data = map[string]string{}
	}
	raw, err := json.Marshal(rec.Data)
	if err != nil {
		return SessionRecord{}, fmt.Errorf("save session: %w", err)
	}
	rec.UserID = nil
	if uid := rec.Data[sessionUserIDKey]; uid != "" {
		rec.UserID = &uid
	}
	rec.ExpiresAt = Timestamp(s.now().Add(SessionLifetime))
	p := sqlitegen.UpsertSessionParams{
		ID: rec.ID, OrgID: rec.OrgID, UserID: rec.UserID, Data: raw, ExpiresAt: rec.ExpiresAt,
	}
	if s.pg != nil {
		err = s.pg.UpsertSession(ctx, pggen.UpsertSessionParams(p))
	} else {
		err = s.lite.UpsertSession(ctx, p)
	}
	if err != nil {
		return SessionRecord{}, fmt.Errorf("save session: %w", mapError(err))
	}
	return rec, nil
}

// Delete removes the row with id; a missing row is not an error.
func (s *SessionStore) Delete(ctx context.Context, id string) error {
	var err error
	if s.pg != nil {
		err = s.pg.DeleteSession(ctx, id)
	} else {
		err = s.lite.DeleteSession(ctx, id)
	}
	if err != nil {
		return fmt.Errorf("delete session: %w", mapError(err))
	}
	return nil
}

// DeleteByUser removes every row of (orgID, userID): "log the user out of this org everywhere" (auth.md §4.4).
func (s *SessionStore) DeleteByUser(ctx context.Context, orgID, userID string) (int64, error) {
	p := sqlitegen.DeleteUserSessionsParams{OrgID: orgID, UserID: &userID}
	var n int64
	var err error
	if s.pg != nil {
		n, err = s.pg.DeleteUserSessions(ctx, pggen.DeleteUserSessionsParams(p))
	} else {
		n, err = s.lite.DeleteUserSessions(ctx, p)
	}
	if err != nil {
		return 0, fmt.Errorf("delete sessions of user: %w", mapError(err))
	}
	return n, nil
}

// DeleteExpired removes the rows whose expiry is at or before now.
func (s *SessionStore) DeleteExpired(ctx context.Context, now time.Time) (int64, error) {
	var n int64
	var err error
	if s.pg != nil {
		n, err = s.pg.DeleteExpiredSessions(ctx, Timestamp(now))
	} else {
		n, err = s.lite.DeleteExpiredSessions(ctx, Timestamp(now))
	}
	if err != nil {
		return 0, fmt.Errorf("delete expired sessions: %w", mapError(err))
	}
	return n, nil
}

// Dialect is the dialect of the session database, chosen by its URL's scheme.
func (s *SessionStore) Dialect() Dialect { return s.conn.Dialect }

// Ping checks the session database answers (/health).
func (s *SessionStore) Ping(ctx context.Context) error { return s.conn.Ping(ctx) }

// Close closes the session database.
func (s *SessionStore) Close() error { return s.conn.Close() }
