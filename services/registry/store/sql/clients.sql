-- Clients, their change history and their contact persons (store/client_store.cpp).
--
-- Every statement returning clients returns the same columns, decoded by one function
-- (DecodeClient): times as microseconds since the epoch (*_us), the lists (okved_codes, phones,
-- phone_digits, emails) joined by U+001F, a character validated text never holds. The same holds
-- for contact persons (DecodeContactPerson).
--
-- The search statements select clients by the client filter (fragment client_filter, also used
-- by groups.sql, mailing.sql and project_clients.sql): its parameters are $1..$18, the
-- statement's own follow from $19. Every value is a bound parameter; the text never changes.

-- fragment: client_columns
-- The columns of a client row, in the order DecodeClient (client_store.cpp) reads them by name.
id::text AS id, display_name, legal_name, inn, kpp, ogrn, legal_address, phone, email,
       (extract(epoch FROM created_at) * 1000000)::bigint AS create_time_us,
       (extract(epoch FROM updated_at) * 1000000)::bigint AS update_time_us, version,
       (extract(epoch FROM deleted_at) * 1000000)::bigint AS delete_time_us, legal_form,
       legal_postal_code, legal_region_code, legal_city, legal_street_line, postal_postal_code,
       postal_region_code, postal_city, postal_street_line, postal_address_valid, industry_code,
       array_to_string(okved_codes, chr(31)) AS okved_codes,
       array_to_string(phones, chr(31)) AS phones,
       array_to_string(phone_digits, chr(31)) AS phone_digits,
       array_to_string(emails, chr(31)) AS emails, website, lead_source, notes,
       head_client_id::text AS head_client_id, verification_state, created_by, lead_source_kind,
       bank_accounts::text AS bank_accounts

-- fragment: client_filter
-- The client filter over clients c: its parameters are $1..$18, bound from
-- ClientFilterParameters (store/client_filter.h, which describes each). Deleted clients are left
-- to the statement.
($2 = '' OR c.search_name LIKE $1 OR $2 <% c.search_name)
  AND ($3 = '' OR c.inn = $3)
  AND ($4 = '' OR c.phone_digits @> ARRAY[$4::text] OR EXISTS (SELECT 1 FROM contact_persons p
       WHERE p.client_id = c.id AND p.deleted_at IS NULL AND p.phone_digits @> ARRAY[$4::text]))
  AND ($5 = '' OR c.email_keys @> ARRAY[$5::text] OR EXISTS (SELECT 1 FROM contact_persons p
       WHERE p.client_id = c.id AND p.deleted_at IS NULL AND p.email_keys @> ARRAY[$5::text]))
  AND (cardinality($6::text[]) = 0 OR c.region_code = ANY ($6::text[]))
  AND (cardinality($7::text[]) = 0 OR c.federal_district = ANY ($7::text[]))
  AND (cardinality($8::text[]) = 0 OR c.industry_code = ANY ($8::text[]))
  AND (cardinality($9::text[]) = 0 OR c.verification_state = ANY ($9::text[]))
  AND (cardinality($10::text[]) = 0 OR c.legal_form = ANY ($10::text[]))
  AND ($11 = '' OR c.head_client_id = NULLIF($11, '')::uuid)
  AND (cardinality($12::uuid[]) = 0 OR EXISTS (SELECT 1 FROM client_group_members gm
       WHERE gm.client_id = c.id AND gm.group_id = ANY ($12::uuid[])))
  AND (cardinality($13::uuid[]) + cardinality($14::uuid[]) + cardinality($15::uuid[])
       + cardinality($16::int[]) = 0 OR EXISTS (SELECT 1 FROM participations pa
       LEFT JOIN editions pe ON pe.id = pa.edition_id WHERE pa.client_id = c.id
       AND (cardinality($13::uuid[]) + cardinality($14::uuid[]) + cardinality($15::uuid[]) = 0
            OR pe.project_id = ANY ($13::uuid[]) OR pa.edition_id = ANY ($14::uuid[])
            OR pa.competitor_exhibition_id = ANY ($15::uuid[]))
       AND (cardinality($16::int[]) = 0 OR pa.year = ANY ($16::int[]))))
  AND (cardinality($17::uuid[]) + cardinality($18::uuid[]) = 0 OR EXISTS (SELECT 1
       FROM curators cu WHERE cu.client_id = c.id AND cu.ended_at IS NULL
       AND (cardinality($17::uuid[]) = 0 OR cu.employee_id = ANY ($17::uuid[]))
       AND (cardinality($18::uuid[]) = 0 OR cu.project_id = ANY ($18::uuid[]))))

