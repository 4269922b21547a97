#include "services/registry/api/quality_api.h"

#include <algorithm>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "common/api/etag.h"
#include "common/api/idempotency.h"
#include "common/bus/outbox.h"
#include "common/core/errors.h"
#include "common/core/ids.h"
#include "crm/events/v1/registry_client_events.pb.h"
#include "services/registry/domain/duplicate_clusters.h"
#include "services/registry/domain/merge_rules.h"
#include "services/registry/domain/quality_validation.h"
#include "services/registry/domain/verification.h"
#include "services/registry/events/published.h"
#include "services/registry/store/client_store.h"
#include "services/registry/store/merge_store.h"
#include "services/registry/store/quality_store.h"

namespace crm::registry {
namespace {

using common::auth::Principal;
using common::auth::Role;

// The client, locked for a write; it must be live (not deleted or merged away) and, when `etag`
// is given (not ""), at the version the caller saw.
v1::Client LockLiveClient(pqxx::transaction_base& tx, const std::string& id,
                          std::string_view etag) {
  auto client = LockClient(tx, id);
  if (!client) {
    throw common::NotFoundError(common::ResourceName("clients", id));
  }
  common::api::CheckEtag(client->name(), client->etag(), etag);
  if (client->has_delete_time()) {
    throw common::PreconditionError(
        "CLIENT_DELETED", "the client " + client->name() + " is deleted or merged into another");
  }
  return *client;
}

// The item a replayed request opened.
v1::VerificationItem OpenedItem(pqxx::transaction_base& tx, const std::string& name) {
  return common::api::Found(
      FindVerificationItem(tx, common::ParseResourceId(name, "verificationItems").value()), name);
}

// The client after a verification change, recorded in its history as `change`.
v1::Client RecordChange(pqxx::transaction_base& tx, const std::string& id,
                        const std::string& change, const Principal& caller,
                        const std::string& request_id = "", const std::string& merge_id = "") {
  v1::Client client = FindClient(tx, id).value();
  AppendClientHistory(tx, client, change, caller.subject, request_id, merge_id);
  return client;
}

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

}  // namespace

v1::VerificationItem InvalidatePostalAddress(pqxx::transaction_base& tx,
                                             const NewVerificationItem& input,
                                             const Principal& caller) {
  const v1::Client client = LockLiveClient(tx, input.client_id, "");
  ClientVerification verification = ReadClientVerification(tx, input.client_id);
  verification.postal_address_valid = false;
  WriteClientVerification(tx, input.client_id, verification, caller.subject);
  v1::VerificationItem item =
      OpenVerificationItem(tx, client, "RETURNED_MAIL", input, caller.subject);
  RecordChange(tx, input.client_id, "postal_address_invalidated", caller, input.request_id);
  common::bus::EnqueueEvent(tx, events::v1::kClientPostalAddressInvalidated, item.client(),
                            ClientPostalAddressInvalidatedEvent(item, caller.subject));
  return item;
}

QualityApi::QualityApi(const common::rpc::RpcGuard& guard, common::db::Pool& pool)
    : guard_(guard), pool_(pool) {}

grpc::Status QualityApi::CheckDuplicates(grpc::ServerContext* context,
                                         const v1::CheckDuplicatesRequest* request,
                                         v1::CheckDuplicatesResponse* response) {
  return guard_.Run(context, "CheckDuplicates",
                    {Role::kSalesManager, Role::kSalesHead, Role::kAnalyst, Role::kService},
                    [&](const Principal&) {
                      const v1::Client client = ValidateCheckDuplicates(*request);
                      auto candidates = pool_.Read([&](pqxx::read_transaction& tx) {
                        return FindDuplicateCandidates(tx, client);
                      });
                      for (auto& candidate : candidates) {
                        *response->add_candidates() = std::move(candidate);
                      }
                    });
}

grpc::Status QualityApi::ListVerificationQueue(grpc::ServerContext* context,
                                               const v1::ListVerificationQueueRequest* request,
                                               v1::ListVerificationQueueResponse* response) {
  return guard_.Run(
      context, "ListVerificationQueue", {Role::kAnalyst}, [&](const Principal& caller) {
        const VerificationQueueQuery query =
            ValidateListVerificationQueue(*request, caller.subject);
        auto page = pool_.Read(
            [&](pqxx::read_transaction& tx) { return registry::ListVerificationQueue(tx, query); });
        for (auto& item : page.items) {
          *response->add_verification_items() = std::move(item);
        }
        if (page.next) {
          response->set_next_page_token(PageTokenFor(query.window, *page.next));
        }
      });
}

grpc::Status QualityApi::VerifyClient(grpc::ServerContext* context,
                                      const v1::VerifyClientRequest* request,
                                      v1::Client* response) {
  return guard_.Run(context, "VerifyClient", {Role::kAnalyst}, [&](const Principal& caller) {
    const VerificationDecision decision = ValidateVerifyClient(*request);
    *response = pool_.InTransaction([&](pqxx::work& tx) {
      const v1::Client current = LockLiveClient(tx, decision.client_id, decision.etag);
      ClientVerification verification = ReadClientVerification(tx, decision.client_id);
      verification.state = Verify(verification.state, verification.has_open_items);
      if (decision.postal_address_confirmed) {
        verification.postal_address_valid = true;
      }
      WriteClientVerification(tx, decision.client_id, verification, caller.subject);
      ResolveVerificationItems(tx, decision.client_id, "VERIFIED", decision.comment,
                               caller.subject);
      v1::Client verified = RecordChange(tx, decision.client_id, "verified", caller);
      common::bus::EnqueueEvent(tx, events::v1::kClientVerified, verified.name(),
                                ClientVerifiedEvent(verified, caller.subject, decision.comment,
                                                    decision.postal_address_confirmed));
      return verified;
    });
  });
}

grpc::Status QualityApi::RejectClient(grpc::ServerContext* context,
                                      const v1::RejectClientRequest* request,
                                      v1::Client* response) {
  return guard_.Run(context, "RejectClient", {Role::kAnalyst}, [&](const Principal& caller) {
    const VerificationDecision decision = ValidateRejectClient(*request);
    *response = pool_.InTransaction([&](pqxx::work& tx) {
      LockLiveClient(tx, decision.client_id, decision.etag);
      ClientVerification verification = ReadClientVerification(tx, decision.client_id);
      verification.state = Reject(verification.state, verification.has_open_items);
      WriteClientVerification(tx, decision.client_id, verification, caller.subject);
      ResolveVerificationItems(tx, decision.client_id, "REJECTED", decision.comment,
                               caller.subject);
      v1::Client rejected = RecordChange(tx, decision.client_id, "rejected", caller);
      common::bus::EnqueueEvent(tx, events::v1::kClientRejected, rejected.name(),
                                ClientRejectedEvent(rejected, caller.subject, decision.comment));
      return rejected;
    });
  });
}

grpc::Status QualityApi::FlagClient(grpc::ServerContext* context,
                                    const v1::FlagClientRequest* request,
                                    v1::VerificationItem* response) {
  return guard_.Run(
      context, "FlagClient",
      {Role::kSalesManager, Role::kSalesHead, Role::kAccountant, Role::kAnalyst},
      [&](const Principal& caller) {
        const NewVerificationItem input = ValidateFlagClient(*request);
        *response = common::api::CreateOnce(
            pool_, common::api::KeyOf(caller.subject, "FlagClient", *request),
            [&](pqxx::work& tx) {
              const v1::Client client = LockLiveClient(tx, input.client_id, "");
              ClientVerification verification = ReadClientVerification(tx, input.client_id);
              verification.state = Flag(verification.state);
              WriteClientVerification(tx, input.client_id, verification, caller.subject);
              v1::VerificationItem item =
                  OpenVerificationItem(tx, client, "FLAGGED_BY_MANAGER", input, caller.subject);
              RecordChange(tx, input.client_id, "flagged", caller, input.request_id);
              common::bus::EnqueueEvent(tx, events::v1::kClientFlagged, item.client(),
                                        ClientFlaggedEvent(item, caller.subject));
              return item;
            },
            OpenedItem);
      });
}

grpc::Status QualityApi::MarkPostalAddressInvalid(
    grpc::ServerContext* context, const v1::MarkPostalAddressInvalidRequest* request,
    v1::VerificationItem* response) {
  return guard_.Run(
      context, "MarkPostalAddressInvalid", {Role::kAnalyst, Role::kService},
      [&](const Principal& caller) {
        const NewVerificationItem input = ValidateMarkPostalAddressInvalid(*request);
        *response = common::api::CreateOnce(
            pool_, common::api::KeyOf(caller.subject, "MarkPostalAddressInvalid", *request),
            [&](pqxx::work& tx) { return InvalidatePostalAddress(tx, input, caller); }, OpenedItem);
      });
}

grpc::Status QualityApi::MergeClients(grpc::ServerContext* context,
                                      const v1::MergeClientsRequest* request, v1::Merge* response) {
  return guard_.Run(context, "MergeClients", {Role::kAnalyst}, [&](const Principal& caller) {
    const MergeRequest input = ValidateMergeClients(*request);
    // A repeated request finds its merge before the etags it carries, now stale, are checked.
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
        RecordChange(tx, id, "merged_into", caller, input.request_id, merge.id);
      }
      v1::Client kept = UpdateClientRecord(tx, merge.survivor_id,
                                           ApplyMergeFill(survivor, merge.filled), caller.subject);
      AppendClientHistory(tx, kept, "merged", caller.subject, input.request_id, merge.id);
      CloseItemsForMerge(tx, merge, caller.subject);
      v1::Merge made = FindMerge(tx, merge.id).value();
      common::bus::EnqueueEvent(tx, events::v1::kClientMerged, made.survivor(),
                                ClientMergedEvent(made, caller.subject));
      return made;
    };
    *response = common::api::CreateOnce(
        pool_, common::api::KeyOf(caller.subject, "MergeClients", *request), merge_clients,
        [](pqxx::transaction_base& tx, const std::string& name) {
          return common::api::Found(FindMerge(tx, common::ParseResourceId(name, "merges").value()),
                                    name);
        });
  });
}

