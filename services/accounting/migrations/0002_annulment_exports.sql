-- A document is exported once when it is issued and once more if it is annulled (the sale was
-- cancelled): 1C then stops expecting payment on it. `operation` tells the two apart; each
-- happens at most once per document.
ALTER TABLE exports
  ADD COLUMN operation text NOT NULL DEFAULT 'issue' CHECK (operation IN ('issue', 'annul'));
ALTER TABLE exports ALTER COLUMN operation DROP DEFAULT;
ALTER TABLE exports DROP CONSTRAINT exports_document_id_key;
ALTER TABLE exports ADD CONSTRAINT exports_document_operation_key UNIQUE (document_id, operation);
