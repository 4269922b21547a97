-- Costs imported from 1C (docs/accounting-enterprise-data.md, "Costs from 1C"): each Услуги line
-- of a supplier's document (Документ.ПоступлениеТоваровУслуг) is a cost with source 'one_c', kept
-- under the document's Ссылка and the line's place, updated in place when 1C sends the document
-- again and soft-deleted when 1C deletes it. A line whose edition (the document's Подразделение,
-- by the edition's display name) or article (its СтатьяЗатрат, by the configured mapping) is not
-- known is kept unassigned — edition NULL or article '' — out of every fact and listed for the
-- accountants (ListBudgetCosts `unassigned`); sending it again once mapped assigns it.
ALTER TABLE budget_costs
  ALTER COLUMN edition DROP NOT NULL,
  DROP CONSTRAINT budget_costs_amount_kopecks_check,
  ADD CONSTRAINT budget_costs_amount CHECK (amount_kopecks >= 0),
  ADD COLUMN one_c_ref      uuid,
  ADD COLUMN one_c_line     integer CHECK (one_c_line > 0),
  -- How the accountants find it in 1C: "ПоступлениеТоваровУслуг № 12 от 2026-02-10, <supplier>".
  ADD COLUMN one_c_document text    NOT NULL DEFAULT '',
  -- The Подразделение and the СтатьяЗатрат as 1C sent them (what was or was not mapped).
  ADD COLUMN one_c_division text    NOT NULL DEFAULT '',
  ADD COLUMN one_c_item     text    NOT NULL DEFAULT '',
  ADD CONSTRAINT budget_costs_from_1c
    CHECK ((source = 'one_c') = (one_c_ref IS NOT NULL AND one_c_line IS NOT NULL)),
  ADD CONSTRAINT budget_costs_entered_assigned
    CHECK (source = 'one_c' OR (edition IS NOT NULL AND article <> ''));
CREATE UNIQUE INDEX budget_costs_of_1c_line ON budget_costs (one_c_ref, one_c_line);
CREATE INDEX budget_costs_unassigned ON budget_costs (create_time, id)
  WHERE source = 'one_c' AND (edition IS NULL OR article = '');
