-- +goose Up
-- One row per gateway request (package usage): written in batches by one writer per process, never on the
-- request's path. id is the event's own, so a batch retried after an unacknowledged commit inserts nothing twice.
CREATE TABLE usage_events (
    id                TEXT     NOT NULL PRIMARY KEY,
    org_id            TEXT     NOT NULL REFERENCES organizations (id) ON DELETE RESTRICT,
    user_id           TEXT     NOT NULL,
    username          TEXT     NOT NULL DEFAULT '',
    auth_kind         TEXT     NOT NULL CHECK (auth_kind IN ('session', 'api_token', 'app')),
    token_id          TEXT,
    app_client_id     TEXT,
    model             TEXT     NOT NULL,
    provider_model    TEXT     NOT NULL DEFAULT '',
    api_model_id      TEXT,
    provider          TEXT     NOT NULL DEFAULT '',
    route             TEXT     NOT NULL,
    stream            BOOLEAN  NOT NULL,
    status            BIGINT   NOT NULL,
    prompt_tokens     BIGINT   NOT NULL DEFAULT 0,
    completion_tokens BIGINT   NOT NULL DEFAULT 0,
    total_tokens      BIGINT   NOT NULL DEFAULT 0,
    upstream_ms       BIGINT   NOT NULL DEFAULT 0,
    ttfb_ms           BIGINT   NOT NULL DEFAULT 0,
    started_at        TIMESTAMPTZ NOT NULL
);
CREATE INDEX idx_usage_events_org_started ON usage_events (org_id, started_at);
CREATE INDEX idx_usage_events_org_user_started ON usage_events (org_id, user_id, started_at);

-- +goose Down
DROP TABLE usage_events;