-- fragment: contact_person_columns
-- The columns of a contact person row (DecodeContactPerson).
id::text AS id, client_id::text AS client_id, full_name, position, phone, email,
       (extract(epoch FROM created_at) * 1000000)::bigint AS create_time_us,
       array_to_string(phones, chr(31)) AS phones,
       array_to_string(phone_digits, chr(31)) AS phone_digits,
       array_to_string(emails, chr(31)) AS emails, mailing_consent, is_primary, status,
       (extract(epoch FROM updated_at) * 1000000)::bigint AS update_time_us, version,
       (extract(epoch FROM deleted_at) * 1000000)::bigint AS delete_time_us

-- name: client_insert
-- $1 id, $2 INN, $3 the actor, $4 the verification state, $5..$36 the editable record in
-- ClientRecord's order (client_store.cpp).
INSERT INTO clients (id, inn, created_by, updated_by, verification_state, display_name,
                     legal_name, kpp, ogrn, legal_address, phone, email, legal_form,
                     legal_postal_code, legal_region_code, legal_city, legal_street_line,
                     postal_postal_code, postal_region_code, postal_city, postal_street_line,
                     postal_address_valid, region_code, federal_district, city, industry_code,
                     okved_codes, phones, phone_digits, emails, email_keys, website, lead_source,
                     notes, head_client_id, lead_source_kind, bank_accounts, lead_source_time)
VALUES ($1::uuid, $2, $3, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17,
        $18, $19, $20, $21::boolean, $22, $23, $24, $25, $26::text[], $27::text[], $28::text[],
        $29::text[], $30::text[], $31, $32, $33, NULLIF($34, '')::uuid, $35, $36::jsonb,
        CASE WHEN $32 <> '' OR $35 <> '' THEN now() END)
RETURNING :client_columns;

-- name: client_get
SELECT :client_columns
FROM clients
WHERE id = $1::uuid;

-- name: clients_by_ids
-- Many clients at once (bulk writes read back what they wrote).
SELECT :client_columns
FROM clients
WHERE id = ANY($1::uuid[])
ORDER BY id;

-- name: client_by_inn_kpp
SELECT :client_columns
FROM clients
WHERE inn = $1 AND kpp = $2;

-- name: client_lead_source_older_than
-- Whether the client's lead source was last set before $2 (or never): a setting made at $2 may
-- replace it.
SELECT lead_source_time IS NULL OR lead_source_time < $2::timestamptz AS older
FROM clients
WHERE id = $1::uuid;

-- name: client_exists
SELECT 1 AS found FROM clients WHERE id = $1::uuid;

-- name: client_get_for_update
-- Locks the row for the rest of the transaction, so the etag check and the write that follows
-- see the same version.
SELECT :client_columns
FROM clients
WHERE id = $1::uuid
FOR UPDATE;

