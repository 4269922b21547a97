-- The manager of the sale a document belongs to ("employees/{uuid}", from SaleRecorded.manager),
-- so a sales manager sees the documents of their own sales only. Documents issued before this
-- column existed have '' and are visible to heads of sales, accountants and analysts only.
ALTER TABLE documents ADD COLUMN manager text NOT NULL DEFAULT '';

-- ListDocuments for one manager, newest first.
CREATE INDEX documents_by_manager ON documents (manager, seq);
