-- name: GetSession :one
SELECT * FROM sessions WHERE id = sqlc.arg(id) AND expires_at > sqlc.arg(now);

-- name: UpsertSession :exec
INSERT INTO sessions (id, org_id, user_id, data, expires_at)
VALUES (sqlc.arg(id), sqlc.arg(org_id), sqlc.arg(user_id), sqlc.arg(data), sqlc.arg(expires_at))
ON CONFLICT (id) DO UPDATE SET
    org_id = excluded.org_id,
    user_id = excluded.user_id,
    data = excluded.data,
    expires_at = excluded.expires_at;

-- name: DeleteSession :exec
DELETE FROM sessions WHERE id = sqlc.arg(id);

-- name: DeleteUserSessions :execrows
DELETE FROM sessions WHERE org_id = sqlc.arg(org_id) AND user_id = sqlc.arg(user_id);

-- name: DeleteExpiredSessions :execrows
DELETE FROM sessions WHERE expires_at <= sqlc.arg(now);
