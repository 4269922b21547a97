-- Merges of duplicate clients and their undoing (store/merge_store.cpp).
--
-- A merge re-points rows of the merged clients ($3, or $2) to the survivor ($2) and records each
-- row it moved in merge_moves (kind, row id, the client it came from), so that undoing it moves
-- back exactly those rows. The move statements return how many rows moved (`moved`).

-- fragment: merge_columns
-- The columns of a merge, read by name by the one merge decoder.
id::text AS id, survivor_id::text AS survivor_id,
       array_to_string(merged_ids, ',') AS merged_ids,
       array_to_string(ARRAY(SELECT jsonb_object_keys(filled_fields) ORDER BY 1), ',')
         AS filled_fields,
       moved_contact_persons, comment,
       (extract(epoch FROM created_at) * 1000000)::bigint AS create_time_us, created_by,
       (extract(epoch FROM undone_at) * 1000000)::bigint AS undo_time_us,
       coalesce(undone_by, '') AS undone_by, moved_group_memberships, moved_participations,
       moved_curators, ended_curators

-- name: merge_insert
INSERT INTO merges (id, survivor_id, merged_ids, filled_fields, comment, created_by)
VALUES ($1::uuid, $2::uuid, $3::uuid[], $4::jsonb, $5, $6);

-- name: merge_get
-- The merged ids and the filled field names come comma-separated.
SELECT :merge_columns
FROM merges
WHERE id = $1::uuid;

-- name: merge_get_for_update
SELECT :merge_columns
FROM merges
WHERE id = $1::uuid
FOR UPDATE;

-- name: merge_filled_fields
SELECT key, value
FROM merges, jsonb_each_text(filled_fields)
WHERE id = $1::uuid
ORDER BY key;

-- name: merge_move_contact_persons
-- Re-points the contact persons of the merged clients ($3) to the survivor ($2).
WITH moved AS (
  UPDATE contact_persons c SET client_id = $2::uuid
  FROM (SELECT id, client_id FROM contact_persons WHERE client_id = ANY($3::uuid[])) old
  WHERE c.id = old.id
  RETURNING c.id, old.client_id AS from_client_id),
recorded AS (
  INSERT INTO merge_moves (merge_id, kind, row_id, from_client_id)
  SELECT $1::uuid, 'contact_person', id, from_client_id FROM moved
  RETURNING 1)
SELECT count(*)::int AS moved FROM recorded;

-- name: merge_move_group_memberships
-- Group memberships of the merged clients in groups the survivor is not in; when several merged
-- clients share such a group, the first one's membership moves (merged order) and the others
-- stay with their client.
WITH candidates AS (
  SELECT DISTINCT ON (m.group_id) m.group_id, m.client_id
  FROM client_group_members m
  WHERE m.client_id = ANY($3::uuid[])
    AND NOT EXISTS (SELECT 1 FROM client_group_members s
                    WHERE s.group_id = m.group_id AND s.client_id = $2::uuid)
  ORDER BY m.group_id, array_position($3::uuid[], m.client_id)),
moved AS (
  UPDATE client_group_members g SET client_id = $2::uuid
  FROM candidates c
  WHERE g.group_id = c.group_id AND g.client_id = c.client_id
  RETURNING g.group_id AS id, c.client_id AS from_client_id),
recorded AS (
  INSERT INTO merge_moves (merge_id, kind, row_id, from_client_id)
  SELECT $1::uuid, 'group_membership', id, from_client_id FROM moved
  RETURNING 1)
SELECT count(*)::int AS moved FROM recorded;

