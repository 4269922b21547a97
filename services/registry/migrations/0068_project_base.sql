-- The client base of each exhibition project kept as rows (project_base) instead of computed for
-- every ListProjectClients call: the union of the members of its live target groups, the
-- participants of its editions and the clients with a current curator in it, deduplicated, was
-- built twice per call (for total_size and for the page), 100,000 index entries at 100 target
-- groups of 1,000 members. A row holds the ways its client is in the project's base (the ids of
-- the project's live target groups it is a member of, how many participations in the project's
-- editions and current curator terms there it has) and a copy of the client's display name and
-- liveness, so a page is read from an index in the list's order with its target groups at hand,
-- and total_size is an index-only count.
--
-- Triggers keep the rows in the transaction of every statement that changes a way in: group
-- memberships (the group RPCs, filters, accepted proposals, merges and their undo, bulk loads),
-- a project's target groups, a group's deletion, participations, curator terms; and the copy of
-- the name and liveness when a client is renamed, deleted, undeleted or merged away.
--
-- Locking, so concurrent changes neither lose a count nor deadlock among themselves:
-- * A change of memberships locks its groups FOR NO KEY UPDATE in id order (as the member count
--   of migration 0067 does); a change of a project's target groups locks the groups FOR SHARE in
--   id order; deleting a group locks its row (the UPDATE, after LockGroup's FOR UPDATE). So a
--   membership change and a target-group change or deletion of the same group follow each
--   other, and the later one reads, in a statement after its lock, what the earlier committed.
-- * Before writing rows, the clients concerned are locked FOR SHARE in id order, so a rename
--   (which holds the client's row) and a new row of that client follow each other and the row
--   carries the name that is committed last.
-- * Rows are written in (client, project) order; the changes are added to (or removed from) what
--   a row holds, so changes by several callers to one row queue on it and each applies to what
--   the previous committed.
-- There is no foreign key to projects: its check would take a KEY SHARE lock on the project,
-- which SetProjectTargetGroups holds FOR UPDATE while it waits for its groups.

CREATE TABLE project_base (
  project_id               uuid    NOT NULL,
  client_id                uuid    NOT NULL REFERENCES clients (id),
  display_name             text    NOT NULL,
  client_live              boolean NOT NULL,
  target_groups            uuid[]  NOT NULL DEFAULT '{}',
  participations           integer NOT NULL DEFAULT 0,
  current_curators         integer NOT NULL DEFAULT 0,
  PRIMARY KEY (project_id, client_id)
);
-- A project's live clients in the list's order (the page and the unfiltered count).
CREATE INDEX project_base_live_by_name ON project_base (project_id, display_name, client_id)
  WHERE client_live;
-- A client's rows (a rename or deletion copies onto them).
CREATE INDEX project_base_by_client ON project_base (client_id, project_id);

-- Adds (`direction` 1) or removes (-1), for each entry (project_ids[i], client_ids[i]), one way
-- into the base: for `way` 'target_group' the group group_ids[i] to the row's target groups, for
-- 'participation' and 'curator' 1 to its count; creates a row where there is none and removes a
-- row left with no way in. A count below 0, or a target group left in a row it was removed from,
-- means the rows and their sources disagree: it fails the statement rather than store it.
CREATE FUNCTION project_base_shift(way text, direction integer, project_ids uuid[],
                                   client_ids uuid[], group_ids uuid[] DEFAULT NULL)
RETURNS void
LANGUAGE plpgsql AS $$
BEGIN
  IF coalesce(cardinality(project_ids), 0) = 0 THEN
    RETURN;
  END IF;
  PERFORM 1 FROM clients c WHERE c.id IN (SELECT unnest(client_ids)) ORDER BY c.id FOR SHARE;
  INSERT INTO project_base AS b (project_id, client_id, display_name, client_live, target_groups,
                                 participations, current_curators)
  SELECT d.project_id, d.client_id, c.display_name, c.deleted_at IS NULL,
         CASE WHEN way = 'target_group' THEN d.group_ids ELSE '{}' END,
         CASE WHEN way = 'participation' THEN d.n ELSE 0 END,
         CASE WHEN way = 'curator' THEN d.n ELSE 0 END
  FROM (SELECT x.project_id, x.client_id, (count(*) * direction)::integer AS n,
               coalesce(array_agg(x.group_id ORDER BY x.group_id)
                          FILTER (WHERE x.group_id IS NOT NULL), '{}') AS group_ids
        FROM unnest(project_ids, client_ids, group_ids) AS x (project_id, client_id, group_id)
        GROUP BY x.project_id, x.client_id) d
  JOIN clients c ON c.id = d.client_id
  ORDER BY d.client_id, d.project_id
  ON CONFLICT (project_id, client_id) DO UPDATE
  SET target_groups = CASE
        WHEN way <> 'target_group' THEN b.target_groups
        WHEN direction > 0 THEN ARRAY(SELECT DISTINCT u FROM unnest(b.target_groups
                                                                 || excluded.target_groups) u
                                      ORDER BY u)
        ELSE ARRAY(SELECT u FROM unnest(b.target_groups) u
                   WHERE NOT u = ANY (excluded.target_groups) ORDER BY u) END,
      participations = b.participations + excluded.participations,
      current_curators = b.current_curators + excluded.current_curators;
  IF EXISTS (SELECT 1
             FROM project_base b
             JOIN unnest(project_ids, client_ids, group_ids) AS x (project_id, client_id, group_id)
               ON b.project_id = x.project_id AND b.client_id = x.client_id
             WHERE b.participations < 0 OR b.current_curators < 0
                OR (direction < 0 AND x.group_id = ANY (b.target_groups))) THEN
    RAISE EXCEPTION 'project_base: a way into the base removed that was not there'
      USING ERRCODE = 'check_violation';
  END IF;
  DELETE FROM project_base b
  USING unnest(project_ids, client_ids) AS x (project_id, client_id)
  WHERE b.project_id = x.project_id AND b.client_id = x.client_id
    AND b.target_groups = '{}' AND b.participations = 0 AND b.current_curators = 0;
END
$$;

-- The statement triggers below read the rows a statement added or removed as the transition
-- table `changed` and count them with the direction of their argument: inserts and updates' new
-- rows +1, deletes and updates' old rows -1. An update runs its +1 trigger first (triggers fire
-- in name order), so a row whose count does not change is not removed in between. For the
-- target groups, whose ways in are a set rather than a count, an update must change its row's key:
-- one that kept (group, client) or (project, group) would take the group out of the rows. Today
-- only merges and their undo update memberships (moving them to another client), and nothing
-- updates project_target_groups; an update of their other columns needs a trigger that compares
-- the old and new rows first.

-- Memberships: each counts for (project, client) in every project the group is a live target
-- group of.
CREATE FUNCTION client_group_members_to_project_base() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
  PERFORM 1 FROM client_groups g WHERE g.id IN (SELECT group_id FROM changed)
  ORDER BY g.id FOR NO KEY UPDATE;
  PERFORM project_base_shift('target_group', TG_ARGV[0]::integer, array_agg(t.project_id),
                             array_agg(m.client_id), array_agg(m.group_id))
  FROM changed m
  JOIN client_groups g ON g.id = m.group_id AND g.deleted_at IS NULL
  JOIN project_target_groups t ON t.group_id = m.group_id;
  RETURN NULL;
END
$$;

-- Target groups linked and unlinked: every member of a live group counts for the project.
CREATE FUNCTION project_target_groups_to_project_base() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
  PERFORM 1 FROM client_groups g WHERE g.id IN (SELECT group_id FROM changed)
  ORDER BY g.id FOR SHARE;
  PERFORM project_base_shift('target_group', TG_ARGV[0]::integer, array_agg(l.project_id),
                             array_agg(m.client_id), array_agg(l.group_id))
  FROM changed l
  JOIN client_groups g ON g.id = l.group_id AND g.deleted_at IS NULL
  JOIN client_group_members m ON m.group_id = l.group_id;
  RETURN NULL;
END
$$;

-- A group deleted (-1) or brought back (+1): its members count for the projects it is a target
-- group of. The UPDATE holds the group's row.
CREATE FUNCTION client_groups_to_project_base() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
  PERFORM project_base_shift('target_group',
                             CASE WHEN NEW.deleted_at IS NULL THEN 1 ELSE -1 END,
                             array_agg(t.project_id), array_agg(m.client_id),
                             array_agg(t.group_id))
  FROM project_target_groups t JOIN client_group_members m ON m.group_id = t.group_id
  WHERE t.group_id = NEW.id;
  RETURN NULL;
END
$$;

CREATE TRIGGER client_groups_in_project_base AFTER UPDATE OF deleted_at ON client_groups
  FOR EACH ROW WHEN ((OLD.deleted_at IS NULL) <> (NEW.deleted_at IS NULL))
  EXECUTE FUNCTION client_groups_to_project_base();

-- Participations in editions, for the edition's project (a competitor's exhibition is in no
-- project's base).
CREATE FUNCTION participations_to_project_base() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
  PERFORM project_base_shift('participation', TG_ARGV[0]::integer, array_agg(e.project_id),
                             array_agg(x.client_id))
  FROM changed x JOIN editions e ON e.id = x.edition_id;
  RETURN NULL;
END
$$;

-- Current curator terms (begun, moved, ended, reopened).
CREATE FUNCTION curators_to_project_base() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
  PERFORM project_base_shift('curator', TG_ARGV[0]::integer, array_agg(x.project_id),
                             array_agg(x.client_id))
  FROM changed x
  WHERE x.ended_at IS NULL;
  RETURN NULL;
END
$$;

-- Every source table gets the same four statement triggers, named so that an update's +1 runs
-- before its -1.
DO $$
DECLARE
  source text;
BEGIN
  FOREACH source IN ARRAY ARRAY['client_group_members', 'project_target_groups',
                                'participations', 'curators'] LOOP
    EXECUTE format('CREATE TRIGGER %1$s_in_project_base_1_inserted AFTER INSERT ON %1$s'
                   ' REFERENCING NEW TABLE AS changed FOR EACH STATEMENT'
                   ' EXECUTE FUNCTION %1$s_to_project_base(''1'')', source);
    EXECUTE format('CREATE TRIGGER %1$s_in_project_base_2_updated_new AFTER UPDATE ON %1$s'
                   ' REFERENCING NEW TABLE AS changed FOR EACH STATEMENT'
                   ' EXECUTE FUNCTION %1$s_to_project_base(''1'')', source);
    EXECUTE format('CREATE TRIGGER %1$s_in_project_base_3_updated_old AFTER UPDATE ON %1$s'
                   ' REFERENCING OLD TABLE AS changed FOR EACH STATEMENT'
                   ' EXECUTE FUNCTION %1$s_to_project_base(''-1'')', source);
    EXECUTE format('CREATE TRIGGER %1$s_in_project_base_4_deleted AFTER DELETE ON %1$s'
                   ' REFERENCING OLD TABLE AS changed FOR EACH STATEMENT'
                   ' EXECUTE FUNCTION %1$s_to_project_base(''-1'')', source);
  END LOOP;
END
$$;

-- A client renamed, deleted, undeleted or merged away: its rows carry the new name and liveness.
CREATE FUNCTION clients_to_project_base() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
  UPDATE project_base b
  SET display_name = NEW.display_name, client_live = NEW.deleted_at IS NULL
  WHERE b.client_id = NEW.id;
  RETURN NULL;
END
$$;

CREATE TRIGGER clients_in_project_base AFTER UPDATE OF display_name, deleted_at ON clients
  FOR EACH ROW WHEN (OLD.display_name IS DISTINCT FROM NEW.display_name
                     OR (OLD.deleted_at IS NULL) <> (NEW.deleted_at IS NULL))
  EXECUTE FUNCTION clients_to_project_base();

-- The rows of the bases as they stand.
INSERT INTO project_base (project_id, client_id, display_name, client_live, target_groups,
                          participations, current_curators)
SELECT w.project_id, w.client_id, c.display_name, c.deleted_at IS NULL,
       coalesce(array_agg(w.group_id ORDER BY w.group_id) FILTER (WHERE w.group_id IS NOT NULL),
                '{}'),
       sum(w.p)::integer, sum(w.k)::integer
FROM (SELECT t.project_id, m.client_id, t.group_id, 0 AS p, 0 AS k
      FROM project_target_groups t
      JOIN client_groups g ON g.id = t.group_id AND g.deleted_at IS NULL
      JOIN client_group_members m ON m.group_id = t.group_id
      UNION ALL
      SELECT e.project_id, pa.client_id, NULL, 1, 0
      FROM participations pa JOIN editions e ON e.id = pa.edition_id
      UNION ALL
      SELECT cu.project_id, cu.client_id, NULL, 0, 1
      FROM curators cu
      WHERE cu.ended_at IS NULL) w
JOIN clients c ON c.id = w.client_id
GROUP BY w.project_id, w.client_id, c.display_name, c.deleted_at;
