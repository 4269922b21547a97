-- Bank statements imported in 1C's client-bank exchange format, and the payment documents they
-- bring. A statement is kept whole (its bytes) each time it is uploaded; a payment order is kept
-- once, however many statements bring it: the unique key (number, date, payer's account, amount)
-- is what makes a re-uploaded or overlapping statement import nothing twice.
CREATE TABLE bank_statements (
  id             uuid        PRIMARY KEY,
  file_name      text        NOT NULL,
  sha256         text        NOT NULL CHECK (sha256 ~ '^[0-9a-f]{64}$'),
  size_bytes     bigint      NOT NULL CHECK (size_bytes > 0),
  code_page      text        NOT NULL CHECK (code_page IN ('Windows', 'DOS')),
  start_date     date        NOT NULL,
  end_date       date        NOT NULL,
  accounts       text[]      NOT NULL,
  document_count integer     NOT NULL CHECK (document_count >= 0),
  imported_count integer     NOT NULL CHECK (imported_count >= 0),
  imported_by    text        NOT NULL,
  content        bytea       NOT NULL,
  create_time    timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE payments (
  id             uuid        PRIMARY KEY,
  statement_id   uuid        NOT NULL REFERENCES bank_statements (id),
  -- The line of its СекцияДокумент in that statement.
  line           integer     NOT NULL CHECK (line > 0),
  direction      text        NOT NULL CHECK (direction IN ('incoming', 'outgoing')),
  document_kind  text        NOT NULL,
  number         text        NOT NULL,
  payment_date   date        NOT NULL,
  amount_kopecks bigint      NOT NULL CHECK (amount_kopecks > 0),
  payer_account  text        NOT NULL,
  payer_inn      text        NOT NULL,
  payer_kpp      text        NOT NULL,
  payer_name     text        NOT NULL,
  payer_bank     text        NOT NULL,
  payer_bik      text        NOT NULL,
  payee_account  text        NOT NULL,
  payee_inn      text        NOT NULL,
  payee_kpp      text        NOT NULL,
  payee_name     text        NOT NULL,
  payee_bank     text        NOT NULL,
  payee_bik      text        NOT NULL,
  debited_date   date,
  credited_date  date,
  purpose        text        NOT NULL,
  -- Every key=value of the document's section as the bank wrote it: [[key, value], ...].
  fields         jsonb       NOT NULL,
  -- Matching (incoming payments only): unmatched (nothing allocated: the accountants' queue),
  -- matched (allocated to invoices, maybe with an overpayment left), or outgoing (not matched).
  match_state    text        NOT NULL CHECK (match_state IN ('unmatched', 'matched', 'outgoing')),
  -- What no invoice took (the whole amount while unmatched; an overpayment once matched).
  unallocated_kopecks bigint NOT NULL CHECK (unallocated_kopecks >= 0),
  create_time    timestamptz NOT NULL DEFAULT now(),
  CONSTRAINT payments_payment_order_key UNIQUE (number, payment_date, payer_account, amount_kopecks)
);

-- ListPayments: newest first, keyset on (create_time, id), optionally per statement.
CREATE INDEX payments_newest_first ON payments (create_time DESC, id DESC);
CREATE INDEX payments_by_statement ON payments (statement_id, create_time DESC, id DESC);
CREATE INDEX payments_unmatched ON payments (create_time DESC, id DESC)
  WHERE match_state = 'unmatched';

-- Which invoices a payment went to. A match is undone, not deleted: undo_time and undone_by say
-- when and by whom, and only rows without them count.
CREATE TABLE payment_allocations (
  id             uuid        PRIMARY KEY,
  -- The order they were made in (several share one transaction's time).
  seq            bigint      GENERATED ALWAYS AS IDENTITY,
  payment_id     uuid        NOT NULL REFERENCES payments (id),
  invoice_id     uuid        NOT NULL REFERENCES invoices (document_id),
  amount_kopecks bigint      NOT NULL CHECK (amount_kopecks > 0),
  -- auto: by the import's matching; manual: by an accountant.
  method         text        NOT NULL CHECK (method IN ('auto', 'manual')),
  matched_by     text        NOT NULL,
  create_time    timestamptz NOT NULL DEFAULT now(),
  undone_by      text,
  undo_time      timestamptz
);
CREATE INDEX payment_allocations_of_payment ON payment_allocations (payment_id)
  WHERE undo_time IS NULL;
CREATE INDEX payment_allocations_of_invoice ON payment_allocations (invoice_id)
  WHERE undo_time IS NULL;
