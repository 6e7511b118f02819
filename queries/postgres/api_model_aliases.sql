-- name: CreateAPIModelAlias :one
INSERT INTO api_model_aliases (
    id, org_id, api_format, prefix, base_url, models_json, encrypted_api_key, nonce, forward_all_with_prefix,
    models_cache_json, cache_fetched_at, created_at, updated_at
) VALUES (
    sqlc.arg(id), sqlc.arg(org_id), sqlc.arg(api_format), sqlc.narg(prefix), sqlc.arg(base_url), sqlc.arg(models_json),
    sqlc.narg(encrypted_api_key), sqlc.narg(nonce), sqlc.arg(forward_all_with_prefix), sqlc.narg(models_cache_json),
    sqlc.narg(cache_fetched_at), sqlc.arg(created_at), sqlc.arg(updated_at)
)
RETURNING *;

-- name: GetAPIModelAlias :one
SELECT * FROM api_model_aliases WHERE org_id = sqlc.arg(org_id) AND id = sqlc.arg(id);

-- name: GetAPIModelAliasByPrefix :one
SELECT * FROM api_model_aliases WHERE org_id = sqlc.arg(org_id) AND prefix = sqlc.arg(prefix);

-- name: ListAPIModelAliases :many
SELECT * FROM api_model_aliases WHERE org_id = sqlc.arg(org_id)
ORDER BY created_at DESC, id DESC
LIMIT sqlc.arg(page_limit)::bigint OFFSET sqlc.arg(page_offset)::bigint;

-- name: ListAllAPIModelAliases :many
SELECT * FROM api_model_aliases WHERE org_id = sqlc.arg(org_id) ORDER BY created_at DESC, id DESC;

-- name: CountAPIModelAliases :one
SELECT count(*) FROM api_model_aliases WHERE org_id = sqlc.arg(org_id);

-- name: UpdateAPIModelAlias :one
UPDATE api_model_aliases SET
    api_format = sqlc.arg(api_format),
    prefix = sqlc.narg(prefix),
    base_url = sqlc.arg(base_url),
    models_json = sqlc.arg(models_json),
    encrypted_api_key = sqlc.narg(encrypted_api_key),
    nonce = sqlc.narg(nonce),
    forward_all_with_prefix = sqlc.arg(forward_all_with_prefix),
    updated_at = sqlc.arg(updated_at)
WHERE org_id = sqlc.arg(org_id) AND id = sqlc.arg(id)
RETURNING *;

-- name: UpdateAPIModelCache :one
UPDATE api_model_aliases SET
    models_cache_json = sqlc.narg(models_cache_json),
    cache_fetched_at = sqlc.narg(cache_fetched_at),
    updated_at = sqlc.arg(updated_at)
WHERE org_id = sqlc.arg(org_id) AND id = sqlc.arg(id)
RETURNING *;

-- name: DeleteAPIModelAlias :execrows
DELETE FROM api_model_aliases WHERE org_id = sqlc.arg(org_id) AND id = sqlc.arg(id);
