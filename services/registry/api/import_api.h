#pragma once

#include "common/db/pool.h"
#include "common/grpc/rpc_guard.h"
#include "crm/registry/v1/import.grpc.pb.h"

namespace crm::registry {

// crm.registry.v1.ImportService: file reading and checks in domain/import/, set-based SQL per
// batch in store/import_store, each batch one transaction with its client events.
class ImportApi final : public v1::ImportService::Service {
 public:
  ImportApi(const common::rpc::RpcGuard& guard, common::db::Pool& pool);

  grpc::Status CreateImport(grpc::ServerContext* context,
                            grpc::ServerReader<v1::CreateImportRequest>* reader,
                            v1::ClientImport* response) override;
  grpc::Status RunImport(grpc::ServerContext* context, const v1::RunImportRequest* request,
                         grpc::ServerWriter<v1::ClientImport>* writer) override;
  grpc::Status GetImport(grpc::ServerContext* context, const v1::GetImportRequest* request,
                         v1::ClientImport* response) override;
  grpc::Status ListImportRows(grpc::ServerContext* context,
                              const v1::ListImportRowsRequest* request,
                              v1::ListImportRowsResponse* response) override;

 private:
  const common::rpc::RpcGuard& guard_;
  common::db::Pool& pool_;
};

}  // namespace crm::registry
