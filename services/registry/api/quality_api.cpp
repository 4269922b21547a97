#include "services/registry/api/quality_api.h"

#include <string>

#include "common/api/idempotency.h"
#include "common/core/errors.h"
#include "common/core/ids.h"
#include "services/registry/app/merge_clients.h"
#include "services/registry/app/verification_queue.h"
#include "services/registry/domain/duplicate_clusters.h"
#include "services/registry/domain/quality_validation.h"
#include "services/registry/store/merge_store.h"
#include "services/registry/store/quality_store.h"

namespace crm::registry {
namespace {

using common::auth::Principal;

}  // namespace

QualityApi::QualityApi(const common::rpc::RpcGuard& guard, common::db::Pool& pool)
    : guard_(guard), pool_(pool) {}

grpc::Status QualityApi::CheckDuplicates(grpc::ServerContext* context,
                                         const v1::CheckDuplicatesRequest* request,
                                         v1::CheckDuplicatesResponse* response) {
  // Everyone who enters clients (the accounting department too) checks a new one first.
  return guard_.Run(context, [&](const Principal&) {
    const v1::Client client = ValidateCheckDuplicates(*request);
    auto candidates =
        pool_.Read([&](pqxx::read_transaction& tx) { return FindDuplicateCandidates(tx, client); });
    for (auto& candidate : candidates) {
      *response->add_candidates() = std::move(candidate);
    }
  });
}

grpc::Status QualityApi::ListVerificationQueue(grpc::ServerContext* context,
                                               const v1::ListVerificationQueueRequest* request,
                                               v1::ListVerificationQueueResponse* response) {
  return guard_.Run(context, [&](const Principal& caller) {
    const VerificationQueueQuery query = ValidateListVerificationQueue(*request, caller.subject);
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
  return guard_.Run(context, [&](const Principal& caller) {
    const VerificationDecision decision = ValidateVerifyClient(*request);
    *response = app::VerifyClient(pool_, caller, decision);
  });
}

grpc::Status QualityApi::RejectClient(grpc::ServerContext* context,
                                      const v1::RejectClientRequest* request,
                                      v1::Client* response) {
  return guard_.Run(context, [&](const Principal& caller) {
    const VerificationDecision decision = ValidateRejectClient(*request);
    *response = app::RejectClient(pool_, caller, decision);
  });
}

grpc::Status QualityApi::FlagClient(grpc::ServerContext* context,
                                    const v1::FlagClientRequest* request,
                                    v1::VerificationItem* response) {
  return guard_.Run(context, [&](const Principal& caller) {
    const NewVerificationItem input = ValidateFlagClient(*request);
    *response = app::FlagClient(pool_, caller,
                                common::api::KeyOf(caller.subject, "FlagClient", *request), input);
  });
}

grpc::Status QualityApi::MarkPostalAddressInvalid(
    grpc::ServerContext* context, const v1::MarkPostalAddressInvalidRequest* request,
    v1::VerificationItem* response) {
  return guard_.Run(context, [&](const Principal& caller) {
    const NewVerificationItem input = ValidateMarkPostalAddressInvalid(*request);
    *response = app::MarkPostalAddressInvalid(
        pool_, caller, common::api::KeyOf(caller.subject, "MarkPostalAddressInvalid", *request),
        input);
  });
}

grpc::Status QualityApi::MergeClients(grpc::ServerContext* context,
                                      const v1::MergeClientsRequest* request, v1::Merge* response) {
  return guard_.Run(context, [&](const Principal& caller) {
    const MergeRequest input = ValidateMergeClients(*request);
    *response = app::MergeClients(
        pool_, caller, common::api::KeyOf(caller.subject, "MergeClients", *request), input);
  });
}

grpc::Status QualityApi::GetMerge(grpc::ServerContext* context, const v1::GetMergeRequest* request,
                                  v1::Merge* response) {
  return guard_.Run(context, [&](const Principal&) {
    const std::string id = ValidateMergeName(request->name());
    *response = common::api::Found(
        pool_.Read([&](pqxx::read_transaction& tx) { return FindMerge(tx, id); }), request->name());
  });
}

grpc::Status QualityApi::UndoMerge(grpc::ServerContext* context,
                                   const v1::UndoMergeRequest* request, v1::Merge* response) {
  return guard_.Run(context, [&](const Principal& caller) {
    const std::string id = ValidateMergeName(request->name());
    *response = app::UndoMerge(pool_, caller, id, request->name());
  });
}

grpc::Status QualityApi::FindDuplicates(grpc::ServerContext* context,
                                        const v1::FindDuplicatesRequest* request,
                                        v1::FindDuplicatesResponse* response) {
  return guard_.Run(context, [&](const Principal& caller) {
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
