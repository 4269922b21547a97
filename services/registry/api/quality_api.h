#pragma once

#include "common/auth/auth.h"
#include "common/db/pool.h"
#include "common/grpc/rpc_guard.h"
#include "crm/registry/v1/quality.grpc.pb.h"
#include "services/registry/domain/quality_validation.h"

namespace crm::registry {

// crm.registry.v1.ClientQualityService: duplicate candidates, the verification queue, merges
// and duplicate scans. Rules in domain/, SQL in store/quality_store, one transaction per write
// with its event in the outbox.
class QualityApi final : public v1::ClientQualityService::Service {
 public:
  QualityApi(const common::rpc::RpcGuard& guard, common::db::Pool& pool);

  grpc::Status CheckDuplicates(grpc::ServerContext* context,
                               const v1::CheckDuplicatesRequest* request,
                               v1::CheckDuplicatesResponse* response) override;
  grpc::Status ListVerificationQueue(grpc::ServerContext* context,
                                     const v1::ListVerificationQueueRequest* request,
                                     v1::ListVerificationQueueResponse* response) override;
  grpc::Status VerifyClient(grpc::ServerContext* context, const v1::VerifyClientRequest* request,
                            v1::Client* response) override;
  grpc::Status RejectClient(grpc::ServerContext* context, const v1::RejectClientRequest* request,
                            v1::Client* response) override;
  grpc::Status FlagClient(grpc::ServerContext* context, const v1::FlagClientRequest* request,
                          v1::VerificationItem* response) override;
  grpc::Status MarkPostalAddressInvalid(grpc::ServerContext* context,
                                        const v1::MarkPostalAddressInvalidRequest* request,
                                        v1::VerificationItem* response) override;
  grpc::Status MergeClients(grpc::ServerContext* context, const v1::MergeClientsRequest* request,
                            v1::Merge* response) override;
  grpc::Status GetMerge(grpc::ServerContext* context, const v1::GetMergeRequest* request,
                        v1::Merge* response) override;
  grpc::Status UndoMerge(grpc::ServerContext* context, const v1::UndoMergeRequest* request,
                         v1::Merge* response) override;
  grpc::Status FindDuplicates(grpc::ServerContext* context,
                              const v1::FindDuplicatesRequest* request,
                              v1::FindDuplicatesResponse* response) override;

 private:
  const common::rpc::RpcGuard& guard_;
  common::db::Pool& pool_;
};

}  // namespace crm::registry
