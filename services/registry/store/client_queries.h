#pragma once

#include <vector>

#include "common/db/pool.h"
#include "services/registry/store/client_filter.h"

// The statements of clients, their history and their contact persons (client_store.cpp decodes
// their rows in the column orders below).
namespace crm::registry {

// 0 id, 1 display_name, 2 legal_name, 3 inn, 4 kpp, 5 ogrn, 6 legal_address, 7 phone, 8 email,
// 9 created (µs), 10 updated (µs), 11 version, 12 deleted (µs, NULL while live), 13 legal_form,
// 14-17 legal address (postal code, region, city, street), 18-21 postal address (same),
// 22 postal_address_valid, 23 industry_code, 24 okved_codes, 25 phones, 26 phone_digits,
// 27 emails (lists joined by U+001F), 28 website, 29 lead_source, 30 notes, 31 head client id,
// 32 verification_state, 33 created_by
#define CRM_REGISTRY_CLIENT_COLUMNS                                                            \
  " id::text, display_name, legal_name, inn, kpp, ogrn, legal_address, phone, email,"          \
  " (extract(epoch FROM created_at) * 1000000)::bigint,"                                       \
  " (extract(epoch FROM updated_at) * 1000000)::bigint, version,"                              \
  " (extract(epoch FROM deleted_at) * 1000000)::bigint, legal_form, legal_postal_code,"        \
  " legal_region_code, legal_city, legal_street_line, postal_postal_code, postal_region_code," \
  " postal_city, postal_street_line, postal_address_valid, industry_code,"                     \
  " array_to_string(okved_codes, chr(31)), array_to_string(phones, chr(31)),"                  \
  " array_to_string(phone_digits, chr(31)), array_to_string(emails, chr(31)), website,"        \
  " lead_source, notes, head_client_id::text, verification_state, created_by "
// The editable record, $N..$N+28 of client_insert and client_update, in this order.
#define CRM_REGISTRY_CLIENT_RECORD                                                            \
  "display_name, legal_name, kpp, ogrn, legal_address, phone, email, legal_form,"             \
  " legal_postal_code, legal_region_code, legal_city, legal_street_line, postal_postal_code," \
  " postal_region_code, postal_city, postal_street_line, postal_address_valid, region_code,"  \
  " federal_district, city, industry_code, okved_codes, phones, phone_digits, emails,"        \
  " email_keys, website, lead_source, notes, head_client_id"
// 0 id, 1 client_id, 2 full_name, 3 position, 4 phone, 5 email, 6 created (µs), 7 phones,
// 8 phone_digits, 9 emails, 10 mailing_consent, 11 is_primary, 12 status, 13 updated (µs),
// 14 version, 15 deleted (µs)
#define CRM_REGISTRY_CONTACT_PERSON_COLUMNS                                                   \
  " id::text, client_id::text, full_name, position, phone, email,"                            \
  " (extract(epoch FROM created_at) * 1000000)::bigint, array_to_string(phones, chr(31)),"    \
  " array_to_string(phone_digits, chr(31)), array_to_string(emails, chr(31)),"                \
  " mailing_consent, is_primary, status, (extract(epoch FROM updated_at) * 1000000)::bigint," \
  " version, (extract(epoch FROM deleted_at) * 1000000)::bigint "
// Search pages after the client-filter parameters: $19 show_deleted, $20 the previous page's
// sort value ("" on the first page), $21 its id, $22 the row limit.
#define CRM_REGISTRY_CLIENT_SEARCH_FROM                        \
  " FROM clients c WHERE" CRM_REGISTRY_CLIENT_FILTER_CONDITION \
  "AND (c.deleted_at IS NULL OR $19::boolean)"

inline const std::vector<common::db::NamedQuery> kClientQueries = {
    {"client_insert",
     "INSERT INTO clients (id, inn, created_by, updated_by, "
     "verification_state, " CRM_REGISTRY_CLIENT_RECORD ")"
     " VALUES ($1::uuid, $2, $3, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13,"
     " $14, $15, $16, $17, $18, $19, $20, $21::boolean, $22, $23, $24, $25, $26::text[],"
     " $27::text[], $28::text[], $29::text[], $30::text[], $31, $32, $33, NULLIF($34, '')::uuid)"
     " RETURNING" CRM_REGISTRY_CLIENT_COLUMNS},
    {"client_get", "SELECT" CRM_REGISTRY_CLIENT_COLUMNS "FROM clients WHERE id = $1::uuid"},
    // Many clients at once (bulk writes read back what they wrote).
    {"clients_by_ids",
     "SELECT" CRM_REGISTRY_CLIENT_COLUMNS "FROM clients WHERE id = ANY($1::uuid[]) ORDER BY id"},
    {"client_by_inn_kpp",
     "SELECT" CRM_REGISTRY_CLIENT_COLUMNS "FROM clients WHERE inn = $1 AND kpp = $2"},
    {"client_exists", "SELECT 1 FROM clients WHERE id = $1::uuid"},
    // Locks the row for the rest of the transaction, so the etag check and the write that
    // follows see the same version.
    {"client_get_for_update",
     "SELECT" CRM_REGISTRY_CLIENT_COLUMNS "FROM clients WHERE id = $1::uuid FOR UPDATE"},
    {"client_update",
     "UPDATE clients SET (" CRM_REGISTRY_CLIENT_RECORD ") = ($3, $4, $5, $6, $7, $8, $9, $10,"
     " $11, $12, $13, $14, $15, $16, $17, $18, $19::boolean, $20, $21, $22, $23, $24::text[],"
     " $25::text[], $26::text[], $27::text[], $28::text[], $29, $30, $31, NULLIF($32, '')::uuid),"
     " version = version + 1, updated_at = now(), updated_by = $2"
     " WHERE id = $1::uuid RETURNING" CRM_REGISTRY_CLIENT_COLUMNS},
    {"client_set_deleted",
     "UPDATE clients SET deleted_at = CASE WHEN $2::boolean THEN now() END,"
     " version = version + 1, updated_at = now(), updated_by = $3"
     " WHERE id = $1::uuid RETURNING" CRM_REGISTRY_CLIENT_COLUMNS},
    // Whether `$2` is `$1` or one of its heads, up the chain: a head that would close a cycle.
    {"client_head_chain_contains",
     "WITH RECURSIVE chain (id, head_client_id) AS ("
     " SELECT id, head_client_id FROM clients WHERE id = $1::uuid"
     " UNION SELECT c.id, c.head_client_id FROM clients c JOIN chain ON c.id = "
     "chain.head_client_id)"
     " SELECT 1 FROM chain WHERE id = $2::uuid"},
    {"client_history_append",
     "INSERT INTO client_history (client_id, version, change, changed_by, request_id, snapshot,"
     " merge_id) SELECT id, version, $2, $3, $4, $5::jsonb, NULLIF($6, '')::uuid FROM clients"
     " WHERE id = $1::uuid"},
    // Newest first, below version $2; one row more than the page, which is both the sign of a
    // next page and the version the page's last change is compared with.
    {"client_history_page",
     "SELECT version, change, changed_by, (extract(epoch FROM changed_at) * 1000000)::bigint,"
     " snapshot::text, merge_id::text FROM client_history WHERE client_id = $1::uuid"
     " AND version < $2"
     " ORDER BY version DESC LIMIT $3"},
    // The client's history with that of the clients merged into it (and into those): $2..$4
    // the key the page starts after (change time in µs, client id, version), $5 the limit. Each
    // version comes with its client's previous one, to show what changed.
    {"client_history_with_merged_page",
     "WITH RECURSIVE family AS (SELECT $1::uuid AS id"
     " UNION SELECT c.id FROM clients c JOIN family f ON c.merged_into = f.id),"
     " h AS (SELECT client_id, version, change, changed_by, changed_at, snapshot, merge_id,"
     " lag(snapshot) OVER (PARTITION BY client_id ORDER BY version) AS previous"
     " FROM client_history WHERE client_id IN (SELECT id FROM family))"
     " SELECT client_id::text, version, change, changed_by,"
     " (extract(epoch FROM changed_at) * 1000000)::bigint, snapshot::text, previous::text,"
     " merge_id::text FROM h"
     " WHERE (changed_at, client_id, version) < ('epoch'::timestamptz + $2::bigint *"
     " interval '1 microsecond', $3::uuid, $4::int)"
     " ORDER BY changed_at DESC, client_id DESC, version DESC LIMIT $5"},
    {"client_history_version",
     "SELECT snapshot::text FROM client_history WHERE client_id = $1::uuid AND version = $2"},
    // Statements bound to the one plan-per-call mode the catch-all filter needs: a generic plan
    // cannot know which conditions are switched off.
    {"use_custom_plans", "SELECT set_config('plan_cache_mode', 'force_custom_plan', true)"},
    {"set_name_similarity_threshold",
     "SELECT set_config('pg_trgm.word_similarity_threshold', $1, true)"},
    {"clients_search_by_display_name",
     "SELECT" CRM_REGISTRY_CLIENT_COLUMNS CRM_REGISTRY_CLIENT_SEARCH_FROM
     " AND (c.display_name, c.id) > ($20, $21::uuid) ORDER BY c.display_name, c.id LIMIT $22"},
    {"clients_search_by_create_time",
     "SELECT" CRM_REGISTRY_CLIENT_COLUMNS CRM_REGISTRY_CLIENT_SEARCH_FROM
     " AND (NULLIF($20, '') IS NULL OR (c.created_at, c.id) <"
     " (timestamptz 'epoch' + NULLIF($20, '')::bigint * interval '1 microsecond', $21::uuid))"
     " ORDER BY c.created_at DESC, c.id DESC LIMIT $22"},
    {"clients_search_by_update_time",
     "SELECT" CRM_REGISTRY_CLIENT_COLUMNS CRM_REGISTRY_CLIENT_SEARCH_FROM
     " AND (NULLIF($20, '') IS NULL OR (c.updated_at, c.id) <"
     " (timestamptz 'epoch' + NULLIF($20, '')::bigint * interval '1 microsecond', $21::uuid))"
     " ORDER BY c.updated_at DESC, c.id DESC LIMIT $22"},
    // Relevance: names containing the fragment first, then by how closely a part of the name
    // matches it (pg_trgm word similarity).
    {"clients_search_by_relevance",
     "SELECT" CRM_REGISTRY_CLIENT_COLUMNS ", score FROM (SELECT c.*,"
     " (CASE WHEN c.search_name LIKE $1 THEN 1 ELSE 0 END + word_similarity($2, c.search_name))"
     "::float8 AS score" CRM_REGISTRY_CLIENT_SEARCH_FROM ") AS ranked"
     " WHERE NULLIF($20, '') IS NULL OR score < NULLIF($20, '')::float8"
     " OR (score = NULLIF($20, '')::float8 AND id > $21::uuid)"
     " ORDER BY score DESC, id LIMIT $22"},

    // Contact persons, ordered by (full_name, id) within their client.
    {"contact_person_insert",
     "INSERT INTO contact_persons (id, client_id, full_name, position, phone, email,"
     " created_by, updated_by, phones, phone_digits, emails, email_keys, mailing_consent,"
     " is_primary, status) VALUES ($1::uuid, $2::uuid, $3, $4, $5, $6, $7, $7,"
     " $8::text[], $9::text[], $10::text[], $11::text[], $12::boolean, $13::boolean, $14)"
     " RETURNING" CRM_REGISTRY_CONTACT_PERSON_COLUMNS},
    {"contact_person_get", "SELECT" CRM_REGISTRY_CONTACT_PERSON_COLUMNS
                           "FROM contact_persons WHERE id = $1::uuid AND client_id = $2::uuid"},
    {"contact_person_get_for_update",
     "SELECT" CRM_REGISTRY_CONTACT_PERSON_COLUMNS
     "FROM contact_persons WHERE id = $1::uuid AND client_id = $2::uuid FOR UPDATE"},
    {"contact_person_update",
     "UPDATE contact_persons SET full_name = $3, position = $4, phone = $5, email = $6,"
     " phones = $7::text[], phone_digits = $8::text[], emails = $9::text[],"
     " email_keys = $10::text[], mailing_consent = $11::boolean, is_primary = $12::boolean,"
     " status = $13, version = version + 1, updated_at = now(), updated_by = $14"
     " WHERE id = $1::uuid AND client_id = $2::uuid RETURNING" CRM_REGISTRY_CONTACT_PERSON_COLUMNS},
    {"contact_person_set_deleted",
     "UPDATE contact_persons SET deleted_at = CASE WHEN $3::boolean THEN now() END,"
     " is_primary = is_primary AND NOT $3::boolean, version = version + 1, updated_at = now(),"
     " updated_by = $4 WHERE id = $1::uuid AND client_id = $2::uuid"
     " RETURNING" CRM_REGISTRY_CONTACT_PERSON_COLUMNS},
    {"contact_persons_list",
     "SELECT" CRM_REGISTRY_CONTACT_PERSON_COLUMNS "FROM contact_persons"
     " WHERE client_id = $1::uuid AND (full_name, id) > ($2, $3::uuid)"
     " AND (deleted_at IS NULL OR $5::boolean) ORDER BY full_name, id LIMIT $4"},
};

#undef CRM_REGISTRY_CLIENT_COLUMNS
#undef CRM_REGISTRY_CLIENT_RECORD
#undef CRM_REGISTRY_CONTACT_PERSON_COLUMNS
#undef CRM_REGISTRY_CLIENT_SEARCH_FROM

}  // namespace crm::registry
