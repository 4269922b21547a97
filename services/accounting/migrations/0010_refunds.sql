-- Refunds: an outgoing payment that returns money a client paid and no invoice took (an
-- overpayment, a payment for a sale since cancelled). Each share says which incoming payment it
-- returns and how much; like allocations, a share is undone, not deleted.
--
-- An incoming payment keeps what was returned of it in refunded_kopecks; its unallocated amount
-- is what neither an invoice nor a refund took. One returned whole with nothing on invoices is
-- 'refunded' (out of the accountants' queue); an outgoing payment with standing shares is a
-- 'refund'.
ALTER TABLE payments DROP CONSTRAINT payments_match_state_check;
ALTER TABLE payments ADD CONSTRAINT payments_match_state_check
  CHECK (match_state IN ('unmatched', 'matched', 'outgoing', 'refund', 'refunded'));
ALTER TABLE payments ADD COLUMN refunded_kopecks bigint NOT NULL DEFAULT 0
  CHECK (refunded_kopecks >= 0);

CREATE TABLE payment_refunds (
  id             uuid        PRIMARY KEY,
  seq            bigint      GENERATED ALWAYS AS IDENTITY,
  -- The outgoing payment that returns the money.
  refund_id      uuid        NOT NULL REFERENCES payments (id),
  -- The incoming payment it returns (part of).
  payment_id     uuid        NOT NULL REFERENCES payments (id),
  amount_kopecks bigint      NOT NULL CHECK (amount_kopecks > 0),
  -- auto: recognised at import; manual: by an accountant.
  method         text        NOT NULL CHECK (method IN ('auto', 'manual')),
  matched_by     text        NOT NULL,
  create_time    timestamptz NOT NULL DEFAULT now(),
  undone_by      text,
  undo_time      timestamptz
);
CREATE INDEX payment_refunds_of_refund ON payment_refunds (refund_id) WHERE undo_time IS NULL;
CREATE INDEX payment_refunds_of_payment ON payment_refunds (payment_id) WHERE undo_time IS NULL;
-- A client's money no invoice took, oldest first, for matching refunds.
CREATE INDEX payments_credit_of_payer ON payments (payer_inn, payment_date, number)
  WHERE direction = 'incoming' AND unallocated_kopecks > 0;
