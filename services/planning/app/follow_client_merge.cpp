#include "services/planning/app/follow_client_merge.h"

#include "services/planning/store/merge_store.h"

namespace crm::planning::app {

void FollowClientMerge(pqxx::work& tx, const std::string& merge_id, const std::string& survivor_id,
                       const std::vector<std::string>& merged_ids) {
  if (store::RecordClientMerge(tx, merge_id, survivor_id) == store::MergeState::kUndone) {
    return;  // the undo came first (or this is a late redelivery): nothing to move
  }
  store::MoveMergedRows(tx, merge_id, survivor_id, merged_ids);
}

void FollowClientMergeUndo(pqxx::work& tx, const std::string& merge_id,
                           const std::string& survivor_id) {
  if (store::LockClientMerge(tx, merge_id) == store::MergeState::kMerged) {
    store::UndoMergedRows(tx, merge_id, survivor_id);
  }
  // Undone before it was seen, or undone now: either way a later "merged" must not move rows.
  store::RecordClientMergeUndone(tx, merge_id, survivor_id);
}

}  // namespace crm::planning::app
