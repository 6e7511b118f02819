-- name: InsertUsageEvents :execrows
-- One batch of events as a JSON array of objects keyed by column name, in one statement.
INSERT INTO usage_events (
    id, org_id, user_id, username, auth_kind, token_id, app_client_id, model, provider_model, api_model_id,
    provider, route, stream, status, prompt_tokens, completion_tokens, total_tokens, upstream_ms, ttfb_ms, started_at
)
SELECT
    id, org_id, user_id, username, auth_kind, token_id, app_client_id, model, provider_model, api_model_id,
    provider, route, stream, status, prompt_tokens, completion_tokens, total_tokens, upstream_ms, ttfb_ms, started_at
FROM jsonb_to_recordset(CAST(sqlc.arg(events_json) AS TEXT)::jsonb) AS e(
    id TEXT, org_id TEXT, user_id TEXT, username TEXT, auth_kind TEXT, token_id TEXT, app_client_id TEXT, model TEXT,
    provider_model TEXT, api_model_id TEXT, provider TEXT, route TEXT, stream BOOLEAN, status BIGINT,
    prompt_tokens BIGINT, completion_tokens BIGINT, total_tokens BIGINT, upstream_ms BIGINT, ttfb_ms BIGINT,
    started_at TIMESTAMPTZ
)
ON CONFLICT (id) DO NOTHING;

-- name: SumUsage :many
-- Totals per user, token, model and day (UTC) in [from, to): the service adds them up along the dimensions asked.
SELECT
    u.user_id, max(u.username)::text AS username, coalesce(u.token_id, '')::text AS token_id,
    coalesce(max(t.name), '')::text AS token_name, u.model,
    to_char(u.started_at AT TIME ZONE 'UTC', 'YYYY-MM-DD')::text AS day,
    count(*) AS requests, sum(CASE WHEN u.status >= 400 THEN 1 ELSE 0 END)::bigint AS errors,
    sum(u.prompt_tokens)::bigint AS prompt_tokens, sum(u.completion_tokens)::bigint AS completion_tokens,
    sum(u.total_tokens)::bigint AS total_tokens
FROM usage_events u
LEFT JOIN api_tokens t ON t.org_id = u.org_id AND t.id = u.token_id
WHERE u.org_id = sqlc.arg(org_id) AND u.started_at >= sqlc.arg(from_time) AND u.started_at < sqlc.arg(to_time)
    AND (sqlc.arg(user_id)::text = '' OR u.user_id = sqlc.arg(user_id)::text)
GROUP BY u.user_id, coalesce(u.token_id, ''), u.model, to_char(u.started_at AT TIME ZONE 'UTC', 'YYYY-MM-DD')
ORDER BY day, u.user_id, token_id, u.model;

-- name: DeleteUsageEventsBefore :execrows
DELETE FROM usage_events WHERE org_id = sqlc.arg(org_id) AND started_at < sqlc.arg(before);
