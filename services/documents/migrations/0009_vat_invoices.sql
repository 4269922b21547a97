-- VAT invoices (счета-фактуры, Decree 1137): one per sale with its act when the edition closes,
-- and advance ones for prepayments — one per payment and sale, so a sale may have several.
ALTER TABLE documents DROP CONSTRAINT documents_doc_type_check;
ALTER TABLE documents ADD CONSTRAINT documents_doc_type_check
  CHECK (doc_type IN ('INVOICE', 'ACT', 'VAT_INVOICE', 'ADVANCE_VAT_INVOICE'));
-- The payment ("payments/{id}") an advance VAT invoice is for; '' for other kinds.
ALTER TABLE documents ADD COLUMN payment text NOT NULL DEFAULT '';
ALTER TABLE documents ADD CONSTRAINT documents_advance_has_payment
  CHECK ((doc_type = 'ADVANCE_VAT_INVOICE') = (payment <> ''));
-- Still one current document of a kind per sale, but for advance VAT invoices: one per payment.
DROP INDEX documents_current_per_sale;
CREATE UNIQUE INDEX documents_current_per_sale ON documents (sale_id, doc_type)
  WHERE status <> 'REPLACED' AND doc_type <> 'ADVANCE_VAT_INVOICE';
-- However often a payment's event is delivered or replayed.
CREATE UNIQUE INDEX documents_advance_per_payment ON documents (payment, sale_id)
  WHERE doc_type = 'ADVANCE_VAT_INVOICE';
