-- name: DeleteModelMetadataByIdentity :execrows
-- The identity columns may be NULL, which defeats the unique key, so an upsert is DeleteModelMetadataByIdentity
-- followed by CreateModelMetadata in one transaction (data-model.md section 4.5). IS NOT DISTINCT FROM compares NULLs as equal.
DELETE FROM model_metadata
WHERE org_id = sqlc.arg(org_id) AND source = sqlc.arg(source) AND repo IS NOT DISTINCT FROM sqlc.narg(repo)
  AND filename IS NOT DISTINCT FROM sqlc.narg(filename) AND snapshot IS NOT DISTINCT FROM sqlc.narg(snapshot) AND api_model_id IS NOT DISTINCT FROM sqlc.narg(api_model_id);

-- name: CreateModelMetadata :one
INSERT INTO model_metadata (
    org_id, source, repo, filename, snapshot, api_model_id, capabilities_vision, capabilities_audio,
    capabilities_thinking, capabilities_function_calling, capabilities_structured_output, context_max_input_tokens,
    context_max_output_tokens, architecture, additional_metadata, chat_template, extracted_at, created_at, updated_at
) VALUES (
    sqlc.arg(org_id), sqlc.arg(source), sqlc.narg(repo), sqlc.narg(filename), sqlc.narg(snapshot),
    sqlc.narg(api_model_id), sqlc.narg(capabilities_vision), sqlc.narg(capabilities_audio),
    sqlc.narg(capabilities_thinking), sqlc.narg(capabilities_function_calling),
    sqlc.narg(capabilities_structured_output), sqlc.narg(context_max_input_tokens),
    sqlc.narg(context_max_output_tokens), sqlc.narg(architecture), sqlc.narg(additional_metadata),
    sqlc.narg(chat_template), sqlc.arg(extracted_at), sqlc.arg(created_at), sqlc.arg(updated_at)
)
RETURNING *;

-- name: GetModelMetadata :one
SELECT * FROM model_metadata
WHERE org_id = sqlc.arg(org_id) AND source = 'model' AND repo = sqlc.arg(repo) AND filename = sqlc.arg(filename)
  AND snapshot = sqlc.arg(snapshot);

-- name: ListModelMetadata :many
SELECT * FROM model_metadata WHERE org_id = sqlc.arg(org_id) ORDER BY repo ASC, filename ASC, snapshot ASC, id ASC;
