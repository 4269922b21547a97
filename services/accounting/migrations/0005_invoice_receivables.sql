-- What receivables and the overdue reminder need of an invoice, from crm.documents.document.issued:
-- whose sale it is, which edition, the client's name and the day payment is due.
--
-- Rows recorded before this migration: the edition's display name and the client's name are taken
-- from the invoice's export package for 1C (exports.content, the JSON of
-- docs/accounting-exchange.md: document.edition, counterparty.name); the manager, the edition's
-- name ("projects/{p}/editions/{e}") and the due date were never stored here and stay NULL. Such
-- an invoice counts in receivables under an unknown manager and edition, is due on its issue date
-- for the ageing, and is never reported overdue (no due date, no invoice.overdue).
ALTER TABLE invoices
  ADD COLUMN manager_id       uuid,  -- the sale's manager (employees/{id}); NULL when unknown
  ADD COLUMN edition          text,  -- "projects/{p}/editions/{e}"; NULL when unknown
  ADD COLUMN edition_name     text,  -- the edition's display name as the invoice printed it
  ADD COLUMN client_name      text,  -- the buyer's legal name as the invoice printed it
  ADD COLUMN payment_due_date date,  -- NULL when unknown
  -- Set when crm.accounting.invoice.overdue was emitted for it, which happens once per invoice.
  ADD COLUMN overdue_notified boolean NOT NULL DEFAULT false;

UPDATE invoices i
   SET edition_name = NULLIF(e.content::jsonb #>> '{document,edition}', ''),
       client_name = NULLIF(e.content::jsonb #>> '{counterparty,name}', '')
  FROM exports e
 WHERE e.document_id = i.document_id AND e.operation = 'issue';

-- The overdue job: issued invoices not yet reported, by due date.
CREATE INDEX invoices_overdue_candidates ON invoices (payment_due_date, document_id)
  WHERE state = 'issued' AND NOT overdue_notified;
-- Receivables of a manager.
CREATE INDEX invoices_by_manager ON invoices (manager_id) WHERE state = 'issued';

-- Registry's employees as accounting needs them: the department unit of each, kept current by
-- crm.registry.employee.updated (the consumer accounting-employees), so that a head of sales sees
-- the receivables of their department's managers.
CREATE TABLE employees (
  id            uuid        PRIMARY KEY,
  department_id uuid,
  -- ce-time of the event that wrote the row: an older event never overwrites a newer one.
  event_time    timestamptz,
  updated_at    timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX employees_by_department ON employees (department_id, id)
  WHERE department_id IS NOT NULL;
