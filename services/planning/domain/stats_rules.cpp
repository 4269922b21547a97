#include "services/planning/domain/stats_rules.h"

#include "common/core/errors.h"

namespace crm::planning::domain {

StatsSelection ResolveStatsSelection(const common::auth::Actor& actor,
                                     const StatsSelection& requested,
                                     const std::string& manager_department_id) {
  using common::auth::Scope;
  const Scope scope =
      common::auth::ScopeOf(actor, common::auth::Records::kTasks, common::auth::Action::kRead);
  switch (scope) {
    case Scope::kAll:
      return requested;
    case Scope::kDepartment: {
      if (requested.manager_id) {
        if (common::auth::Reaches(actor, scope,
                                  {*requested.manager_id, manager_department_id, {}})) {
          return requested;
        }
        throw common::PermissionError(
            "a head of sales sees the figures of their own department's managers only");
      }
      if (requested.department_id && *requested.department_id != actor.department_id) {
        throw common::PermissionError("a head of sales sees their own department's figures only");
      }
      if (actor.department_id.empty()) {
        throw common::PermissionError("the head of sales has no department in planning yet");
      }
      return {std::nullopt, actor.department_id};
    }
    case Scope::kOwn:
      if (!actor.employee_id) {
        break;
      }
      if ((requested.manager_id && requested.manager_id != actor.employee_id) ||
          requested.department_id) {
        throw common::PermissionError("a sales manager sees their own figures only");
      }
      return {actor.employee_id, std::nullopt};
    case Scope::kCurator:
    case Scope::kNone:
      break;
  }
  throw common::PermissionError("this role has no access to contact statistics");
}

}  // namespace crm::planning::domain
