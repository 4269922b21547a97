#pragma once

#include <vector>

#include "common/db/pool.h"

// Statements of GetContactStats: one set-based query per group of figures, each over the same
// selection of contacts. $1 owner or NULL, $2 department unit or NULL, $3 edition or NULL, [$4, $5)
// the scheduled-time window (NULL ends are open).
namespace crm::planning {

#define CRM_PLANNING_STATS_SELECTION                                      \
  "WITH selected AS (SELECT c.* FROM contacts c"                          \
  " LEFT JOIN employees e ON e.id = c.owner_id"                           \
  " WHERE ($1::uuid IS NULL OR c.owner_id = $1::uuid)"                    \
  " AND ($2::uuid IS NULL OR e.department_id = $2::uuid)"                 \
  " AND ($3::uuid IS NULL OR c.edition_id = $3::uuid)"                    \
  " AND ($4::timestamptz IS NULL OR c.scheduled_time >= $4::timestamptz)" \
  " AND ($5::timestamptz IS NULL OR c.scheduled_time < $5::timestamptz)) "

inline const std::vector<common::db::NamedQuery> kStatsQueries = {
    {"stats_by_type", CRM_PLANNING_STATS_SELECTION
     "SELECT type, count(*), count(*) FILTER (WHERE state = 'COMPLETED')"
     " FROM selected GROUP BY type ORDER BY type"},
    {"stats_by_result_kind", CRM_PLANNING_STATS_SELECTION
     "SELECT result_kind, count(*) FROM selected WHERE result_kind IS NOT NULL"
     " GROUP BY result_kind ORDER BY result_kind"},
    // $6 the number of clients listed. The total comes with every row.
    {"stats_reschedules", CRM_PLANNING_STATS_SELECTION
     "SELECT client_id::text, count(*), sum(count(*)) OVER ()::bigint FROM selected"
     " WHERE result_kind = 'reschedule' GROUP BY client_id"
     " ORDER BY count(*) DESC, client_id LIMIT $6"},
    // Per client with completed contacts in the selection: the first completed contact, and the
    // last completed contact or active sale. $6 the number of clients listed; the average and
    // the number of clients come with every row.
    {"stats_relationships", CRM_PLANNING_STATS_SELECTION
     ", per_client AS (SELECT s.client_id, min(s.complete_time) AS first_time,"
     " greatest(max(s.complete_time), max(sa.sale_time)) AS last_time,"
     " count(DISTINCT s.id) AS contacts, count(DISTINCT sa.id) AS sales"
     " FROM selected s LEFT JOIN sales sa ON sa.contact_id = s.id AND sa.state = 'ACTIVE'"
     " WHERE s.state = 'COMPLETED' GROUP BY s.client_id)"
     " SELECT client_id::text, (extract(epoch from first_time) * 1000000)::bigint,"
     " (extract(epoch from last_time) * 1000000)::bigint,"
     " extract(day from last_time - first_time)::bigint AS days, contacts, sales,"
     " round(avg(extract(day from last_time - first_time)) OVER ())::bigint, count(*) OVER ()"
     " FROM per_client ORDER BY days DESC, client_id LIMIT $6"},
};

#undef CRM_PLANNING_STATS_SELECTION

}  // namespace crm::planning
