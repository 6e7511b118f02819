-- Bodhi session database, SQLite dialect (same logical schema as migrations/postgres/session).
-- The session database is separate from the app database, so sessions has no foreign key to organizations.

-- +goose Up
CREATE TABLE sessions (
    id         TEXT     NOT NULL PRIMARY KEY,
    org_id     TEXT     NOT NULL,
    user_id    TEXT,
    data       BLOB     NOT NULL,
    expires_at DATETIME NOT NULL
);
CREATE INDEX idx_sessions_org_user ON sessions (org_id, user_id);
CREATE INDEX idx_sessions_expires ON sessions (expires_at);

-- +goose Down
DROP TABLE sessions;
