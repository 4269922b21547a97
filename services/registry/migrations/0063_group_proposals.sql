-- Sales propose a client for a shared group; an analyst accepts (the client joins the group) or
-- rejects with a reason the proposer reads. The row is the proposal's whole record: who proposed
-- it and when, who decided and when, and why a rejection.
CREATE TABLE group_membership_proposals (
  id          uuid        PRIMARY KEY,
  group_id    uuid        NOT NULL REFERENCES client_groups (id),
  client_id   uuid        NOT NULL REFERENCES clients (id),
  comment     text        NOT NULL CHECK (comment <> ''),
  state       text        NOT NULL DEFAULT 'pending'
                          CHECK (state IN ('pending', 'accepted', 'rejected')),
  -- Principal subjects ("employees/{uuid}").
  proposed_by text        NOT NULL,
  proposed_at timestamptz NOT NULL DEFAULT now(),
  decided_by  text,
  decided_at  timestamptz,
  -- Why it was rejected; '' otherwise.
  reason      text        NOT NULL DEFAULT '',
  version     integer     NOT NULL DEFAULT 1,
  CHECK ((state = 'pending') = (decided_at IS NULL)),
  CHECK ((state = 'pending') = (decided_by IS NULL)),
  CHECK ((state = 'rejected') = (reason <> ''))
);
-- One pending proposal of a client for a group.
CREATE UNIQUE INDEX group_membership_proposals_one_pending
  ON group_membership_proposals (group_id, client_id) WHERE state = 'pending';
-- The analysts' queue and the lists by state, oldest first.
CREATE INDEX group_membership_proposals_by_state
  ON group_membership_proposals (state, proposed_at, id);
-- A proposer's own proposals.
CREATE INDEX group_membership_proposals_by_proposer
  ON group_membership_proposals (proposed_by, proposed_at, id);
