-- name: CreateUserAlias :one
INSERT INTO user_aliases (
    id, org_id, alias, repo, filename, snapshot, request_params_json, context_params_json, created_at, updated_at
) VALUES (
    sqlc.arg(id), sqlc.arg(org_id), sqlc.arg(alias), sqlc.arg(repo), sqlc.arg(filename), sqlc.arg(snapshot),
    sqlc.arg(request_params_json), sqlc.arg(context_params_json), sqlc.arg(created_at), sqlc.arg(updated_at)
)
RETURNING *;

-- name: GetUserAlias :one
SELECT * FROM user_aliases WHERE org_id = sqlc.arg(org_id) AND id = sqlc.arg(id);

-- name: GetUserAliasByAlias :one
SELECT * FROM user_aliases WHERE org_id = sqlc.arg(org_id) AND alias = sqlc.arg(alias);

-- name: ListUserAliases :many
SELECT * FROM user_aliases WHERE org_id = sqlc.arg(org_id) ORDER BY alias ASC;

-- name: UpdateUserAlias :one
UPDATE user_aliases SET
    alias = sqlc.arg(alias),
    repo = sqlc.arg(repo),
    filename = sqlc.arg(filename),
    snapshot = sqlc.arg(snapshot),
    request_params_json = sqlc.arg(request_params_json),
    context_params_json = sqlc.arg(context_params_json),
    updated_at = sqlc.arg(updated_at)
WHERE org_id = sqlc.arg(org_id) AND id = sqlc.arg(id)
RETURNING *;

-- name: DeleteUserAlias :execrows
DELETE FROM user_aliases WHERE org_id = sqlc.arg(org_id) AND id = sqlc.arg(id);
