-- Client imports and their rows (store/import_store.cpp). A run works on one batch of rows at a
-- time, [$2, $3) by row number, with a handful of set-based statements per batch.
--
-- A row "changes its client" when it differs from the client in a field the file fills (empty
-- cells change nothing): import_rows_match_clients spells that condition out.

-- name: import_insert
INSERT INTO client_imports (id, file_name, file_format, encoding, delimiter, file_sha256,
                            file_bytes, columns, column_mappings, existing_policy, total_rows,
                            created_by)
VALUES ($1::uuid, $2, $3, $4, $5, $6, $7, $8::jsonb, $9::jsonb, $10, $11, $12);

-- name: import_get
-- The import with its previous import of the same file and the count of each row result.
SELECT i.id::text AS id, i.file_name, i.file_format, i.encoding, i.delimiter, i.file_sha256,
       i.columns::text AS columns, i.column_mappings::text AS column_mappings,
       i.existing_policy, i.state, i.total_rows, i.created_by,
       (extract(epoch FROM i.created_at) * 1000000)::bigint AS create_time_us,
       (extract(epoch FROM i.updated_at) * 1000000)::bigint AS update_time_us,
       (extract(epoch FROM i.completed_at) * 1000000)::bigint AS complete_time_us,
       (SELECT p.id::text FROM client_imports p
        WHERE p.file_sha256 = i.file_sha256 AND p.created_at < i.created_at
        ORDER BY p.created_at DESC LIMIT 1) AS previous_import_id,
       n.created, n.updated, n.unchanged, n.duplicate, n.error, n.processed
FROM client_imports i,
     LATERAL (SELECT count(*) FILTER (WHERE outcome = 'created') AS created,
                     count(*) FILTER (WHERE outcome = 'updated') AS updated,
                     count(*) FILTER (WHERE outcome = 'unchanged') AS unchanged,
                     count(*) FILTER (WHERE outcome = 'duplicate') AS duplicate,
                     count(*) FILTER (WHERE outcome = 'error') AS error,
                     count(outcome) AS processed
              FROM client_import_rows r
              WHERE r.import_id = i.id) n
WHERE i.id = $1::uuid;

-- name: import_exists
-- Whether the import exists, without counting its rows (a list of its rows needs no more).
SELECT 1 FROM client_imports WHERE id = $1::uuid;

-- name: import_set_state
UPDATE client_imports
SET state = $2, updated_at = now(),
    completed_at = CASE WHEN $2 = 'completed' THEN now() ELSE completed_at END
WHERE id = $1::uuid;

-- name: import_try_lock
-- One run at a time per import, across replicas; a session lock, so a crashed server releases
-- it with its connection.
SELECT pg_try_advisory_lock(hashtextextended('client_import:' || $1, 0)) AS locked;

-- name: import_unlock
SELECT pg_advisory_unlock(hashtextextended('client_import:' || $1, 0)) AS unlocked;

-- name: import_rows_mark_file_duplicates
-- Rows. Problems found by validation and repeats within the file are results of the file alone,
-- set once at upload; a run recomputes only what depends on the client base.
UPDATE client_import_rows r
SET outcome = 'duplicate', duplicate_of_row = f.first_row
FROM (SELECT inn, kpp, min(row_number) AS first_row
      FROM client_import_rows
      WHERE import_id = $1::uuid AND problems IS NULL
      GROUP BY inn, kpp
      HAVING count(*) > 1) f
WHERE r.import_id = $1::uuid AND r.problems IS NULL AND r.inn = f.inn AND r.kpp = f.kpp
  AND r.row_number > f.first_row;

-- name: import_rows_reset
UPDATE client_import_rows
SET outcome = NULL, client_id = NULL, note = '', duplicate_score = NULL, duplicate_reasons = '{}'
WHERE import_id = $1::uuid AND problems IS NULL AND duplicate_of_row IS NULL
  AND outcome IS NOT NULL;

