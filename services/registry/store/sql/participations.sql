-- A client's participation in an edition of one of our projects or in a competitor's
-- exhibition (store/exhibition_store.cpp). Every statement returning one selects the same
-- columns, read by one decoder: exactly one of edition_id (with its project_id) and
-- competitor_exhibition_id is set, the other ''. Lists go newest year first.

-- fragment: participation_columns
-- The columns of a participation over participations (or a returned row) p joined to its edition e,
-- read by name by the one participation decoder.
p.id::text AS id, p.client_id::text AS client_id,
       coalesce(p.edition_id::text, '') AS edition_id,
       coalesce(e.project_id::text, '') AS project_id,
       coalesce(p.competitor_exhibition_id::text, '') AS competitor_exhibition_id, p.year,
       p.area_dm2, (extract(epoch FROM p.created_at) * 1000000)::bigint AS created_us

-- name: participation_insert
-- Fails with a unique violation when the client already has this participation (the edition,
-- or the competitor's exhibition in that year).
WITH p AS (
  INSERT INTO participations (id, client_id, edition_id, competitor_exhibition_id, year,
                              area_dm2, created_by)
  VALUES ($1::uuid, $2::uuid, NULLIF($3, '')::uuid, NULLIF($4, '')::uuid, $5, $6, $7)
  RETURNING *)
SELECT :participation_columns
FROM p LEFT JOIN editions e ON e.id = p.edition_id;

-- name: participation_get
-- Participation $1 of client $2.
SELECT :participation_columns
FROM participations p LEFT JOIN editions e ON e.id = p.edition_id
WHERE p.id = $1::uuid AND p.client_id = $2::uuid;

-- name: participation_existing
-- Client $1's record of edition $2, or of competitor's exhibition $3 in year $4 ('' for the
-- one not given).
SELECT :participation_columns
FROM participations p LEFT JOIN editions e ON e.id = p.edition_id
WHERE p.client_id = $1::uuid
  AND (p.edition_id = NULLIF($2, '')::uuid
       OR (p.competitor_exhibition_id = NULLIF($3, '')::uuid AND p.year = $4));

-- name: participation_delete
WITH p AS (
  DELETE FROM participations WHERE id = $1::uuid AND client_id = $2::uuid
  RETURNING *)
SELECT :participation_columns
FROM p LEFT JOIN editions e ON e.id = p.edition_id;

-- name: participations_of_client
-- Client $1's participations by (year, id) descending, below ($2, $3), at most $4.
SELECT :participation_columns
FROM participations p LEFT JOIN editions e ON e.id = p.edition_id
WHERE p.client_id = $1::uuid AND (p.year, p.id) < ($2::integer, $3::uuid)
ORDER BY p.year DESC, p.id DESC
LIMIT $4;

-- name: client_survivor
-- Client $1, or the client it was merged into (following merges of merges): the one a sale
-- recorded for a merged client belongs to now. No row for an unknown client.
WITH RECURSIVE chain AS (
  SELECT c.id, c.merged_into, 0 AS depth FROM clients c WHERE c.id = $1::uuid
  UNION ALL
  SELECT c.id, c.merged_into, chain.depth + 1
  FROM clients c JOIN chain ON c.id = chain.merged_into
  WHERE chain.depth < 32)
SELECT id::text AS id FROM chain WHERE merged_into IS NULL
ORDER BY depth DESC
LIMIT 1;

-- name: participation_sale_upsert
-- Sale $1 of client $2 in edition $3, area $4, active $5, as of event time $6 (RFC 3339). No
-- row when a newer event already changed the sale; otherwise the client and edition it had
-- before (the same for a new sale).
WITH previous AS (
  SELECT client_id, edition_id FROM participation_sales WHERE sale_id = $1::uuid FOR UPDATE),
written AS (
  INSERT INTO participation_sales (sale_id, client_id, edition_id, area_dm2, active, event_time)
  VALUES ($1::uuid, $2::uuid, $3::uuid, $4, $5, $6::timestamptz)
  ON CONFLICT (sale_id) DO UPDATE
    SET client_id = EXCLUDED.client_id, edition_id = EXCLUDED.edition_id,
        area_dm2 = EXCLUDED.area_dm2, active = EXCLUDED.active, event_time = EXCLUDED.event_time
    WHERE participation_sales.event_time <= EXCLUDED.event_time
  RETURNING sale_id)
SELECT coalesce((SELECT client_id FROM previous), $2::uuid)::text AS previous_client_id,
       coalesce((SELECT edition_id FROM previous), $3::uuid)::text AS previous_edition_id
FROM written;

-- name: participation_sales_total
-- The active sales of client $1 in edition $2: how many, and their area.
SELECT count(*) AS sales, coalesce(sum(area_dm2), 0)::bigint AS area_dm2
FROM participation_sales
WHERE client_id = $1::uuid AND edition_id = $2::uuid AND active;

-- name: participation_of_edition_for_update
-- Client $1's participation in edition $2, locked, with whether sales created it.
SELECT :participation_columns, p.from_sales
FROM participations p LEFT JOIN editions e ON e.id = p.edition_id
WHERE p.client_id = $1::uuid AND p.edition_id = $2::uuid
FOR UPDATE OF p;

-- name: participation_insert_from_sales
-- Client $2 takes part in edition $3 with area $4, derived from its sales; $1 the id, $5 the
-- actor, $6 the year when the edition has no dates yet (the sale's). No row for an unknown
-- edition.
WITH p AS (
  INSERT INTO participations (id, client_id, edition_id, year, area_dm2, created_by, from_sales)
  SELECT $1::uuid, $2::uuid, $3::uuid, coalesce(extract(year FROM ed.start_date)::int, $6::int),
         $4, $5, true
  FROM editions ed WHERE ed.id = $3::uuid
  RETURNING *)
SELECT :participation_columns
FROM p LEFT JOIN editions e ON e.id = p.edition_id;

-- name: participation_set_area
WITH p AS (
  UPDATE participations SET area_dm2 = $2 WHERE id = $1::uuid
  RETURNING *)
SELECT :participation_columns
FROM p LEFT JOIN editions e ON e.id = p.edition_id;
