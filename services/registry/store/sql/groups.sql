-- Client groups, their members and projects' target groups (store/group_store.cpp). Every
-- statement returning a group selects the same columns, read by one decoder: owner is '' for a
-- shared group; member_count counts its members (kept on the row by triggers, migration 0067);
-- deleted_us is NULL while it is live. Owner parameters are the caller's principal subject:
-- personal groups of anyone else are never read.

-- fragment: group_columns
-- The columns of a group g (see above), read by name by the one group decoder.
g.id::text AS id, g.display_name, g.description, g.kind,
       coalesce(g.owner, '') AS owner,
       g.member_count,
       (extract(epoch FROM g.created_at) * 1000000)::bigint AS created_us,
       (extract(epoch FROM g.updated_at) * 1000000)::bigint AS updated_us,
       (extract(epoch FROM g.deleted_at) * 1000000)::bigint AS deleted_us, g.version

-- name: group_insert
-- $5 the owner of a personal group ('' for a shared one), $6 the actor.
WITH g AS (
  INSERT INTO client_groups (id, display_name, description, kind, owner, created_by, updated_by)
  VALUES ($1::uuid, $2, $3, $4, NULLIF($5, ''), $6, $6)
  RETURNING *)
SELECT :group_columns
FROM g;

-- name: group_get
SELECT :group_columns
FROM client_groups g
WHERE g.id = $1::uuid;

-- name: group_get_for_update
SELECT :group_columns
FROM client_groups g
WHERE g.id = $1::uuid
FOR UPDATE OF g;

-- name: group_update
UPDATE client_groups g
SET display_name = $2, description = $3, version = version + 1, updated_at = now(),
    updated_by = $4
WHERE g.id = $1::uuid
RETURNING :group_columns;

-- name: group_delete
UPDATE client_groups g
SET deleted_at = now(), version = version + 1, updated_at = now(), updated_by = $2
WHERE g.id = $1::uuid
RETURNING :group_columns;

-- name: groups_list
-- Live groups the caller ($1) may see, of kind $2 ('' for all), by (display_name, id), after
-- ($3, $4), at most $5.
SELECT :group_columns
FROM client_groups g
WHERE g.deleted_at IS NULL AND (g.owner IS NULL OR g.owner = $1)
  AND ($2 = '' OR g.kind = $2) AND (g.display_name, g.id) > ($3, $4::uuid)
ORDER BY g.display_name, g.id
LIMIT $5;

-- name: client_groups_list
-- The live groups client $1 belongs to that the caller ($2) may see, by (display_name, id),
-- after ($3, $4), at most $5.
SELECT :group_columns
FROM client_group_members cm JOIN client_groups g ON g.id = cm.group_id
WHERE cm.client_id = $1::uuid AND g.deleted_at IS NULL
  AND (g.owner IS NULL OR g.owner = $2) AND (g.display_name, g.id) > ($3, $4::uuid)
ORDER BY g.display_name, g.id
LIMIT $5;

-- name: clients_missing
-- The first of the clients $1 (a uuid[]) that does not exist, if any.
SELECT wanted::text AS client_id
FROM unnest($1::uuid[]) AS wanted
WHERE NOT EXISTS (SELECT 1 FROM clients c WHERE c.id = wanted)
LIMIT 1;

-- name: group_members_add
-- The clients $2 (a uuid[]) join group $1; $3 the actor. Members already in stay as they are.
INSERT INTO client_group_members (group_id, client_id, added_by)
SELECT $1::uuid, wanted, $3 FROM unnest($2::uuid[]) AS wanted
ON CONFLICT DO NOTHING;

-- name: group_members_remove
DELETE FROM client_group_members WHERE group_id = $1::uuid AND client_id = ANY($2::uuid[]);

-- name: group_member_count
-- How many members group $1 has, deleted clients too when $2: with the same $2, the rows of every
-- page of group_members_list together.
SELECT count(*) AS member_count
FROM client_group_members m
WHERE m.group_id = $1::uuid
  AND ($2::boolean OR EXISTS (SELECT 1 FROM clients c
                              WHERE c.id = m.client_id AND c.deleted_at IS NULL));

-- name: group_members_list
-- The members of group $1 by their client's (display_name, id), after ($2, $3), at most $4;
-- deleted clients too when $5.
SELECT c.id::text AS id, c.display_name, c.inn,
       (extract(epoch FROM m.added_at) * 1000000)::bigint AS added_us
