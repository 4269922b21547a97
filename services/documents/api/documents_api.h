#pragma once

#include "common/db/pool.h"
#include "common/grpc/rpc_guard.h"
#include "crm/documents/v1/documents.grpc.pb.h"

namespace crm::documents {

// crm.documents.v1.DocumentService: our issuers, the issued documents (created by the sale
// consumer and the closing of editions, never through the API) and their life after issue: sent,
// signed, scans attached.
class DocumentsApi final : public v1::DocumentService::Service {
 public:
  DocumentsApi(const common::rpc::RpcGuard& guard, common::db::Pool& pool);

  grpc::Status CreateIssuer(grpc::ServerContext* context, const v1::CreateIssuerRequest* request,
                            v1::Issuer* response) override;
  grpc::Status UpdateIssuer(grpc::ServerContext* context, const v1::UpdateIssuerRequest* request,
                            v1::Issuer* response) override;
  grpc::Status ListIssuers(grpc::ServerContext* context, const v1::ListIssuersRequest* request,
                           v1::ListIssuersResponse* response) override;
  grpc::Status GetDocument(grpc::ServerContext* context, const v1::GetDocumentRequest* request,
                           v1::Document* response) override;
  grpc::Status ListDocuments(grpc::ServerContext* context, const v1::ListDocumentsRequest* request,
                             v1::ListDocumentsResponse* response) override;
  grpc::Status CloseEdition(grpc::ServerContext* context, const v1::CloseEditionRequest* request,
                            v1::CloseEditionResponse* response) override;
  grpc::Status DownloadDocument(grpc::ServerContext* context,
                                const v1::DownloadDocumentRequest* request,
                                v1::DownloadDocumentResponse* response) override;
  grpc::Status MarkDocumentSent(grpc::ServerContext* context,
                                const v1::MarkDocumentSentRequest* request,
                                v1::Document* response) override;
  grpc::Status MarkDocumentSigned(grpc::ServerContext* context,
                                  const v1::MarkDocumentSignedRequest* request,
                                  v1::Document* response) override;
  grpc::Status AttachDocumentScan(grpc::ServerContext* context,
                                  const v1::AttachDocumentScanRequest* request,
                                  v1::DocumentScan* response) override;
  grpc::Status CreateDocumentTemplate(grpc::ServerContext* context,
                                      const v1::CreateDocumentTemplateRequest* request,
                                      v1::DocumentTemplate* response) override;
  grpc::Status ListDocumentTemplates(grpc::ServerContext* context,
                                     const v1::ListDocumentTemplatesRequest* request,
                                     v1::ListDocumentTemplatesResponse* response) override;
  grpc::Status PreviewDocumentTemplate(grpc::ServerContext* context,
                                       const v1::PreviewDocumentTemplateRequest* request,
                                       v1::PreviewDocumentTemplateResponse* response) override;
  grpc::Status ActivateDocumentTemplate(grpc::ServerContext* context,
                                        const v1::ActivateDocumentTemplateRequest* request,
                                        v1::DocumentTemplate* response) override;
  grpc::Status DownloadDocumentScan(grpc::ServerContext* context,
                                    const v1::DownloadDocumentScanRequest* request,
                                    v1::DownloadDocumentScanResponse* response) override;
  grpc::Status StreamDocument(grpc::ServerContext* context,
                              const v1::StreamDocumentRequest* request,
                              grpc::ServerWriter<v1::DocumentChunk>* writer) override;
  grpc::Status RenderDocumentDraft(grpc::ServerContext* context,
                                   const v1::RenderDocumentDraftRequest* request,
                                   v1::Document* response) override;
  grpc::Status IssueDocument(grpc::ServerContext* context, const v1::IssueDocumentRequest* request,
                             v1::Document* response) override;

 private:
  const common::rpc::RpcGuard& guard_;
  common::db::Pool& pool_;
};

}  // namespace crm::documents
