-- The stand inventory of each edition, its sales policy, and what sales gain from both: the
-- stand they reserve and their discount's approval.

CREATE TABLE stands (
  id               uuid        PRIMARY KEY,
  edition_id       uuid        NOT NULL REFERENCES editions (id),
  number           text        NOT NULL CHECK (number <> ''),
  -- The number as matched: upper case, spaces removed ("a 12" and "A12" are one stand).
  number_key       text        NOT NULL,
  hall             text        NOT NULL DEFAULT '',
  stand_type       text        NOT NULL
    CHECK (stand_type IN ('LINEAR', 'CORNER', 'PENINSULA', 'ISLAND', 'OPEN_AREA')),
  area_dm2         bigint      NOT NULL CHECK (area_dm2 > 0),
  open_sides       smallint    NOT NULL CHECK (open_sides BETWEEN 1 AND 4),
  status           text        NOT NULL DEFAULT 'free'
    CHECK (status IN ('free', 'held', 'sold', 'blocked')),
  hold_client_id   uuid        REFERENCES clients (id),
  held_by          uuid,
  hold_time        timestamptz,
  hold_expire_time timestamptz,
  hold_note        text        NOT NULL DEFAULT '',
  sale_id          uuid,
  block_reason     text        NOT NULL DEFAULT '',
  version          bigint      NOT NULL DEFAULT 1,
  create_time      timestamptz NOT NULL,
  update_time      timestamptz NOT NULL,
  UNIQUE (edition_id, number_key),
  CHECK ((status = 'held') = (hold_client_id IS NOT NULL AND hold_expire_time IS NOT NULL
                              AND held_by IS NOT NULL AND hold_time IS NOT NULL)),
  CHECK ((status = 'sold') = (sale_id IS NOT NULL)),
  CHECK ((status = 'blocked') = (block_reason <> ''))
);

-- The board and the free list read an edition's stands by status; expiry scans held ones.
CREATE INDEX stands_by_edition_status ON stands (edition_id, status, number_key);
CREATE INDEX stands_hold_expiry ON stands (hold_expire_time) WHERE status = 'held';

CREATE TABLE sales_policies (
  edition_id       uuid        PRIMARY KEY REFERENCES editions (id),
  max_discount_bp  integer     NOT NULL CHECK (max_discount_bp BETWEEN 0 AND 10000),
  default_hold_s   bigint      NOT NULL CHECK (default_hold_s > 0),
  max_hold_s       bigint      NOT NULL CHECK (max_hold_s >= default_hold_s),
  version          bigint      NOT NULL DEFAULT 1,
  update_time      timestamptz NOT NULL
);

ALTER TABLE sales
  ADD COLUMN stand_id          uuid REFERENCES stands (id),
  ADD COLUMN discount_bp       integer NOT NULL DEFAULT 0,
  ADD COLUMN max_discount_bp   integer,
  ADD COLUMN approval_required boolean NOT NULL DEFAULT false,
  ADD COLUMN approved_by       text    NOT NULL DEFAULT '',
  ADD COLUMN approve_time      timestamptz;

ALTER TABLE stands ADD FOREIGN KEY (sale_id) REFERENCES sales (id);
CREATE UNIQUE INDEX stands_by_sale ON stands (sale_id) WHERE sale_id IS NOT NULL;

ALTER TABLE sales DROP CONSTRAINT sales_state_check;
ALTER TABLE sales ADD CONSTRAINT sales_state_check
  CHECK (state IN ('ACTIVE', 'CANCELLED', 'PENDING_APPROVAL'));

-- Registry's name for outdoor space is the one name now.
UPDATE sales SET stand_type = 'OPEN_AREA' WHERE stand_type = 'OPEN_AIR';
