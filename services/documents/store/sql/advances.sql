-- Advance VAT invoices following their payments: undone matches and refunds.

-- name: advance_unmatch_record
-- The undoing of payment $1's match to sale $2 at $3 ($4: released by the invoice's annulment);
-- a row only when it is the latest undoing known (an older event changes nothing).
INSERT INTO advance_unmatches (payment, sale_id, unmatch_time, released)
VALUES ($1, $2::uuid, $3::timestamptz, $4)
ON CONFLICT (payment, sale_id) DO UPDATE
  SET unmatch_time = EXCLUDED.unmatch_time, released = EXCLUDED.released
  WHERE advance_unmatches.unmatch_time < EXCLUDED.unmatch_time
RETURNING 1 AS recorded;

-- name: advance_match_superseded
-- Whether payment $1's match to sale $2 made at $3 was undone since.
SELECT EXISTS (SELECT 1 FROM advance_unmatches
                WHERE payment = $1 AND sale_id = $2::uuid AND unmatch_time >= $3::timestamptz)
         AS superseded;

-- name: advance_rematched
-- Payment $1 matched to sale $2 again at $3, after a release: its advance VAT invoice is no
-- longer a released prepayment.
UPDATE advance_unmatches SET released = false
 WHERE payment = $1 AND sale_id = $2::uuid AND unmatch_time < $3::timestamptz;

-- name: advance_in_force
-- Payment $1's advance VAT invoice for sale $2 that is not annulled, its row locked.
SELECT id::text AS id, number FROM documents
 WHERE doc_type = 'ADVANCE_VAT_INVOICE' AND payment = $1 AND sale_id = $2::uuid
   AND status <> 'ANNULLED'
   FOR UPDATE;

-- name: refund_share_record
-- Refund $1's share of payment $2 as of $7 (an older event changes nothing: no row).
INSERT INTO refund_shares (refund, payment, refund_number, refund_date, amount, undone,
                           event_time)
VALUES ($1, $2, $3, $4::date, $5, $6, $7::timestamptz)
ON CONFLICT (refund, payment) DO UPDATE
  SET refund_number = EXCLUDED.refund_number, refund_date = EXCLUDED.refund_date,
      amount = EXCLUDED.amount, undone = EXCLUDED.undone, event_time = EXCLUDED.event_time
  WHERE refund_shares.event_time <= EXCLUDED.event_time
RETURNING 1 AS recorded;

-- name: advance_refunds_clear
-- Forgets what refund $1's share of payment $2 returned of advance VAT invoices; the invoices.
DELETE FROM advance_refunds WHERE refund = $1 AND payment = $2
RETURNING document_id::text AS document_id;

-- name: advance_refund_room
-- Payment $1's advance VAT invoices in force whose sale's invoice released the prepayment, oldest
-- first, with what no other refund has returned of them yet; rows locked.
SELECT d.id::text AS id, d.vat_rate_bp,
       d.total_amount - COALESCE((SELECT sum(r.amount) FROM advance_refunds r
                                   WHERE r.document_id = d.id), 0) AS room
  FROM documents d
  JOIN advance_unmatches u ON u.payment = d.payment AND u.sale_id = d.sale_id AND u.released
 WHERE d.doc_type = 'ADVANCE_VAT_INVOICE' AND d.payment = $1 AND d.status <> 'ANNULLED'
 ORDER BY d.seq
   FOR UPDATE OF d;

-- name: advance_refund_insert
INSERT INTO advance_refunds (refund, payment, document_id, amount, vat_amount)
VALUES ($1, $2, $3::uuid, $4, $5);

-- name: advance_refund_state
-- Advance VAT invoice $1 with every refund standing against it and refund $2's part.
SELECT d.number, d.sale_id::text AS sale_id, d.payment,
       COALESCE(sum(r.amount), 0)::bigint AS refunded_total,
       COALESCE(sum(r.vat_amount), 0)::bigint AS vat_total,
       COALESCE(sum(r.amount) FILTER (WHERE r.refund = $2), 0)::bigint AS amount,
       COALESCE(sum(r.vat_amount) FILTER (WHERE r.refund = $2), 0)::bigint AS vat_amount
  FROM documents d
  LEFT JOIN advance_refunds r ON r.document_id = d.id
 WHERE d.id = $1::uuid
 GROUP BY d.id;
