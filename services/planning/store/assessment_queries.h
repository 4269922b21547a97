#pragma once

#include <vector>

#include "common/db/pool.h"

// Statements of the assessments of clients (AssessmentService). Histories are read newest first
// with the keyset (record_time, id) descending.
namespace crm::planning {

#define CRM_PLANNING_READINESS_COLUMNS                                                 \
  " client_id::text, project_id::text, edition_id::text, level, comment, recorded_by," \
  " (extract(epoch from record_time) * 1000000)::bigint, id::text "
#define CRM_PLANNING_LEAD_SOURCE_COLUMNS           \
  " client_id::text, source, detail, recorded_by," \
  " (extract(epoch from record_time) * 1000000)::bigint "
#define CRM_PLANNING_RATING_COLUMNS                                           \
  " id::text, client_id::text, target, subject, score, comment, recorded_by," \
  " (extract(epoch from record_time) * 1000000)::bigint "
#define CRM_PLANNING_MOVE(table)                                                      \
  "WITH moved AS (UPDATE " table " t SET client_id = $2 FROM " table                  \
  " o"                                                                                \
  " WHERE t.id = o.id AND o.client_id = ANY($3::uuid[]) RETURNING t.id, o.client_id)" \
  " INSERT INTO client_merge_moves (merge_id, resource, row_id, from_client_id)"      \
  " SELECT $1, '" table "', id, client_id FROM moved ON CONFLICT DO NOTHING"
#define CRM_PLANNING_UNDO(table)                                  \
  "UPDATE " table                                                 \
  " t SET client_id = m.from_client_id FROM client_merge_moves m" \
  " WHERE m.merge_id = $1 AND m.resource = '" table "' AND t.id = m.row_id AND t.client_id = $2"

inline const std::vector<common::db::NamedQuery> kAssessmentQueries = {
    {"insert_readiness_change",
     "INSERT INTO readiness_changes (id, client_id, project_id, edition_id, level, comment,"
     " recorded_by, record_time) VALUES ($1, $2, $3, $4, $5, $6, $7, $8)"
     " RETURNING" CRM_PLANNING_READINESS_COLUMNS},
    {"find_readiness",
     "SELECT" CRM_PLANNING_READINESS_COLUMNS "FROM readiness_changes"
     " WHERE client_id = $1 AND edition_id = $2 ORDER BY record_time DESC, id DESC LIMIT 1"},
    // $1 client, $2 edition or NULL, ($3, $4) the last key or NULL, $5 the limit.
    {"list_readiness_history",
     "SELECT" CRM_PLANNING_READINESS_COLUMNS "FROM readiness_changes WHERE client_id = $1"
     " AND ($2::uuid IS NULL OR edition_id = $2::uuid)"
     " AND ($3::timestamptz IS NULL OR (record_time, id) < ($3::timestamptz, $4::uuid))"
     " ORDER BY record_time DESC, id DESC LIMIT $5"},
    {"insert_lead_source",
     "INSERT INTO lead_source_changes (id, client_id, source, detail, recorded_by, record_time)"
     " VALUES ($1, $2, $3, $4, $5, $6) RETURNING" CRM_PLANNING_LEAD_SOURCE_COLUMNS},
    {"find_lead_source",
     "SELECT" CRM_PLANNING_LEAD_SOURCE_COLUMNS "FROM lead_source_changes WHERE client_id = $1"
     " ORDER BY record_time DESC, id DESC LIMIT 1"},
    {"insert_rating",
     "INSERT INTO ratings (id, client_id, target, subject, score, comment, recorded_by,"
     " record_time) VALUES ($1, $2, $3, $4, $5, $6, $7, $8) RETURNING" CRM_PLANNING_RATING_COLUMNS},
    // $1 client, $2 target or NULL, ($3, $4) the last key or NULL, $5 the limit.
    {"list_ratings",
     "SELECT" CRM_PLANNING_RATING_COLUMNS "FROM ratings WHERE client_id = $1"
     " AND ($2::text IS NULL OR target = $2::text)"
     " AND ($3::timestamptz IS NULL OR (record_time, id) < ($3::timestamptz, $4::uuid))"
     " ORDER BY record_time DESC, id DESC LIMIT $5"},
    {"merge_move_readiness_changes", CRM_PLANNING_MOVE("readiness_changes")},
    {"merge_undo_readiness_changes", CRM_PLANNING_UNDO("readiness_changes")},
    {"merge_move_lead_source_changes", CRM_PLANNING_MOVE("lead_source_changes")},
    {"merge_undo_lead_source_changes", CRM_PLANNING_UNDO("lead_source_changes")},
    {"merge_move_ratings", CRM_PLANNING_MOVE("ratings")},
    {"merge_undo_ratings", CRM_PLANNING_UNDO("ratings")},
};

#undef CRM_PLANNING_READINESS_COLUMNS
#undef CRM_PLANNING_LEAD_SOURCE_COLUMNS
#undef CRM_PLANNING_RATING_COLUMNS
#undef CRM_PLANNING_MOVE
#undef CRM_PLANNING_UNDO

}  // namespace crm::planning
