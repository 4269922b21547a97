-- A client takes part in one of our editions when a sale is recorded for it: registry keeps the
-- sales planning publishes (crm.planning.sale.*) and derives the participation from them.
-- A participation in an edition exists while the client has an active sale there, its area the
-- sum of those sales' areas; one that an analyst entered by hand is never removed by a
-- cancellation (from_sales is false for it).
CREATE TABLE participation_sales (
  sale_id    uuid        PRIMARY KEY,
  client_id  uuid        NOT NULL,
  edition_id uuid        NOT NULL,
  area_dm2   bigint      NOT NULL CHECK (area_dm2 >= 0),
  active     boolean     NOT NULL,
  -- The time of the event that last changed the row (ce-time): an older event never undoes a
  -- newer one.
  event_time timestamptz NOT NULL
);
CREATE INDEX participation_sales_active ON participation_sales (client_id, edition_id)
  WHERE active;

ALTER TABLE participations ADD COLUMN from_sales boolean NOT NULL DEFAULT false;
