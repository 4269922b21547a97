-- Accounting's copy of issued invoices (migrations/0003_invoices.sql, 0005_invoice_receivables.sql).

-- fragment: invoice_columns
-- The columns of an invoice's record, read by name by the one decoder (InvoiceFromRow).
document_id, number, (issue_date)::text AS issue_date, sale_id, client, client_inn, client_kpp,
currency_code, total_kopecks, state, paid_kopecks, paid_notified,
COALESCE(manager_id::text, '') AS manager_id, COALESCE(edition, '') AS edition,
COALESCE(edition_name, '') AS edition_name, COALESCE(client_name, '') AS client_name,
COALESCE(payment_due_date::text, '') AS payment_due_date

-- name: accounting_upsert_invoice
-- $1 document_id, $2 number, $3 issue_date (ISO), $4 sale, $5 client, $6 client_inn,
-- $7 client_kpp, $8 currency_code, $9 total_kopecks, $10 replaces (uuid or NULL),
-- $11 source_event_id, $12 manager id, $13 edition ("projects/{p}/editions/{e}"), $14 edition
-- display name, $15 client's name, $16 payment due date (ISO); '' for unknown in $12..$16. A
-- replay of the same document changes nothing.
INSERT INTO invoices (document_id, number, issue_date, sale_id, client, client_inn, client_kpp,
                      currency_code, total_kopecks, state, replaces, source_event_id,
                      manager_id, edition, edition_name, client_name, payment_due_date)
VALUES ($1, $2, $3::date, $4, $5, $6, $7, $8, $9, 'issued', $10, $11,
        NULLIF($12, '')::uuid, NULLIF($13, ''), NULLIF($14, ''), NULLIF($15, ''),
        NULLIF($16, '')::date)
ON CONFLICT (document_id) DO NOTHING
RETURNING document_id;

-- name: accounting_set_invoice_state
-- $1 document_id, $2 state ('replaced' or 'annulled'). Only an issued invoice changes; the row
-- comes back when it did.
UPDATE invoices SET state = $2, update_time = now()
WHERE document_id = $1 AND state = 'issued'
RETURNING document_id;

-- name: accounting_get_invoice
SELECT :invoice_columns
FROM invoices
WHERE document_id = $1;

-- name: accounting_lock_invoice
-- $1 document_id: the invoice locked for a payment to be allocated to it.
SELECT :invoice_columns
FROM invoices
WHERE document_id = $1
FOR UPDATE;

-- name: accounting_lock_open_invoices_of_payers
-- $1 client INNs (text[]): the invoices of these payers still owed on, per payer oldest first,
-- locked for matching in this order (so two imports lock shared invoices in the same order).
SELECT :invoice_columns
FROM invoices
WHERE client_inn = ANY($1::text[]) AND state = 'issued' AND paid_kopecks < total_kopecks
ORDER BY client_inn, issue_date, number, document_id
FOR UPDATE;

-- name: accounting_add_invoice_payment
-- $1 document_id, $2 kopecks to add (negative to undo a match).
UPDATE invoices SET paid_kopecks = paid_kopecks + $2, update_time = now()
WHERE document_id = $1;

-- name: accounting_add_invoice_payments
-- $1 document ids, $2 kopecks to add, $3 whether invoice.paid is emitted for it now (paid in full
-- for the first time): parallel arrays, each invoice once.
UPDATE invoices i
   SET paid_kopecks = i.paid_kopecks + a.kopecks, paid_notified = i.paid_notified OR a.settled,
       update_time = now()
  FROM unnest($1::uuid[], $2::bigint[], $3::boolean[]) AS a(document_id, kopecks, settled)
 WHERE i.document_id = a.document_id;

-- name: accounting_payments_of_invoices
-- $1 document ids (uuid[]): the payments standing on each.
SELECT DISTINCT invoice_id, payment_id FROM payment_allocations
WHERE invoice_id = ANY($1::uuid[]) AND undo_time IS NULL
ORDER BY invoice_id, payment_id;

-- name: accounting_mark_invoice_paid_notified
-- $1 document_id. The row comes back only the first time, so invoice.paid is emitted once.
UPDATE invoices SET paid_notified = true
WHERE document_id = $1 AND NOT paid_notified
RETURNING document_id;

-- name: accounting_invoice_payments
-- $1 document_id: the payments standing on it.
SELECT DISTINCT payment_id FROM payment_allocations
WHERE invoice_id = $1 AND undo_time IS NULL
ORDER BY payment_id;

-- name: accounting_claim_overdue_invoices
-- $1 today (ISO, the company's local date), $2 at most this many. Issued invoices whose due date
-- has passed, not paid in full and not reported overdue yet, locked; rows another replica holds
-- are skipped, so every replica may run the job and each invoice is claimed by one.
SELECT :invoice_columns, ($1::date - payment_due_date) AS days_overdue
FROM invoices
WHERE state = 'issued' AND NOT overdue_notified AND payment_due_date < $1::date
  AND paid_kopecks < total_kopecks
ORDER BY payment_due_date, document_id
LIMIT $2
FOR UPDATE SKIP LOCKED;

-- name: accounting_mark_invoice_overdue_notified
-- $1 document_id. The row comes back only the first time, so invoice.overdue is emitted once.
UPDATE invoices SET overdue_notified = true
WHERE document_id = $1 AND NOT overdue_notified
RETURNING document_id;
