#pragma once

#include <vector>

#include "common/db/pool.h"
#include "services/registry/store/employee_columns.h"
#include "services/registry/store/project_columns.h"

// Every SQL statement of the registry, prepared on each pooled connection and executed by name
// from the *_store.cpp files. Column lists are shared by the statements that return one kind of
// row, and each store decodes them in exactly this order.
namespace crm::registry {

// id, display_name, legal_name, inn, kpp, ogrn, legal_address, phone, email, created (µs),
// updated (µs), version, deleted (µs, NULL while live)
#define CRM_REGISTRY_CLIENT_COLUMNS                                                   \
  " id::text, display_name, legal_name, inn, kpp, ogrn, legal_address, phone, email," \
  " (extract(epoch FROM created_at) * 1000000)::bigint,"                              \
  " (extract(epoch FROM updated_at) * 1000000)::bigint, version,"                     \
  " (extract(epoch FROM deleted_at) * 1000000)::bigint "
// id, client_id, full_name, position, phone, email, created (µs)
#define CRM_REGISTRY_CONTACT_PERSON_COLUMNS                        \
  " id::text, client_id::text, full_name, position, phone, email," \
  " (extract(epoch FROM created_at) * 1000000)::bigint "

inline const std::vector<common::db::NamedQuery> kQueries = {
    // Clients. Keyset pages are ordered by (display_name, id); the first page starts after
    // ('', nil uuid), below every real key.
    {"client_insert",
     "INSERT INTO clients (id, display_name, legal_name, inn, kpp, ogrn, legal_address, phone,"
     " email, request_id, created_by, updated_by)"
     " VALUES ($1::uuid, $2, $3, $4, $5, $6, $7, $8, $9, NULLIF($10, ''), $11, $11)"
     " RETURNING" CRM_REGISTRY_CLIENT_COLUMNS},
    {"client_get", "SELECT" CRM_REGISTRY_CLIENT_COLUMNS "FROM clients WHERE id = $1::uuid"},
    {"client_by_request_id",
     "SELECT" CRM_REGISTRY_CLIENT_COLUMNS "FROM clients WHERE request_id = $1"},
    {"client_by_inn_kpp",
     "SELECT" CRM_REGISTRY_CLIENT_COLUMNS "FROM clients WHERE inn = $1 AND kpp = $2"},
    {"client_exists", "SELECT 1 FROM clients WHERE id = $1::uuid"},
    // Many clients at once (bulk writes read back what they wrote).
    {"clients_by_ids",
     "SELECT" CRM_REGISTRY_CLIENT_COLUMNS "FROM clients WHERE id = ANY($1::uuid[]) ORDER BY id"},
    // Locks the row for the rest of the transaction, so the etag check and the write that
    // follows see the same version.
    {"client_get_for_update",
     "SELECT" CRM_REGISTRY_CLIENT_COLUMNS "FROM clients WHERE id = $1::uuid FOR UPDATE"},
    {"client_update",
     "UPDATE clients SET display_name = $2, legal_name = $3, kpp = $4, ogrn = $5,"
     " legal_address = $6, phone = $7, email = $8, version = version + 1, updated_at = now(),"
     " updated_by = $9 WHERE id = $1::uuid RETURNING" CRM_REGISTRY_CLIENT_COLUMNS},
    {"client_set_deleted",
     "UPDATE clients SET deleted_at = CASE WHEN $2::boolean THEN now() END,"
     " version = version + 1, updated_at = now(), updated_by = $3"
     " WHERE id = $1::uuid RETURNING" CRM_REGISTRY_CLIENT_COLUMNS},
    {"client_history_append",
     "INSERT INTO client_history (client_id, version, change, changed_by, request_id, snapshot)"
     " SELECT id, version, $2, $3, $4, $5::jsonb FROM clients WHERE id = $1::uuid"},
    // The last parameter of every search is show_deleted.
    {"clients_list",
     "SELECT" CRM_REGISTRY_CLIENT_COLUMNS "FROM clients"
     " WHERE (display_name, id) > ($1, $2::uuid) AND (deleted_at IS NULL OR $4::boolean)"
     " ORDER BY display_name, id LIMIT $3"},
    // $1 is an ILIKE pattern; the trigram indexes serve it.
    {"clients_search_by_name",
     "SELECT" CRM_REGISTRY_CLIENT_COLUMNS "FROM clients"
     " WHERE (display_name ILIKE $1 OR legal_name ILIKE $1)"
     " AND (display_name, id) > ($2, $3::uuid) AND (deleted_at IS NULL OR $5::boolean)"
     " ORDER BY display_name, id LIMIT $4"},
    {"clients_search_by_inn",
     "SELECT" CRM_REGISTRY_CLIENT_COLUMNS "FROM clients"
     " WHERE inn = $1 AND (display_name, id) > ($2, $3::uuid)"
     " AND (deleted_at IS NULL OR $5::boolean) ORDER BY display_name, id LIMIT $4"},
    {"clients_search_by_name_and_inn",
     "SELECT" CRM_REGISTRY_CLIENT_COLUMNS "FROM clients"
     " WHERE inn = $1 AND (display_name ILIKE $2 OR legal_name ILIKE $2)"
     " AND (display_name, id) > ($3, $4::uuid) AND (deleted_at IS NULL OR $6::boolean)"
     " ORDER BY display_name, id LIMIT $5"},

    // Contact persons, ordered by (full_name, id) within their client.
    {"contact_person_insert",
     "INSERT INTO contact_persons (id, client_id, full_name, position, phone, email, request_id,"
     " created_by) VALUES ($1::uuid, $2::uuid, $3, $4, $5, $6, NULLIF($7, ''), $8)"
     " RETURNING" CRM_REGISTRY_CONTACT_PERSON_COLUMNS},
    {"contact_person_by_request_id",
     "SELECT" CRM_REGISTRY_CONTACT_PERSON_COLUMNS "FROM contact_persons WHERE request_id = $1"},
    {"contact_persons_list", "SELECT" CRM_REGISTRY_CONTACT_PERSON_COLUMNS "FROM contact_persons"
                             " WHERE client_id = $1::uuid AND (full_name, id) > ($2, $3::uuid)"
                             " ORDER BY full_name, id LIMIT $4"},

    // Projects, ordered by (display_name, id).
    {"project_insert",
     "INSERT INTO projects (id, display_name, description, request_id, created_by)"
     " VALUES ($1::uuid, $2, $3, NULLIF($4, ''), $5) RETURNING" CRM_REGISTRY_PROJECT_COLUMNS},
    {"project_get", "SELECT" CRM_REGISTRY_PROJECT_COLUMNS "FROM projects WHERE id = $1::uuid"},
    {"project_by_request_id",
     "SELECT" CRM_REGISTRY_PROJECT_COLUMNS "FROM projects WHERE request_id = $1"},
    {"projects_list",
     "SELECT" CRM_REGISTRY_PROJECT_COLUMNS "FROM projects"
     " WHERE (display_name, id) > ($1, $2::uuid) ORDER BY display_name, id LIMIT $3"},

    // Editions, ordered by (start_date, id) within their project; the first page starts after
    // '-infinity'.
    {"edition_insert",
     "INSERT INTO editions (id, project_id, display_name, start_date, end_date, venue,"
     " price_currency, price_per_m2_minor, request_id, created_by)"
     " VALUES ($1::uuid, $2::uuid, $3, $4::date, $5::date, $6, $7, $8, NULLIF($9, ''), $10)"
     " RETURNING" CRM_REGISTRY_EDITION_COLUMNS},
    {"edition_by_request_id",
     "SELECT" CRM_REGISTRY_EDITION_COLUMNS "FROM editions WHERE request_id = $1"},
    {"editions_list", "SELECT" CRM_REGISTRY_EDITION_COLUMNS "FROM editions"
                      " WHERE project_id = $1::uuid AND (start_date, id) > ($2::date, $3::uuid)"
                      " ORDER BY start_date, id LIMIT $4"},

    // Employees, ordered by (full_name, id); e-mail addresses are unique in any letter case.
    {"employee_insert",
     "INSERT INTO employees (id, full_name, email, department, request_id, created_by)"
     " VALUES ($1::uuid, $2, $3, $4, NULLIF($5, ''), $6) RETURNING" CRM_REGISTRY_EMPLOYEE_COLUMNS},
    {"employee_by_request_id",
     "SELECT" CRM_REGISTRY_EMPLOYEE_COLUMNS "FROM employees WHERE request_id = $1"},
    {"employee_by_email",
     "SELECT" CRM_REGISTRY_EMPLOYEE_COLUMNS "FROM employees WHERE lower(email) = lower($1)"},
    {"employees_list", "SELECT" CRM_REGISTRY_EMPLOYEE_COLUMNS "FROM employees"
                       " WHERE (full_name, id) > ($1, $2::uuid) ORDER BY full_name, id LIMIT $3"},
};

#undef CRM_REGISTRY_CLIENT_COLUMNS
#undef CRM_REGISTRY_CONTACT_PERSON_COLUMNS

}  // namespace crm::registry
