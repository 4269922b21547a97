#include "services/registry/store/merge_store.h"

#include <google/protobuf/util/time_util.h>

#include <sstream>

#include "common/bus/outbox.h"
#include "common/core/ids.h"
#include "google/protobuf/struct.pb.h"
#include "services/registry/store/page.h"
#include "services/registry/store/quality_store.h"

namespace crm::registry {
namespace {

using google::protobuf::util::TimeUtil;

void AddEach(const std::string& joined, const std::string& collection,
             google::protobuf::RepeatedPtrField<std::string>* out) {
  std::stringstream stream(joined);
  std::string part;
  while (std::getline(stream, part, ',')) {
    if (!part.empty()) {
      out->Add(collection.empty() ? part : common::ResourceName(collection, part));
    }
  }
}

v1::Merge DecodeMerge(const pqxx::row& row) {
  v1::Merge merge;
  merge.set_name(common::ResourceName("merges", row[0].c_str()));
  merge.set_survivor(common::ResourceName("clients", row[1].c_str()));
  AddEach(row[2].c_str(), "clients", merge.mutable_merged());
  AddEach(row[3].c_str(), "", merge.mutable_filled_fields());
  merge.set_moved_contact_persons(row[4].as<int>());
  merge.set_comment(row[5].c_str());
  *merge.mutable_create_time() = TimeUtil::MicrosecondsToTimestamp(row[6].as<int64_t>());
  merge.set_creator(row[7].c_str());
  if (!row[8].is_null()) {
    *merge.mutable_undo_time() = TimeUtil::MicrosecondsToTimestamp(row[8].as<int64_t>());
    merge.set_undoer(row[9].c_str());
  }
  merge.set_moved_group_memberships(row[10].as<int>());
  merge.set_moved_participations(row[11].as<int>());
  merge.set_moved_curators(row[12].as<int>());
  merge.set_ended_curators(row[13].as<int>());
  return merge;
}

std::string FilledJson(const std::vector<FilledField>& filled) {
  google::protobuf::Struct fields;
  for (const FilledField& field : filled) {
    (*fields.mutable_fields())[field.field].set_string_value(field.value);
  }
  return common::bus::ToJson(fields);
}

}  // namespace

void InsertMerge(pqxx::transaction_base& tx, const NewMerge& merge, const std::string& actor) {
  tx.exec_prepared0("merge_insert", merge.id, merge.survivor_id, PgArray(merge.merged_ids),
                    FilledJson(merge.filled), merge.comment, actor);
}

void MoveClientRecords(pqxx::transaction_base& tx, const NewMerge& merge,
                       const std::string& actor) {
  const std::string merged = PgArray(merge.merged_ids);
  auto move = [&](const char* statement) {
    return tx.exec_prepared1(statement, merge.id, merge.survivor_id, merged)[0].as<int>();
  };
  const int persons = move("merge_move_contact_persons");
  const int memberships = move("merge_move_group_memberships");
  const int participations = move("merge_move_participations");
  const int curators = move("merge_move_curators");
  // After the moves: the terms still on the merged clients are those the survivor already had.
  const int ended = tx.exec_prepared1("merge_end_curators", merge.id, merged, actor)[0].as<int>();
  tx.exec_prepared0("merge_count_moved_set", merge.id, persons, memberships, participations,
                    curators, ended);
}

void MoveClientRecordsBack(pqxx::transaction_base& tx, const std::string& merge_id,
                           const std::string& survivor_id) {
  tx.exec_prepared0("merge_unmove_contact_persons", merge_id);
  tx.exec_prepared0("merge_unmove_group_memberships", merge_id, survivor_id);
  tx.exec_prepared0("merge_unmove_participations", merge_id);
  tx.exec_prepared0("merge_unmove_curators", merge_id);
  tx.exec_prepared0("merge_reopen_curators", merge_id);
}

void RetireMergedClients(pqxx::transaction_base& tx, const NewMerge& merge,
                         const std::string& actor) {
  tx.exec_prepared0("merge_retire_clients", PgArray(merge.merged_ids), merge.survivor_id, actor);
}

int RestoreMergedClients(pqxx::transaction_base& tx, const std::vector<std::string>& merged_ids,
                         const std::string& survivor_id, const std::string& actor) {
  return static_cast<int>(
      tx.exec_prepared0("merge_restore_clients", PgArray(merged_ids), survivor_id, actor)
          .affected_rows());
}

int CountStillMerged(pqxx::transaction_base& tx, const std::vector<std::string>& merged_ids,
                     const std::string& survivor_id) {
  return tx.exec_prepared1("merge_clients_still_merged", PgArray(merged_ids), survivor_id)[0]
      .as<int>();
}

void CloseItemsForMerge(pqxx::transaction_base& tx, const NewMerge& merge,
                        const std::string& actor) {
  tx.exec_prepared0("merge_close_items", merge.id, PgArray(merge.merged_ids),
                    "merged into " + common::ResourceName("clients", merge.survivor_id), actor);
}

void ReopenItemsOfMerge(pqxx::transaction_base& tx, const std::string& merge_id) {
  tx.exec_prepared0("merge_reopen_items", merge_id);
}

std::optional<v1::Merge> FindMerge(pqxx::transaction_base& tx, const std::string& id) {
  return FirstOf(tx.exec_prepared("merge_get", id), DecodeMerge);
}

std::optional<v1::Merge> LockMerge(pqxx::transaction_base& tx, const std::string& id) {
  return FirstOf(tx.exec_prepared("merge_get_for_update", id), DecodeMerge);
}

std::vector<FilledField> MergeFilledFields(pqxx::transaction_base& tx, const std::string& id) {
  std::vector<FilledField> filled;
  for (const auto& row : tx.exec_prepared("merge_filled_fields", id)) {
    filled.push_back({row[0].c_str(), row[1].c_str()});
  }
  return filled;
}

void MarkMergeUndone(pqxx::transaction_base& tx, const std::string& id, const std::string& actor) {
  tx.exec_prepared0("merge_mark_undone", id, actor);
}

}  // namespace crm::registry
