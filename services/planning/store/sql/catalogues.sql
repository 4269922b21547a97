-- The refusal reason catalogues (CatalogueService). Every statement returning reasons returns
-- the same columns (store::ReasonFromRow).

-- name: insert_refusal_reason
INSERT INTO refusal_reasons (id, scope, display_name, create_time, update_time)
VALUES ($1, $2, $3, $4, $4)
RETURNING id::text AS id, scope, display_name, active, legacy_reason, version,
          (extract(epoch from create_time) * 1000000)::bigint AS create_time_us,
          (extract(epoch from update_time) * 1000000)::bigint AS update_time_us;

-- name: find_refusal_reason
SELECT id::text AS id, scope, display_name, active, legacy_reason, version,
       (extract(epoch from create_time) * 1000000)::bigint AS create_time_us,
       (extract(epoch from update_time) * 1000000)::bigint AS update_time_us
FROM refusal_reasons
WHERE id = $1;

-- name: find_refusal_reason_for_update
SELECT id::text AS id, scope, display_name, active, legacy_reason, version,
       (extract(epoch from create_time) * 1000000)::bigint AS create_time_us,
       (extract(epoch from update_time) * 1000000)::bigint AS update_time_us
FROM refusal_reasons
WHERE id = $1
FOR UPDATE;

-- name: list_refusal_reasons
-- Ordered by (create_time, id): $1 scope or NULL, $2 include inactive, ($3, $4) the last key of
-- the previous page or NULL, $5 the limit.
SELECT id::text AS id, scope, display_name, active, legacy_reason, version,
       (extract(epoch from create_time) * 1000000)::bigint AS create_time_us,
       (extract(epoch from update_time) * 1000000)::bigint AS update_time_us
FROM refusal_reasons
WHERE ($1::text IS NULL OR scope = $1::text) AND ($2::boolean OR active)
  AND ($3::timestamptz IS NULL OR (create_time, id) > ($3::timestamptz, $4::uuid))
ORDER BY create_time, id
LIMIT $5;

-- name: rename_refusal_reason
UPDATE refusal_reasons
SET display_name = $2, update_time = $3, version = version + 1
WHERE id = $1
RETURNING id::text AS id, scope, display_name, active, legacy_reason, version,
          (extract(epoch from create_time) * 1000000)::bigint AS create_time_us,
          (extract(epoch from update_time) * 1000000)::bigint AS update_time_us;

-- name: set_refusal_reason_active
UPDATE refusal_reasons
SET active = $2, update_time = $3, version = version + 1
WHERE id = $1
RETURNING id::text AS id, scope, display_name, active, legacy_reason, version,
          (extract(epoch from create_time) * 1000000)::bigint AS create_time_us,
          (extract(epoch from update_time) * 1000000)::bigint AS update_time_us;
