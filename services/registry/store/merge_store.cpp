#include "services/registry/store/merge_store.h"

#include <sstream>

#include "common/bus/outbox.h"
#include "common/core/ids.h"
#include "common/db/params.h"
#include "common/db/row.h"
#include "google/protobuf/struct.pb.h"
#include "services/registry/store/page.h"

namespace crm::registry {
namespace {

using common::db::QuotedArrayLiteral;
using common::db::Row;

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

// A row of merge_get or merge_get_for_update.
v1::Merge DecodeMerge(const Row& row) {
  v1::Merge merge;
  merge.set_name(common::ResourceName("merges", row.Text("id")));
  merge.set_survivor(common::ResourceName("clients", row.Text("survivor_id")));
  AddEach(row.Text("merged_ids"), "clients", merge.mutable_merged());
  AddEach(row.Text("filled_fields"), "", merge.mutable_filled_fields());
  merge.set_moved_contact_persons(row.Int32("moved_contact_persons"));
  merge.set_comment(row.Text("comment"));
  *merge.mutable_create_time() = row.TimeFromMicros("create_time_us");
  merge.set_creator(row.Text("created_by"));
  if (auto undone = row.OptionalTimeFromMicros("undo_time_us")) {
    *merge.mutable_undo_time() = *undone;
    merge.set_undoer(row.Text("undone_by"));
  }
  merge.set_moved_group_memberships(row.Int32("moved_group_memberships"));
  merge.set_moved_participations(row.Int32("moved_participations"));
  merge.set_moved_curators(row.Int32("moved_curators"));
  merge.set_ended_curators(row.Int32("ended_curators"));
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
  tx.exec_prepared0("merge_insert", merge.id, merge.survivor_id,
                    QuotedArrayLiteral(merge.merged_ids), FilledJson(merge.filled), merge.comment,
                    actor);
}

void MoveClientRecords(pqxx::transaction_base& tx, const NewMerge& merge,
                       const std::string& actor) {
  const std::string merged = QuotedArrayLiteral(merge.merged_ids);
  auto move = [&](const char* statement) {
    return Row(tx.exec_prepared1(statement, merge.id, merge.survivor_id, merged)).Int32("moved");
  };
  const int persons = move("merge_move_contact_persons");
  const int memberships = move("merge_move_group_memberships");
  const int participations = move("merge_move_participations");
  const int curators = move("merge_move_curators");
  // After the moves: the terms still on the merged clients are those the survivor already had.
  const int ended =
      Row(tx.exec_prepared1("merge_end_curators", merge.id, merged, actor)).Int32("moved");
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
  tx.exec_prepared0("merge_retire_clients", QuotedArrayLiteral(merge.merged_ids), merge.survivor_id,
                    actor);
}

int RestoreMergedClients(pqxx::transaction_base& tx, const std::vector<std::string>& merged_ids,
                         const std::string& survivor_id, const std::string& actor) {
  return static_cast<int>(
      tx.exec_prepared0("merge_restore_clients", QuotedArrayLiteral(merged_ids), survivor_id, actor)
          .affected_rows());
}

int CountStillMerged(pqxx::transaction_base& tx, const std::vector<std::string>& merged_ids,
                     const std::string& survivor_id) {
  return Row(tx.exec_prepared1("merge_clients_still_merged", QuotedArrayLiteral(merged_ids),
                               survivor_id))
      .Int32("still_merged");
}

void CloseItemsForMerge(pqxx::transaction_base& tx, const NewMerge& merge,
                        const std::string& actor) {
  tx.exec_prepared0("merge_close_items", merge.id, QuotedArrayLiteral(merge.merged_ids),
                    "merged into " + common::ResourceName("clients", merge.survivor_id), actor);
}

void ReopenItemsOfMerge(pqxx::transaction_base& tx, const std::string& merge_id) {
  tx.exec_prepared0("merge_reopen_items", merge_id);
}

std::optional<v1::Merge> FindMerge(pqxx::transaction_base& tx, const std::string& id) {
  return FirstRowOf(tx.exec_prepared("merge_get", id), DecodeMerge);
}

std::optional<v1::Merge> LockMerge(pqxx::transaction_base& tx, const std::string& id) {
  return FirstRowOf(tx.exec_prepared("merge_get_for_update", id), DecodeMerge);
}

std::vector<FilledField> MergeFilledFields(pqxx::transaction_base& tx, const std::string& id) {
  std::vector<FilledField> filled;
  for (const auto& result_row : tx.exec_prepared("merge_filled_fields", id)) {
    const Row row(result_row);
    filled.push_back({row.Text("key"), row.Text("value")});
  }
  return filled;
}

void MarkMergeUndone(pqxx::transaction_base& tx, const std::string& id, const std::string& actor) {
  tx.exec_prepared0("merge_mark_undone", id, actor);
}

}  // namespace crm::registry
