#pragma once

#include "common/db/pool.h"
#include "common/grpc/rpc_guard.h"
#include "crm/accounting/v1/accounting.grpc.pb.h"

namespace crm::accounting {

// The read side of accounting: the export packages written for 1C.
class AccountingApi final : public crm::accounting::v1::AccountingService::Service {
 public:
  AccountingApi(const common::rpc::RpcGuard& guard, common::db::Pool& pool);

  grpc::Status GetExport(grpc::ServerContext* context,
                         const crm::accounting::v1::GetExportRequest* request,
                         crm::accounting::v1::Export* response) override;
  grpc::Status ListExports(grpc::ServerContext* context,
                           const crm::accounting::v1::ListExportsRequest* request,
                           crm::accounting::v1::ListExportsResponse* response) override;

 private:
  const common::rpc::RpcGuard& guard_;
  common::db::Pool& pool_;
};

}  // namespace crm::accounting
