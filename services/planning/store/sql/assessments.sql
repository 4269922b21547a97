-- The assessments of clients (AssessmentService): readiness per edition, lead source, ratings.
-- Each is a history read newest first with the keyset (record_time, id) descending; the latest
-- entry is the current value.

-- name: insert_readiness_change
INSERT INTO readiness_changes (id, client_id, project_id, edition_id, level, comment, recorded_by,
                               record_time)
VALUES ($1, $2, $3, $4, $5, $6, $7, $8)
RETURNING client_id::text AS client_id, project_id::text AS project_id,
          edition_id::text AS edition_id, level, comment, recorded_by,
          (extract(epoch from record_time) * 1000000)::bigint AS record_time_us, id::text AS id;

-- name: find_readiness
SELECT client_id::text AS client_id, project_id::text AS project_id,
       edition_id::text AS edition_id, level, comment, recorded_by,
       (extract(epoch from record_time) * 1000000)::bigint AS record_time_us, id::text AS id
FROM readiness_changes
WHERE client_id = $1 AND edition_id = $2
ORDER BY record_time DESC, id DESC
LIMIT 1;

-- name: list_readiness_history
-- $1 client, $2 edition or NULL, ($3, $4) the last key of the previous page or NULL, $5 the
-- limit.
SELECT client_id::text AS client_id, project_id::text AS project_id,
       edition_id::text AS edition_id, level, comment, recorded_by,
       (extract(epoch from record_time) * 1000000)::bigint AS record_time_us, id::text AS id
FROM readiness_changes
WHERE client_id = $1
  AND ($2::uuid IS NULL OR edition_id = $2::uuid)
  AND ($3::timestamptz IS NULL OR (record_time, id) < ($3::timestamptz, $4::uuid))
ORDER BY record_time DESC, id DESC
LIMIT $5;

-- name: insert_lead_source
INSERT INTO lead_source_changes (id, client_id, source, detail, recorded_by, record_time)
VALUES ($1, $2, $3, $4, $5, $6)
RETURNING client_id::text AS client_id, source, detail, recorded_by,
          (extract(epoch from record_time) * 1000000)::bigint AS record_time_us;

-- name: find_lead_source
SELECT client_id::text AS client_id, source, detail, recorded_by,
       (extract(epoch from record_time) * 1000000)::bigint AS record_time_us
FROM lead_source_changes
WHERE client_id = $1
ORDER BY record_time DESC, id DESC
LIMIT 1;

-- name: insert_rating
INSERT INTO ratings (id, client_id, target, subject, score, comment, recorded_by, record_time)
VALUES ($1, $2, $3, $4, $5, $6, $7, $8)
RETURNING id::text AS id, client_id::text AS client_id, target, subject, score, comment,
          recorded_by, (extract(epoch from record_time) * 1000000)::bigint AS record_time_us;

-- name: list_ratings
-- $1 client, $2 target or NULL, ($3, $4) the last key of the previous page or NULL, $5 the
-- limit.
SELECT id::text AS id, client_id::text AS client_id, target, subject, score, comment,
       recorded_by, (extract(epoch from record_time) * 1000000)::bigint AS record_time_us
FROM ratings
WHERE client_id = $1
  AND ($2::text IS NULL OR target = $2::text)
  AND ($3::timestamptz IS NULL OR (record_time, id) < ($3::timestamptz, $4::uuid))
ORDER BY record_time DESC, id DESC
LIMIT $5;
