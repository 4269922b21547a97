-- The sale's package (issue 13): with the invoice, a sale now gets its participation application,
-- contract, Contract Check List and the marketing and technical exhibitor manuals, each a kind
-- with its own numbering series and one current version per sale.
ALTER TABLE documents DROP CONSTRAINT documents_doc_type_check;
ALTER TABLE documents ADD CONSTRAINT documents_doc_type_check
  CHECK (doc_type IN ('INVOICE', 'ACT', 'VAT_INVOICE', 'ADVANCE_VAT_INVOICE', 'APPLICATION',
                      'CONTRACT', 'CHECKLIST', 'MARKETING_MANUAL', 'TECHNICAL_MANUAL'));
