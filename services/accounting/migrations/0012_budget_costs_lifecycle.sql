-- Budget costs get a life cycle (services/accounting/README.md, "Budgets"): where a cost came from
-- (entered through the API, or imported from 1C), a version that is its etag, and a soft delete —
-- a deleted cost stays with who deleted it and when, out of the report's fact, so a report read
-- before the deletion can still be explained.
ALTER TABLE budget_costs
  ADD COLUMN source      text        NOT NULL DEFAULT 'entered'
                                     CHECK (source IN ('entered', 'one_c')),
  ADD COLUMN version     bigint      NOT NULL DEFAULT 1 CHECK (version > 0),
  ADD COLUMN delete_time timestamptz,
  ADD COLUMN deleted_by  text,
  ADD CONSTRAINT budget_costs_deleted_by CHECK ((delete_time IS NULL) = (deleted_by IS NULL));

-- ListBudgetCosts pages an edition's costs by (create_time, id).
CREATE INDEX budget_costs_list ON budget_costs (edition, create_time, id);
