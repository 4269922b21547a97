-- The base's quality: duplicate candidates, duplicate scans and the verification queue
-- (store/quality_store.cpp).
--
-- The duplicate statements measure the same signals between an incoming record (p) and a live
-- client (c), decoded by one function (DecodeSignals): same_inn_kpp, same_inn, name_similarity
-- (the best trigram similarity of the normalised names, crosswise), same_phone, same_email,
-- with the candidate's id, display_name, legal_name, inn and kpp, and `ord`, the record's
-- ordinal.

-- fragment: duplicate_signal_columns
-- The duplicate signals of a client c against a probe p (ord, INN, KPP, name and contact keys),
-- read by name by the one signal decoder.
p.ord, c.id::text AS id, c.display_name, c.legal_name, c.inn, c.kpp,
       (c.inn = p.inn AND c.kpp = p.kpp) AS same_inn_kpp, c.inn = p.inn AS same_inn,
       greatest(similarity(c.display_name_key, p.display_key),
                similarity(c.legal_name_key, p.legal_key),
                similarity(c.display_name_key, p.legal_key),
                similarity(c.legal_name_key, p.display_key))::float8 AS name_similarity,
       (p.phone_key <> '' AND c.phone_key = p.phone_key) AS same_phone,
       (p.email_key <> '' AND c.email_key = p.email_key) AS same_email

-- name: duplicate_signals_batch
-- Many incoming records in one statement (arrays of equal length, one element per record):
-- $1 INNs, $2 KPPs, $3 display names, $4 legal names, $5 phones, $6 e-mails, $7 ids to exclude
-- (the nil UUID for none), $8 the most candidates fetched per record. Candidates are live
-- clients sharing the INN, a similar name (pg_trgm's % on the normalised names), the phone
-- digits or the e-mail; `exclude` keeps a record from matching itself.
-- The records' keys are computed once (MATERIALIZED): inlined, the key functions' regular
-- expressions ran again for every row an index recheck looked at. The phone and e-mail indexes
-- are partial (keys not empty): the conditions say `c.… <> ''` so that every branch of the OR
-- has its index; one branch without makes the planner read the whole table for every record.
WITH p AS MATERIALIZED (
  SELECT ord::int AS ord, inn, kpp, registry_name_key(dn) AS display_key,
         registry_name_key(ln) AS legal_key, registry_phone_key(ph) AS phone_key,
         registry_email_key(em) AS email_key, ex AS exclude
  FROM unnest($1::text[], $2::text[], $3::text[], $4::text[], $5::text[], $6::text[],
              $7::uuid[]) WITH ORDINALITY AS r(inn, kpp, dn, ln, ph, em, ex, ord))
SELECT :duplicate_signal_columns
FROM p
CROSS JOIN LATERAL (
  SELECT * FROM clients c
  WHERE c.deleted_at IS NULL AND c.id <> p.exclude
    AND (c.inn = p.inn
         OR (p.display_key <> '' AND c.display_name_key % p.display_key)
         OR (p.legal_key <> '' AND c.legal_name_key % p.legal_key)
         OR (p.phone_key <> '' AND c.phone_key <> '' AND c.phone_key = p.phone_key)
         OR (p.email_key <> '' AND c.email_key <> '' AND c.email_key = p.email_key))
  ORDER BY (c.inn = p.inn) DESC,
           greatest(similarity(c.display_name_key, p.display_key),
                    similarity(c.legal_name_key, p.legal_key)) DESC,
           c.id
  LIMIT $8) c
ORDER BY p.ord;

-- name: import_rows_duplicate_signals
-- The rows of an import batch still without a result ($1 import, rows [$2, $3)) against the
-- live clients, as duplicate_signals_batch measures them. Candidates are looked up by equality
-- only (INN, normalised name, phone, e-mail), so a batch costs a few index probes per row
-- whatever the names are like; $4 the most candidates per row. The partial indexes hold only
-- clients with a phone (e-mail): the conditions say so to use them.
WITH p AS (
  SELECT r.row_number AS ord, r.inn, r.kpp,
         registry_name_key(coalesce(nullif(r.display_name, ''), r.legal_name)) AS display_key,
         registry_name_key(coalesce(nullif(r.legal_name, ''), r.display_name)) AS legal_key,
         registry_phone_key(coalesce(r.phones[1], '')) AS phone_key,
         registry_email_key(coalesce(r.emails[1], '')) AS email_key
  FROM client_import_rows r
  WHERE r.import_id = $1::uuid AND r.row_number >= $2 AND r.row_number < $3
    AND r.outcome IS NULL)
SELECT :duplicate_signal_columns
FROM p
CROSS JOIN LATERAL (
  SELECT * FROM clients c
  WHERE c.deleted_at IS NULL
    AND (c.inn = p.inn
         OR (p.display_key <> '' AND c.display_name_key = p.display_key)
         OR (p.legal_key <> '' AND c.display_name_key = p.legal_key)
         OR (p.display_key <> '' AND c.legal_name_key = p.display_key)
         OR (p.legal_key <> '' AND c.legal_name_key = p.legal_key)
         OR (p.phone_key <> '' AND c.phone_key <> '' AND c.phone_key = p.phone_key)
         OR (p.email_key <> '' AND c.email_key <> '' AND c.email_key = p.email_key))
  ORDER BY (c.inn = p.inn) DESC, c.id
  LIMIT $4) c
ORDER BY p.ord;

-- name: duplicate_import_no_jit
-- JIT off for this transaction: import_rows_duplicate_signals is thousands of tiny index
-- probes, and compiling it costs more (about 150 ms a batch) than it saves.
SELECT set_config('jit', 'off', true) AS jit;

-- name: duplicate_name_threshold
-- The trigram threshold of `%` for this transaction: below NameAloneCandidateSimilarity a name
-- alone makes no candidate, and a lower threshold makes look-ups among look-alike names (a base
-- of "Завод «Волга-N»") read most of the index. With it, until duplicate_lookup_end, conditions
-- priced at what `%` costs: the planner prices `%` like `=`, but on a row it did not find through
-- a trigram index `%` computes both names' trigrams (about 8 µs a row here), so it read the whole
-- clients table for each record instead of the five conditions' indexes (50,000 clients: 316 ms
-- a created client against 22 ms; 334 clients: 2.1 ms against 0.6 ms). 0.25 is 100 times the
-- default. Returns the setting it replaces.
SELECT s.cpu_operator_cost,
       set_config('pg_trgm.similarity_threshold', $1, true) AS similarity_threshold,
       set_config('cpu_operator_cost', '0.25', true) AS duplicate_lookup_cost
