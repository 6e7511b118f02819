-- name: CreateOrg :one
-- organizations is the only table that is not org-scoped (data-model.md section 3).
INSERT INTO organizations (
    id, slug, display_name, kc_client_id, client_secret, client_secret_nonce, encryption_key,
    encryption_key_nonce, status, first_admin_user_id, created_at, updated_at
) VALUES (
    sqlc.arg(id), sqlc.arg(slug), sqlc.arg(display_name), sqlc.arg(kc_client_id), sqlc.arg(client_secret),
    sqlc.arg(client_secret_nonce), sqlc.arg(encryption_key), sqlc.arg(encryption_key_nonce), sqlc.arg(status),
    sqlc.narg(first_admin_user_id), sqlc.arg(created_at), sqlc.arg(updated_at)
)
RETURNING *;

-- name: GetOrgBySlug :one
SELECT * FROM organizations WHERE slug = sqlc.arg(slug);

-- name: GetOrgByID :one
SELECT * FROM organizations WHERE id = sqlc.arg(id);

-- name: ListOrgs :many
SELECT * FROM organizations ORDER BY created_at ASC, slug ASC;

-- name: ListOrgsByStatus :many
SELECT * FROM organizations WHERE status = sqlc.arg(status) ORDER BY created_at ASC, slug ASC;

-- name: CountOrgs :one
SELECT count(*) FROM organizations;

-- name: UpdateOrgStatus :one
UPDATE organizations SET status = sqlc.arg(status), updated_at = sqlc.arg(updated_at)
WHERE id = sqlc.arg(id)
RETURNING *;

-- name: ClaimFirstAdmin :execrows
UPDATE organizations SET first_admin_user_id = sqlc.arg(user_id), updated_at = sqlc.arg(updated_at)
WHERE id = sqlc.arg(id) AND first_admin_user_id IS NULL;

-- name: ClearFirstAdmin :execrows
UPDATE organizations SET first_admin_user_id = NULL, updated_at = sqlc.arg(updated_at)
WHERE id = sqlc.arg(id) AND first_admin_user_id = sqlc.arg(user_id);