-- name: import_rows_bounds
SELECT coalesce(min(row_number), 0) AS first_row, coalesce(max(row_number), -1) AS last_row
FROM client_import_rows
WHERE import_id = $1::uuid;

-- name: import_rows_match_clients
-- $4: the SKIP policy (a match is a duplicate of the client). A match is "updated" when the row
-- differs from its client in a field the file fills.
UPDATE client_import_rows r
SET client_id = c.id,
    outcome = CASE WHEN c.deleted_at IS NOT NULL THEN 'error' WHEN $4::boolean THEN 'duplicate'
                   WHEN ((r.display_name <> '' AND r.display_name <> c.display_name)
                         OR (r.legal_name <> '' AND r.legal_name <> c.legal_name)
                         OR (r.ogrn <> '' AND r.ogrn <> c.ogrn)
                         OR (r.legal_address <> '' AND r.legal_address <> c.legal_address)
                         OR (cardinality(r.phone_digits) > 0
                             AND NOT c.phone_digits @> r.phone_digits)
                         OR (cardinality(r.email_keys) > 0 AND NOT c.email_keys @> r.email_keys))
                   THEN 'updated' ELSE 'unchanged' END,
    note = CASE WHEN c.deleted_at IS NOT NULL
                THEN 'matches a deleted client; undelete it to import into it' ELSE '' END
FROM clients c
WHERE r.import_id = $1::uuid AND r.row_number >= $2 AND r.row_number < $3
  AND r.outcome IS NULL AND c.inn = r.inn AND c.kpp = r.kpp;

-- name: import_rows_mark_probable_duplicates
-- Rows found to be probable duplicates of clients (by the duplicate scorer): $4 row numbers,
-- $5 client ids, $6 scores, $7 reasons (comma-separated), $8 notes.
UPDATE client_import_rows r
SET outcome = 'duplicate', client_id = d.client_id, duplicate_score = d.score,
    duplicate_reasons = string_to_array(d.reasons, ','), note = d.note
FROM unnest($4::int[], $5::uuid[], $6::int[], $7::text[], $8::text[])
     AS d(row_number, client_id, score, reasons, note)
WHERE r.import_id = $1::uuid AND r.row_number >= $2 AND r.row_number < $3
  AND r.outcome IS NULL AND r.row_number = d.row_number;

-- name: import_rows_predict_created
-- Dry run: every row left would be created.
UPDATE client_import_rows r
SET outcome = 'created'
WHERE r.import_id = $1::uuid AND r.row_number >= $2 AND r.row_number < $3
  AND r.outcome IS NULL;

-- name: import_rows_assign_client_ids
-- New clients for the rows left, under ids given to the rows first, so rows and clients join by
-- primary key (joining on RETURNING output made the planner loop over the batch for each row).
-- One name fills the other when the file has only one. A client someone else created since the
-- match is left alone (ON CONFLICT); its row keeps no client and import_rows_mark_raced reports
-- it. import_rows_mark_created returns the new clients' ids.
UPDATE client_import_rows r
SET client_id = gen_random_uuid()
WHERE r.import_id = $1::uuid AND r.row_number >= $2 AND r.row_number < $3
  AND r.outcome IS NULL;

-- name: import_rows_create_clients
INSERT INTO clients (id, display_name, legal_name, inn, kpp, ogrn, legal_address, phone, email,
                     phones, phone_digits, emails, email_keys, created_by, updated_by)
SELECT r.client_id, coalesce(nullif(r.display_name, ''), r.legal_name),
       coalesce(nullif(r.legal_name, ''), r.display_name), r.inn, r.kpp, r.ogrn,
       r.legal_address, coalesce(r.phones[1], ''), coalesce(r.emails[1], ''), r.phones,
       r.phone_digits, r.emails, r.email_keys, $4, $4
