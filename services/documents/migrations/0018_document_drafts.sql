-- Drafts (issue 13): an issuer may have kinds of the sale's package made as drafts for review
-- before they are issued. A draft has no number (numbers stay gapless: one is taken only when the
-- draft is issued), keeps the sale's state it is rendered from, and records who rendered it last
-- and when; an issued draft records who issued it and when.
ALTER TABLE issuers ADD COLUMN draft_kinds text[] NOT NULL DEFAULT '{}'
  CHECK (draft_kinds <@ ARRAY['APPLICATION', 'CONTRACT', 'CHECKLIST', 'MARKETING_MANUAL',
                              'TECHNICAL_MANUAL']::text[]);

ALTER TABLE documents DROP CONSTRAINT documents_status_check;
ALTER TABLE documents
  ADD CONSTRAINT documents_status_check
    CHECK (status IN ('DRAFT', 'ISSUED', 'SENT', 'SIGNED', 'REPLACED', 'ANNULLED')),
  ALTER COLUMN year DROP NOT NULL,
  ALTER COLUMN sequence_number DROP NOT NULL,
  -- The SaleRecorded event (JSON) a draft is rendered from: the sale as of `sale_as_of`.
  ADD COLUMN draft_sale  jsonb,
  ADD COLUMN rendered_by text,
  ADD COLUMN render_time timestamptz,
  ADD COLUMN issued_by   text,
  ADD COLUMN issue_time  timestamptz,
  -- A number and its year come together; only a draft (or a draft annulled with its sale) has
  -- none.
  ADD CHECK ((year IS NULL) = (sequence_number IS NULL)),
  ADD CHECK (sequence_number IS NOT NULL OR (status IN ('DRAFT', 'ANNULLED') AND number = '')),
  ADD CHECK (status <> 'DRAFT' OR (sequence_number IS NULL AND draft_sale IS NOT NULL));

-- One numbered document of a kind in force per sale, as before; a draft of the kind waits beside
-- it (issuing the draft replaces it), one per sale and kind.
DROP INDEX documents_current_per_sale;
CREATE UNIQUE INDEX documents_current_per_sale ON documents (sale_id, doc_type)
  WHERE status <> 'REPLACED' AND sequence_number IS NOT NULL
    AND doc_type NOT IN ('ADVANCE_VAT_INVOICE', 'CORRECTIVE_VAT_INVOICE', 'UKD');
CREATE UNIQUE INDEX documents_draft_per_sale ON documents (sale_id, doc_type)
  WHERE sequence_number IS NULL;
