#pragma once

#include <vector>

#include "common/db/pool.h"
#include "services/planning/store/queries.h"

// Statements of registry's organisation as planning keeps it: each employee's department unit
// and the units.
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

};

}  // namespace crm::planning
