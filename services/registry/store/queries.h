#pragma once

#include <vector>

#include "common/db/pool.h"
#include "services/registry/store/employee_columns.h"
#include "services/registry/store/project_columns.h"

// Every SQL statement of the registry, prepared on each pooled connection and executed by name
// from the *_store.cpp files. Column lists are shared by the statements that return one kind of
// row, and each store decodes them in exactly this order.
namespace crm::registry {

inline const std::vector<common::db::NamedQuery> kQueries = {
    // Projects, ordered by (display_name, id).
    {"project_insert",
     "INSERT INTO projects (id, display_name, description, created_by)"
     " VALUES ($1::uuid, $2, $3, $4) RETURNING" CRM_REGISTRY_PROJECT_COLUMNS},
    {"project_get", "SELECT" CRM_REGISTRY_PROJECT_COLUMNS "FROM projects WHERE id = $1::uuid"},
    {"projects_list",
     "SELECT" CRM_REGISTRY_PROJECT_COLUMNS "FROM projects"
     " WHERE (display_name, id) > ($1, $2::uuid) ORDER BY display_name, id LIMIT $3"},

    // Editions, ordered by (start_date, id) within their project; the first page starts after
    // '-infinity'.
    {"edition_insert",
     "INSERT INTO editions (id, project_id, display_name, start_date, end_date, venue,"
     " price_currency, price_per_m2_minor, created_by)"
     " VALUES ($1::uuid, $2::uuid, $3, $4::date, $5::date, $6, $7, $8, $9)"
     " RETURNING" CRM_REGISTRY_EDITION_COLUMNS},
    {"editions_list", "SELECT" CRM_REGISTRY_EDITION_COLUMNS "FROM editions"
                      " WHERE project_id = $1::uuid AND (start_date, id) > ($2::date, $3::uuid)"
                      " ORDER BY start_date, id LIMIT $4"},

    // Employees, ordered by (full_name, id); e-mail addresses are unique in any letter case.
    {"employee_insert",
     "INSERT INTO employees (id, full_name, email, created_by)"
     " VALUES ($1::uuid, $2, $3, $4) RETURNING" CRM_REGISTRY_EMPLOYEE_COLUMNS},
    {"employee_by_email",
     "SELECT" CRM_REGISTRY_EMPLOYEE_COLUMNS "FROM employees WHERE lower(email) = lower($1)"},
    {"employees_list", "SELECT" CRM_REGISTRY_EMPLOYEE_COLUMNS "FROM employees"
                       " WHERE (full_name, id) > ($1, $2::uuid) ORDER BY full_name, id LIMIT $3"},
};

}  // namespace crm::registry