FROM client_group_members m JOIN clients c ON c.id = m.client_id
WHERE m.group_id = $1::uuid AND (c.display_name, c.id) > ($2, $3::uuid)
  AND (c.deleted_at IS NULL OR $5::boolean)
ORDER BY c.display_name, c.id
LIMIT $4;

-- name: group_members_add_by_filter
-- Every live client matching the client filter ($1..$18, bound from ClientFilterParameters; see
-- store/client_filter.h) joins group $19; $20 the actor. Returns how many clients matched, how
-- many rows changed, and up to $21 changed client ids in id order, comma-separated.
WITH matched AS (
  SELECT c.id FROM clients c
  WHERE :client_filter
    AND c.deleted_at IS NULL),
added AS (
  INSERT INTO client_group_members (group_id, client_id, added_by)
  SELECT $19::uuid, id, $20 FROM matched
  ON CONFLICT DO NOTHING
  RETURNING client_id)
SELECT (SELECT count(*) FROM matched) AS matched, (SELECT count(*) FROM added) AS changed,
       (SELECT array_to_string((array_agg(client_id ORDER BY client_id))[1:$21::int], ',')
        FROM added) AS sample;

-- name: group_members_remove_by_filter
-- Every member of group $19 whose client matches the client filter ($1..$18, as above) leaves,
-- whatever the client's state. Returns matched (always 0: not counted on removal), how many
-- rows changed, and up to $20 removed client ids in id order, comma-separated.
WITH removed AS (
  DELETE FROM client_group_members m USING clients c
  WHERE m.group_id = $19::uuid AND c.id = m.client_id
    AND :client_filter
  RETURNING m.client_id)
SELECT 0::bigint AS matched, count(*) AS changed,
       array_to_string((array_agg(client_id ORDER BY client_id))[1:$20::int], ',') AS sample
FROM removed;

-- name: project_target_groups_list
-- The live groups linked to project $1 as its target groups, by (display_name, id), after
-- ($2, $3), at most $4.
SELECT :group_columns
FROM project_target_groups t JOIN client_groups g ON g.id = t.group_id
WHERE t.project_id = $1::uuid AND g.deleted_at IS NULL
  AND (g.display_name, g.id) > ($2, $3::uuid)
ORDER BY g.display_name, g.id
LIMIT $4;

-- name: target_group_problems
-- (group id, problem) of each of the groups $1 that cannot be a target group, in request order:
-- missing (also deleted, or another's personal group: $2 is the caller), personal, or of
-- another kind.
SELECT x::text AS group_id,
       CASE WHEN g.id IS NULL OR g.deleted_at IS NOT NULL
                 OR (g.owner IS NOT NULL AND g.owner <> $2) THEN 'missing'
            WHEN g.owner IS NOT NULL THEN 'personal'
            ELSE 'kind' END AS problem
FROM unnest($1::uuid[]) WITH ORDINALITY AS w (x, n) LEFT JOIN client_groups g ON g.id = x
WHERE g.id IS NULL OR g.deleted_at IS NOT NULL OR g.owner IS NOT NULL
   OR g.kind <> 'target_group'
ORDER BY n;

-- name: project_target_groups_lock_groups
-- Before project $1's links change: the groups it is linked to and the groups $2, FOR SHARE in id
-- order, so the link and unlink statements' triggers (migration 0068), which lock them again one
-- statement at a time, cannot deadlock with a membership change across them.
SELECT g.id::text AS group_id
FROM client_groups g
WHERE g.id IN (SELECT t.group_id FROM project_target_groups t WHERE t.project_id = $1::uuid)
   OR g.id = ANY ($2::uuid[])
ORDER BY g.id
FOR SHARE OF g;

-- name: project_target_groups_unlink
-- The links of project $1 to groups not in $2 go; returns their group ids.
DELETE FROM project_target_groups
WHERE project_id = $1::uuid AND NOT (group_id = ANY ($2::uuid[]))
RETURNING group_id::text AS group_id;

-- name: project_target_groups_link
-- Project $1 links the groups $2 it is not linked to yet ($3 the actor); returns their ids.
INSERT INTO project_target_groups (project_id, group_id, linked_by)
SELECT $1::uuid, x, $3 FROM unnest($2::uuid[]) AS x
ON CONFLICT DO NOTHING
RETURNING group_id::text AS group_id;
