#include "services/planning/events/client_merge.h"

#include <string>
#include <vector>

#include "common/core/ids.h"
#include "services/planning/domain/contact_rules.h"
#include "services/planning/store/merge_store.h"

namespace crm::planning::projection {
namespace {

using common::bus::PoisonEvent;
using common::bus::ResourceIdOrPoison;

std::vector<std::string> ClientIds(const google::protobuf::RepeatedPtrField<std::string>& names,
                                   const std::string& survivor_id, const char* what) {
  std::vector<std::string> ids;
  for (const auto& name : names) {
    std::string id = ResourceIdOrPoison(name, "clients", what);
    if (id == survivor_id) {
      throw PoisonEvent(std::string(what) + " names the survivor itself: " + name);
    }
    ids.push_back(std::move(id));
  }
  if (ids.empty()) {
    throw PoisonEvent(std::string(what) + " is empty");
  }
  return ids;
}

}  // namespace

void OnClientMerged(pqxx::work& tx, const crm::events::v1::ClientMerged& merged,
                    const common::bus::InboundEvent& /*meta*/) {
  const std::string survivor = ResourceIdOrPoison(merged.survivor(), "clients", "survivor");
  const std::string merge = ResourceIdOrPoison(merged.merge(), "merges", "merge");
  const std::vector<std::string> from = ClientIds(merged.merged(), survivor, "merged");
  if (store::RecordClientMerge(tx, merge, survivor) == store::MergeState::kUndone) {
    return;  // the undo came first (or this is a late redelivery): nothing to move
  }
  store::MoveMergedRows(tx, merge, survivor, from);
}

void OnClientMergeUndone(pqxx::work& tx, const crm::events::v1::ClientMergeUndone& undone,
                         const common::bus::InboundEvent& /*meta*/) {
  const std::string survivor = ResourceIdOrPoison(undone.survivor(), "clients", "survivor");
  const std::string merge = ResourceIdOrPoison(undone.merge(), "merges", "merge");
  if (store::LockClientMerge(tx, merge) == store::MergeState::kMerged) {
    store::UndoMergedRows(tx, merge, survivor);
  }
  // Undone before it was seen, or undone now: either way a later "merged" must not move rows.
  store::RecordClientMergeUndone(tx, merge, survivor);
}

}  // namespace crm::planning::projection
