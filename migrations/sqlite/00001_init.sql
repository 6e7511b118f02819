-- Bodhi app database, SQLite dialect. One logical schema with migrations/postgres/00001_init.sql:
-- keep the tables, columns (and their order) and index names identical, so that both sqlc packages
-- generate the same Go types.

-- +goose Up
CREATE TABLE organizations (
    id                   TEXT     NOT NULL PRIMARY KEY,
    slug                 TEXT     NOT NULL,
    display_name         TEXT     NOT NULL,
    kc_client_id         TEXT     NOT NULL,
    client_secret        BLOB     NOT NULL,
    client_secret_nonce  BLOB     NOT NULL,
    encryption_key       BLOB     NOT NULL,
    encryption_key_nonce BLOB     NOT NULL,
    status               TEXT     NOT NULL DEFAULT 'active' CHECK (status IN ('active', 'suspended', 'deleted')),
    first_admin_user_id  TEXT,
    created_at           DATETIME NOT NULL,
    updated_at           DATETIME NOT NULL
);
CREATE UNIQUE INDEX uq_organizations_slug ON organizations (slug);
CREATE UNIQUE INDEX uq_organizations_kc_client_id ON organizations (kc_client_id);
CREATE INDEX idx_organizations_status ON organizations (status);

CREATE TABLE download_requests (
    id               TEXT     NOT NULL PRIMARY KEY,
    org_id           TEXT     NOT NULL REFERENCES organizations (id) ON DELETE RESTRICT,
    repo             TEXT     NOT NULL,
    filename         TEXT     NOT NULL,
    status           TEXT     NOT NULL DEFAULT 'pending' CHECK (status IN ('pending', 'completed', 'error')),
    error            TEXT,
    total_bytes      INTEGER,
    downloaded_bytes INTEGER  NOT NULL DEFAULT 0,
    started_at       DATETIME,
    created_at       DATETIME NOT NULL,
    updated_at       DATETIME NOT NULL
);
CREATE INDEX idx_download_requests_org_status ON download_requests (org_id, status);
CREATE INDEX idx_download_requests_org_repo_file ON download_requests (org_id, repo, filename, created_at);

CREATE TABLE access_requests (
    id         INTEGER  NOT NULL PRIMARY KEY AUTOINCREMENT,
    org_id     TEXT     NOT NULL REFERENCES organizations (id) ON DELETE RESTRICT,
    username   TEXT     NOT NULL,
    user_id    TEXT     NOT NULL,
    reviewer   TEXT,
    status     TEXT     NOT NULL DEFAULT 'pending' CHECK (status IN ('pending', 'approved', 'rejected')),
    created_at DATETIME NOT NULL,
    updated_at DATETIME NOT NULL
);
CREATE INDEX idx_access_requests_org_status_created ON access_requests (org_id, status, created_at);
CREATE UNIQUE INDEX uq_access_requests_pending ON access_requests (org_id, user_id) WHERE status = 'pending';

CREATE TABLE api_tokens (
    id           TEXT     NOT NULL PRIMARY KEY,
    org_id       TEXT     NOT NULL REFERENCES organizations (id) ON DELETE RESTRICT,
    user_id      TEXT     NOT NULL,
    name         TEXT     NOT NULL DEFAULT '',
    token_prefix TEXT     NOT NULL,
    token_hash   TEXT     NOT NULL,
    scopes       TEXT     NOT NULL,
    status       TEXT     NOT NULL DEFAULT 'active' CHECK (status IN ('active', 'inactive')),
    created_at   DATETIME NOT NULL,
    updated_at   DATETIME NOT NULL
);
CREATE UNIQUE INDEX uq_api_tokens_org_prefix ON api_tokens (org_id, token_prefix);
CREATE INDEX idx_api_tokens_org_user_created ON api_tokens (org_id, user_id, created_at);

CREATE TABLE api_model_aliases (
    id                      TEXT     NOT NULL PRIMARY KEY,
    org_id                  TEXT     NOT NULL REFERENCES organizations (id) ON DELETE RESTRICT,
    api_format              TEXT     NOT NULL CHECK (api_format IN ('openai')),
    prefix                  TEXT,
    base_url                TEXT     NOT NULL,
    models_json             TEXT     NOT NULL DEFAULT '[]',
    encrypted_api_key       BLOB,
    nonce                   BLOB,
    forward_all_with_prefix BOOLEAN  NOT NULL DEFAULT 0,
    models_cache_json       TEXT,
    cache_fetched_at        DATETIME,
    created_at              DATETIME NOT NULL,
    updated_at              DATETIME NOT NULL
);
CREATE UNIQUE INDEX uq_api_model_aliases_org_prefix ON api_model_aliases (org_id, prefix)
    WHERE prefix IS NOT NULL AND prefix <> '';
CREATE INDEX idx_api_model_aliases_org_created ON api_model_aliases (org_id, created_at);

