-- Money invoiced and received (issue 15): each sale's invoices from documents'
-- crm.documents.document.issued / .annulled, and the money accounting applied to them from
-- crm.accounting.payment.received / .matched (the shares each made) and .unmatched (which undoes
-- every share its payment had until then). Every table is written by inserts that a redelivery or
-- a replay repeats to no effect, in whichever order the two streams arrive.

-- An invoice (type INVOICE) as documents issued it. `replaced` is set by the invoice issued in its
-- place after the sale was amended, `annulled` by document.annulled (its sale was cancelled);
-- either may arrive before the invoice itself, leaving a row with only the flag until it does.
-- A sale's current invoice is its issued one neither replaced nor annulled.
CREATE TABLE invoices (
  document_id     uuid    PRIMARY KEY,
  sale_id         uuid,
  number          text    NOT NULL DEFAULT '',
  -- Kopecks with VAT.
  total           bigint  NOT NULL DEFAULT 0,
  issue_date      date,
  due_date        date,
  sequence_number bigint  NOT NULL DEFAULT 0,
  issued          boolean NOT NULL DEFAULT false,
  replaced        boolean NOT NULL DEFAULT false,
  annulled        boolean NOT NULL DEFAULT false
);
CREATE INDEX invoices_by_sale ON invoices (sale_id) WHERE sale_id IS NOT NULL;

-- A payment's share of an invoice as payment.received (at import: `matched_at` -infinity, a
-- payment's first event) or payment.matched (its match_time) made it, with the payment's date.
-- Keyed by what the producer wrote, so an event published again under a new id adds nothing. A
-- share stands until a payment.unmatched of its payment at or after `matched_at`.
CREATE TABLE payment_shares (
  payment_id   uuid        NOT NULL,
  document_id  uuid        NOT NULL,
  matched_at   timestamptz NOT NULL,
  sale_id      uuid        NOT NULL,
  -- Kopecks.
  amount       bigint      NOT NULL,
  payment_date date        NOT NULL,
  PRIMARY KEY (payment_id, document_id, matched_at)
);
CREATE INDEX payment_shares_by_sale ON payment_shares (sale_id);
CREATE INDEX payment_shares_by_date ON payment_shares (payment_date);

-- Every payment.unmatched (its unmatch_time): the shares of `payment_id` matched at or before
-- `unmatched_at` no longer stand.
CREATE TABLE payment_unmatches (
  payment_id   uuid        NOT NULL,
  unmatched_at timestamptz NOT NULL,
  PRIMARY KEY (payment_id, unmatched_at)
);
