-- УПД (универсальный передаточный документ) as a sale's closing document: what each issuer's
-- sales are closed with (issuers.closing_documents: '' or 'ACT_AND_VAT_INVOICE' for an act and a
-- VAT invoice, 'UPD_STATUS_1' for one УПД that is also the VAT invoice, 'UPD_STATUS_2' for a УПД
-- as the transfer document with a separate VAT invoice), and the УПД's status on the document.
ALTER TABLE issuers ADD COLUMN closing_documents text NOT NULL DEFAULT ''
  CHECK (closing_documents IN ('', 'ACT_AND_VAT_INVOICE', 'UPD_STATUS_1', 'UPD_STATUS_2'));
-- The full list of kinds, those of 0013 (applications, contracts, checklists, manuals) included:
-- this migration runs after it.
ALTER TABLE documents DROP CONSTRAINT documents_doc_type_check;
ALTER TABLE documents ADD CONSTRAINT documents_doc_type_check
  CHECK (doc_type IN ('INVOICE', 'ACT', 'VAT_INVOICE', 'ADVANCE_VAT_INVOICE', 'APPLICATION',
                      'CONTRACT', 'CHECKLIST', 'MARKETING_MANUAL', 'TECHNICAL_MANUAL', 'UPD'));
-- A УПД's status as printed in its box "Статус": 1 (VAT invoice and transfer document) or 2
-- (transfer document only); 0 for every other kind.
ALTER TABLE documents ADD COLUMN upd_status smallint NOT NULL DEFAULT 0;
ALTER TABLE documents ADD CONSTRAINT documents_upd_status
  CHECK ((doc_type = 'UPD') = (upd_status IN (1, 2)) AND upd_status IN (0, 1, 2));