-- name: client_update
-- $1 id, $2 the actor, $3..$34 the editable record in ClientRecord's order, $35 when the lead
-- source was set if it changes ('' for now; planning's settings carry their own time).
UPDATE clients
SET (display_name, legal_name, kpp, ogrn, legal_address, phone, email, legal_form,
     legal_postal_code, legal_region_code, legal_city, legal_street_line, postal_postal_code,
     postal_region_code, postal_city, postal_street_line, postal_address_valid, region_code,
     federal_district, city, industry_code, okved_codes, phones, phone_digits, emails,
     email_keys, website, lead_source, notes, head_client_id, lead_source_kind, bank_accounts)
      = ($3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17, $18, $19::boolean,
         $20, $21, $22, $23, $24::text[], $25::text[], $26::text[], $27::text[], $28::text[],
         $29, $30, $31, NULLIF($32, '')::uuid, $33, $34::jsonb),
    lead_source_time = CASE
      WHEN (lead_source, lead_source_kind) IS DISTINCT FROM ($30, $33)
        THEN coalesce(NULLIF($35, '')::timestamptz, now())
      ELSE lead_source_time END,
    version = version + 1, updated_at = now(), updated_by = $2
WHERE id = $1::uuid
RETURNING :client_columns;

-- name: client_set_deleted
UPDATE clients
SET deleted_at = CASE WHEN $2::boolean THEN now() END,
    version = version + 1, updated_at = now(), updated_by = $3
WHERE id = $1::uuid
RETURNING :client_columns;

-- name: client_head_chain_contains
-- Whether $2 is $1 or one of its heads, up the chain: a head that would close a cycle.
WITH RECURSIVE chain (id, head_client_id) AS (
  SELECT id, head_client_id FROM clients WHERE id = $1::uuid
  UNION
  SELECT c.id, c.head_client_id FROM clients c JOIN chain ON c.id = chain.head_client_id)
SELECT 1 AS found FROM chain WHERE id = $2::uuid;

-- name: client_history_append
INSERT INTO client_history (client_id, version, change, changed_by, request_id, snapshot,
                            merge_id)
SELECT id, version, $2, $3, $4, $5::jsonb, NULLIF($6, '')::uuid FROM clients WHERE id = $1::uuid;

-- name: client_history_page
-- Newest first, below version $2; one row more than the page, which is both the sign of a next
-- page and the version the page's last change is compared with.
SELECT version, change, changed_by,
       (extract(epoch FROM changed_at) * 1000000)::bigint AS change_time_us,
       snapshot::text AS snapshot, merge_id::text AS merge_id
FROM client_history
WHERE client_id = $1::uuid AND version < $2
ORDER BY version DESC
LIMIT $3;

-- name: client_history_with_merged_page
-- The client's history with that of the clients merged into it (and into those): $2..$4 the key
-- the page starts after (change time in µs, client id, version), $5 the limit. Each version
-- comes with its client's previous one, to show what changed.
WITH RECURSIVE family AS (
  SELECT $1::uuid AS id
  UNION
  SELECT c.id FROM clients c JOIN family f ON c.merged_into = f.id),
h AS (
  SELECT client_id, version, change, changed_by, changed_at, snapshot, merge_id,
         lag(snapshot) OVER (PARTITION BY client_id ORDER BY version) AS previous
  FROM client_history
  WHERE client_id IN (SELECT id FROM family))
SELECT client_id::text AS client_id, version, change, changed_by,
       (extract(epoch FROM changed_at) * 1000000)::bigint AS change_time_us,
       snapshot::text AS snapshot, previous::text AS previous, merge_id::text AS merge_id
FROM h
WHERE (changed_at, client_id, version)
      < ('epoch'::timestamptz + $2::bigint * interval '1 microsecond', $3::uuid, $4::int)
ORDER BY changed_at DESC, client_id DESC, version DESC
LIMIT $5;

-- name: client_history_version
SELECT snapshot::text AS snapshot
FROM client_history
WHERE client_id = $1::uuid AND version = $2;

-- name: set_name_similarity_threshold
SELECT set_config('pg_trgm.word_similarity_threshold', $1, true) AS word_similarity_threshold;

-- name: clients_search_by_display_name
-- The client filter, then $19 show deleted, $20 the previous page's name ('' on the first page),
-- $21 its id, $22 the row limit.
SELECT :client_columns
FROM clients c
WHERE :client_filter
  AND (c.deleted_at IS NULL OR $19::boolean)
  AND (c.display_name, c.id) > ($20, $21::uuid)
ORDER BY c.display_name, c.id
LIMIT $22;

-- name: clients_count
-- How many clients the client filter matches ($1..$18), deleted ones too when $19: the rows of
-- every page of the clients_search_* statements together, at the default name similarity.
SELECT count(*) AS total
FROM clients c
WHERE :client_filter
  AND (c.deleted_at IS NULL OR $19::boolean);

-- name: clients_search_by_create_time
-- As clients_search_by_display_name, newest first; $20 the previous page's create_time_us.
SELECT :client_columns
FROM clients c
WHERE :client_filter
  AND (c.deleted_at IS NULL OR $19::boolean)
  AND (NULLIF($20, '') IS NULL OR (c.created_at, c.id)
       < (timestamptz 'epoch' + NULLIF($20, '')::bigint * interval '1 microsecond', $21::uuid))
ORDER BY c.created_at DESC, c.id DESC
LIMIT $22;

-- name: clients_search_by_update_time
-- As clients_search_by_create_time, by the last change; $20 the previous page's update_time_us.
SELECT :client_columns
FROM clients c
WHERE :client_filter
  AND (c.deleted_at IS NULL OR $19::boolean)
  AND (NULLIF($20, '') IS NULL OR (c.updated_at, c.id)
       < (timestamptz 'epoch' + NULLIF($20, '')::bigint * interval '1 microsecond', $21::uuid))
ORDER BY c.updated_at DESC, c.id DESC
LIMIT $22;

-- fragment: after_relevance_key
-- A relevance page starts after the previous page's (score, id): $20 the score ('' on the first
-- page), $21 the id.
(NULLIF($20, '') IS NULL OR score < NULLIF($20, '')::float8
 OR (score = NULLIF($20, '')::float8 AND id > $21::uuid))

