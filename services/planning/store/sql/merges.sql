-- A registry client merge in planning: the rows of every table that refers to clients are
-- re-pointed from the merged clients to the survivor, and each move is remembered under the
-- merge (client_merge_moves), so that undoing the merge moves exactly those rows back. Per
-- table, merge_move_<table> ($1 the merge, $2 the survivor, $3 the merged clients as a uuid[]
-- literal; the FROM copy reads the client before the update) and merge_undo_<table> (moves back
-- the rows the merge $1 moved, if they still belong to the survivor $2).

-- name: record_client_merge
-- Returns the merge's state: the inserted row's, or the one already recorded.
INSERT INTO client_merges (merge_id, survivor_id, state)
VALUES ($1, $2, 'MERGED')
ON CONFLICT (merge_id) DO UPDATE SET merge_id = EXCLUDED.merge_id
RETURNING state, survivor_id::text AS survivor_id;

-- name: lock_client_merge
SELECT state, survivor_id::text AS survivor_id
FROM client_merges
WHERE merge_id = $1
FOR UPDATE;

-- name: record_client_merge_undone
INSERT INTO client_merges (merge_id, survivor_id, state, undo_time)
VALUES ($1, $2, 'UNDONE', now())
ON CONFLICT (merge_id) DO UPDATE SET state = 'UNDONE', undo_time = now();

-- name: merge_move_contacts
WITH moved AS (UPDATE contacts t
               SET client_id = $2
               FROM contacts o
               WHERE t.id = o.id AND o.client_id = ANY($3::uuid[])
               RETURNING t.id, o.client_id)
INSERT INTO client_merge_moves (merge_id, resource, row_id, from_client_id)
SELECT $1, 'contacts', id, client_id FROM moved
ON CONFLICT DO NOTHING;

-- name: merge_undo_contacts
UPDATE contacts t
SET client_id = m.from_client_id
FROM client_merge_moves m
WHERE m.merge_id = $1 AND m.resource = 'contacts' AND t.id = m.row_id
  AND t.client_id = $2;

-- name: merge_move_sales
WITH moved AS (UPDATE sales t
               SET client_id = $2
               FROM sales o
               WHERE t.id = o.id AND o.client_id = ANY($3::uuid[])
               RETURNING t.id, o.client_id)
INSERT INTO client_merge_moves (merge_id, resource, row_id, from_client_id)
SELECT $1, 'sales', id, client_id FROM moved
ON CONFLICT DO NOTHING;

-- name: merge_undo_sales
UPDATE sales t
SET client_id = m.from_client_id
FROM client_merge_moves m
WHERE m.merge_id = $1 AND m.resource = 'sales' AND t.id = m.row_id
  AND t.client_id = $2;

-- name: merge_move_redirects
WITH moved AS (UPDATE redirects t
               SET client_id = $2
               FROM redirects o
               WHERE t.id = o.id AND o.client_id = ANY($3::uuid[])
               RETURNING t.id, o.client_id)
INSERT INTO client_merge_moves (merge_id, resource, row_id, from_client_id)
SELECT $1, 'redirects', id, client_id FROM moved
ON CONFLICT DO NOTHING;

-- name: merge_undo_redirects
UPDATE redirects t
SET client_id = m.from_client_id
FROM client_merge_moves m
WHERE m.merge_id = $1 AND m.resource = 'redirects' AND t.id = m.row_id
  AND t.client_id = $2;

-- name: merge_move_readiness_changes
WITH moved AS (UPDATE readiness_changes t
               SET client_id = $2
               FROM readiness_changes o
               WHERE t.id = o.id AND o.client_id = ANY($3::uuid[])
               RETURNING t.id, o.client_id)
INSERT INTO client_merge_moves (merge_id, resource, row_id, from_client_id)
SELECT $1, 'readiness_changes', id, client_id FROM moved
ON CONFLICT DO NOTHING;

