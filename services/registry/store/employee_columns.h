#pragma once

// The columns every statement returning an employee selects, in the order DecodeEmployee
// (employee_store.h) reads them:
// id, full_name, email, department, created (µs), roles (comma-separated), status, version,
// updated (µs), department id ('' for none)
#define CRM_REGISTRY_EMPLOYEE_COLUMNS                                                            \
  " id::text, full_name, email, department, (extract(epoch FROM created_at) * 1000000)::bigint," \
  " array_to_string(roles, ','), status, version,"                                               \
  " (extract(epoch FROM updated_at) * 1000000)::bigint, coalesce(department_id::text, '') "
