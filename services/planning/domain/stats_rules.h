#pragma once

#include <cstdint>
#include <optional>
#include <string>

#include "common/auth/access.h"

// Rules of GetContactStats: whose figures a caller gets, and the effectiveness ratio.
namespace crm::planning::domain {

// The selection a caller asked for and may see.
struct StatsSelection {
  std::optional<std::string> manager_id;
  std::optional<std::string> department_id;  // a department unit's id
};

// The reach of the tasks rule (common/auth/access.h): a sales manager gets their own figures
// (asking for anyone else's is denied); a head of sales their department unit's, or one of its
// managers' (`manager_department_id` is the requested manager's unit); analysts, admins and
// services anyone's. Throws common::PermissionError.
StatsSelection ResolveStatsSelection(const common::auth::Actor& actor,
                                     const StatsSelection& requested,
                                     const std::string& manager_department_id);

}  // namespace crm::planning::domain
