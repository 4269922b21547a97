-- A sale's history (SaleService.ListSaleHistory): one entry per version of the sale, written by
-- the change itself in its transaction (app::RecordSaleChange) — its recording, amendments,
-- approval or rejection and cancellation — with who made it, when, the reason given, the fields
-- it changed and the sales row as it was after it (to_jsonb of the row, read back through the
-- one sale decoder).
CREATE TABLE sale_history (
  sale_id       uuid        NOT NULL REFERENCES sales (id),
  -- sales.version after the change.
  version       bigint      NOT NULL CHECK (version > 0),
  change        text        NOT NULL
    CHECK (change IN ('recorded', 'amended', 'approved', 'rejected', 'cancelled')),
  -- "employees/{id}" or the service that made the change.
  actor         text        NOT NULL,
  change_time   timestamptz NOT NULL,
  comment       text        NOT NULL DEFAULT '',
  -- [{"field": ..., "before": ..., "after": ...}]: crm.planning.v1.SaleFieldChange as JSON.
  field_changes jsonb       NOT NULL DEFAULT '[]',
  snapshot      jsonb       NOT NULL,
  PRIMARY KEY (sale_id, version)
);

-- Every sale recorded before this migration starts its history with one entry: recorded by its
-- manager at its sale time, holding the row as it is now (changes made before the history was
-- kept were not recorded; the next change is the entry of the sale's next version).
INSERT INTO sale_history (sale_id, version, change, actor, change_time, snapshot)
SELECT s.id, 1, 'recorded', 'employees/' || s.manager_id::text, s.sale_time, to_jsonb(s)
FROM sales s;
