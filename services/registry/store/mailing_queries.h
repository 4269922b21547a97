#pragma once

#include <vector>

#include "common/db/pool.h"
#include "services/registry/store/client_filter.h"

// The statements of postal mailings (store/mailing_store.cpp).
namespace crm::registry {

// id, display_name, description, owner ('' when shared), filter JSON, subscribed_only,
// valid_postal_address_only, created (µs), updated (µs), deleted (µs, NULL while live), version
#define CRM_REGISTRY_MAILING_SELECTION_COLUMNS                               \
  " id::text, display_name, description, coalesce(owner, ''), filter::text," \
  " subscribed_only, valid_postal_address_only,"                             \
  " (extract(epoch FROM created_at) * 1000000)::bigint,"                     \
  " (extract(epoch FROM updated_at) * 1000000)::bigint,"                     \
  " (extract(epoch FROM deleted_at) * 1000000)::bigint, version "

// id, selection id, selection JSON, recipient_count, rows returned, created (µs), created_by
#define CRM_REGISTRY_MAILING_EXPORT_COLUMNS                                    \
  " e.id::text, e.selection_id::text, e.selection::text, e.recipient_count,"   \
  " (SELECT count(*)::int FROM mailing_export_rows r WHERE r.export_id = e.id" \
  "  AND r.returned_at IS NOT NULL),"                                          \
  " (extract(epoch FROM e.created_at) * 1000000)::bigint, e.created_by "

inline const std::vector<common::db::NamedQuery> kMailingQueries = {
    // $1 id, $2 display_name, $3 description, $4 owner ('' when shared), $5 filter JSON,
    // $6 subscribed_only, $7 valid_postal_address_only, $8 actor.
    {"mailing_selection_insert",
     "INSERT INTO mailing_selections (id, display_name, description, owner, filter,"
     " subscribed_only, valid_postal_address_only, created_by, updated_by)"
     " VALUES ($1::uuid, $2, $3, NULLIF($4, ''), $5::jsonb, $6, $7, $8, $8)"
     " RETURNING" CRM_REGISTRY_MAILING_SELECTION_COLUMNS},
    {"mailing_selection_get",
     "SELECT" CRM_REGISTRY_MAILING_SELECTION_COLUMNS "FROM mailing_selections WHERE id = $1::uuid"},
    {"mailing_selection_get_for_update", "SELECT" CRM_REGISTRY_MAILING_SELECTION_COLUMNS
                                         "FROM mailing_selections WHERE id = $1::uuid FOR UPDATE"},
    // $2..$6 as in the insert's $2, $3, $5, $6, $7; $7 the actor.
    {"mailing_selection_update",
     "UPDATE mailing_selections SET display_name = $2, description = $3, filter = $4::jsonb,"
     " subscribed_only = $5, valid_postal_address_only = $6, version = version + 1,"
     " updated_at = now(), updated_by = $7 WHERE id = $1::uuid"
     " RETURNING" CRM_REGISTRY_MAILING_SELECTION_COLUMNS},
    {"mailing_selection_delete",
     "UPDATE mailing_selections SET deleted_at = now(), version = version + 1,"
     " updated_at = now(), updated_by = $2 WHERE id = $1::uuid"
     " RETURNING" CRM_REGISTRY_MAILING_SELECTION_COLUMNS},
    // The live shared selections and the caller's ($1) personal ones, by name: keyset ($2, $3).
    {"mailing_selections_list",
     "SELECT" CRM_REGISTRY_MAILING_SELECTION_COLUMNS "FROM mailing_selections"
     " WHERE deleted_at IS NULL AND (owner IS NULL OR owner = $1)"
     " AND (display_name, id) > ($2, $3::uuid) ORDER BY display_name, id LIMIT $4"},

    // $1 id, $2 selection id, $3 the selection as run (JSON), $4 actor.
    {"mailing_export_insert",
     "INSERT INTO mailing_exports (id, selection_id, selection, created_by)"
     " VALUES ($1::uuid, $2::uuid, $3::jsonb, $4)"},
    // The recipients of a selection, written as the export's rows in postal code order (the
    // order the post office sorts letters in); returns how many. The filter's $1..$18, then
    // $19 the export id, $20 subscribed only, $21 valid postal addresses only. Rejected records
    // are no companies to write to. The addressee is the legal name (the display name without
    // one); the contact person is a consenting one (subscribed only) or the primary one.
    {"mailing_export_fill",
     "WITH recipients AS ("
     " SELECT c.id AS client_id, p.id AS person_id,"
     " coalesce(nullif(c.legal_name, ''), c.display_name) AS addressee, c.inn,"
     " coalesce(p.full_name, '') AS person, coalesce(p.position, '') AS position,"
     " c.postal_postal_code, c.postal_region_code, c.postal_city, c.postal_street_line"
     " FROM clients c LEFT JOIN contact_persons p ON p.client_id = c.id"
     " AND p.deleted_at IS NULL AND CASE WHEN $20::boolean"
     "  THEN p.mailing_consent AND p.status = 'ACTIVE' ELSE p.is_primary END"
     " WHERE" CRM_REGISTRY_CLIENT_FILTER_CONDITION
     " AND c.deleted_at IS NULL AND c.verification_state <> 'REJECTED'"
     " AND (NOT $20::boolean OR p.id IS NOT NULL)"
     " AND (NOT $21::boolean OR (c.postal_address_valid AND c.postal_postal_code <> ''"
     "  AND c.postal_city <> '' AND c.postal_street_line <> ''))),"
     " written AS (INSERT INTO mailing_export_rows (export_id, row_number, client_id,"
     " contact_person_id, addressee, inn, contact_person, position, postal_code, region_code,"
     " city, street_line)"
     " SELECT $19::uuid, row_number() OVER (ORDER BY postal_postal_code, addressee, client_id,"
     " person, person_id), client_id, person_id, addressee, inn, person, position,"
     " postal_postal_code, postal_region_code, postal_city, postal_street_line FROM recipients"
     " RETURNING 1)"
     " UPDATE mailing_exports SET recipient_count = (SELECT count(*) FROM written)"
     " WHERE id = $19::uuid RETURNING recipient_count"},
    {"mailing_export_get",
     "SELECT" CRM_REGISTRY_MAILING_EXPORT_COLUMNS "FROM mailing_exports e WHERE e.id = $1::uuid"},
    // row_number, client id, addressee, inn, contact_person, position, postal_code, region_code,
    // city, street_line; in row order.
    {"mailing_export_rows",
     "SELECT row_number, client_id::text, addressee, inn, contact_person, position, postal_code,"
     " region_code, city, street_line FROM mailing_export_rows WHERE export_id = $1::uuid"
     " ORDER BY row_number"},
    // Which of the row numbers ($2) and clients ($3) are in the export: the row number (NULL for
    // a client match) and the client id of each.
    {"mailing_export_rows_named",
     "SELECT row_number, client_id::text FROM mailing_export_rows WHERE export_id = $1::uuid"
     " AND row_number = ANY($2::int[])"
     " UNION ALL SELECT DISTINCT NULL::int, client_id::text FROM mailing_export_rows"
     " WHERE export_id = $1::uuid AND client_id = ANY($3::uuid[])"},
    // Every row of the client ($2) in the export: the letters all went to one address. $3 the
    // queue item opened for it. Returns how many rows the client has in the export.
    {"mailing_export_rows_mark_returned",
     "WITH marked AS (UPDATE mailing_export_rows SET returned_at = coalesce(returned_at, now()),"
     " verification_item = coalesce(verification_item, $3::uuid)"
     " WHERE export_id = $1::uuid AND client_id = $2::uuid RETURNING 1)"
     " SELECT count(*)::int FROM marked"},
};

#undef CRM_REGISTRY_MAILING_SELECTION_COLUMNS
#undef CRM_REGISTRY_MAILING_EXPORT_COLUMNS

}  // namespace crm::registry
