#pragma once

#include <vector>

#include "common/db/pool.h"

// Statements of the refusal reason catalogues (CatalogueService).
namespace crm::planning {

#define CRM_PLANNING_REASON_COLUMNS                                 \
  " id::text, scope, display_name, active, legacy_reason, version," \
  " (extract(epoch from create_time) * 1000000)::bigint,"           \
  " (extract(epoch from update_time) * 1000000)::bigint "

inline const std::vector<common::db::NamedQuery> kCatalogueQueries = {
    {"insert_refusal_reason",
     "INSERT INTO refusal_reasons (id, scope, display_name, create_time, update_time)"
     " VALUES ($1, $2, $3, $4, $4) RETURNING" CRM_PLANNING_REASON_COLUMNS},
    {"find_refusal_reason",
     "SELECT" CRM_PLANNING_REASON_COLUMNS "FROM refusal_reasons WHERE id = $1"},
    {"find_refusal_reason_for_update",
     "SELECT" CRM_PLANNING_REASON_COLUMNS "FROM refusal_reasons WHERE id = $1 FOR UPDATE"},
    // Keyset page ordered by (create_time, id): $1 scope or NULL, $2 include inactive,
    // ($3, $4) the last key or NULL, $5 the limit.
    {"list_refusal_reasons",
     "SELECT" CRM_PLANNING_REASON_COLUMNS "FROM refusal_reasons"
     " WHERE ($1::text IS NULL OR scope = $1::text) AND ($2::boolean OR active)"
     " AND ($3::timestamptz IS NULL OR (create_time, id) > ($3::timestamptz, $4::uuid))"
     " ORDER BY create_time, id LIMIT $5"},
    {"rename_refusal_reason",
     "UPDATE refusal_reasons SET display_name = $2, update_time = $3, version = version + 1"
     " WHERE id = $1 RETURNING" CRM_PLANNING_REASON_COLUMNS},
    {"set_refusal_reason_active",
     "UPDATE refusal_reasons SET active = $2, update_time = $3, version = version + 1"
     " WHERE id = $1 RETURNING" CRM_PLANNING_REASON_COLUMNS},
};

#undef CRM_PLANNING_REASON_COLUMNS

}  // namespace crm::planning
