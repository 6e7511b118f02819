-- name: CreateDownloadRequest :one
INSERT INTO download_requests (
    id, org_id, repo, filename, status, error, total_bytes, downloaded_bytes, started_at, created_at, updated_at
) VALUES (
    sqlc.arg(id), sqlc.arg(org_id), sqlc.arg(repo), sqlc.arg(filename), sqlc.arg(status), sqlc.narg(error),
    sqlc.narg(total_bytes), sqlc.arg(downloaded_bytes), sqlc.narg(started_at), sqlc.arg(created_at),
    sqlc.arg(updated_at)
)
RETURNING *;

-- name: GetDownloadRequest :one
SELECT * FROM download_requests WHERE org_id = sqlc.arg(org_id) AND id = sqlc.arg(id);

-- name: GetLatestDownloadRequest :one
SELECT * FROM download_requests
WHERE org_id = sqlc.arg(org_id) AND repo = sqlc.arg(repo) AND filename = sqlc.arg(filename)
ORDER BY created_at DESC, id DESC
LIMIT 1;

-- name: ListDownloadRequests :many
SELECT * FROM download_requests WHERE org_id = sqlc.arg(org_id)
ORDER BY updated_at DESC, id DESC
LIMIT sqlc.arg(page_limit)::bigint OFFSET sqlc.arg(page_offset)::bigint;

-- name: CountDownloadRequests :one
SELECT count(*) FROM download_requests WHERE org_id = sqlc.arg(org_id);

-- name: UpdateDownloadProgress :one
UPDATE download_requests SET
    downloaded_bytes = sqlc.arg(downloaded_bytes),
    total_bytes = sqlc.narg(total_bytes),
    started_at = coalesce(started_at, sqlc.narg(started_at)),
    updated_at = sqlc.arg(updated_at)
WHERE org_id = sqlc.arg(org_id) AND id = sqlc.arg(id)
RETURNING *;

-- name: UpdateDownloadStatus :one
UPDATE download_requests SET status = sqlc.arg(status), error = sqlc.narg(error), updated_at = sqlc.arg(updated_at)
WHERE org_id = sqlc.arg(org_id) AND id = sqlc.arg(id)
RETURNING *;

-- name: FailPendingDownloads :execrows
UPDATE download_requests SET status = 'error', error = sqlc.arg(error), updated_at = sqlc.arg(updated_at)
WHERE org_id = sqlc.arg(org_id) AND status = 'pending';
