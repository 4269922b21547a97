-- The edition a document's sale belongs to ("projects/{project}/editions/{edition}", from the
-- sale event), so that closing an edition finds its sales' invoices. Documents issued before this
-- column existed have '' and are not found by a closing run.
ALTER TABLE documents ADD COLUMN edition text NOT NULL DEFAULT '';
CREATE INDEX documents_in_force_by_edition ON documents (edition, doc_type, seq)
  WHERE status = 'ISSUED';

-- Acts of services rendered (акты) beside invoices.
ALTER TABLE documents DROP CONSTRAINT documents_doc_type_check;
ALTER TABLE documents ADD CONSTRAINT documents_doc_type_check CHECK (doc_type IN ('INVOICE', 'ACT'));
