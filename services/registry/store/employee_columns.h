#pragma once

// The columns every statement returning an employee selects, in the order DecodeEmployee
// (employee_store.h) reads them:
// id, full_name, email, department (the unit's display name, '' for none), created (µs), roles
// (comma-separated), status, version, updated (µs), department id ('' for none). The department
// text is read from the unit, never stored beside it, so it cannot disagree with membership.
#define CRM_REGISTRY_EMPLOYEE_COLUMNS                                                 \
  " id::text, full_name, email,"                                                      \
  " coalesce((SELECT d.display_name FROM departments d"                               \
  " WHERE d.id = employees.department_id), ''),"                                      \
  " (extract(epoch FROM created_at) * 1000000)::bigint, array_to_string(roles, ',')," \
  " status, version, (extract(epoch FROM updated_at) * 1000000)::bigint,"             \
  " coalesce(department_id::text, '') "
