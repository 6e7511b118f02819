-- name: UpsertAppToolsetConfig :one
INSERT INTO app_toolset_configs (org_id, toolset_type, enabled, updated_by, created_at, updated_at)
VALUES (
    sqlc.arg(org_id), sqlc.arg(toolset_type), sqlc.arg(enabled), sqlc.arg(updated_by), sqlc.arg(created_at),
    sqlc.arg(updated_at)
)
ON CONFLICT (org_id, toolset_type) DO UPDATE SET
    enabled = excluded.enabled, updated_by = excluded.updated_by, updated_at = excluded.updated_at
RETURNING *;

-- name: SeedAppToolsetConfig :execrows
INSERT INTO app_toolset_configs (org_id, toolset_type, enabled, updated_by, created_at, updated_at)
VALUES (sqlc.arg(org_id), sqlc.arg(toolset_type), FALSE, 'system', sqlc.arg(created_at), sqlc.arg(created_at))
ON CONFLICT (org_id, toolset_type) DO NOTHING;

-- name: GetAppToolsetConfig :one
SELECT * FROM app_toolset_configs WHERE org_id = sqlc.arg(org_id) AND toolset_type = sqlc.arg(toolset_type);

-- name: ListAppToolsetConfigs :many
SELECT * FROM app_toolset_configs WHERE org_id = sqlc.arg(org_id) ORDER BY toolset_type ASC;
