#include "services/planning/domain/stats_rules.h"

#include "common/core/errors.h"

namespace crm::planning::domain {

int32_t EffectivenessBp(int64_t positive, int64_t completed) {
  if (completed <= 0) {
    return 0;
  }
  return static_cast<int32_t>((positive * 10'000 * 2 + completed) / (completed * 2));
}

StatsSelection ResolveStatsSelection(const Actor& actor, const StatsSelection& requested,
                                     const std::string& manager_department) {
  switch (ScopeOf(actor, AccessAction::kRead)) {
    case AccessScope::kAll:
      return requested;
    case AccessScope::kDepartment: {
      if (requested.manager_id) {
        if (requested.manager_id == actor.employee_id ||
            (!actor.department.empty() && manager_department == actor.department)) {
          return requested;
        }
        throw common::PermissionError(
            "a head of sales sees the figures of their own department's managers only");
      }
      if (requested.department && *requested.department != actor.department) {
        throw common::PermissionError("a head of sales sees their own department's figures only");
      }
      if (actor.department.empty()) {
        throw common::PermissionError("the head of sales has no department in planning yet");
      }
      return {std::nullopt, actor.department};
    }
    case AccessScope::kOwn:
      if (!actor.employee_id) {
        break;
      }
      if ((requested.manager_id && requested.manager_id != actor.employee_id) ||
          requested.department) {
        throw common::PermissionError("a sales manager sees their own figures only");
      }
      return {actor.employee_id, std::nullopt};
    case AccessScope::kNone:
      break;
  }
  throw common::PermissionError("this role has no access to contact statistics");
}

}  // namespace crm::planning::domain
