#pragma once

#include <pqxx/pqxx>
#include <string>
#include <vector>

// Planning's side of a registry client merge (crm.registry.client.merged / client.merge_undone,
// events/handlers.h): contacts, sales and the other client-bound rows of each merged client are
// re-pointed to the survivor, and each move is remembered with the merge, so that undoing the
// merge moves exactly those rows back (rows created for the survivor after the merge stay).
// Redelivery changes nothing: a repeated merge finds nothing left on the merged clients, a
// repeated undo finds the merge undone, and a merge delivered after its undo is ignored.
namespace crm::planning::app {

// Moves the rows of `merged_ids` to `survivor_id` under the merge `merge_id`, unless the merge
// was undone already.
void FollowClientMerge(pqxx::work& tx, const std::string& merge_id, const std::string& survivor_id,
                       const std::vector<std::string>& merged_ids);

// Moves the rows of the merge `merge_id` back from `survivor_id` (when they were moved) and
// records the merge undone, so that a later "merged" moves nothing.
void FollowClientMergeUndo(pqxx::work& tx, const std::string& merge_id,
                           const std::string& survivor_id);

}  // namespace crm::planning::app