CREATE TABLE model_metadata (
    id                             INTEGER  NOT NULL PRIMARY KEY AUTOINCREMENT,
    org_id                         TEXT     NOT NULL REFERENCES organizations (id) ON DELETE RESTRICT,
    source                         TEXT     NOT NULL,
    repo                           TEXT,
    filename                       TEXT,
    snapshot                       TEXT,
    api_model_id                   TEXT,
    capabilities_vision            BOOLEAN,
    capabilities_audio             BOOLEAN,
    capabilities_thinking          BOOLEAN,
    capabilities_function_calling  BOOLEAN,
    capabilities_structured_output BOOLEAN,
    context_max_input_tokens       INTEGER,
    context_max_output_tokens      INTEGER,
    architecture                   TEXT,
    additional_metadata            TEXT,
    chat_template                  TEXT,
    extracted_at                   DATETIME NOT NULL,
    created_at                     DATETIME NOT NULL,
    updated_at                     DATETIME NOT NULL
);
CREATE UNIQUE INDEX uq_model_metadata_identity
    ON model_metadata (org_id, source, repo, filename, snapshot, api_model_id);
CREATE INDEX idx_model_metadata_org_repo_file ON model_metadata (org_id, repo, filename);

CREATE TABLE toolsets (
    id                TEXT     NOT NULL PRIMARY KEY,
    org_id            TEXT     NOT NULL REFERENCES organizations (id) ON DELETE RESTRICT,
    user_id           TEXT     NOT NULL,
    toolset_type      TEXT     NOT NULL,
    slug              TEXT     NOT NULL,
    description       TEXT,
    enabled           BOOLEAN  NOT NULL DEFAULT 0,
    encrypted_api_key BLOB,
    nonce             BLOB,
    created_at        DATETIME NOT NULL,
    updated_at        DATETIME NOT NULL
);
CREATE UNIQUE INDEX uq_toolsets_org_user_slug ON toolsets (org_id, user_id, lower(slug));
CREATE INDEX idx_toolsets_org_user_type ON toolsets (org_id, user_id, toolset_type);

CREATE TABLE app_toolset_configs (
    id           INTEGER  NOT NULL PRIMARY KEY AUTOINCREMENT,
    org_id       TEXT     NOT NULL REFERENCES organizations (id) ON DELETE RESTRICT,
    toolset_type TEXT     NOT NULL,
    enabled      BOOLEAN  NOT NULL DEFAULT 0,
    updated_by   TEXT     NOT NULL,
    created_at   DATETIME NOT NULL,
    updated_at   DATETIME NOT NULL
);
CREATE UNIQUE INDEX uq_app_toolset_configs_org_type ON app_toolset_configs (org_id, toolset_type);

CREATE TABLE user_aliases (
    id                  TEXT     NOT NULL PRIMARY KEY,
    org_id              TEXT     NOT NULL REFERENCES organizations (id) ON DELETE RESTRICT,
    alias               TEXT     NOT NULL,
    repo                TEXT     NOT NULL,
    filename            TEXT     NOT NULL,
    snapshot            TEXT     NOT NULL,
    request_params_json TEXT     NOT NULL DEFAULT '{}',
    context_params_json TEXT     NOT NULL DEFAULT '[]',
    created_at          DATETIME NOT NULL,
    updated_at          DATETIME NOT NULL
);
CREATE UNIQUE INDEX uq_user_aliases_org_alias ON user_aliases (org_id, alias);

CREATE TABLE app_access_requests (
    id                   TEXT     NOT NULL PRIMARY KEY,
    org_id               TEXT     NOT NULL REFERENCES organizations (id) ON DELETE RESTRICT,
    app_client_id        TEXT     NOT NULL,
    app_name             TEXT,
    app_description      TEXT,
    flow_type            TEXT     NOT NULL CHECK (flow_type IN ('redirect', 'popup')),
    redirect_uri         TEXT,
    status               TEXT     NOT NULL DEFAULT 'draft' CHECK (status IN ('draft', 'approved', 'denied', 'failed')),
    requested            TEXT     NOT NULL,
    approved             TEXT,
    user_id              TEXT,
    resource_scope       TEXT,
    access_request_scope TEXT,
    error_message        TEXT,
    expires_at           DATETIME NOT NULL,
    created_at           DATETIME NOT NULL,
    updated_at           DATETIME NOT NULL
);
CREATE INDEX idx_app_access_requests_org_status ON app_access_requests (org_id, status);
CREATE INDEX idx_app_access_requests_org_app ON app_access_requests (org_id, app_client_id);
CREATE UNIQUE INDEX uq_app_access_requests_scope ON app_access_requests (access_request_scope)
    WHERE access_request_scope IS NOT NULL;

-- +goose Down
DROP TABLE app_access_requests;
DROP TABLE user_aliases;
DROP TABLE app_toolset_configs;
DROP TABLE toolsets;
DROP TABLE model_metadata;
DROP TABLE api_model_aliases;
DROP TABLE api_tokens;
DROP TABLE access_requests;
DROP TABLE download_requests;
DROP TABLE organizations;
