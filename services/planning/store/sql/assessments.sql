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

-- name: find_lead_source
-- The client's lead source as planning's copy of the client has it (registry owns it).
SELECT id::text AS client_id, lead_source_kind AS source, lead_source_detail AS detail,
       '' AS recorded_by,
       (extract(epoch from coalesce(lead_source_time, updated_at)) * 1000000)::bigint
         AS record_time_us
FROM clients
WHERE id = $1 AND (lead_source_kind <> '' OR lead_source_detail <> '');

-- name: lead_sources_to_hand_over
-- Every client's latest lead source planning recorded itself and has not handed over to
-- registry yet, oldest first, at most $1; locked so two starting replicas hand each over once.
-- A client's rows are marked together, so after the hand-over this reads nothing at each start.
SELECT l.id::text AS id, l.client_id::text AS client_id, l.source, l.detail, l.recorded_by,
       (extract(epoch from l.record_time) * 1000000)::bigint AS record_time_us
FROM (SELECT DISTINCT ON (client_id) id
      FROM lead_source_changes
      WHERE handed_over_at IS NULL
      ORDER BY client_id, record_time DESC, id DESC) latest
JOIN lead_source_changes l ON l.id = latest.id
ORDER BY l.record_time, l.id
LIMIT $1
FOR UPDATE OF l SKIP LOCKED;

-- name: mark_lead_sources_handed_over
-- Also the client's older rows: only the latest is the client's lead source.
UPDATE lead_source_changes
SET handed_over_at = now()
WHERE handed_over_at IS NULL AND client_id = ANY($1::uuid[]);

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
