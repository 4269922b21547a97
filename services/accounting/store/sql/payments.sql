-- Bank statements and their payments (migrations/0004_bank_statements.sql). Times come back as
-- microseconds since the epoch, dates as ISO text.

-- name: accounting_insert_bank_statement
-- $1 id, $2 file_name, $3 sha256, $4 size_bytes, $5 code_page ('Windows', 'DOS'), $6 start_date,
-- $7 end_date, $8 accounts (text[] literal), $9 document_count, $10 imported_by, $11 content.
INSERT INTO bank_statements (id, file_name, sha256, size_bytes, code_page, start_date, end_date,
                             accounts, document_count, imported_count, imported_by, content)
VALUES ($1, $2, $3, $4, $5, $6::date, $7::date, $8::text[], $9, 0, $10, $11);

-- name: accounting_set_statement_imported_count
UPDATE bank_statements SET imported_count = $2 WHERE id = $1;

-- name: accounting_lock_payment_imports
-- Taken by every import for its transaction: imports run one at a time, so the payment orders an
-- import finds unknown stay unknown until it has recorded them.
SELECT pg_advisory_xact_lock(4702120041) AS locked;

-- name: accounting_known_payment_orders
-- $1 numbers, $2 dates (ISO), $3 payers' accounts, $4 amounts: parallel arrays of payment
-- orders. The 1-based places of those recorded already.
SELECT o.ord
FROM unnest($1::text[], $2::date[], $3::text[], $4::bigint[]) WITH ORDINALITY
       AS o(number, payment_date, payer_account, amount_kopecks, ord)
WHERE EXISTS (SELECT 1 FROM payments p
              WHERE p.number = o.number AND p.payment_date = o.payment_date
                AND p.payer_account = o.payer_account AND p.amount_kopecks = o.amount_kopecks);

-- fragment: payment_columns
-- The columns of a payment, read by name by the one payment decoder.
id, statement_id, direction, document_kind, number, payment_date::text AS payment_date,
       amount_kopecks, payer_account, payer_inn, payer_kpp, payer_name, payer_bank, payer_bik,
       payee_account, payee_inn, payee_kpp, payee_name, payee_bank, payee_bik,
       debited_date::text AS debited_date, credited_date::text AS credited_date, purpose,
       match_state, unallocated_kopecks, refunded_kopecks,
       (extract(epoch from create_time) * 1000000)::bigint AS create_time_us

-- name: accounting_get_payment
-- $1 id. accounting_lock_payment is the same row locked for a match or its undoing.
SELECT :payment_columns
FROM payments
WHERE id = $1;

-- name: accounting_lock_payment
SELECT :payment_columns
FROM payments
WHERE id = $1
FOR UPDATE;

-- name: accounting_list_payments
-- $1 statement_id or NULL (all), $2 direction or NULL (both), $3 last create_time (microseconds)
-- or NULL (first page), $4 last id or NULL, $5 page size + 1, $6 true for the unmatched only.
SELECT :payment_columns
FROM payments
WHERE ($1::uuid IS NULL OR statement_id = $1::uuid)
  AND ($2::text IS NULL OR direction = $2::text)
  AND (NOT $6::boolean OR match_state = 'unmatched')
  AND ($3::bigint IS NULL OR (create_time, id) <
       ('epoch'::timestamptz + $3::bigint * interval '1 microsecond', $4::uuid))
ORDER BY create_time DESC, id DESC
LIMIT $5;

-- name: accounting_set_payment_match
-- $1 id, $2 match_state, $3 unallocated_kopecks.
UPDATE payments SET match_state = $2, unallocated_kopecks = $3 WHERE id = $1;

-- name: accounting_insert_allocation
-- $1 id, $2 payment_id, $3 invoice_id, $4 amount_kopecks, $5 method, $6 matched_by.
INSERT INTO payment_allocations (id, payment_id, invoice_id, amount_kopecks, method, matched_by)
VALUES ($1, $2, $3, $4, $5, $6);

