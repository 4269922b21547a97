#pragma once

#include <vector>

#include "common/db/pool.h"

// Statements of redirects (RedirectService).
namespace crm::planning {

#define CRM_PLANNING_REDIRECT_COLUMNS                                                          \
  " r.id::text, r.client_id::text, r.from_employee_id::text, r.to_employee_id::text,"          \
  " r.to_department, (extract(epoch from r.deadline) * 1000000)::bigint, r.goal,"              \
  " r.responsible_id::text, r.status, r.status_comment, r.contact_id::text, r.version,"        \
  " (extract(epoch from r.create_time) * 1000000)::bigint,"                                    \
  " (extract(epoch from r.update_time) * 1000000)::bigint,"                                    \
  " coalesce((SELECT e.department_id::text FROM employees e WHERE e.id = r.from_employee_id)," \
  " '') "

// The filters every box shares: $2 status or NULL, $3 overdue only (with $4 now), ($5, $6) the
// keyset (deadline, id) or NULL, $7 the limit.
#define CRM_PLANNING_REDIRECT_PAGE                                                     \
  " AND ($2::text IS NULL OR r.status = $2::text)"                                     \
  " AND (NOT $3::boolean OR (r.status IN ('OPEN', 'IN_PROGRESS') AND r.deadline < "    \
  "$4::timestamptz))"                                                                  \
  " AND ($5::timestamptz IS NULL OR (r.deadline, r.id) > ($5::timestamptz, $6::uuid))" \
  " ORDER BY r.deadline, r.id LIMIT $7"

inline const std::vector<common::db::NamedQuery> kRedirectQueries = {
    {"insert_redirect",
     "WITH r AS (INSERT INTO redirects (id, client_id, from_employee_id, to_employee_id,"
     " to_department, deadline, goal, responsible_id, status, contact_id,"
     " create_time, update_time) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, 'OPEN', $9, $10,"
     " $10) RETURNING *)"
     " SELECT" CRM_PLANNING_REDIRECT_COLUMNS "FROM r"},
    {"find_redirect", "SELECT" CRM_PLANNING_REDIRECT_COLUMNS "FROM redirects r WHERE r.id = $1"},
    {"find_redirect_for_update",
     "SELECT" CRM_PLANNING_REDIRECT_COLUMNS "FROM redirects r WHERE r.id = $1 FOR UPDATE"},
    {"update_redirect_status",
     "WITH r AS (UPDATE redirects SET status = $2, status_comment = $3, update_time = $4,"
     " version = version + 1 WHERE id = $1 RETURNING *)"
     " SELECT" CRM_PLANNING_REDIRECT_COLUMNS "FROM r"},
    // $1 the employee.
    {"list_redirects_sent", "SELECT" CRM_PLANNING_REDIRECT_COLUMNS "FROM redirects r"
                            " WHERE r.from_employee_id = $1::uuid" CRM_PLANNING_REDIRECT_PAGE},
    {"list_redirects_received", "SELECT" CRM_PLANNING_REDIRECT_COLUMNS "FROM redirects r"
                                " WHERE (r.to_employee_id = $1::uuid OR r.responsible_id = "
                                "$1::uuid)" CRM_PLANNING_REDIRECT_PAGE},
    // $1 the department, "departments/{uuid}".
    {"list_redirects_department", "SELECT" CRM_PLANNING_REDIRECT_COLUMNS "FROM redirects r"
                                  " WHERE r.to_department = $1::text" CRM_PLANNING_REDIRECT_PAGE},
    {"merge_move_redirects",
     "WITH moved AS (UPDATE redirects t SET client_id = $2 FROM redirects o"
     " WHERE t.id = o.id AND o.client_id = ANY($3::uuid[]) RETURNING t.id, o.client_id)"
     " INSERT INTO client_merge_moves (merge_id, resource, row_id, from_client_id)"
     " SELECT $1, 'redirects', id, client_id FROM moved ON CONFLICT DO NOTHING"},
    {"merge_undo_redirects",
     "UPDATE redirects t SET client_id = m.from_client_id FROM client_merge_moves m"
     " WHERE m.merge_id = $1 AND m.resource = 'redirects' AND t.id = m.row_id"
     " AND t.client_id = $2"},
};

#undef CRM_PLANNING_REDIRECT_COLUMNS
#undef CRM_PLANNING_REDIRECT_PAGE

}  // namespace crm::planning
