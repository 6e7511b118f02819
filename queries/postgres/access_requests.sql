-- name: CreateAccessRequest :one
INSERT INTO access_requests (org_id, username, user_id, status, created_at, updated_at)
VALUES (sqlc.arg(org_id), sqlc.arg(username), sqlc.arg(user_id), 'pending', sqlc.arg(created_at), sqlc.arg(updated_at))
RETURNING *;

-- name: GetAccessRequest :one
SELECT * FROM access_requests WHERE org_id = sqlc.arg(org_id) AND id = sqlc.arg(id);

-- name: GetPendingAccessRequest :one
SELECT * FROM access_requests
WHERE org_id = sqlc.arg(org_id) AND user_id = sqlc.arg(user_id) AND status = 'pending';

-- name: GetLatestAccessRequest :one
SELECT * FROM access_requests WHERE org_id = sqlc.arg(org_id) AND user_id = sqlc.arg(user_id)
ORDER BY created_at DESC, id DESC
LIMIT 1;

-- name: ListPendingAccessRequests :many
SELECT * FROM access_requests WHERE org_id = sqlc.arg(org_id) AND status = 'pending'
ORDER BY created_at ASC, id ASC
LIMIT sqlc.arg(page_limit)::bigint OFFSET sqlc.arg(page_offset)::bigint;

-- name: CountPendingAccessRequests :one
SELECT count(*) FROM access_requests WHERE org_id = sqlc.arg(org_id) AND status = 'pending';

-- name: ListAccessRequests :many
SELECT * FROM access_requests WHERE org_id = sqlc.arg(org_id)
ORDER BY created_at ASC, id ASC
LIMIT sqlc.arg(page_limit)::bigint OFFSET sqlc.arg(page_offset)::bigint;

-- name: CountAccessRequests :one
SELECT count(*) FROM access_requests WHERE org_id = sqlc.arg(org_id);

-- name: UpdateAccessRequestStatus :one
UPDATE access_requests SET status = sqlc.arg(status), reviewer = sqlc.arg(reviewer), updated_at = sqlc.arg(updated_at)
WHERE org_id = sqlc.arg(org_id) AND id = sqlc.arg(id)
RETURNING *;

-- name: DecideAccessRequest :execrows
UPDATE access_requests SET status = sqlc.arg(status), reviewer = sqlc.arg(reviewer), updated_at = sqlc.arg(updated_at)
WHERE org_id = sqlc.arg(org_id) AND id = sqlc.arg(id) AND status = 'pending';

-- name: ReopenAccessRequest :execrows
UPDATE access_requests SET status = 'pending', reviewer = NULL, updated_at = sqlc.arg(updated_at)
WHERE org_id = sqlc.arg(org_id) AND id = sqlc.arg(id) AND status = 'approved';
