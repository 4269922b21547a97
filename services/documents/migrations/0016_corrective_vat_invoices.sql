-- Corrective VAT invoices (Decree 1137, Appendix 2): one per amendment of a closed sale, so a sale
-- may have several in force, like advance VAT invoices. The kinds' list is restated whole, as
-- every migration that adds a kind does.
ALTER TABLE documents DROP CONSTRAINT documents_doc_type_check;
ALTER TABLE documents ADD CONSTRAINT documents_doc_type_check
  CHECK (doc_type IN ('INVOICE', 'ACT', 'VAT_INVOICE', 'ADVANCE_VAT_INVOICE', 'APPLICATION',
                      'CONTRACT', 'CHECKLIST', 'MARKETING_MANUAL', 'TECHNICAL_MANUAL', 'UPD',
                      'CORRECTIVE_VAT_INVOICE'));
DROP INDEX documents_current_per_sale;
CREATE UNIQUE INDEX documents_current_per_sale ON documents (sale_id, doc_type)
  WHERE status <> 'REPLACED' AND doc_type NOT IN ('ADVANCE_VAT_INVOICE', 'CORRECTIVE_VAT_INVOICE');
-- However often an amendment's event is delivered: one corrective per state of the sale.
CREATE UNIQUE INDEX documents_corrective_per_amendment ON documents (sale_id, sale_as_of)
  WHERE doc_type = 'CORRECTIVE_VAT_INVOICE';
