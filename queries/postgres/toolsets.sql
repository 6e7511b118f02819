-- name: CreateToolset :one
INSERT INTO toolsets (
    id, org_id, user_id, toolset_type, slug, description, enabled, encrypted_api_key, nonce, created_at, updated_at
) VALUES (
    sqlc.arg(id), sqlc.arg(org_id), sqlc.arg(user_id), sqlc.arg(toolset_type), sqlc.arg(slug),
    sqlc.narg(description), sqlc.arg(enabled), sqlc.narg(encrypted_api_key), sqlc.narg(nonce), sqlc.arg(created_at),
    sqlc.arg(updated_at)
)
RETURNING *;

-- name: GetToolset :one
SELECT * FROM toolsets WHERE org_id = sqlc.arg(org_id) AND user_id = sqlc.arg(user_id) AND id = sqlc.arg(id);

-- name: GetToolsetBySlug :one
SELECT * FROM toolsets
WHERE org_id = sqlc.arg(org_id) AND user_id = sqlc.arg(user_id) AND lower(slug) = lower(sqlc.arg(slug));

-- name: ListToolsets :many
SELECT * FROM toolsets WHERE org_id = sqlc.arg(org_id) AND user_id = sqlc.arg(user_id)
ORDER BY created_at ASC, id ASC;

-- name: ListToolsetsByType :many
SELECT * FROM toolsets
WHERE org_id = sqlc.arg(org_id) AND user_id = sqlc.arg(user_id) AND toolset_type = sqlc.arg(toolset_type)
ORDER BY created_at ASC, id ASC;

-- name: UpdateToolset :one
UPDATE toolsets SET
    slug = sqlc.arg(slug),
    description = sqlc.narg(description),
    enabled = sqlc.arg(enabled),
    encrypted_api_key = sqlc.narg(encrypted_api_key),
    nonce = sqlc.narg(nonce),
    updated_at = sqlc.arg(updated_at)
WHERE org_id = sqlc.arg(org_id) AND user_id = sqlc.arg(user_id) AND id = sqlc.arg(id)
RETURNING *;

-- name: DeleteToolset :execrows
DELETE FROM toolsets WHERE org_id = sqlc.arg(org_id) AND user_id = sqlc.arg(user_id) AND id = sqlc.arg(id);
