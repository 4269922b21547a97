#include "services/registry/app/merge_clients.h"

#include <algorithm>
#include <map>
#include <vector>

#include "common/api/etag.h"
#include "common/bus/outbox.h"
#include "common/core/errors.h"
#include "common/core/ids.h"
#include "services/registry/app/client_support.h"
#include "services/registry/domain/merge_rules.h"
#include "services/registry/events/published.h"
#include "services/registry/store/client_store.h"
#include "services/registry/store/merge_store.h"

namespace crm::registry::app {
namespace {

using common::auth::Principal;

// Locks the survivor and the merged clients in id order (so two merges never deadlock), every
// one of them known; by id.
std::map<std::string, v1::Client> LockClientsInOrder(pqxx::transaction_base& tx,
                                                     const std::string& survivor_id,
                                                     const std::vector<std::string>& merged_ids) {
  std::vector<std::string> ids = merged_ids;
  ids.push_back(survivor_id);
  std::sort(ids.begin(), ids.end());
  std::map<std::string, v1::Client> clients;
  for (const std::string& id : ids) {
    auto client = LockClient(tx, id);
    if (!client) {
      throw common::NotFoundError(common::ResourceName("clients", id));
    }
    clients.emplace(id, *client);
  }
  return clients;
}

// The clients of a merge, locked, each live and at the etag the analyst saw.
std::map<std::string, v1::Client> LockMergeClients(pqxx::transaction_base& tx,
                                                   const MergeRequest& input) {
  std::map<std::string, v1::Client> clients =
      LockClientsInOrder(tx, input.survivor_id, input.merged_ids);
  for (const auto& [id, client] : clients) {
    common::api::CheckEtag(client.name(), client.etag(), input.etags.at(id));
    if (client.has_delete_time()) {
      throw common::PreconditionError(
          "CLIENT_DELETED", "the client " + client.name() + " is deleted or merged into another");
    }
  }
  return clients;
}

// The survivor's fields a merge filled, or its undo emptied again, reach the services that copy
// clients as a client.updated (client.merged itself carries no client fields).
void PublishFilledSurvivor(pqxx::work& tx, const v1::Client& survivor,
                           const std::vector<FilledField>& filled) {
  if (!filled.empty()) {
    common::bus::EnqueueEvent(tx, events::v1::kClientUpdated, survivor.name(),
                              ClientUpdatedEvent(survivor));
  }
}

}  // namespace

v1::Merge MergeClients(common::db::Pool& pool, const Principal& caller,
                       const common::api::IdempotencyKey& key, const MergeRequest& input) {
  auto merge_clients = [&](pqxx::work& tx) {
    const std::map<std::string, v1::Client> clients = LockMergeClients(tx, input);
    NewMerge merge{common::NewUuid(), input.survivor_id, input.merged_ids, {}, input.comment};
    const v1::Client& survivor = clients.at(input.survivor_id);
    std::vector<v1::Client> merged;
    for (const std::string& id : input.merged_ids) {
      merged.push_back(clients.at(id));
    }
    merge.filled = PlanMergeFill(survivor, merged);
    InsertMerge(tx, merge, caller.subject);
    MoveClientRecords(tx, merge, caller.subject);
    RetireMergedClients(tx, merge, caller.subject);
    for (const std::string& id : merge.merged_ids) {
      RecordClientChange(tx, id, "merged_into", caller, input.request_id, merge.id);
    }
    v1::Client kept = UpdateClientRecord(tx, merge.survivor_id,
                                         ApplyMergeFill(survivor, merge.filled), caller.subject);
    AppendClientHistory(tx, kept, "merged", caller.subject, input.request_id, merge.id);
    PublishFilledSurvivor(tx, kept, merge.filled);
    CloseItemsForMerge(tx, merge, caller.subject);
    v1::Merge made = FindMerge(tx, merge.id).value();
    common::bus::EnqueueEvent(tx, events::v1::kClientMerged, made.survivor(),
                              ClientMergedEvent(made, caller.subject));
    return made;
  };
  return common::api::CreateOnce(
      pool, key, merge_clients, [](pqxx::transaction_base& tx, const std::string& name) {
        return common::api::Found(FindMerge(tx, common::ParseResourceId(name, "merges").value()),
                                  name);
      });
}

v1::Merge UndoMerge(common::db::Pool& pool, const Principal& caller, const std::string& merge_id,
                    const std::string& name) {
  return pool.InTransaction([&](pqxx::work& tx) {
    const auto merge = LockMerge(tx, merge_id);
    if (!merge) {
      throw common::NotFoundError(name);
    }
    if (merge->has_undo_time()) {
      throw common::PreconditionError("MERGE_ALREADY_UNDONE",
                                      "the merge " + merge->name() + " is already undone");
    }
    const std::string survivor_id = common::ParseResourceId(merge->survivor(), "clients").value();
    std::vector<std::string> merged_ids;
    for (const std::string& merged_name : merge->merged()) {
      merged_ids.push_back(common::ParseResourceId(merged_name, "clients").value());
    }
    std::map<std::string, v1::Client> clients = LockClientsInOrder(tx, survivor_id, merged_ids);
    const v1::Client& survivor = clients.at(survivor_id);
    if (survivor.has_delete_time()) {
      throw common::PreconditionError(
          "SURVIVOR_NOT_LIVE",
          "the survivor " + survivor.name() + " was deleted or merged since; undo that first");
    }
    if (CountStillMerged(tx, merged_ids, survivor_id) != static_cast<int>(merged_ids.size())) {
      throw common::PreconditionError("MERGED_CLIENT_CHANGED",
                                      "a client of the merge is no longer merged into " +
                                          survivor.name() + "; it cannot be restored by this undo");
    }
    MoveClientRecordsBack(tx, merge_id, survivor_id);
    RestoreMergedClients(tx, merged_ids, survivor_id, caller.subject);
    for (const std::string& merged_id : merged_ids) {
      RecordClientChange(tx, merged_id, "unmerged", caller, "", merge_id);
    }
    const std::vector<FilledField> filled = MergeFilledFields(tx, merge_id);
    v1::Client kept =
        UpdateClientRecord(tx, survivor_id, UndoMergeFill(survivor, filled), caller.subject);
    AppendClientHistory(tx, kept, "merge_undone", caller.subject, "", merge_id);
    PublishFilledSurvivor(tx, kept, filled);
    ReopenItemsOfMerge(tx, merge_id);
    MarkMergeUndone(tx, merge_id, caller.subject);
    common::bus::EnqueueEvent(tx, events::v1::kClientMergeUndone, merge->survivor(),
                              ClientMergeUndoneEvent(*merge));
    return FindMerge(tx, merge_id).value();
  });
}

}  // namespace crm::registry::app
