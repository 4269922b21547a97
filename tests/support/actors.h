#pragma once

#include <initializer_list>
#include <string>

#include "common/auth/access.h"
#include "common/auth/auth.h"

namespace crm::testing {

// A caller as the access rules see it: employee `id` of department unit `department_id` with
// `roles`, without a token or a department lookup.
inline common::auth::Actor EmployeeActor(std::initializer_list<common::auth::Role> roles,
                                         const char* id, const char* department_id) {
  common::auth::Actor actor;
  actor.principal.roles = roles;
  actor.principal.subject = std::string("employees/") + id;
  actor.employee_id = id;
  actor.department_id = department_id;
  return actor;
}

}  // namespace crm::testing
