-- An invoice row is updated once or twice in its life (what payments paid of it, invoice.paid
-- and invoice.overdue marked). With room left on each page the update stays on its page (a HOT
-- update) and none of the invoices' six indexes is written: a statement of 100,000 payments
-- settles its invoices without 500,000 index insertions. The setting applies to pages written
-- from now on.
ALTER TABLE invoices SET (fillfactor = 80);
