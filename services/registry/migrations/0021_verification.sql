-- Verification between departments: records entered by sales wait for an analyst; managers flag
-- wrong records; returned mail marks a postal address invalid. Each case is an item in the
-- analysts' queue until an analyst verifies, rejects or merges the client.

-- The client's own verification state and postal address flag (shared with the client model;
-- IF NOT EXISTS keeps one definition whichever migration adds them first). Clients that were in
-- the base before verification existed count as verified.
ALTER TABLE clients ADD COLUMN IF NOT EXISTS verification_state text NOT NULL
  DEFAULT 'VERIFIED';
ALTER TABLE clients ADD COLUMN IF NOT EXISTS postal_address_valid boolean NOT NULL DEFAULT true;

CREATE TABLE verification_items (
  id                 uuid        PRIMARY KEY,
  client_id          uuid        NOT NULL REFERENCES clients (id),
  reason             text        NOT NULL
                     CHECK (reason IN ('NEW_RECORD', 'FLAGGED_BY_MANAGER', 'RETURNED_MAIL')),
  problem            text        NOT NULL DEFAULT '',
  field_paths        text[]      NOT NULL DEFAULT '{}',
  comment            text        NOT NULL DEFAULT '',
  request_id         text        UNIQUE,
  created_at         timestamptz NOT NULL DEFAULT now(),
  created_by         text        NOT NULL,
  -- NULL while open; how an analyst closed it.
  resolution         text        CHECK (resolution IN ('VERIFIED', 'REJECTED', 'MERGED')),
  resolution_comment text        NOT NULL DEFAULT '',
  resolved_at        timestamptz,
  resolved_by        text,
  CHECK ((resolution IS NULL) = (resolved_at IS NULL))
);
-- The queue: open items, oldest first, all or of one reason.
CREATE INDEX verification_queue ON verification_items (created_at, id) WHERE resolution IS NULL;
CREATE INDEX verification_queue_by_reason ON verification_items (reason, created_at, id)
  WHERE resolution IS NULL;
CREATE INDEX verification_items_open_by_client ON verification_items (client_id)
  WHERE resolution IS NULL;

-- The duplicate candidates found when an item was opened, with their score and reasons.
CREATE TABLE verification_candidates (
  item_id      uuid    NOT NULL REFERENCES verification_items (id),
  candidate_id uuid    NOT NULL REFERENCES clients (id),
  score        integer NOT NULL CHECK (score BETWEEN 0 AND 100),
  -- DuplicateReason names without the prefix: SAME_INN_KPP, SIMILAR_NAME, ...
  reasons      text[]  NOT NULL,
  PRIMARY KEY (item_id, candidate_id)
);

COMMENT ON COLUMN client_history.change IS
  'created, updated, deleted, undeleted, verified, rejected, flagged, postal_address_invalidated; '
  'merged (the survivor), merged_into (a merged client), merge_undone, unmerged';
