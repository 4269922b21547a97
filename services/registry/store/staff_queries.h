#pragma once

#include <vector>

#include "common/db/pool.h"
#include "services/registry/store/employee_columns.h"

// The staff directory's edits and the curators: every statement of staff_store.cpp.
namespace crm::registry {

// id, seq, client_id, project_id, contact_person_id ('' for the client as a whole), employee_id,
// started (µs), assigned_by, ended (µs, NULL while current), ended_by, end_reason
#define CRM_REGISTRY_CURATOR_COLUMNS                                                          \
  " id::text, seq, client_id::text, project_id::text, coalesce(contact_person_id::text, '')," \
  " employee_id::text, (extract(epoch FROM started_at) * 1000000)::bigint, assigned_by,"      \
  " (extract(epoch FROM ended_at) * 1000000)::bigint, coalesce(ended_by, ''),"                \
  " coalesce(end_reason, '') "
// The current term of ($1 client, $2 project, $3 contact person or '').
#define CRM_REGISTRY_CURRENT_TERM                                        \
  " client_id = $1::uuid AND project_id = $2::uuid AND ended_at IS NULL" \
  " AND contact_person_id IS NOT DISTINCT FROM NULLIF($3, '')::uuid "

inline const std::vector<common::db::NamedQuery> kStaffQueries = {
    {"employee_get", "SELECT" CRM_REGISTRY_EMPLOYEE_COLUMNS "FROM employees WHERE id = $1::uuid"},
    // An edit or a departure holds the row until commit; an assignment only needs it to stay
    // active, so assignments to one employee do not wait for each other.
    {"employee_get_for_update",
     "SELECT" CRM_REGISTRY_EMPLOYEE_COLUMNS "FROM employees WHERE id = $1::uuid FOR UPDATE"},
    {"employee_get_for_share",
     "SELECT" CRM_REGISTRY_EMPLOYEE_COLUMNS "FROM employees WHERE id = $1::uuid FOR SHARE"},
    // $5: the roles joined by commas ('' for none).
    {"employee_update",
     "UPDATE employees SET full_name = $2, email = $3,"
     " roles = coalesce(string_to_array(NULLIF($4, ''), ','), '{}')::text[], version = version + 1,"
     " updated_at = now(), updated_by = $5 WHERE id = $1::uuid"
     " RETURNING" CRM_REGISTRY_EMPLOYEE_COLUMNS},
    {"employee_mark_left",
     "UPDATE employees SET status = 'left', left_at = now(), version = version + 1,"
     " updated_at = now(), updated_by = $2 WHERE id = $1::uuid"
     " RETURNING" CRM_REGISTRY_EMPLOYEE_COLUMNS},

    // Curators. Lists page by seq, the order terms began; the first page starts after 0.
    {"curator_current_for_update", "SELECT" CRM_REGISTRY_CURATOR_COLUMNS
                                   "FROM curators WHERE" CRM_REGISTRY_CURRENT_TERM "FOR UPDATE"},
    {"curator_insert",
     "INSERT INTO curators (id, client_id, project_id, contact_person_id, employee_id,"
     " assigned_by) VALUES ($1::uuid, $2::uuid, $3::uuid, NULLIF($4, '')::uuid, $5::uuid, $6)"
     " RETURNING" CRM_REGISTRY_CURATOR_COLUMNS},
    {"curator_get_for_update", "SELECT" CRM_REGISTRY_CURATOR_COLUMNS "FROM curators"
                               " WHERE id = $1::uuid AND client_id = $2::uuid FOR UPDATE"},
    // $3: replaced or ended.
    {"curator_end",
     "UPDATE curators SET ended_at = now(), ended_by = $2, end_reason = $3"
     " WHERE id = $1::uuid AND ended_at IS NULL RETURNING" CRM_REGISTRY_CURATOR_COLUMNS},
    {"curators_current_of_client",
     "SELECT" CRM_REGISTRY_CURATOR_COLUMNS "FROM curators"
     " WHERE client_id = $1::uuid AND ended_at IS NULL AND seq > $2::bigint"
     " ORDER BY seq LIMIT $3"},
    {"curators_all_of_client",
     "SELECT" CRM_REGISTRY_CURATOR_COLUMNS "FROM curators"
     " WHERE client_id = $1::uuid AND seq > $2::bigint ORDER BY seq LIMIT $3"},
    {"curators_current_of_employee",
     "SELECT" CRM_REGISTRY_CURATOR_COLUMNS "FROM curators"
     " WHERE employee_id = $1::uuid AND ended_at IS NULL AND seq > $2::bigint"
     " ORDER BY seq LIMIT $3"},
    {"curator_curates_client",
     "SELECT EXISTS (SELECT 1 FROM curators"
     " WHERE employee_id = $1::uuid AND client_id = $2::uuid AND ended_at IS NULL)"},
    {"curators_count_current_of_employee",
     "SELECT count(*) FROM curators WHERE employee_id = $1::uuid AND ended_at IS NULL"},
    {"contact_person_of_client",
     "SELECT EXISTS (SELECT 1 FROM contact_persons WHERE id = $1::uuid AND client_id = $2::uuid)"},
    // Every current term of $1 ends and passes to the successors $2 (round-robin in the order
    // the terms began) in one statement. The insert reads the ended rows, so each old term is
    // closed before its successor's term takes its place in the one-current index.
    {"curators_reassign",
     "WITH moving AS ("
     "  SELECT id, seq, client_id, project_id, contact_person_id,"
     "         (row_number() OVER (ORDER BY seq) - 1) % cardinality($2::uuid[]) + 1 AS slot"
     "  FROM curators WHERE employee_id = $1::uuid AND ended_at IS NULL),"
     " ended AS ("
     "  UPDATE curators c SET ended_at = now(), ended_by = $3, end_reason = 'employee_left'"
     "  FROM moving m WHERE c.id = m.id RETURNING c.id)"
     " INSERT INTO curators (id, client_id, project_id, contact_person_id, employee_id,"
     "  assigned_by, succeeds)"
     " SELECT gen_random_uuid(), m.client_id, m.project_id, m.contact_person_id,"
     "  ($2::uuid[])[m.slot], $3, m.id"
     " FROM ended e JOIN moving m ON m.id = e.id ORDER BY m.seq"
     " RETURNING" CRM_REGISTRY_CURATOR_COLUMNS},
};

#undef CRM_REGISTRY_CURATOR_COLUMNS
#undef CRM_REGISTRY_CURRENT_TERM

}  // namespace crm::registry
