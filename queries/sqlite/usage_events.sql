-- name: InsertUsageEvents :execrows
-- One batch of events as a JSON array of objects keyed by column name, in one statement. The SELECT needs its
-- WHERE: without it SQLite would read ON CONFLICT as a join constraint.
INSERT INTO usage_events (
    id, org_id, user_id, username, auth_kind, token_id, app_client_id, model, provider_model, api_model_id,
    provider, route, stream, status, prompt_tokens, completion_tokens, total_tokens, upstream_ms, ttfb_ms, started_at
)
SELECT
    json_extract(e.value, '$.id'), json_extract(e.value, '$.org_id'), json_extract(e.value, '$.user_id'),
    json_extract(e.value, '$.username'), json_extract(e.value, '$.auth_kind'), json_extract(e.value, '$.token_id'),
    json_extract(e.value, '$.app_client_id'), json_extract(e.value, '$.model'),
    json_extract(e.value, '$.provider_model'), json_extract(e.value, '$.api_model_id'),
    json_extract(e.value, '$.provider'), json_extract(e.value, '$.route'), json_extract(e.value, '$.stream'),
    json_extract(e.value, '$.status'), json_extract(e.value, '$.prompt_tokens'),
    json_extract(e.value, '$.completion_tokens'), json_extract(e.value, '$.total_tokens'),
    json_extract(e.value, '$.upstream_ms'), json_extract(e.value, '$.ttfb_ms'), json_extract(e.value, '$.started_at')
FROM json_each(CAST(sqlc.arg(events_json) AS TEXT)) AS e
WHERE true
ON CONFLICT (id) DO NOTHING;

-- name: SumUsage :many
-- Totals per user, token, model and day (UTC) in [from, to): the service adds them up along the dimensions asked.
SELECT
    u.user_id, CAST(max(u.username) AS TEXT) AS username, CAST(coalesce(u.token_id, '') AS TEXT) AS token_id,
    CAST(coalesce(max(t.name), '') AS TEXT) AS token_name, u.model, CAST(substr(u.started_at, 1, 10) AS TEXT) AS day,
    count(*) AS requests, CAST(sum(CASE WHEN u.status >= 400 THEN 1 ELSE 0 END) AS INTEGER) AS errors,
    CAST(sum(u.prompt_tokens) AS INTEGER) AS prompt_tokens,
    CAST(sum(u.completion_tokens) AS INTEGER) AS completion_tokens,
    CAST(sum(u.total_tokens) AS INTEGER) AS total_tokens
FROM usage_events u
LEFT JOIN api_tokens t ON t.org_id = u.org_id AND t.id = u.token_id
WHERE u.org_id = sqlc.arg(org_id) AND u.started_at >= sqlc.arg(from_time) AND u.started_at < sqlc.arg(to_time)
    AND (CAST(sqlc.arg(user_id) AS TEXT) = '' OR u.user_id = sqlc.arg(user_id))
GROUP BY u.user_id, coalesce(u.token_id, ''), u.model, substr(u.started_at, 1, 10)
ORDER BY day, u.user_id, token_id, u.model;

-- name: DeleteUsageEventsBefore :execrows
DELETE FROM usage_events WHERE org_id = sqlc.arg(org_id) AND started_at < sqlc.arg(before);
