#pragma once

#include <optional>
#include <pqxx/pqxx>
#include <string>
#include <vector>

// A registry client merge as planning applies it (store/sql/merges.sql): the rows of every table
// that refers to clients are re-pointed to the survivor, each move remembered under the merge so
// that undoing it moves exactly those rows back. Ids are lower-case uuid text.
namespace crm::planning::store {

// The states of a merge planning has seen.
enum class MergeState { kMerged, kUndone };

// Records the merge as applied unless it is known already; returns its state as recorded (kUndone
// when its undo came first).
MergeState RecordClientMerge(pqxx::transaction_base& tx, const std::string& merge_id,
                             const std::string& survivor_id);
// Re-points every client-bound row of `merged_ids` to the survivor, remembering each move.
void MoveMergedRows(pqxx::transaction_base& tx, const std::string& merge_id,
                    const std::string& survivor_id, const std::vector<std::string>& merged_ids);

// The merge's recorded state, the row locked until the transaction ends; nullopt when unknown.
std::optional<MergeState> LockClientMerge(pqxx::transaction_base& tx, const std::string& merge_id);
// Moves back the rows the merge moved that still belong to the survivor.
void UndoMergedRows(pqxx::transaction_base& tx, const std::string& merge_id,
                    const std::string& survivor_id);
// Records the merge as undone (also when it was never seen, so a late "merged" moves nothing).
void RecordClientMergeUndone(pqxx::transaction_base& tx, const std::string& merge_id,
                             const std::string& survivor_id);

}  // namespace crm::planning::store
