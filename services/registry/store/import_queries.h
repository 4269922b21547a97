#pragma once

#include <vector>

#include "common/db/pool.h"

// Statements of client imports (store/import_store.cpp). A run works on one batch of rows at a
// time, [$2, $3) by row number, with a handful of set-based statements per batch.
namespace crm::registry {

// id, file_name, file_format, encoding, delimiter, file_sha256, columns, column_mappings,
// existing_policy, state, total_rows, created_by, created (µs), updated (µs), completed (µs),
// previous import id, created, updated, unchanged, duplicate, error, processed
#define CRM_REGISTRY_IMPORT_COLUMNS                                                      \
  " i.id::text, i.file_name, i.file_format, i.encoding, i.delimiter, i.file_sha256,"     \
  " i.columns::text, i.column_mappings::text, i.existing_policy, i.state, i.total_rows," \
  " i.created_by, (extract(epoch FROM i.created_at) * 1000000)::bigint,"                 \
  " (extract(epoch FROM i.updated_at) * 1000000)::bigint,"                               \
  " (extract(epoch FROM i.completed_at) * 1000000)::bigint,"                             \
  " (SELECT p.id::text FROM client_imports p WHERE p.file_sha256 = i.file_sha256"        \
  "  AND p.created_at < i.created_at ORDER BY p.created_at DESC LIMIT 1),"               \
  " n.created, n.updated, n.unchanged, n.duplicate, n.error, n.processed "               \
  " FROM client_imports i, LATERAL (SELECT"                                              \
  "  count(*) FILTER (WHERE outcome = 'created') AS created,"                            \
  "  count(*) FILTER (WHERE outcome = 'updated') AS updated,"                            \
  "  count(*) FILTER (WHERE outcome = 'unchanged') AS unchanged,"                        \
  "  count(*) FILTER (WHERE outcome = 'duplicate') AS duplicate,"                        \
  "  count(*) FILTER (WHERE outcome = 'error') AS error, count(outcome) AS processed"    \
  "  FROM client_import_rows r WHERE r.import_id = i.id) n "

// row_number, outcome, client_id, duplicate_of_row, problems, display_name, legal_name, inn, kpp,
// note, duplicate_score, duplicate_reasons (comma-separated)
#define CRM_REGISTRY_IMPORT_ROW_COLUMNS                                                    \
  " row_number, outcome, client_id::text, duplicate_of_row, problems::text, display_name," \
  " legal_name, inn, kpp, note, duplicate_score, array_to_string(duplicate_reasons, ',') "

// A row whose values differ from its client in a field the file fills (empty cells change
// nothing).
#define CRM_REGISTRY_IMPORT_ROW_CHANGES_CLIENT                                     \
  " ((r.display_name <> '' AND r.display_name <> c.display_name)"                  \
  " OR (r.legal_name <> '' AND r.legal_name <> c.legal_name)"                      \
  " OR (r.ogrn <> '' AND r.ogrn <> c.ogrn)"                                        \
  " OR (r.legal_address <> '' AND r.legal_address <> c.legal_address)"             \
  " OR (cardinality(r.phone_digits) > 0 AND NOT c.phone_digits @> r.phone_digits)" \
  " OR (cardinality(r.email_keys) > 0 AND NOT c.email_keys @> r.email_keys)) "

#define CRM_REGISTRY_IMPORT_BATCH \
  " r.import_id = $1::uuid AND r.row_number >= $2 AND r.row_number < $3 "

inline const std::vector<common::db::NamedQuery> kImportQueries = {
    {"import_insert",
     "INSERT INTO client_imports (id, file_name, file_format, encoding, delimiter, file_sha256,"
     " file_bytes, columns, column_mappings, existing_policy, total_rows, created_by)"
     " VALUES ($1::uuid, $2, $3, $4, $5, $6, $7, $8::jsonb, $9::jsonb, $10, $11,"
     " $12)"},
    {"import_get", "SELECT" CRM_REGISTRY_IMPORT_COLUMNS "WHERE i.id = $1::uuid"},
    {"import_set_state",
     "UPDATE client_imports SET state = $2, updated_at = now(),"
     " completed_at = CASE WHEN $2 = 'completed' THEN now() ELSE completed_at END"
     " WHERE id = $1::uuid"},
    // One run at a time per import, across replicas; a session lock, so a crashed server
    // releases it with its connection.
    {"import_try_lock", "SELECT pg_try_advisory_lock(hashtextextended('client_import:' || $1, 0))"},
    {"import_unlock", "SELECT pg_advisory_unlock(hashtextextended('client_import:' || $1, 0))"},

    // Rows. Problems found by validation and repeats within the file are results of the file
    // alone, set once at upload; a run recomputes only what depends on the client base.
    {"import_rows_mark_file_duplicates",
     "UPDATE client_import_rows r SET outcome = 'duplicate', duplicate_of_row = f.first_row"
     " FROM (SELECT inn, kpp, min(row_number) AS first_row FROM client_import_rows"
     "       WHERE import_id = $1::uuid AND problems IS NULL GROUP BY inn, kpp"
     "       HAVING count(*) > 1) f"
     " WHERE r.import_id = $1::uuid AND r.problems IS NULL AND r.inn = f.inn AND r.kpp = f.kpp"
     " AND r.row_number > f.first_row"},
    {"import_rows_reset",
     "UPDATE client_import_rows SET outcome = NULL, client_id = NULL, note = '',"
     " duplicate_score = NULL, duplicate_reasons = '{}'"
     " WHERE import_id = $1::uuid AND problems IS NULL AND duplicate_of_row IS NULL"
     " AND outcome IS NOT NULL"},
    {"import_rows_bounds",
     "SELECT coalesce(min(row_number), 0), coalesce(max(row_number), -1) FROM client_import_rows"
     " WHERE import_id = $1::uuid"},
    // $4: the SKIP policy (a match is a duplicate of the client).
    {"import_rows_match_clients",
     "UPDATE client_import_rows r SET client_id = c.id,"
     " outcome = CASE WHEN c.deleted_at IS NOT NULL THEN 'error' WHEN $4::boolean THEN 'duplicate'"
     "   WHEN" CRM_REGISTRY_IMPORT_ROW_CHANGES_CLIENT "THEN 'updated' ELSE 'unchanged' END,"
     " note = CASE WHEN c.deleted_at IS NOT NULL"
     "   THEN 'matches a deleted client; undelete it to import into it' ELSE '' END"
     " FROM clients c WHERE" CRM_REGISTRY_IMPORT_BATCH
     " AND r.outcome IS NULL AND c.inn = r.inn AND c.kpp = r.kpp"},
    // Rows found to be probable duplicates of clients (by the duplicate scorer): $4 row numbers,
    // $5 client ids, $6 scores, $7 reasons (comma-separated), $8 notes.
    {"import_rows_mark_probable_duplicates",
     "UPDATE client_import_rows r SET outcome = 'duplicate', client_id = d.client_id,"
     " duplicate_score = d.score, duplicate_reasons = string_to_array(d.reasons, ','),"
     " note = d.note"
     " FROM unnest($4::int[], $5::uuid[], $6::int[], $7::text[], $8::text[])"
     " AS d(row_number, client_id, score, reasons, note)"
     " WHERE" CRM_REGISTRY_IMPORT_BATCH " AND r.outcome IS NULL AND r.row_number = d.row_number"},
    // Dry run: every row left would be created.
    {"import_rows_predict_created",
     "UPDATE client_import_rows r SET outcome = 'created' WHERE" CRM_REGISTRY_IMPORT_BATCH
     " AND r.outcome IS NULL"},
    // New clients for the rows left, under ids given to the rows first, so rows and clients join
    // by primary key (joining on RETURNING output made the planner loop over the batch for each
    // row). One name fills the other when the file has only one. A client someone else created
    // since the match is left alone (ON CONFLICT); its row keeps no client and
    // import_rows_mark_raced reports it. import_rows_mark_created returns the new clients' ids.
    {"import_rows_assign_client_ids",
     "UPDATE client_import_rows r SET client_id = gen_random_uuid() WHERE" CRM_REGISTRY_IMPORT_BATCH
     " AND r.outcome IS NULL"},
    {"import_rows_create_clients",
     "INSERT INTO clients (id, display_name, legal_name, inn, kpp, ogrn, legal_address, phone,"
     " email, phones, phone_digits, emails, email_keys, created_by, updated_by)"
     " SELECT r.client_id, coalesce(nullif(r.display_name, ''), r.legal_name),"
     "  coalesce(nullif(r.legal_name, ''), r.display_name), r.inn, r.kpp, r.ogrn,"
     "  r.legal_address, coalesce(r.phones[1], ''), coalesce(r.emails[1], ''), r.phones,"
     "  r.phone_digits, r.emails, r.email_keys, $4, $4"
     " FROM client_import_rows r WHERE" CRM_REGISTRY_IMPORT_BATCH " AND r.outcome IS NULL"
     " ORDER BY r.row_number ON CONFLICT (inn, kpp) DO NOTHING"},
    {"import_rows_mark_created",
     "UPDATE client_import_rows r SET outcome = 'created' FROM clients c"
     " WHERE" CRM_REGISTRY_IMPORT_BATCH " AND r.outcome IS NULL AND c.id = r.client_id"
     " RETURNING r.client_id::text"},
    {"import_rows_mark_raced",
     "UPDATE client_import_rows r SET outcome = 'error', client_id = NULL,"
     " note = 'a client with this INN and KPP was created meanwhile; run the import again'"
     " WHERE" CRM_REGISTRY_IMPORT_BATCH " AND r.outcome IS NULL"},
    // Non-empty values overwrite; the version moves on as with UpdateClient. The row's phones
    // (e-mails) go first in the client's list, followed by the client's other ones, so `phone`
    // (`email`), the first of the list, is the file's.
    {"import_rows_update_clients",
     "UPDATE clients c SET display_name = coalesce(nullif(r.display_name, ''), c.display_name),"
     " legal_name = coalesce(nullif(r.legal_name, ''), c.legal_name),"
     " ogrn = coalesce(nullif(r.ogrn, ''), c.ogrn),"
     " legal_address = coalesce(nullif(r.legal_address, ''), c.legal_address),"
     " phone = coalesce(r.phones[1], c.phone),"
     " phones = r.phones || ARRAY(SELECT p FROM unnest(c.phones, c.phone_digits)"
     "  WITH ORDINALITY AS k(p, d, n) WHERE d <> ALL (r.phone_digits) ORDER BY n),"
     " phone_digits = r.phone_digits || ARRAY(SELECT d FROM unnest(c.phone_digits)"
     "  WITH ORDINALITY AS k(d, n) WHERE d <> ALL (r.phone_digits) ORDER BY n),"
     " email = coalesce(r.emails[1], c.email),"
     " emails = r.emails || ARRAY(SELECT e FROM unnest(c.emails, c.email_keys)"
     "  WITH ORDINALITY AS k(e, d, n) WHERE d <> ALL (r.email_keys) ORDER BY n),"
     " email_keys = r.email_keys || ARRAY(SELECT d FROM unnest(c.email_keys)"
     "  WITH ORDINALITY AS k(d, n) WHERE d <> ALL (r.email_keys) ORDER BY n),"
     " version = c.version + 1, updated_at = now(), updated_by = $4"
     " FROM client_import_rows r WHERE" CRM_REGISTRY_IMPORT_BATCH
     " AND r.outcome = 'updated' AND c.id = r.client_id RETURNING c.id::text"},
    // $4: outcomes to list (text[]; every row when empty), then the keyset.
    {"import_rows_list",
     "SELECT" CRM_REGISTRY_IMPORT_ROW_COLUMNS "FROM client_import_rows"
     " WHERE import_id = $1::uuid AND row_number > $2"
     " AND (cardinality($3::text[]) = 0 OR coalesce(outcome, 'pending') = ANY($3::text[]))"
     " ORDER BY row_number LIMIT $4"},

    // History rows for many clients at once: $4 is a JSON array of client resources (each
    // recorded at the version the client has now).
    {"client_history_append_many",
     "INSERT INTO client_history (client_id, version, change, changed_by, request_id, snapshot)"
     " SELECT c.id, c.version, $1, $2, $3, e.value FROM jsonb_array_elements($4::jsonb) e"
     " JOIN clients c ON c.id = substr(e.value->>'name', 9)::uuid"},
};

}  // namespace crm::registry

#undef CRM_REGISTRY_IMPORT_COLUMNS
#undef CRM_REGISTRY_IMPORT_ROW_COLUMNS
#undef CRM_REGISTRY_IMPORT_ROW_CHANGES_CLIENT
#undef CRM_REGISTRY_IMPORT_BATCH