-- name: accounting_list_allocations
-- $1 payment_id: its standing allocations with their invoices, oldest first.
SELECT a.invoice_id, a.amount_kopecks, a.method, i.number, i.sale_id
FROM payment_allocations a JOIN invoices i ON i.document_id = a.invoice_id
WHERE a.payment_id = $1 AND a.undo_time IS NULL
ORDER BY a.seq;

-- name: accounting_undo_allocations
-- $1 payment_id, $2 undone_by: every standing allocation of the payment undone; they come back
-- with their invoices.
UPDATE payment_allocations a SET undo_time = now(), undone_by = $2
FROM invoices i
WHERE a.payment_id = $1 AND a.undo_time IS NULL AND i.document_id = a.invoice_id
RETURNING a.invoice_id, a.amount_kopecks, a.method, i.number, i.sale_id;

-- name: accounting_list_allocations_to_invoice
-- $1 invoice_id: the standing allocations of payments to it, oldest first.
SELECT id, payment_id, amount_kopecks, method, matched_by
FROM payment_allocations
WHERE invoice_id = $1 AND undo_time IS NULL
ORDER BY seq;

-- name: accounting_undo_allocation
-- $1 id, $2 undone_by: one standing allocation undone.
UPDATE payment_allocations SET undo_time = now(), undone_by = $2
WHERE id = $1 AND undo_time IS NULL;

-- name: accounting_lock_credits_of_payer
-- $1 payer's INN: the client's incoming payments with money no invoice or refund has taken,
-- oldest first, locked for a refund.
SELECT :payment_columns
FROM payments
WHERE direction = 'incoming' AND payer_inn = $1 AND unallocated_kopecks > 0
ORDER BY payment_date, number, id
FOR UPDATE;

-- name: accounting_add_payment_refunded
-- $1 incoming payment's id, $2 kopecks a refund returns of it (negative when undone), taken from
-- (or given back to) what is unallocated. Its state follows: matched while something stands on
-- invoices, refunded when nothing is left, else unmatched.
UPDATE payments p
   SET refunded_kopecks = p.refunded_kopecks + $2,
       unallocated_kopecks = p.unallocated_kopecks - $2,
       match_state = CASE
         WHEN EXISTS (SELECT 1 FROM payment_allocations a
                      WHERE a.payment_id = p.id AND a.undo_time IS NULL) THEN 'matched'
         WHEN p.unallocated_kopecks - $2 = 0 THEN 'refunded'
         ELSE 'unmatched' END
 WHERE p.id = $1;

-- name: accounting_insert_refund_share
-- $1 id, $2 refund (outgoing payment), $3 payment returned, $4 amount_kopecks, $5 method,
-- $6 matched_by.
INSERT INTO payment_refunds (id, refund_id, payment_id, amount_kopecks, method, matched_by)
VALUES ($1, $2, $3, $4, $5, $6);

-- fragment: refund_share_columns
-- A standing refund share with the payment on its other side (the payment returned, for a
-- refund; the refund, for an incoming payment).
r.amount_kopecks, r.method, o.id AS other_id, o.number AS other_number,
       o.payment_date::text AS other_date

-- name: accounting_list_refund_shares
-- $1 a payment's id: the standing refund shares it takes part in (as the refund or as the payment
-- returned), oldest first.
SELECT :refund_share_columns
FROM payment_refunds r
JOIN payments o ON o.id = CASE WHEN r.refund_id = $1 THEN r.payment_id ELSE r.refund_id END
WHERE (r.refund_id = $1 OR r.payment_id = $1) AND r.undo_time IS NULL
ORDER BY r.seq;

-- name: accounting_undo_refund_shares
-- $1 the refund's id, $2 undone_by: its standing shares undone; they come back with the payments
-- they returned.
UPDATE payment_refunds r SET undo_time = now(), undone_by = $2
FROM payments o
WHERE r.refund_id = $1 AND r.undo_time IS NULL AND o.id = r.payment_id
RETURNING :refund_share_columns;
