#pragma once

#include <optional>
#include <pqxx/pqxx>
#include <string>
#include <vector>

#include "crm/registry/v1/quality.pb.h"
#include "services/registry/domain/merge_rules.h"

// Merges of duplicate clients and their undoing. Every function runs inside the caller's
// transaction; the caller has locked the clients involved.
namespace crm::registry {

struct NewMerge {
  std::string id;
  std::string survivor_id;
  std::vector<std::string> merged_ids;
  std::vector<FilledField> filled;
  std::string comment;
};

// Records the merge.
void InsertMerge(pqxx::transaction_base& tx, const NewMerge& merge, const std::string& actor);
// Re-points the records of the merged clients to the survivor, remembering each row moved:
// contact persons, group memberships and participation the survivor does not have yet, and
// current curator terms for a project (and contact person) the survivor has no curator for; the
// merged clients' other current terms end (`actor` ends them). Ended curator terms, and
// memberships and participation the survivor already has, stay with their client.
void MoveClientRecords(pqxx::transaction_base& tx, const NewMerge& merge, const std::string& actor);
// Moves back exactly the rows the merge moved and opens again the terms it ended; a membership
// the survivor lost since the merge is not given back.
void MoveClientRecordsBack(pqxx::transaction_base& tx, const std::string& merge_id,
                           const std::string& survivor_id);

// Soft-deletes the merged clients pointing at the survivor (a new version of each).
void RetireMergedClients(pqxx::transaction_base& tx, const NewMerge& merge,
                         const std::string& actor);
// Brings back those of `merged_ids` still merged into `survivor_id`; returns how many.
int RestoreMergedClients(pqxx::transaction_base& tx, const std::vector<std::string>& merged_ids,
                         const std::string& survivor_id, const std::string& actor);
// How many of `merged_ids` are still merged into `survivor_id`.
int CountStillMerged(pqxx::transaction_base& tx, const std::vector<std::string>& merged_ids,
                     const std::string& survivor_id);

// Closes the open queue items of the merged clients as MERGED by this merge.
void CloseItemsForMerge(pqxx::transaction_base& tx, const NewMerge& merge,
                        const std::string& actor);
// Opens again the queue items the merge closed.
void ReopenItemsOfMerge(pqxx::transaction_base& tx, const std::string& merge_id);

std::optional<v1::Merge> FindMerge(pqxx::transaction_base& tx, const std::string& id);
// The merge, locked until the transaction ends.
std::optional<v1::Merge> LockMerge(pqxx::transaction_base& tx, const std::string& id);
std::vector<FilledField> MergeFilledFields(pqxx::transaction_base& tx, const std::string& id);
void MarkMergeUndone(pqxx::transaction_base& tx, const std::string& id, const std::string& actor);

}  // namespace crm::registry
