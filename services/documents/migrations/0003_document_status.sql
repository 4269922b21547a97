-- A sale's invoice follows the sale: an amendment replaces it with a new one (the old one stays,
-- REPLACED, pointing at its replacement), a cancellation annuls it.
ALTER TABLE documents
  ADD COLUMN status       text        NOT NULL DEFAULT 'ISSUED'
                                      CHECK (status IN ('ISSUED', 'REPLACED', 'ANNULLED')),
  -- Deferred: the old invoice is marked before its replacement row exists, so that at no moment
  -- a sale has two current invoices.
  ADD COLUMN replaced_by  uuid        REFERENCES documents (id) DEFERRABLE INITIALLY DEFERRED,
  ADD COLUMN replaces     uuid        REFERENCES documents (id),
  ADD COLUMN annul_reason text        NOT NULL DEFAULT '',
  ADD COLUMN annul_time   timestamptz,
  -- The instant of the sale state the document shows: the sale time for the first invoice, the
  -- amendment time for a replacement. An amendment not newer than this is a duplicate or came
  -- late, and changes nothing. Documents from before this column show the recorded state, older
  -- than any amendment still to come.
  ADD COLUMN sale_as_of   timestamptz NOT NULL DEFAULT '-infinity',
  ADD CHECK ((status = 'REPLACED') = (replaced_by IS NOT NULL)),
  ADD CHECK ((status = 'ANNULLED') = (annul_time IS NOT NULL));

-- One current (not replaced) document of a type per sale, however often sale events are
-- delivered or replayed; replaced ones stay for the record.
ALTER TABLE documents DROP CONSTRAINT documents_sale_id_doc_type_key;
CREATE UNIQUE INDEX documents_current_per_sale ON documents (sale_id, doc_type)
  WHERE status <> 'REPLACED';
