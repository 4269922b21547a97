-- Client imports: an uploaded CSV/XLSX file read into rows with its column mapping, and each
-- row's result. Rows keep the values read from the file, so a dry run, a real run and a re-run
-- all work from the same rows without the file.
CREATE TABLE client_imports (
  id               uuid        PRIMARY KEY,
  file_name        text        NOT NULL DEFAULT '',
  file_format      text        NOT NULL CHECK (file_format IN ('csv', 'xlsx')),
  -- CSV only: the encoding and delimiter used ('' for xlsx).
  encoding         text        NOT NULL DEFAULT '',
  delimiter        text        NOT NULL DEFAULT '',
  file_sha256      text        NOT NULL,
  file_bytes       bigint      NOT NULL,
  -- The file's headers and the mapping, both as the API shows them (JSON arrays).
  columns          jsonb       NOT NULL,
  column_mappings  jsonb       NOT NULL,
  existing_policy  text        NOT NULL CHECK (existing_policy IN ('update', 'skip')),
  state            text        NOT NULL DEFAULT 'uploaded'
                               CHECK (state IN ('uploaded', 'dry_run_done', 'running', 'completed')),
  total_rows       integer     NOT NULL,
  request_id       text        UNIQUE,
  created_at       timestamptz NOT NULL DEFAULT now(),
  created_by       text        NOT NULL,
  updated_at       timestamptz NOT NULL DEFAULT now(),
  completed_at     timestamptz
);
-- "This file was imported before": earlier imports of the same bytes.
CREATE INDEX client_imports_by_sha256 ON client_imports (file_sha256, created_at);

CREATE TABLE client_import_rows (
  import_id        uuid        NOT NULL REFERENCES client_imports (id) ON DELETE CASCADE,
  row_number       integer     NOT NULL,
  -- The row's values after mapping and trimming; '' where the file had nothing.
  display_name     text        NOT NULL DEFAULT '',
  legal_name       text        NOT NULL DEFAULT '',
  inn              text        NOT NULL DEFAULT '',
  kpp              text        NOT NULL DEFAULT '',
  ogrn             text        NOT NULL DEFAULT '',
  legal_address    text        NOT NULL DEFAULT '',
  phone            text        NOT NULL DEFAULT '',
  email            text        NOT NULL DEFAULT '',
  -- Validation problems ([{field, column, message}]); NULL for a valid row.
  problems         jsonb,
  -- NULL until a run gives the row its result.
  outcome          text        CHECK (outcome IN ('created', 'updated', 'unchanged', 'duplicate',
                                                  'error')),
  client_id        uuid,
  -- An earlier valid row of the same file with the same INN and KPP.
  duplicate_of_row integer,
  -- Why a run gave the row its result, when the client base (not the file) is the reason.
  note             text        NOT NULL DEFAULT '',
  PRIMARY KEY (import_id, row_number)
);
-- Rows of a run are matched to clients by INN and KPP.
CREATE INDEX client_import_rows_by_inn_kpp ON client_import_rows (import_id, inn, kpp);
