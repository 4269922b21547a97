-- Proposals of group membership (store/group_proposal_store.cpp). Every statement returning a
-- proposal selects the same columns, read by one decoder: decided_by is '' and decided_us NULL
-- while it is pending; the group's and the client's display names come along for the queue.

-- fragment: group_proposal_columns
-- The columns of a proposal p with its group g and client c, read by name by the one decoder.
p.id::text AS id, p.group_id::text AS group_id, p.client_id::text AS client_id, p.comment,
       p.state, p.proposed_by,
       (extract(epoch FROM p.proposed_at) * 1000000)::bigint AS proposed_us,
       coalesce(p.decided_by, '') AS decided_by,
       (extract(epoch FROM p.decided_at) * 1000000)::bigint AS decided_us, p.reason, p.version,
       g.display_name AS group_display_name, c.display_name AS client_display_name

-- fragment: group_proposal_rows
-- Every proposal p with its group g and client c.
group_membership_proposals p
JOIN client_groups g ON g.id = p.group_id JOIN clients c ON c.id = p.client_id

-- name: group_proposal_insert
-- $1 id, $2 group, $3 client, $4 comment, $5 the proposer.
WITH p AS (
  INSERT INTO group_membership_proposals (id, group_id, client_id, comment, proposed_by)
  VALUES ($1::uuid, $2::uuid, $3::uuid, $4, $5)
  RETURNING *)
SELECT :group_proposal_columns
FROM p JOIN client_groups g ON g.id = p.group_id JOIN clients c ON c.id = p.client_id;

-- name: group_proposal_get
SELECT :group_proposal_columns
FROM :group_proposal_rows
WHERE p.id = $1::uuid;

-- name: group_proposal_get_for_update
SELECT :group_proposal_columns
FROM :group_proposal_rows
WHERE p.id = $1::uuid
FOR UPDATE OF p;

-- name: group_proposal_pending
-- The pending proposal of client $2 for group $1, if any.
SELECT p.id::text AS id
FROM group_membership_proposals p
WHERE p.group_id = $1::uuid AND p.client_id = $2::uuid AND p.state = 'pending';

-- name: group_proposal_decide
-- $2 the new state, $3 the analyst, $4 the reason of a rejection ('' otherwise).
WITH p AS (
  UPDATE group_membership_proposals
  SET state = $2, decided_by = $3, decided_at = now(), reason = $4, version = version + 1
  WHERE id = $1::uuid
  RETURNING *)
SELECT :group_proposal_columns
FROM p JOIN client_groups g ON g.id = p.group_id JOIN clients c ON c.id = p.client_id;

-- name: group_proposals_list
-- Oldest first, keyset on (proposed_at, id): in state $1, for group $2, of proposer $3 (each ''
-- for any); after the key ($4 microseconds since the epoch, $5), at most $6.
SELECT :group_proposal_columns
FROM :group_proposal_rows
WHERE ($1 = '' OR p.state = $1) AND ($2 = '' OR p.group_id::text = $2)
  AND ($3 = '' OR p.proposed_by = $3)
  AND (p.proposed_at, p.id)
      > ('epoch'::timestamptz + $4::bigint * interval '1 microsecond', $5::uuid)
ORDER BY p.proposed_at, p.id
LIMIT $6;

-- name: group_member_exists
-- Whether client $2 is a member of group $1.
SELECT EXISTS (SELECT 1 FROM client_group_members m
               WHERE m.group_id = $1::uuid AND m.client_id = $2::uuid) AS member;
