-- Our legal entities that issue documents. Exactly one is primary: the one sales are invoiced by.
CREATE TABLE issuers (
  id                    uuid        PRIMARY KEY,
  -- Insertion order, the keyset of ListIssuers.
  seq                   bigint      GENERATED ALWAYS AS IDENTITY UNIQUE,
  legal_name            text        NOT NULL,
  inn                   text        NOT NULL,
  kpp                   text        NOT NULL DEFAULT '',
  ogrn                  text        NOT NULL DEFAULT '',
  address               text        NOT NULL,
  bank_name             text        NOT NULL,
  bik                   text        NOT NULL,
  settlement_account    text        NOT NULL,
  correspondent_account text        NOT NULL,
  director              text        NOT NULL DEFAULT '',
  chief_accountant      text        NOT NULL DEFAULT '',
  is_primary            boolean     NOT NULL DEFAULT false,
  -- The caller's idempotency key; NULL when the caller sent none.
  request_id            text        UNIQUE,
  create_time           timestamptz NOT NULL DEFAULT now(),
  -- The same entity with the same bank account twice is a mistake, not a second issuer.
  UNIQUE (inn, kpp, bik, settlement_account)
);
-- At most one primary issuer, whatever the application does.
CREATE UNIQUE INDEX issuers_single_primary ON issuers ((true)) WHERE is_primary;

-- Gapless numbering: the last number used per issuer, document type and year. Incremented in the
-- transaction that inserts the document, so a rolled back document leaves no hole.
CREATE TABLE document_counters (
  issuer_id   uuid    NOT NULL REFERENCES issuers (id),
  doc_type    text    NOT NULL,
  year        integer NOT NULL,
  last_number bigint  NOT NULL CHECK (last_number > 0),
  PRIMARY KEY (issuer_id, doc_type, year)
);

CREATE TABLE documents (
  id                   uuid        PRIMARY KEY,
  -- Insertion order, the keyset of ListDocuments (newest first).
  seq                  bigint      GENERATED ALWAYS AS IDENTITY UNIQUE,
  doc_type             text        NOT NULL CHECK (doc_type IN ('INVOICE')),
  issuer_id            uuid        NOT NULL REFERENCES issuers (id),
  year                 integer     NOT NULL,
  sequence_number      bigint      NOT NULL CHECK (sequence_number > 0),
  number               text        NOT NULL,
  issue_date           date        NOT NULL,
  sale_id              uuid        NOT NULL,
  client               text        NOT NULL,
  client_legal_name    text        NOT NULL,
  edition_display_name text        NOT NULL,
  currency_code        text        NOT NULL,
  net_amount           bigint      NOT NULL,
  vat_rate_bp          integer     NOT NULL,
  vat_amount           bigint      NOT NULL,
  total_amount         bigint      NOT NULL,
  total_in_words       text        NOT NULL,
  file_name            text        NOT NULL,
  content_type         text        NOT NULL,
  content              bytea       NOT NULL,
  sha256               text        NOT NULL,
  -- The DocumentIssued payload as published: the requisites of both parties and the lines as
  -- they were printed, kept for reprints and audits.
  snapshot             jsonb       NOT NULL,
  -- The event that caused the document (ce-id), for tracing.
  source_event_id      text        NOT NULL,
  create_time          timestamptz NOT NULL DEFAULT now(),
  -- One document of a type per sale, however often the sale event is delivered or replayed.
  UNIQUE (sale_id, doc_type),
  UNIQUE (issuer_id, doc_type, year, sequence_number),
  FOREIGN KEY (issuer_id, doc_type, year) REFERENCES document_counters (issuer_id, doc_type, year)
);
CREATE INDEX documents_by_sale ON documents (sale_id, seq);
