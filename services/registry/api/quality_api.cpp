#include "services/registry/api/quality_api.h"

#include "services/registry/domain/quality_validation.h"
#include "services/registry/store/quality_store.h"

namespace crm::registry {
namespace {

using common::auth::Principal;
using common::auth::Role;

}  // namespace

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

}  // namespace crm::registry
