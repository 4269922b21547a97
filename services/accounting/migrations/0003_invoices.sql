-- Accounting's copy of the invoices documents issued, kept current by document.issued and
-- document.annulled, for matching bank payments to them. One row per invoice document.
CREATE TABLE invoices (
  document_id    uuid        PRIMARY KEY,
  number         text        NOT NULL,
  issue_date     date        NOT NULL,
  sale_id        text        NOT NULL,  -- "sales/{sale}" as the event names it
  client         text        NOT NULL,  -- "clients/{client}"
  client_inn     text        NOT NULL,
  client_kpp     text        NOT NULL,
  currency_code  text        NOT NULL,
  total_kopecks  bigint      NOT NULL CHECK (total_kopecks >= 0),
  -- issued: payable; replaced: superseded by a newer invoice of the same sale after an amendment;
  -- annulled: the sale was cancelled.
  state          text        NOT NULL CHECK (state IN ('issued', 'replaced', 'annulled')),
  -- What payments matched to it add up to (kept by the matching of bank payments).
  paid_kopecks   bigint      NOT NULL DEFAULT 0 CHECK (paid_kopecks >= 0),
  -- Set when crm.accounting.invoice.paid was emitted for it, which happens once per invoice.
  paid_notified  boolean     NOT NULL DEFAULT false,
  replaces       uuid,
  source_event_id text       NOT NULL,
  update_time    timestamptz NOT NULL DEFAULT now()
);

-- Matching looks invoices up by number and by the payer's INN.
CREATE INDEX invoices_by_number ON invoices (number);
CREATE INDEX invoices_by_client_inn ON invoices (client_inn) WHERE state = 'issued';
