-- Imports score their rows against the base with the duplicate scorer, and carry the full
-- client model's phone and e-mail lists (a cell may list several, separated by , or ;).

ALTER TABLE client_import_rows
  -- A probable duplicate of an existing client by name, phone or e-mail: the score and the
  -- DuplicateReason names without the prefix (SIMILAR_NAME, SAME_PHONE, ...).
  ADD COLUMN duplicate_score   integer,
  ADD COLUMN duplicate_reasons text[] NOT NULL DEFAULT '{}',
  -- The row's phones as written and their digits, its e-mails and their lower-case keys, in the
  -- order of the cell; `phone` and `email` hold the first of each.
  ADD COLUMN phones            text[] NOT NULL DEFAULT '{}',
  ADD COLUMN phone_digits      text[] NOT NULL DEFAULT '{}',
  ADD COLUMN emails            text[] NOT NULL DEFAULT '{}',
  ADD COLUMN email_keys        text[] NOT NULL DEFAULT '{}';

-- An import looks candidates up by equal normalised names (a trigram search per row would read
-- most of the index in a base of look-alike names).
CREATE INDEX clients_by_display_name_key ON clients (display_name_key) WHERE deleted_at IS NULL;
CREATE INDEX clients_by_legal_name_key ON clients (legal_name_key) WHERE deleted_at IS NULL;
