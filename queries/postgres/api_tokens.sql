-- name: CreateAPIToken :one
INSERT INTO api_tokens (id, org_id, user_id, name, token_prefix, token_hash, scopes, status, created_at, updated_at)
VALUES (
    sqlc.arg(id), sqlc.arg(org_id), sqlc.arg(user_id), sqlc.arg(name), sqlc.arg(token_prefix), sqlc.arg(token_hash),
    sqlc.arg(scopes), sqlc.arg(status), sqlc.arg(created_at), sqlc.arg(updated_at)
)
RETURNING *;

-- name: GetAPITokenByPrefix :one
SELECT * FROM api_tokens WHERE org_id = sqlc.arg(org_id) AND token_prefix = sqlc.arg(token_prefix);

-- name: GetAPIToken :one
SELECT * FROM api_tokens WHERE org_id = sqlc.arg(org_id) AND user_id = sqlc.arg(user_id) AND id = sqlc.arg(id);

-- name: ListAPITokens :many
SELECT * FROM api_tokens WHERE org_id = sqlc.arg(org_id) AND user_id = sqlc.arg(user_id)
ORDER BY created_at DESC, id DESC
LIMIT sqlc.arg(page_limit)::bigint OFFSET sqlc.arg(page_offset)::bigint;

-- name: CountAPITokens :one
SELECT count(*) FROM api_tokens WHERE org_id = sqlc.arg(org_id) AND user_id = sqlc.arg(user_id);

-- name: UpdateAPIToken :one
UPDATE api_tokens SET name = sqlc.arg(name), status = sqlc.arg(status), updated_at = sqlc.arg(updated_at)
WHERE org_id = sqlc.arg(org_id) AND user_id = sqlc.arg(user_id) AND id = sqlc.arg(id)
RETURNING *;

-- name: DeactivateUserAPITokens :execrows
UPDATE api_tokens SET status = 'inactive', updated_at = sqlc.arg(updated_at)
WHERE org_id = sqlc.arg(org_id) AND user_id = sqlc.arg(user_id) AND status = 'active';