-- name: merge_move_participations
-- Participation in an edition (or a competitor's exhibition in a year) the survivor has no
-- record of; the first merged client's record of it moves.
WITH candidates AS (
  SELECT DISTINCT ON (coalesce(p.edition_id::text,
                               p.competitor_exhibition_id::text || '/' || p.year))
         p.id, p.client_id
  FROM participations p
  WHERE p.client_id = ANY($3::uuid[])
    AND NOT EXISTS (SELECT 1 FROM participations s
                    WHERE s.client_id = $2::uuid
                      AND (s.edition_id = p.edition_id
                           OR (s.competitor_exhibition_id = p.competitor_exhibition_id
                               AND s.year = p.year)))
  ORDER BY coalesce(p.edition_id::text, p.competitor_exhibition_id::text || '/' || p.year),
           array_position($3::uuid[], p.client_id)),
moved AS (
  UPDATE participations p SET client_id = $2::uuid
  FROM candidates c
  WHERE p.id = c.id
  RETURNING p.id, c.client_id AS from_client_id),
recorded AS (
  INSERT INTO merge_moves (merge_id, kind, row_id, from_client_id)
  SELECT $1::uuid, 'participation', id, from_client_id FROM moved
  RETURNING 1)
SELECT count(*)::int AS moved FROM recorded;

-- name: merge_move_curators
-- Current curator terms for a project and contact person the survivor has no curator for;
-- ended terms stay with their client as its history.
WITH candidates AS (
  SELECT DISTINCT ON (t.project_id, t.contact_person_id) t.id, t.client_id
  FROM curators t
  WHERE t.client_id = ANY($3::uuid[]) AND t.ended_at IS NULL
    AND NOT EXISTS (SELECT 1 FROM curators s
                    WHERE s.client_id = $2::uuid AND s.ended_at IS NULL
                      AND s.project_id = t.project_id
                      AND s.contact_person_id IS NOT DISTINCT FROM t.contact_person_id)
  ORDER BY t.project_id, t.contact_person_id, array_position($3::uuid[], t.client_id)),
moved AS (
  UPDATE curators t SET client_id = $2::uuid
  FROM candidates c
  WHERE t.id = c.id
  RETURNING t.id, c.client_id AS from_client_id),
recorded AS (
  INSERT INTO merge_moves (merge_id, kind, row_id, from_client_id)
  SELECT $1::uuid, 'curator', id, from_client_id FROM moved
  RETURNING 1)
SELECT count(*)::int AS moved FROM recorded;

-- name: merge_end_curators
-- The merged clients' ($2) current terms left after merge_move_curators: the survivor's curator
-- took over. $3 the actor.
WITH moved AS (
  UPDATE curators SET ended_at = now(), ended_by = $3, end_reason = 'replaced'
  WHERE client_id = ANY($2::uuid[]) AND ended_at IS NULL
  RETURNING id, client_id AS from_client_id),
recorded AS (
  INSERT INTO merge_moves (merge_id, kind, row_id, from_client_id)
  SELECT $1::uuid, 'curator_ended', id, from_client_id FROM moved
  RETURNING 1)
SELECT count(*)::int AS moved FROM recorded;

-- name: merge_count_moved_set
UPDATE merges
SET moved_contact_persons = $2, moved_group_memberships = $3, moved_participations = $4,
    moved_curators = $5, ended_curators = $6
WHERE id = $1::uuid;

-- name: merge_unmove_contact_persons
UPDATE contact_persons c SET client_id = m.from_client_id
FROM merge_moves m
WHERE m.merge_id = $1::uuid AND m.kind = 'contact_person' AND c.id = m.row_id;

-- name: merge_unmove_group_memberships
-- Memberships the survivor ($2) still has go back; one removed since stays removed.
UPDATE client_group_members g SET client_id = m.from_client_id
FROM merge_moves m
WHERE m.merge_id = $1::uuid AND m.kind = 'group_membership' AND g.group_id = m.row_id
  AND g.client_id = $2::uuid;

-- name: merge_unmove_participations
UPDATE participations p SET client_id = m.from_client_id
FROM merge_moves m
WHERE m.merge_id = $1::uuid AND m.kind = 'participation' AND p.id = m.row_id;

-- name: merge_unmove_curators
-- A moved term goes back whether it is still current or ended since (it is that client's
-- history either way).
UPDATE curators t SET client_id = m.from_client_id
FROM merge_moves m
WHERE m.merge_id = $1::uuid AND m.kind = 'curator' AND t.id = m.row_id;

-- name: merge_reopen_curators
UPDATE curators t SET ended_at = NULL, ended_by = NULL, end_reason = NULL
FROM merge_moves m
WHERE m.merge_id = $1::uuid AND m.kind = 'curator_ended' AND t.id = m.row_id;

-- name: merge_retire_clients
UPDATE clients
SET deleted_at = now(), merged_into = $2::uuid, version = version + 1, updated_at = now(),
    updated_by = $3
WHERE id = ANY($1::uuid[]);

-- name: merge_restore_clients
UPDATE clients
SET deleted_at = NULL, merged_into = NULL, version = version + 1, updated_at = now(),
    updated_by = $3
WHERE id = ANY($1::uuid[]) AND merged_into = $2::uuid;

-- name: merge_close_items
UPDATE verification_items
SET resolution = 'MERGED', resolution_comment = $3, resolved_at = now(), resolved_by = $4,
    merge_id = $1::uuid
WHERE client_id = ANY($2::uuid[]) AND resolution IS NULL;

-- name: merge_reopen_items
UPDATE verification_items
SET resolution = NULL, resolution_comment = '', resolved_at = NULL, resolved_by = NULL,
    merge_id = NULL
WHERE merge_id = $1::uuid;

-- name: merge_mark_undone
UPDATE merges SET undone_at = now(), undone_by = $2 WHERE id = $1::uuid;

-- name: merge_clients_still_merged
-- The clients of a merge still merged into its survivor ($2), of those in $1.
SELECT count(*)::int AS still_merged
FROM clients
WHERE id = ANY($1::uuid[]) AND merged_into = $2::uuid;
