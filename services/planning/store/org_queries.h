#pragma once

#include <vector>

#include "common/db/pool.h"
#include "services/planning/store/queries.h"

// Statements of registry's organisation as planning keeps it: each employee's department unit,
// the units, and (for client writes) the clients' curators.
namespace crm::planning {

inline const std::vector<common::db::NamedQuery> kOrgQueries = {
    // crm.registry.employee.updated: the full snapshot with the unit ($5, NULL for none).
    {"upsert_employee_membership",
     "INSERT INTO employees (id, full_name, email, department, department_id, event_time)"
     " VALUES ($1, $2, $3, $4, $5::uuid, $6)"
     " ON CONFLICT (id) DO UPDATE SET full_name = EXCLUDED.full_name, email = EXCLUDED.email,"
     " department = EXCLUDED.department, department_id = EXCLUDED.department_id,"
     " event_time = EXCLUDED.event_time,"
     " updated_at = now()" CRM_PLANNING_NEWER_EVENT("employees")},
    {"find_employee_department",
     "SELECT coalesce(department_id::text, '') FROM employees WHERE id = $1"},

    {"upsert_department",
     "INSERT INTO departments (id, display_name, head_id, deleted, event_time)"
     " VALUES ($1, $2, $3::uuid, false, $4)"
     " ON CONFLICT (id) DO UPDATE SET display_name = EXCLUDED.display_name,"
     " head_id = EXCLUDED.head_id, deleted = false, event_time = EXCLUDED.event_time,"
     " updated_at = now()" CRM_PLANNING_NEWER_EVENT("departments")},
    {"mark_department_deleted",
     "INSERT INTO departments (id, deleted, event_time) VALUES ($1, true, $2)"
     " ON CONFLICT (id) DO UPDATE SET deleted = true, event_time = EXCLUDED.event_time,"
     " updated_at = now()" CRM_PLANNING_NEWER_EVENT("departments")},
    // The members' department text follows the unit's name as stored (a late, older event
    // renamed nothing above, so nothing changes here either).
    {"department_rename_members",
     "UPDATE employees e SET department = d.display_name FROM departments d"
     " WHERE d.id = $1 AND e.department_id = d.id AND e.department <> d.display_name"},
    // Redirects sent to a department by its name before there were units: they join the queue
    // of the unit of that name once registry announces it.
    {"department_adopt_redirects",
     "UPDATE redirects r SET to_department = 'departments/' || d.id::text FROM departments d"
     " WHERE d.id = $1 AND NOT d.deleted AND r.to_department NOT LIKE 'departments/%'"
     " AND lower(btrim(r.to_department)) = lower(d.display_name)"},
    {"department_exists", "SELECT 1 FROM departments WHERE id = $1 AND NOT deleted"},

    // Curator terms: $1 term, $2 client, $3 project, $4 contact person or NULL, $5 employee,
    // $6 start (curator_replace_earlier: $5 the start). A term replaces the earlier current ones
    // of its client, project and contact person; a term older than one already known arrives
    // replaced. Either order of delivery ends in the same rows.
    {"curator_replace_earlier",
     "UPDATE curators SET ended = true, updated_at = now()"
     " WHERE client_id = $2 AND project_id = $3 AND contact_person_id IS NOT DISTINCT FROM $4::uuid"
     " AND id <> $1 AND NOT ended AND start_time <= $5::timestamptz"},
    {"curator_insert_term",
     "INSERT INTO curators (id, client_id, project_id, contact_person_id, employee_id,"
     " start_time, ended)"
     " SELECT $1::uuid, $2::uuid, $3::uuid, $4::uuid, $5::uuid, $6::timestamptz,"
     " EXISTS (SELECT 1 FROM curators l"
     " WHERE l.client_id = $2 AND l.project_id = $3"
     " AND l.contact_person_id IS NOT DISTINCT FROM $4::uuid AND l.id <> $1"
     " AND l.start_time > $6::timestamptz)"
     " ON CONFLICT (id) DO NOTHING"},
    // crm.registry.curator.ended: the term is over (recorded even before its assignment).
    {"curator_end_term",
     "INSERT INTO curators (id, client_id, project_id, contact_person_id, employee_id,"
     " start_time, ended) VALUES ($1, $2, $3, $4::uuid, $5, $6::timestamptz, true)"
     " ON CONFLICT (id) DO UPDATE SET ended = true, updated_at = now()"},
    {"client_current_curators",
     "SELECT DISTINCT employee_id::text FROM curators WHERE client_id = $1 AND NOT ended"},

    // A client merge moves curators as registry does: a merged client's current term goes to the
    // survivor for a project (and contact person) the survivor has no curator for, the first
    // merged client in `merged` order winning; the merged clients' other current terms end.
    // Both are remembered with the merge and undone with it.
    {"merge_move_curators",
     "WITH candidates AS ("
     " SELECT DISTINCT ON (t.project_id, t.contact_person_id) t.id, t.client_id FROM curators t"
     " WHERE t.client_id = ANY($3::uuid[]) AND NOT t.ended AND NOT EXISTS ("
     "  SELECT 1 FROM curators s WHERE s.client_id = $2 AND NOT s.ended"
     "  AND s.project_id = t.project_id"
     "  AND s.contact_person_id IS NOT DISTINCT FROM t.contact_person_id)"
     " ORDER BY t.project_id, t.contact_person_id, array_position($3::uuid[], t.client_id)),"
     " moved AS (UPDATE curators t SET client_id = $2, updated_at = now() FROM candidates c"
     " WHERE t.id = c.id RETURNING t.id, c.client_id AS from_client_id),"
     " ended AS (UPDATE curators t SET ended = true, updated_at = now()"
     " WHERE t.client_id = ANY($3::uuid[]) AND NOT t.ended"
     " AND t.id NOT IN (SELECT id FROM candidates) RETURNING t.id, t.client_id AS from_client_id)"
     " INSERT INTO client_merge_moves (merge_id, resource, row_id, from_client_id)"
     " SELECT $1::uuid, 'curators', id, from_client_id FROM moved"
     " UNION ALL SELECT $1::uuid, 'curators_ended', id, from_client_id FROM ended"
     " ON CONFLICT DO NOTHING"},
    {"merge_undo_curators",
     "WITH back AS (UPDATE curators t SET client_id = m.from_client_id, updated_at = now()"
     " FROM client_merge_moves m WHERE m.merge_id = $1 AND m.resource = 'curators'"
     " AND t.id = m.row_id AND t.client_id = $2 RETURNING t.id)"
     " UPDATE curators t SET ended = false, updated_at = now() FROM client_merge_moves m"
     " WHERE m.merge_id = $1 AND m.resource = 'curators_ended' AND t.id = m.row_id"},
};

}  // namespace crm::planning
