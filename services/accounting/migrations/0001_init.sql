-- One row per export package written to the 1C exchange directory. A document is exported at
-- most once: the unique document_id is what makes a second DocumentIssued for the same document
-- (a new event id, a replay) a no-op.
CREATE TABLE exports (
  id              uuid        PRIMARY KEY,
  document_id     uuid        NOT NULL UNIQUE,
  document_number text        NOT NULL,
  file_name       text        NOT NULL UNIQUE,
  sha256          text        NOT NULL CHECK (sha256 ~ '^[0-9a-f]{64}$'),
  size_bytes      bigint      NOT NULL CHECK (size_bytes > 0),
  -- The DocumentIssued event the package was built from (its id is inside the file too).
  source_event_id text        NOT NULL,
  -- The file's bytes (UTF-8 JSON), so a lost exchange volume can be refilled from the database.
  content         text        NOT NULL,
  create_time     timestamptz NOT NULL DEFAULT now()
);

-- ListExports: newest first, keyset on (create_time, id).
CREATE INDEX exports_newest_first ON exports (create_time DESC, id DESC);
