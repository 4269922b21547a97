#include "services/planning/store/merge_store.h"

#include <stdexcept>

#include "common/db/params.h"
#include "common/db/row.h"
#include "common/db/rows.h"

namespace crm::planning::store {
namespace {

// The tables re-pointed on a merge, in the order they are moved: each has a merge_move_<table>
// and a merge_undo_<table> statement.
constexpr const char* kMergedTables[] = {
    "contacts", "sales",   "redirects", "readiness_changes", "lead_source_changes",
    "ratings",  "curators"};

// The state column of client_merges.
MergeState MergeStateOf(const common::db::Row& row) {
  const std::string state = row.Text("state");
  if (state == "MERGED") {
    return MergeState::kMerged;
  }
  if (state == "UNDONE") {
    return MergeState::kUndone;
  }
  throw std::runtime_error("unexpected client merge state: " + state);
}

}  // namespace

MergeState RecordClientMerge(pqxx::transaction_base& tx, const std::string& merge_id,
                             const std::string& survivor_id) {
  return MergeStateOf(
      common::db::Row(tx.exec_prepared1("record_client_merge", merge_id, survivor_id)));
}

void MoveMergedRows(pqxx::transaction_base& tx, const std::string& merge_id,
                    const std::string& survivor_id, const std::vector<std::string>& merged_ids) {
  const std::string ids = common::db::ArrayLiteral(merged_ids);
  for (const char* table : kMergedTables) {
    tx.exec_prepared(std::string("merge_move_") + table, merge_id, survivor_id, ids);
  }
}

std::optional<MergeState> LockClientMerge(pqxx::transaction_base& tx, const std::string& merge_id) {
  return common::db::FirstRowOf(tx.exec_prepared("lock_client_merge", merge_id), MergeStateOf);
}

void UndoMergedRows(pqxx::transaction_base& tx, const std::string& merge_id,
                    const std::string& survivor_id) {
  for (const char* table : kMergedTables) {
    tx.exec_prepared(std::string("merge_undo_") + table, merge_id, survivor_id);
  }
}

void RecordClientMergeUndone(pqxx::transaction_base& tx, const std::string& merge_id,
                             const std::string& survivor_id) {
  tx.exec_prepared("record_client_merge_undone", merge_id, survivor_id);
}

}  // namespace crm::planning::store