FROM client_import_rows r
WHERE r.import_id = $1::uuid AND r.row_number >= $2 AND r.row_number < $3
  AND r.outcome IS NULL
ORDER BY r.row_number
ON CONFLICT (inn, kpp) DO NOTHING;

-- name: import_rows_mark_created
UPDATE client_import_rows r
SET outcome = 'created'
FROM clients c
WHERE r.import_id = $1::uuid AND r.row_number >= $2 AND r.row_number < $3
  AND r.outcome IS NULL AND c.id = r.client_id
RETURNING r.client_id::text AS client_id;

-- name: import_rows_mark_raced
UPDATE client_import_rows r
SET outcome = 'error', client_id = NULL,
    note = 'a client with this INN and KPP was created meanwhile; run the import again'
WHERE r.import_id = $1::uuid AND r.row_number >= $2 AND r.row_number < $3
  AND r.outcome IS NULL;

-- name: import_rows_update_clients
-- Non-empty values overwrite; the version moves on as with UpdateClient. The row's phones
-- (e-mails) go first in the client's list, followed by the client's other ones, so `phone`
-- (`email`), the first of the list, is the file's.
UPDATE clients c
SET display_name = coalesce(nullif(r.display_name, ''), c.display_name),
    legal_name = coalesce(nullif(r.legal_name, ''), c.legal_name),
    ogrn = coalesce(nullif(r.ogrn, ''), c.ogrn),
    legal_address = coalesce(nullif(r.legal_address, ''), c.legal_address),
    phone = coalesce(r.phones[1], c.phone),
    phones = r.phones || ARRAY(SELECT p FROM unnest(c.phones, c.phone_digits)
                                 WITH ORDINALITY AS k(p, d, n)
                               WHERE d <> ALL (r.phone_digits) ORDER BY n),
    phone_digits = r.phone_digits || ARRAY(SELECT d FROM unnest(c.phone_digits)
                                             WITH ORDINALITY AS k(d, n)
                                           WHERE d <> ALL (r.phone_digits) ORDER BY n),
    email = coalesce(r.emails[1], c.email),
    emails = r.emails || ARRAY(SELECT e FROM unnest(c.emails, c.email_keys)
                                 WITH ORDINALITY AS k(e, d, n)
                               WHERE d <> ALL (r.email_keys) ORDER BY n),
    email_keys = r.email_keys || ARRAY(SELECT d FROM unnest(c.email_keys)
                                         WITH ORDINALITY AS k(d, n)
                                       WHERE d <> ALL (r.email_keys) ORDER BY n),
    version = c.version + 1, updated_at = now(), updated_by = $4
FROM client_import_rows r
WHERE r.import_id = $1::uuid AND r.row_number >= $2 AND r.row_number < $3
  AND r.outcome = 'updated' AND c.id = r.client_id
RETURNING c.id::text AS client_id;

-- name: import_rows_list
-- $3: results to list (text[]; every row when empty), then the keyset: $2 the previous page's
-- last row number, $4 the row limit.
SELECT row_number, outcome, client_id::text AS client_id, duplicate_of_row,
       problems::text AS problems, display_name, legal_name, inn, kpp, note, duplicate_score,
       array_to_string(duplicate_reasons, ',') AS duplicate_reasons
FROM client_import_rows
WHERE import_id = $1::uuid AND row_number > $2
  AND (cardinality($3::text[]) = 0 OR coalesce(outcome, 'pending') = ANY($3::text[]))
ORDER BY row_number
LIMIT $4;

-- name: client_history_append_many
-- History rows for many clients at once: $4 is a JSON array of client resources (each recorded
-- at the version the client has now).
INSERT INTO client_history (client_id, version, change, changed_by, request_id, snapshot)
SELECT c.id, c.version, $1, $2, $3, e.value
FROM jsonb_array_elements($4::jsonb) e
JOIN clients c ON c.id = substr(e.value->>'name', 9)::uuid;
