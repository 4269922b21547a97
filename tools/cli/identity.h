#pragma once

#include <optional>
#include <string>
#include <vector>

#include "tools/cli/rpc.h"

// Who `crm --as ROLE` acts as on a development stack: a real employee of the registry holding
// that role, so that views that depend on the caller (a manager's own contacts, a head's
// department) show that person's data.
namespace crm::cli {

struct ActingEmployee {
  std::string name;  // employees/<uuid>: the subject of the minted token
  std::string full_name;
  std::string department;  // the department's display name; empty for none
};

// The first active employee in the registry's order (by full name) whose roles include every one
// of `roles`, asked with `lookup_token`. nullopt when there is none or the registry cannot be
// asked; `problem` then says which.
std::optional<ActingEmployee> FindActingEmployee(const Endpoints& endpoints,
                                                 const std::string& lookup_token,
                                                 const std::vector<std::string>& roles,
                                                 std::string* problem);

}  // namespace crm::cli
