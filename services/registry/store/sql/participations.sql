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
