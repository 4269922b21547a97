-- Sales follow their amendments and cancellations (crm.planning.sale.amended, .cancelled): the
-- stand type, a state ('cancelled' rows stay but no report counts them) and `event_time` (the
-- ce-time of the event that wrote the row), so an older amendment never overwrites a newer one.
-- A cancelled sale does not change any more.
ALTER TABLE sales ADD COLUMN stand_type text;
ALTER TABLE sales ADD COLUMN state text NOT NULL DEFAULT 'active'
  CHECK (state IN ('active', 'cancelled'));
ALTER TABLE sales ADD COLUMN event_time timestamptz;