grpc::Status QualityApi::GetMerge(grpc::ServerContext* context, const v1::GetMergeRequest* request,
                                  v1::Merge* response) {
  return guard_.Run(context, "GetMerge", {Role::kAnalyst}, [&](const Principal&) {
    const std::string id = ValidateMergeName(request->name());
    auto merge = pool_.Read([&](pqxx::read_transaction& tx) { return FindMerge(tx, id); });
    if (!merge) {
      throw common::NotFoundError(request->name());
    }
    *response = *merge;
  });
}

grpc::Status QualityApi::UndoMerge(grpc::ServerContext* context,
                                   const v1::UndoMergeRequest* request, v1::Merge* response) {
  return guard_.Run(context, "UndoMerge", {Role::kAnalyst}, [&](const Principal& caller) {
    const std::string id = ValidateMergeName(request->name());
    *response = pool_.InTransaction([&](pqxx::work& tx) {
      const auto merge = LockMerge(tx, id);
      if (!merge) {
        throw common::NotFoundError(request->name());
      }
      if (merge->has_undo_time()) {
        throw common::PreconditionError("MERGE_ALREADY_UNDONE",
                                        "the merge " + merge->name() + " is already undone");
      }
      const std::string survivor_id = common::ParseResourceId(merge->survivor(), "clients").value();
      std::vector<std::string> merged_ids;
      for (const std::string& name : merge->merged()) {
        merged_ids.push_back(common::ParseResourceId(name, "clients").value());
      }
      std::map<std::string, v1::Client> clients = LockClientsInOrder(tx, survivor_id, merged_ids);
      const v1::Client& survivor = clients.at(survivor_id);
      if (survivor.has_delete_time()) {
        throw common::PreconditionError(
            "SURVIVOR_NOT_LIVE",
            "the survivor " + survivor.name() + " was deleted or merged since; undo that first");
      }
      if (CountStillMerged(tx, merged_ids, survivor_id) != static_cast<int>(merged_ids.size())) {
        throw common::PreconditionError(
            "MERGED_CLIENT_CHANGED", "a client of the merge is no longer merged into " +
                                         survivor.name() + "; it cannot be restored by this undo");
      }
      MoveClientRecordsBack(tx, id, survivor_id);
      RestoreMergedClients(tx, merged_ids, survivor_id, caller.subject);
      for (const std::string& merged_id : merged_ids) {
        RecordChange(tx, merged_id, "unmerged", caller, "", id);
      }
      v1::Client kept = UpdateClientRecord(
          tx, survivor_id, UndoMergeFill(survivor, MergeFilledFields(tx, id)), caller.subject);
      AppendClientHistory(tx, kept, "merge_undone", caller.subject, "", id);
      ReopenItemsOfMerge(tx, id);
      MarkMergeUndone(tx, id, caller.subject);
      common::bus::EnqueueEvent(tx, events::v1::kClientMergeUndone, merge->survivor(),
                                ClientMergeUndoneEvent(*merge));
      return FindMerge(tx, id).value();
    });
  });
}

grpc::Status QualityApi::FindDuplicates(grpc::ServerContext* context,
                                        const v1::FindDuplicatesRequest* request,
                                        v1::FindDuplicatesResponse* response) {
  return guard_.Run(context, "FindDuplicates", {Role::kAnalyst}, [&](const Principal& caller) {
    const DuplicateScan scan = ValidateFindDuplicates(*request, caller.subject);
    const DuplicateScanBatch batch =
        pool_.Read([&](pqxx::read_transaction& tx) { return ScanDuplicates(tx, scan); });
    for (v1::DuplicateCluster& cluster : BuildDuplicateClusters(batch.pairs, batch.members)) {
      *response->add_clusters() = std::move(cluster);
    }
    response->set_scanned_clients(batch.scanned);
    if (!batch.last_id.empty()) {
      response->set_scanned_through(common::ResourceName("clients", batch.last_id));
    }
    // A full batch may have more after it; a short one was the end of the base.
    if (batch.scanned == scan.batch_size) {
      response->set_next_page_token(DuplicateScanPageToken(scan, batch.last_id));
    }
  });
}

}  // namespace crm::registry
