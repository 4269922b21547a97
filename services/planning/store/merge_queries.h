#pragma once

#include <vector>

#include "common/db/pool.h"

// Statements of re-pointing planning's rows on a registry client merge and moving them back when
// the merge is undone (events/client_merge.cpp). One pair per table that refers to clients.
namespace crm::planning {

// Moves the rows of `table` whose client is one of $3 (uuid[]) to the survivor $2 and remembers
// each under the merge $1. The FROM copy reads the client before the update.
#define CRM_PLANNING_MERGE_MOVE(table)                                                \
  "WITH moved AS (UPDATE " table " t SET client_id = $2 FROM " table                  \
  " o"                                                                                \
  " WHERE t.id = o.id AND o.client_id = ANY($3::uuid[]) RETURNING t.id, o.client_id)" \
  " INSERT INTO client_merge_moves (merge_id, resource, row_id, from_client_id)"      \
  " SELECT $1, '" table "', id, client_id FROM moved ON CONFLICT DO NOTHING"

// Moves back the rows the merge $1 moved, if they still belong to the survivor $2.
#define CRM_PLANNING_MERGE_UNDO(table)                            \
  "UPDATE " table                                                 \
  " t SET client_id = m.from_client_id FROM client_merge_moves m" \
  " WHERE m.merge_id = $1 AND m.resource = '" table               \
  "' AND t.id = m.row_id"                                         \
  " AND t.client_id = $2"

// The tables re-pointed on a merge, in the order they are moved. The statements of the tables
// other than contacts and sales are next to their other statements (redirect_queries.h,
// assessment_queries.h, org_queries.h).
inline const std::vector<const char*> kMergedTables = {
    "contacts", "sales",   "redirects", "readiness_changes", "lead_source_changes",
    "ratings",  "curators"};

inline const std::vector<common::db::NamedQuery> kMergeQueries = {
    // Returns the merge's state: the inserted row, or the existing one.
    {"record_client_merge",
     "INSERT INTO client_merges (merge_id, survivor_id, state) VALUES ($1, $2, 'MERGED')"
     " ON CONFLICT (merge_id) DO UPDATE SET merge_id = EXCLUDED.merge_id"
     " RETURNING state, survivor_id::text"},
    {"lock_client_merge",
     "SELECT state, survivor_id::text FROM client_merges WHERE merge_id = $1 FOR UPDATE"},
    {"record_client_merge_undone",
     "INSERT INTO client_merges (merge_id, survivor_id, state, undo_time)"
     " VALUES ($1, $2, 'UNDONE', now())"
     " ON CONFLICT (merge_id) DO UPDATE SET state = 'UNDONE', undo_time = now()"},
    {"merge_move_contacts", CRM_PLANNING_MERGE_MOVE("contacts")},
    {"merge_undo_contacts", CRM_PLANNING_MERGE_UNDO("contacts")},
    {"merge_move_sales", CRM_PLANNING_MERGE_MOVE("sales")},
    {"merge_undo_sales", CRM_PLANNING_MERGE_UNDO("sales")},
};

#undef CRM_PLANNING_MERGE_MOVE
#undef CRM_PLANNING_MERGE_UNDO

}  // namespace crm::planning
