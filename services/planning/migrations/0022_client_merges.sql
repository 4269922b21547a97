-- Client merges seen from registry (crm.registry.client.merged / merge_undone): which rows of
-- planning were re-pointed from a merged client to the survivor, so that undoing the merge
-- moves exactly those back.

CREATE TABLE client_merges (
  -- The registry's "merges/{merge}" id.
  merge_id    uuid        PRIMARY KEY,
  survivor_id uuid        NOT NULL,
  -- UNDONE also when the undo arrived first: a late "merged" delivery is then ignored.
  state       text        NOT NULL CHECK (state IN ('MERGED', 'UNDONE')),
  merge_time  timestamptz NOT NULL DEFAULT now(),
  undo_time   timestamptz
);

CREATE TABLE client_merge_moves (
  merge_id       uuid NOT NULL REFERENCES client_merges (merge_id),
  -- The table the row lives in: contacts, sales, redirects, ...
  resource       text NOT NULL,
  row_id         uuid NOT NULL,
  from_client_id uuid NOT NULL,
  PRIMARY KEY (merge_id, resource, row_id)
);