-- name: merge_undo_readiness_changes
UPDATE readiness_changes t
SET client_id = m.from_client_id
FROM client_merge_moves m
WHERE m.merge_id = $1 AND m.resource = 'readiness_changes' AND t.id = m.row_id
  AND t.client_id = $2;

-- name: merge_move_lead_source_changes
WITH moved AS (UPDATE lead_source_changes t
               SET client_id = $2
               FROM lead_source_changes o
               WHERE t.id = o.id AND o.client_id = ANY($3::uuid[])
               RETURNING t.id, o.client_id)
INSERT INTO client_merge_moves (merge_id, resource, row_id, from_client_id)
SELECT $1, 'lead_source_changes', id, client_id FROM moved
ON CONFLICT DO NOTHING;

-- name: merge_undo_lead_source_changes
UPDATE lead_source_changes t
SET client_id = m.from_client_id
FROM client_merge_moves m
WHERE m.merge_id = $1 AND m.resource = 'lead_source_changes' AND t.id = m.row_id
  AND t.client_id = $2;

-- name: merge_move_ratings
WITH moved AS (UPDATE ratings t
               SET client_id = $2
               FROM ratings o
               WHERE t.id = o.id AND o.client_id = ANY($3::uuid[])
               RETURNING t.id, o.client_id)
INSERT INTO client_merge_moves (merge_id, resource, row_id, from_client_id)
SELECT $1, 'ratings', id, client_id FROM moved
ON CONFLICT DO NOTHING;

-- name: merge_undo_ratings
UPDATE ratings t
SET client_id = m.from_client_id
FROM client_merge_moves m
WHERE m.merge_id = $1 AND m.resource = 'ratings' AND t.id = m.row_id
  AND t.client_id = $2;

-- name: merge_move_curators
-- Curators move as registry moves them: a merged client's current term goes to the survivor for
-- a project (and contact person) the survivor has no curator for, the first merged client in
-- $3's order winning; the merged clients' other current terms end. Both are remembered with the
-- merge ('curators', 'curators_ended') and undone with it.
WITH candidates AS (
       SELECT DISTINCT ON (t.project_id, t.contact_person_id) t.id, t.client_id
       FROM curators t
       WHERE t.client_id = ANY($3::uuid[]) AND NOT t.ended
         AND NOT EXISTS (SELECT 1 FROM curators s
                         WHERE s.client_id = $2 AND NOT s.ended AND s.project_id = t.project_id
                           AND s.contact_person_id IS NOT DISTINCT FROM t.contact_person_id)
       ORDER BY t.project_id, t.contact_person_id, array_position($3::uuid[], t.client_id)),
     moved AS (UPDATE curators t
               SET client_id = $2, updated_at = now()
               FROM candidates c
               WHERE t.id = c.id
               RETURNING t.id, c.client_id AS from_client_id),
     ended AS (UPDATE curators t
               SET ended = true, updated_at = now()
               WHERE t.client_id = ANY($3::uuid[]) AND NOT t.ended
                 AND t.id NOT IN (SELECT id FROM candidates)
               RETURNING t.id, t.client_id AS from_client_id)
INSERT INTO client_merge_moves (merge_id, resource, row_id, from_client_id)
SELECT $1::uuid, 'curators', id, from_client_id FROM moved
UNION ALL
SELECT $1::uuid, 'curators_ended', id, from_client_id FROM ended
ON CONFLICT DO NOTHING;

-- name: merge_undo_curators
WITH back AS (UPDATE curators t
              SET client_id = m.from_client_id, updated_at = now()
              FROM client_merge_moves m
              WHERE m.merge_id = $1 AND m.resource = 'curators' AND t.id = m.row_id
                AND t.client_id = $2
              RETURNING t.id)
UPDATE curators t
SET ended = false, updated_at = now()
FROM client_merge_moves m
WHERE m.merge_id = $1 AND m.resource = 'curators_ended' AND t.id = m.row_id;
