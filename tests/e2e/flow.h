#pragma once

#include <google/protobuf/util/time_util.h>
#include <grpcpp/grpcpp.h>

#include <string>

#include "crm/accounting/v1/accounting.grpc.pb.h"
#include "crm/analytics/v1/analytics.grpc.pb.h"
#include "crm/documents/v1/documents.grpc.pb.h"
#include "crm/planning/v1/planning.grpc.pb.h"
#include "crm/planning/v1/sales.grpc.pb.h"
#include "crm/registry/v1/registry.grpc.pb.h"
#include "crm/registry/v1/staff.grpc.pb.h"
#include "tests/e2e/stack.h"
#include "tests/support/service_harness.h"

// The steps of the sale flow over the real APIs, shared by the end-to-end and fault tests.
namespace crm::testing {

// A client context with a token, a request id (a new one unless given) and a deadline.
std::unique_ptr<grpc::ClientContext> Ctx(const std::string& token,
                                         const std::string& request_id = "");

class Flow {
 public:
  explicit Flow(Stack& stack);

  std::string admin_token;
  std::string manager_token;
  std::string manager;  // employees/<uuid>
  std::string client;   // clients/<uuid>
  std::string client_legal_name;
  std::string contact_person;  // clients/<uuid>/contactPersons/<uuid>
  std::string edition;         // projects/<uuid>/editions/<uuid>

  std::unique_ptr<registry::v1::RegistryService::Stub> registry;
  std::unique_ptr<registry::v1::StaffService::Stub> staff;
  std::unique_ptr<planning::v1::PlanningService::Stub> planning;
  std::unique_ptr<planning::v1::SaleService::Stub> sales;
  std::unique_ptr<documents::v1::DocumentService::Stub> documents;
  std::unique_ptr<accounting::v1::AccountingService::Stub> accounting;
  std::unique_ptr<analytics::v1::AnalyticsService::Stub> analytics;

  // Creates a manager, a project with an edition at 8 000,00 RUB/m², a client curated by the
  // manager in that project with a contact person and the issuer, and waits until planning knows
  // them (it learns from events).
  void SetUpReferenceData(const std::string& inn, const std::string& kpp);
  // Plans a call; retries while planning has not yet seen the client.
  planning::v1::Contact PlanCall();
  // Completes the contact with a sale of `area_dm2`.
  planning::v1::CompleteContactResponse RecordSale(const std::string& contact, int64_t area_dm2,
                                                   const std::string& request_id = "");
  // Invoices issued for a sale (ListDocuments).
  // The sale's invoices (in force or not), newest first.
  std::vector<documents::v1::Document> InvoicesFor(const std::string& sale);
  // The sale's documents of `type` (UNSPECIFIED: every kind), newest first.
  std::vector<documents::v1::Document> DocumentsFor(
      const std::string& sale,
      documents::v1::DocumentType type = documents::v1::DOCUMENT_TYPE_UNSPECIFIED);
  // A document's file as `token` downloads it: the PDF, or `format` (the EDO XML takes the
  // buyer's participant id). Fails the test when the download does.
  documents::v1::DownloadDocumentResponse Download(
      const std::string& token, const std::string& document,
      documents::v1::DocumentFormat format = documents::v1::DOCUMENT_FORMAT_UNSPECIFIED,
      const std::string& recipient_edo_participant_id = "");
};

}  // namespace crm::testing