-- name: clients_search_by_relevance
-- Names containing the fragment first, then by how closely a part of the name matches it
-- (pg_trgm word similarity). $20 the previous page's score ('' on the first page), $21 its id.
-- The definition of the relevance order: SearchClients reads the same rows in two parts
-- (clients_search_name_part), which a test compares with it.
SELECT :client_columns, score
FROM (
  SELECT c.*,
         (CASE WHEN c.search_name LIKE $1 THEN 1 ELSE 0 END
          + word_similarity($2, c.search_name))::float8 AS score
  FROM clients c
  WHERE :client_filter
    AND (c.deleted_at IS NULL OR $19::boolean)) AS ranked
WHERE :after_relevance_key
ORDER BY score DESC, id
LIMIT $22;

-- name: clients_search_name_part
-- One of the two disjoint parts SearchClients reads the relevance order in, scored as
-- clients_search_by_relevance scores them: when $25, the clients whose search name contains the
-- fragment (only the GIN index's substring scan runs); otherwise those whose name does not
-- contain it but is similar to it at the current pg_trgm.word_similarity_threshold. The client
-- filter's own name condition is switched off ($1 and $2 are ''); $19..$22 as in
-- clients_search_by_relevance, $23 the LIKE pattern of the fragment, $24 the normalised fragment.
-- Custom plans (common::db::UseCustomPlans) fold the CASE to the one part's condition.
SELECT :client_columns, score
FROM clients c
CROSS JOIN LATERAL (
  SELECT (CASE WHEN c.search_name LIKE $23 THEN 1 ELSE 0 END
          + word_similarity($24, c.search_name))::float8 AS score) AS relevance
WHERE CASE WHEN $25::boolean THEN c.search_name LIKE $23
           ELSE $24 <% c.search_name AND c.search_name NOT LIKE $23 END
  AND :client_filter
  AND (c.deleted_at IS NULL OR $19::boolean)
  AND :after_relevance_key
ORDER BY score DESC, id
LIMIT $22;

-- name: contact_person_insert
-- Contact persons, ordered by (full_name, id) within their client.
INSERT INTO contact_persons (id, client_id, full_name, position, phone, email, created_by,
                             updated_by, phones, phone_digits, emails, email_keys,
                             mailing_consent, is_primary, status)
VALUES ($1::uuid, $2::uuid, $3, $4, $5, $6, $7, $7, $8::text[], $9::text[], $10::text[],
        $11::text[], $12::boolean, $13::boolean, $14)
RETURNING :contact_person_columns;

-- name: contact_person_get
SELECT :contact_person_columns
FROM contact_persons
WHERE id = $1::uuid AND client_id = $2::uuid;

-- name: contact_person_get_for_update
SELECT :contact_person_columns
FROM contact_persons
WHERE id = $1::uuid AND client_id = $2::uuid
FOR UPDATE;

-- name: contact_person_update
UPDATE contact_persons
SET full_name = $3, position = $4, phone = $5, email = $6, phones = $7::text[],
    phone_digits = $8::text[], emails = $9::text[], email_keys = $10::text[],
    mailing_consent = $11::boolean, is_primary = $12::boolean, status = $13,
    version = version + 1, updated_at = now(), updated_by = $14
WHERE id = $1::uuid AND client_id = $2::uuid
RETURNING :contact_person_columns;

-- name: contact_person_set_deleted
-- Deleting a person also drops its primary mark.
UPDATE contact_persons
SET deleted_at = CASE WHEN $3::boolean THEN now() END,
    is_primary = is_primary AND NOT $3::boolean, version = version + 1, updated_at = now(),
    updated_by = $4
WHERE id = $1::uuid AND client_id = $2::uuid
RETURNING :contact_person_columns;

-- name: contact_persons_list
-- $2, $3 the previous page's (full_name, id), $4 the row limit, $5 show deleted.
SELECT :contact_person_columns
FROM contact_persons
WHERE client_id = $1::uuid AND (full_name, id) > ($2, $3::uuid)
  AND (deleted_at IS NULL OR $5::boolean)
ORDER BY full_name, id
LIMIT $4;