FROM (SELECT current_setting('cpu_operator_cost') AS cpu_operator_cost OFFSET 0) s;

-- name: duplicate_lookup_end
-- The operator cost duplicate_name_threshold replaced ($1), for the rest of the transaction.
SELECT set_config('cpu_operator_cost', $1, true) AS cpu_operator_cost;

-- name: duplicate_scan_clients
-- A duplicate scan's batch: live clients after $1 in id order, at most $2, with what
-- duplicate_signals_batch compares and the version (the etag).
SELECT id::text AS id, display_name, legal_name, inn, kpp, phone, email,
       version::text AS version
FROM clients
WHERE deleted_at IS NULL AND id > $1::uuid
ORDER BY id
LIMIT $2;

-- name: duplicate_scan_members
-- The scan's members outside the batch.
SELECT id::text AS id, display_name, legal_name, inn, kpp, version::text AS version
FROM clients
WHERE id = ANY($1::uuid[]);

-- name: client_verification_get
-- Verification. The state and the address flag change with a new version of the client, so
-- each transition has its own history row.
SELECT verification_state, postal_address_valid,
       EXISTS (SELECT 1 FROM verification_items i
               WHERE i.client_id = c.id AND i.resolution IS NULL) AS has_open_items
FROM clients c
WHERE id = $1::uuid;

-- name: client_verification_set
UPDATE clients
SET verification_state = $2, postal_address_valid = $3, version = version + 1,
    updated_at = now(), updated_by = $4
WHERE id = $1::uuid;

-- name: verification_item_insert
INSERT INTO verification_items (id, client_id, reason, problem, field_paths, comment,
                                created_by, returned_mail_key)
VALUES ($1::uuid, $2::uuid, $3, $4, $5::text[], $6, $7, NULLIF($8, ''));

-- name: verification_candidates_insert
INSERT INTO verification_candidates (item_id, candidate_id, score, reasons)
SELECT $1::uuid, c, s, string_to_array(r, ',')
FROM unnest($2::uuid[], $3::int[], $4::text[]) AS t(c, s, r);

-- name: verification_items_resolve
UPDATE verification_items
SET resolution = $2, resolution_comment = $3, resolved_at = now(), resolved_by = $4
WHERE client_id = $1::uuid AND resolution IS NULL;

-- name: verification_item_by_returned_mail_key
-- Items come with their client's display name and version (the etag).
SELECT i.id::text AS id, i.client_id::text AS client_id, c.display_name, c.version, i.reason,
       i.problem, array_to_string(i.field_paths, ',') AS field_paths, i.comment,
       (extract(epoch FROM i.created_at) * 1000000)::bigint AS create_time_us, i.created_by
FROM verification_items i
JOIN clients c ON c.id = i.client_id
WHERE i.returned_mail_key = $1;

-- name: verification_item_get
SELECT i.id::text AS id, i.client_id::text AS client_id, c.display_name, c.version, i.reason,
       i.problem, array_to_string(i.field_paths, ',') AS field_paths, i.comment,
       (extract(epoch FROM i.created_at) * 1000000)::bigint AS create_time_us, i.created_by
FROM verification_items i
JOIN clients c ON c.id = i.client_id
WHERE i.id = $1::uuid;

-- name: verification_queue
-- The queue, oldest first: keyset on (created_at, id); $1 a reason or '' for all; the key's time
-- ($2) is microseconds since the epoch.
SELECT i.id::text AS id, i.client_id::text AS client_id, c.display_name, c.version, i.reason,
       i.problem, array_to_string(i.field_paths, ',') AS field_paths, i.comment,
       (extract(epoch FROM i.created_at) * 1000000)::bigint AS create_time_us, i.created_by
FROM verification_items i
JOIN clients c ON c.id = i.client_id
WHERE i.resolution IS NULL AND ($1 = '' OR i.reason = $1)
  AND (i.created_at, i.id)
      > ('epoch'::timestamptz + $2::bigint * interval '1 microsecond', $3::uuid)
ORDER BY i.created_at, i.id
LIMIT $4;

-- name: verification_candidates_of_items
-- The recorded candidates of many items that are still live clients.
SELECT v.item_id::text AS item_id, c.id::text AS id, c.display_name, c.legal_name, c.inn, c.kpp,
       v.score, array_to_string(v.reasons, ',') AS reasons
FROM verification_candidates v
JOIN clients c ON c.id = v.candidate_id
WHERE v.item_id = ANY($1::uuid[]) AND c.deleted_at IS NULL
ORDER BY v.item_id, v.score DESC, c.display_name, c.id;
