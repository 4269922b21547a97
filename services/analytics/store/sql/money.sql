-- Invoices and the payments applied to them (migration 0012), from documents' and accounting's
-- events. Every write repeats to no effect on a redelivery or a replay.

-- name: analytics_upsert_invoice
-- $1 document id, $2 sale id, $3 number, $4 total (kopecks), $5 issue date, $6 due date or NULL,
-- $7 sequence number: the invoice as issued; a replacement or an annulment seen before it stays.
INSERT INTO invoices (document_id, sale_id, number, total, issue_date, due_date, sequence_number,
                      issued)
VALUES ($1, $2, $3, $4, $5::date, $6::date, $7, true)
ON CONFLICT (document_id) DO UPDATE
SET sale_id = EXCLUDED.sale_id, number = EXCLUDED.number, total = EXCLUDED.total,
    issue_date = EXCLUDED.issue_date, due_date = EXCLUDED.due_date,
    sequence_number = EXCLUDED.sequence_number, issued = true;

-- name: analytics_mark_invoice_replaced
-- $1 document id: an invoice another was issued in place of (before or after its own event).
INSERT INTO invoices (document_id, replaced) VALUES ($1, true)
ON CONFLICT (document_id) DO UPDATE SET replaced = true;

-- name: analytics_mark_invoice_annulled
-- $1 document id, $2 sale id: an invoice whose sale was cancelled (before or after its issue).
INSERT INTO invoices (document_id, sale_id, annulled) VALUES ($1, $2, true)
ON CONFLICT (document_id) DO UPDATE
SET annulled = true, sale_id = coalesce(invoices.sale_id, EXCLUDED.sale_id);

-- name: analytics_insert_payment_shares
-- The shares of one payment made at one time, in one statement: $1 payment id, $2 matched at
-- (-infinity at import), $3 payment date, then one share per position of $4 document ids,
-- $5 sale ids and $6 amounts (kopecks).
INSERT INTO payment_shares (payment_id, document_id, matched_at, sale_id, amount, payment_date)
SELECT $1::uuid, share.document_id, $2::timestamptz, share.sale_id, share.amount, $3::date
FROM unnest($4::uuid[], $5::uuid[], $6::bigint[]) AS share (document_id, sale_id, amount)
ON CONFLICT (payment_id, document_id, matched_at) DO NOTHING;

-- name: analytics_insert_payment_unmatch
-- $1 payment id, $2 unmatched at.
INSERT INTO payment_unmatches (payment_id, unmatched_at)
VALUES ($1, $2::timestamptz)
ON CONFLICT (payment_id, unmatched_at) DO NOTHING;

-- fragment: standing_share
-- Whether the share `sh` stands: no payment.unmatched of its payment at or after its match.
NOT EXISTS (SELECT 1 FROM payment_unmatches u
            WHERE u.payment_id = sh.payment_id AND u.unmatched_at >= sh.matched_at)
