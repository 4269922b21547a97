-- УКД (универсальный корректировочный документ) with status 1: the corrective VAT invoice of a sale
-- closed with a УПД of status 1; like corrective VAT invoices, one per amendment.
ALTER TABLE documents DROP CONSTRAINT documents_doc_type_check;
ALTER TABLE documents ADD CONSTRAINT documents_doc_type_check
  CHECK (doc_type IN ('INVOICE', 'ACT', 'VAT_INVOICE', 'ADVANCE_VAT_INVOICE', 'APPLICATION',
                      'CONTRACT', 'CHECKLIST', 'MARKETING_MANUAL', 'TECHNICAL_MANUAL', 'UPD',
                      'CORRECTIVE_VAT_INVOICE', 'UKD'));
DROP INDEX documents_current_per_sale;
CREATE UNIQUE INDEX documents_current_per_sale ON documents (sale_id, doc_type)
  WHERE status <> 'REPLACED'
    AND doc_type NOT IN ('ADVANCE_VAT_INVOICE', 'CORRECTIVE_VAT_INVOICE', 'UKD');
DROP INDEX documents_corrective_per_amendment;
CREATE UNIQUE INDEX documents_corrective_per_amendment ON documents (sale_id, sale_as_of)
  WHERE doc_type IN ('CORRECTIVE_VAT_INVOICE', 'UKD');
