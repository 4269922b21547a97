#pragma once

#include <vector>

#include "common/db/pool.h"
#include "services/registry/store/project_columns.h"

// Editing projects and editions, competitors' exhibitions and participation: every statement of
// exhibition_store.cpp.
namespace crm::registry {

// id, display_name, organizer, city, periodicity, start_date, end_date (YYYY-MM-DD or ''),
// description, created (µs), updated (µs), version
#define CRM_REGISTRY_COMPETITOR_COLUMNS                          \
  " id::text, display_name, organizer, city, periodicity,"       \
  " coalesce(to_char(start_date, 'YYYY-MM-DD'), ''),"            \
  " coalesce(to_char(end_date, 'YYYY-MM-DD'), ''), description," \
  " (extract(epoch FROM created_at) * 1000000)::bigint,"         \
  " (extract(epoch FROM updated_at) * 1000000)::bigint, version "
// id, client_id, edition_id (or ''), project_id of the edition (or ''), competitor id (or ''),
// year, area_dm2, created (µs)
#define CRM_REGISTRY_PARTICIPATION_COLUMNS                                             \
  " p.id::text, p.client_id::text, coalesce(p.edition_id::text, ''),"                  \
  " coalesce(e.project_id::text, ''), coalesce(p.competitor_exhibition_id::text, '')," \
  " p.year, p.area_dm2, (extract(epoch FROM p.created_at) * 1000000)::bigint "

inline const std::vector<common::db::NamedQuery> kExhibitionQueries = {
    {"project_update",
     "UPDATE projects SET display_name = $2, description = $3, version = version + 1,"
     " updated_at = now(), updated_by = $4 WHERE id = $1::uuid"
     " RETURNING" CRM_REGISTRY_PROJECT_COLUMNS},
    {"project_get_for_update",
     "SELECT" CRM_REGISTRY_PROJECT_COLUMNS "FROM projects WHERE id = $1::uuid FOR UPDATE"},
    {"edition_get", "SELECT" CRM_REGISTRY_EDITION_COLUMNS "FROM editions"
                    " WHERE id = $1::uuid AND project_id = $2::uuid"},
    {"edition_get_for_update", "SELECT" CRM_REGISTRY_EDITION_COLUMNS "FROM editions"
                               " WHERE id = $1::uuid AND project_id = $2::uuid FOR UPDATE"},
    // $8: stand prices as "type:kopecks,..." ('' for none).
    {"edition_update",
     "UPDATE editions SET display_name = $2, start_date = $3::date, end_date = $4::date,"
     " venue = $5, price_per_m2_minor = $6, status = $7,"
     " stand_prices = coalesce((SELECT jsonb_object_agg(split_part(item, ':', 1),"
     "   split_part(item, ':', 2)::bigint) FROM unnest(string_to_array(NULLIF($8, ''), ','))"
     "   AS item), '{}'),"
     " version = version + 1, updated_at = now(), updated_by = $9 WHERE id = $1::uuid"
     " RETURNING" CRM_REGISTRY_EDITION_COLUMNS},

    // Competitors' exhibitions, ordered by (display_name, id). Dates are '' when unknown.
    {"competitor_exhibition_insert",
     "INSERT INTO competitor_exhibitions (id, display_name, organizer, city, periodicity,"
     " start_date, end_date, description, created_by, updated_by)"
     " VALUES ($1::uuid, $2, $3, $4, $5, NULLIF($6, '')::date, NULLIF($7, '')::date, $8,"
     " $9, $9) RETURNING" CRM_REGISTRY_COMPETITOR_COLUMNS},
    {"competitor_exhibition_get",
     "SELECT" CRM_REGISTRY_COMPETITOR_COLUMNS "FROM competitor_exhibitions WHERE id = $1::uuid"},
    {"competitor_exhibition_get_for_update",
     "SELECT" CRM_REGISTRY_COMPETITOR_COLUMNS
     "FROM competitor_exhibitions WHERE id = $1::uuid FOR UPDATE"},
    {"competitor_exhibition_update",
     "UPDATE competitor_exhibitions SET display_name = $2, organizer = $3, city = $4,"
     " periodicity = $5, start_date = NULLIF($6, '')::date, end_date = NULLIF($7, '')::date,"
     " description = $8, version = version + 1, updated_at = now(), updated_by = $9"
     " WHERE id = $1::uuid RETURNING" CRM_REGISTRY_COMPETITOR_COLUMNS},
    {"competitor_exhibitions_list",
     "SELECT" CRM_REGISTRY_COMPETITOR_COLUMNS "FROM competitor_exhibitions"
     " WHERE (display_name, id) > ($1, $2::uuid) ORDER BY display_name, id LIMIT $3"},

    // Participation, newest year first: pages continue below ($2 year, $3 id).
    {"participation_insert",
     "WITH p AS (INSERT INTO participations (id, client_id, edition_id, competitor_exhibition_id,"
     " year, area_dm2, created_by)"
     " VALUES ($1::uuid, $2::uuid, NULLIF($3, '')::uuid, NULLIF($4, '')::uuid, $5, $6,"
     " $7) RETURNING *)"
     " SELECT" CRM_REGISTRY_PARTICIPATION_COLUMNS
     "FROM p LEFT JOIN editions e ON e.id = p.edition_id"},
    {"participation_get", "SELECT" CRM_REGISTRY_PARTICIPATION_COLUMNS
                          "FROM participations p LEFT JOIN editions e ON e.id = p.edition_id"
                          " WHERE p.id = $1::uuid AND p.client_id = $2::uuid"},
    {"participation_existing",
     "SELECT" CRM_REGISTRY_PARTICIPATION_COLUMNS
     "FROM participations p LEFT JOIN editions e ON e.id = p.edition_id"
     " WHERE p.client_id = $1::uuid AND (p.edition_id = NULLIF($2, '')::uuid"
     " OR (p.competitor_exhibition_id = NULLIF($3, '')::uuid AND p.year = $4))"},
    {"participation_delete",
     "WITH p AS (DELETE FROM participations WHERE id = $1::uuid AND client_id = $2::uuid"
     " RETURNING *)"
     " SELECT" CRM_REGISTRY_PARTICIPATION_COLUMNS
     "FROM p LEFT JOIN editions e ON e.id = p.edition_id"},
    {"participations_of_client",
     "SELECT" CRM_REGISTRY_PARTICIPATION_COLUMNS
     "FROM participations p LEFT JOIN editions e ON e.id = p.edition_id"
     " WHERE p.client_id = $1::uuid AND (p.year, p.id) < ($2::integer, $3::uuid)"
     " ORDER BY p.year DESC, p.id DESC LIMIT $4"},
};

#undef CRM_REGISTRY_COMPETITOR_COLUMNS
#undef CRM_REGISTRY_PARTICIPATION_COLUMNS

}  // namespace crm::registry
