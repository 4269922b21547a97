-- The director's name and position in the genitive as the issuer gives them, for a contract's
-- "в лице ..." when the declension rules get a name wrong; empty: the rules decline them.
ALTER TABLE issuers
  ADD COLUMN director_genitive          text NOT NULL DEFAULT '',
  ADD COLUMN director_position_genitive text NOT NULL DEFAULT '';

-- An advance VAT invoice follows its payment. An accountant's undoing of a match makes the
-- advance VAT invoice issued for it an error, annulled; a later match issues a new one, so the
-- one-per-payment-and-sale rule holds among those in force.
DROP INDEX documents_advance_per_payment;
CREATE UNIQUE INDEX documents_advance_per_payment ON documents (payment, sale_id)
  WHERE doc_type = 'ADVANCE_VAT_INVOICE' AND status <> 'ANNULLED';

-- The latest undoing of a payment's match to a sale (payment.unmatched), so that a match event
-- older than it (a retried payment.received) issues nothing; `released`: the sale's invoice was
-- annulled (the sale cancelled) — the prepayment was real, its advance VAT invoice stays, and a
-- refund of it makes its VAT deductible.
CREATE TABLE advance_unmatches (
  payment      text        NOT NULL,
  sale_id      uuid        NOT NULL,
  unmatch_time timestamptz NOT NULL,
  released     boolean     NOT NULL,
  PRIMARY KEY (payment, sale_id)
);

-- Each refund's share of an incoming payment as accounting last told it (payment.refunded,
-- payment.refund_undone), by the event's time: an older event never overwrites a newer one.
CREATE TABLE refund_shares (
  refund        text        NOT NULL,
  payment       text        NOT NULL,
  refund_number text        NOT NULL,
  refund_date   date        NOT NULL,
  amount        bigint      NOT NULL CHECK (amount >= 0),
  undone        boolean     NOT NULL,
  event_time    timestamptz NOT NULL,
  PRIMARY KEY (refund, payment)
);

-- What of a refund's share returned a prepayment that has an advance VAT invoice, per advance VAT
-- invoice: the amount and the VAT in it that the seller now deducts (Tax Code art. 171 p. 5).
CREATE TABLE advance_refunds (
  refund      text   NOT NULL,
  payment     text   NOT NULL,
  document_id uuid   NOT NULL REFERENCES documents (id),
  amount      bigint NOT NULL CHECK (amount > 0),
  vat_amount  bigint NOT NULL CHECK (vat_amount >= 0),
  PRIMARY KEY (refund, payment, document_id),
  FOREIGN KEY (refund, payment) REFERENCES refund_shares (refund, payment)
);
CREATE INDEX advance_refunds_by_document ON advance_refunds (document_id);

-- A sale closed with a УПД of status 2 and its VAT invoice, amended, gets two correctives for the
-- amendment: a corrective VAT invoice and a УКД of status 2 (the corrective transfer document).
-- One of each kind per amendment; a УКД carries its status as a УПД does.
DROP INDEX documents_corrective_per_amendment;
CREATE UNIQUE INDEX documents_corrective_per_amendment ON documents (sale_id, sale_as_of, doc_type)
  WHERE doc_type IN ('CORRECTIVE_VAT_INVOICE', 'UKD');
UPDATE documents SET upd_status = 1 WHERE doc_type = 'UKD';
ALTER TABLE documents DROP CONSTRAINT documents_upd_status;
ALTER TABLE documents ADD CONSTRAINT documents_upd_status
  CHECK ((doc_type IN ('UPD', 'UKD')) = (upd_status IN (1, 2)) AND upd_status IN (0, 1, 2));
