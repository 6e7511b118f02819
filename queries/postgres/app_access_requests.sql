-- name: CreateAppAccessRequest :one
INSERT INTO app_access_requests (
    id, org_id, app_client_id, app_name, app_description, flow_type, redirect_uri, status, requested, approved,
    user_id, resource_scope, access_request_scope, error_message, expires_at, created_at, updated_at
) VALUES (
    sqlc.arg(id), sqlc.arg(org_id), sqlc.arg(app_client_id), sqlc.narg(app_name), sqlc.narg(app_description),
    sqlc.arg(flow_type), sqlc.narg(redirect_uri), sqlc.arg(status), sqlc.arg(requested), sqlc.narg(approved),
    sqlc.narg(user_id), sqlc.narg(resource_scope), sqlc.narg(access_request_scope), sqlc.narg(error_message),
    sqlc.arg(expires_at), sqlc.arg(created_at), sqlc.arg(updated_at)
)
RETURNING *;

-- name: GetAppAccessRequest :one
SELECT * FROM app_access_requests WHERE org_id = sqlc.arg(org_id) AND id = sqlc.arg(id);

-- name: GetAppAccessRequestByScope :one
SELECT * FROM app_access_requests
WHERE org_id = sqlc.arg(org_id) AND access_request_scope = sqlc.arg(access_request_scope);

-- name: UpdateAppAccessRequest :one
UPDATE app_access_requests SET
    app_name = sqlc.narg(app_name),
    app_description = sqlc.narg(app_description),
    status = sqlc.arg(status),
    approved = sqlc.narg(approved),
    user_id = sqlc.narg(user_id),
    resource_scope = sqlc.narg(resource_scope),
    access_request_scope = sqlc.narg(access_request_scope),
    error_message = sqlc.narg(error_message),
    updated_at = sqlc.arg(updated_at)
WHERE org_id = sqlc.arg(org_id) AND id = sqlc.arg(id)
RETURNING *;

-- name: ClaimAppAccessRequest :execrows
UPDATE app_access_requests SET status = 'approved', approved = sqlc.arg(approved), user_id = sqlc.arg(user_id),
    updated_at = sqlc.arg(updated_at)
WHERE org_id = sqlc.arg(org_id) AND id = sqlc.arg(id) AND status = 'draft';

-- name: ReleaseAppAccessRequest :execrows
UPDATE app_access_requests SET status = 'draft', approved = NULL, user_id = NULL, updated_at = sqlc.arg(updated_at)
WHERE org_id = sqlc.arg(org_id) AND id = sqlc.arg(id) AND status = 'approved';

-- name: DenyAppAccessRequest :execrows
UPDATE app_access_requests SET status = 'denied', user_id = sqlc.arg(user_id), updated_at = sqlc.arg(updated_at)
WHERE org_id = sqlc.arg(org_id) AND id = sqlc.arg(id) AND status = 'draft';
