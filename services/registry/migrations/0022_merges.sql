-- Merging duplicates, reversibly. The merged clients are soft-deleted pointing at the survivor;
-- what moved to the survivor is recorded row by row, so undoing a merge moves back exactly that.

ALTER TABLE clients ADD COLUMN IF NOT EXISTS merged_into uuid REFERENCES clients (id);

CREATE TABLE merges (
  id                    uuid        PRIMARY KEY,
  survivor_id           uuid        NOT NULL REFERENCES clients (id),
  merged_ids            uuid[]      NOT NULL CHECK (cardinality(merged_ids) > 0),
  -- The survivor's empty fields filled from the merged clients: {"phone": "+7 ...", ...}.
  -- Undoing clears those that still hold the filled value.
  filled_fields         jsonb       NOT NULL DEFAULT '{}',
  moved_contact_persons integer     NOT NULL DEFAULT 0,
  comment               text        NOT NULL DEFAULT '',
  request_id            text        UNIQUE,
  created_at            timestamptz NOT NULL DEFAULT now(),
  created_by            text        NOT NULL,
  undone_at             timestamptz,
  undone_by             text
);
CREATE INDEX merges_by_survivor ON merges (survivor_id, created_at);

-- Every row a merge re-pointed from a merged client to the survivor. `kind` names the table:
-- contact_person today; group memberships, participation and curators as they arrive.
CREATE TABLE merge_moves (
  merge_id       uuid NOT NULL REFERENCES merges (id),
  kind           text NOT NULL,
  row_id         uuid NOT NULL,
  from_client_id uuid NOT NULL REFERENCES clients (id),
  PRIMARY KEY (merge_id, kind, row_id)
);

-- Queue items a merge closed; undoing the merge opens them again.
ALTER TABLE verification_items ADD COLUMN merge_id uuid REFERENCES merges (id);
CREATE INDEX verification_items_by_merge ON verification_items (merge_id) WHERE merge_id IS NOT NULL;
