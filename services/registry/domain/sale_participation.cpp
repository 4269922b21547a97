#include "services/registry/domain/sale_participation.h"

namespace crm::registry {

ParticipationChange DecideParticipation(const std::optional<ExistingParticipation>& existing,
                                        const ActiveSales& sales) {
  if (sales.count > 0) {
    if (!existing) {
      return ParticipationChange::kCreate;
    }
    return existing->area_dm2 == sales.area_dm2 ? ParticipationChange::kNone
                                                : ParticipationChange::kSetArea;
  }
  if (existing && existing->from_sales) {
    return ParticipationChange::kDelete;
  }
  return ParticipationChange::kNone;
}

}  // namespace crm::registry
