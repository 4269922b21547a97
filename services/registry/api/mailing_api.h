#pragma once

#include "common/db/pool.h"
#include "common/grpc/rpc_guard.h"
#include "crm/registry/v1/mailing.grpc.pb.h"

namespace crm::registry {

// crm.registry.v1.MailingService: saved selections, exports with their CSV and label files, and
// returned mail. Rules in domain/mailing_rules.h and domain/mailing_files.h, SQL in
// store/mailing_store, labels drawn by render/address_labels_pdf.
class MailingApi final : public v1::MailingService::Service {
 public:
  MailingApi(const common::rpc::RpcGuard& guard, common::db::Pool& pool);

  grpc::Status CreateMailingSelection(grpc::ServerContext* context,
                                      const v1::CreateMailingSelectionRequest* request,
                                      v1::MailingSelection* response) override;
  grpc::Status GetMailingSelection(grpc::ServerContext* context,
                                   const v1::GetMailingSelectionRequest* request,
                                   v1::MailingSelection* response) override;
  grpc::Status UpdateMailingSelection(grpc::ServerContext* context,
                                      const v1::UpdateMailingSelectionRequest* request,
                                      v1::MailingSelection* response) override;
  grpc::Status DeleteMailingSelection(grpc::ServerContext* context,
                                      const v1::DeleteMailingSelectionRequest* request,
                                      v1::MailingSelection* response) override;
  grpc::Status ListMailingSelections(grpc::ServerContext* context,
                                     const v1::ListMailingSelectionsRequest* request,
                                     v1::ListMailingSelectionsResponse* response) override;
  grpc::Status CreateMailingExport(grpc::ServerContext* context,
                                   const v1::CreateMailingExportRequest* request,
                                   v1::MailingExport* response) override;
  grpc::Status GetMailingExport(grpc::ServerContext* context,
                                const v1::GetMailingExportRequest* request,
                                v1::MailingExport* response) override;
  grpc::Status DownloadMailingExport(grpc::ServerContext* context,
                                     const v1::DownloadMailingExportRequest* request,
                                     grpc::ServerWriter<v1::MailingExportChunk>* writer) override;
  grpc::Status MarkReturnedMail(grpc::ServerContext* context,
                                const v1::MarkReturnedMailRequest* request,
                                v1::MarkReturnedMailResponse* response) override;

 private:
  const common::rpc::RpcGuard& guard_;
  common::db::Pool& pool_;
};

}  // namespace crm::registry
