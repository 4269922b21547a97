-- A group's member count kept on its row (client_groups.member_count, read as Group.member_count)
-- instead of counted for each listed group: a page of 50 groups of 1,000 members counted 50,000
-- index entries. Statement triggers on client_group_members keep it, so every statement that
-- adds, removes or moves memberships (the group RPCs, filters, proposals, merges and their undo,
-- bulk loads) changes the count in its own transaction, whatever its path. Concurrent changes of
-- one group wait for each other on the group's row (read committed: the later one adds to the
-- count the earlier one committed); a statement locks its groups in id order first, so two
-- statements changing several groups cannot deadlock on them. The count is of membership rows,
-- deleted clients' included, as the count it replaces.

ALTER TABLE client_groups
  ADD COLUMN member_count bigint NOT NULL DEFAULT 0 CHECK (member_count >= 0);

UPDATE client_groups g SET member_count = m.n
FROM (SELECT group_id, count(*) AS n FROM client_group_members GROUP BY group_id) m
WHERE g.id = m.group_id;

-- Rows added (the transition table `added`: inserts, and updates' new rows) minus rows removed
-- (`removed`: deletes, and updates' old rows), per group; a group whose count stays (a membership
-- moved to another client of the same group, as merges do) is not touched.
CREATE FUNCTION client_group_members_recount() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP = 'INSERT' THEN
    PERFORM 1 FROM client_groups g WHERE g.id IN (SELECT group_id FROM added)
    ORDER BY g.id FOR NO KEY UPDATE;
    UPDATE client_groups g SET member_count = g.member_count + d.n
    FROM (SELECT group_id, count(*) AS n FROM added GROUP BY group_id) d
    WHERE g.id = d.group_id;
  ELSIF TG_OP = 'DELETE' THEN
    PERFORM 1 FROM client_groups g WHERE g.id IN (SELECT group_id FROM removed)
    ORDER BY g.id FOR NO KEY UPDATE;
    UPDATE client_groups g SET member_count = g.member_count - d.n
    FROM (SELECT group_id, count(*) AS n FROM removed GROUP BY group_id) d
    WHERE g.id = d.group_id;
  ELSE
    PERFORM 1 FROM client_groups g
    WHERE g.id IN (SELECT group_id
                   FROM (SELECT group_id, 1 AS n FROM added
                         UNION ALL SELECT group_id, -1 FROM removed) AS moved
                   GROUP BY group_id HAVING sum(n) <> 0)
    ORDER BY g.id FOR NO KEY UPDATE;
    UPDATE client_groups g SET member_count = g.member_count + d.n
    FROM (SELECT group_id, sum(n) AS n
          FROM (SELECT group_id, 1 AS n FROM added
                UNION ALL SELECT group_id, -1 FROM removed) AS moved
          GROUP BY group_id HAVING sum(n) <> 0) d
    WHERE g.id = d.group_id;
  END IF;
  RETURN NULL;
END
$$;

CREATE TRIGGER client_group_members_counted_on_insert AFTER INSERT ON client_group_members
  REFERENCING NEW TABLE AS added
  FOR EACH STATEMENT EXECUTE FUNCTION client_group_members_recount();
CREATE TRIGGER client_group_members_counted_on_delete AFTER DELETE ON client_group_members
  REFERENCING OLD TABLE AS removed
  FOR EACH STATEMENT EXECUTE FUNCTION client_group_members_recount();
CREATE TRIGGER client_group_members_counted_on_update AFTER UPDATE ON client_group_members
  REFERENCING OLD TABLE AS removed NEW TABLE AS added
  FOR EACH STATEMENT EXECUTE FUNCTION client_group_members_recount();
