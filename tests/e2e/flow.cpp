#include "tests/e2e/flow.h"

#include <gtest/gtest.h>

#include "common/core/ids.h"
#include "tests/support/eventually.h"

namespace crm::testing {

using common::auth::Role;
using google::protobuf::util::TimeUtil;

std::unique_ptr<grpc::ClientContext> Ctx(const std::string& token, const std::string& request_id) {
  auto ctx = std::make_unique<grpc::ClientContext>();
  Authorize(*ctx, token);
  ctx->AddMetadata("x-request-id", request_id.empty() ? "e2e-" + common::NewUuid() : request_id);
  ctx->set_deadline(std::chrono::system_clock::now() + std::chrono::seconds(10));
  return ctx;
}

Flow::Flow(Stack& stack) {
  admin_token = TokenFor("employees/" + common::NewUuid(), {Role::kAdmin});
  registry = registry::v1::RegistryService::NewStub(stack.Channel("registry"));
  staff = registry::v1::StaffService::NewStub(stack.Channel("registry"));
  planning = planning::v1::PlanningService::NewStub(stack.Channel("planning"));
  sales = planning::v1::SaleService::NewStub(stack.Channel("planning"));
  documents = documents::v1::DocumentService::NewStub(stack.Channel("documents"));
  accounting = accounting::v1::AccountingService::NewStub(stack.Channel("accounting"));
  analytics = analytics::v1::AnalyticsService::NewStub(stack.Channel("analytics"));
}

void Flow::SetUpReferenceData(const std::string& inn, const std::string& kpp) {
  registry::v1::CreateEmployeeRequest employee_req;
  employee_req.mutable_employee()->set_full_name("Иванова Мария Петровна");
  employee_req.mutable_employee()->set_email("ivanova-" + inn + "@expo-volga.example");
  registry::v1::Employee employee;
  ASSERT_TRUE(registry->CreateEmployee(Ctx(admin_token).get(), employee_req, &employee).ok());
  manager = employee.name();
  manager_token = TokenFor(manager, {Role::kSalesManager});

  registry::v1::CreateProjectRequest project_req;
  project_req.mutable_project()->set_display_name("Волга-Строй " + inn);
  registry::v1::Project project;
  ASSERT_TRUE(registry->CreateProject(Ctx(admin_token).get(), project_req, &project).ok());

  registry::v1::CreateEditionRequest edition_req;
  edition_req.set_parent(project.name());
  auto* e = edition_req.mutable_edition();
  e->set_display_name("Волга-Строй 2027");
  e->mutable_start_date()->set_year(2027);
  e->mutable_start_date()->set_month(3);
  e->mutable_start_date()->set_day(10);
  e->mutable_end_date()->set_year(2027);
  e->mutable_end_date()->set_month(3);
  e->mutable_end_date()->set_day(13);
  e->set_venue("Самара, Экспо-Волга");
  e->mutable_price_per_m2()->set_currency_code("RUB");
  e->mutable_price_per_m2()->set_minor_units(800000);
  registry::v1::Edition created_edition;
  auto status = registry->CreateEdition(Ctx(admin_token).get(), edition_req, &created_edition);
  ASSERT_TRUE(status.ok()) << status.error_message();
  edition = created_edition.name();

  registry::v1::CreateClientRequest client_req;
  auto* c = client_req.mutable_client();
  c->set_display_name("СтройМаш");
  client_legal_name = "ООО «СтройМаш»";
  c->set_legal_name(client_legal_name);
  c->set_inn(inn);
  c->set_kpp(kpp);
  c->set_legal_address("443001, г. Самара, ул. Молодогвардейская, д. 1");
  registry::v1::Client created_client;
  status = registry->CreateClient(Ctx(manager_token).get(), client_req, &created_client);
  ASSERT_TRUE(status.ok()) << status.error_message();
  client = created_client.name();

  // Managers edit the clients they curate: the manager becomes the client's curator first.
  registry::v1::AssignCuratorRequest curator_req;
  curator_req.set_client(client);
  curator_req.set_project(project.name());
  curator_req.set_employee(manager);
  registry::v1::Curator curator;
  status = staff->AssignCurator(Ctx(admin_token).get(), curator_req, &curator);
  ASSERT_TRUE(status.ok()) << status.error_message();

  registry::v1::CreateContactPersonRequest person_req;
  person_req.set_parent(client);
  person_req.mutable_contact_person()->set_full_name("Петров Иван Сергеевич");
  person_req.mutable_contact_person()->set_position("Директор по маркетингу");
  registry::v1::ContactPerson person;
  status = registry->CreateContactPerson(Ctx(manager_token).get(), person_req, &person);
  ASSERT_TRUE(status.ok()) << status.error_message();
  contact_person = person.name();

  documents::v1::ListIssuersRequest list_issuers;
  documents::v1::ListIssuersResponse issuers;
  ASSERT_TRUE(documents->ListIssuers(Ctx(admin_token).get(), list_issuers, &issuers).ok());
  if (issuers.issuers_size() == 0) {
    documents::v1::CreateIssuerRequest issuer_req;
    auto* i = issuer_req.mutable_issuer();
    i->set_legal_name("ООО «Экспо-Волга»");
    i->set_inn("6316000015");
    i->set_kpp("631601001");
    i->set_address("443110, г. Самара, ул. Мичурина, д. 23А");
    i->set_bank_name("ПАО Сбербанк, Поволжский банк");
    i->set_bik("043601607");
    i->set_settlement_account("40702810154400000001");
    i->set_correspondent_account("30101810200000000607");
    i->set_director("Смирнов А. В.");
    i->set_chief_accountant("Кузнецова Е. Н.");
    i->set_primary(true);
    documents::v1::Issuer issuer;
    status = documents->CreateIssuer(Ctx(admin_token).get(), issuer_req, &issuer);
    ASSERT_TRUE(status.ok()) << status.error_message();
  }
}

planning::v1::Contact Flow::PlanCall() {
  planning::v1::PlanContactRequest req;
  auto* c = req.mutable_contact();
  c->set_client(client);
  c->set_contact_person(contact_person);
  c->set_edition(edition);
  c->set_type(planning::v1::CONTACT_TYPE_CALL);
  c->set_purpose("Предложить стенд на выставке");
  *c->mutable_scheduled_time() = TimeUtil::GetCurrentTime();
  req.set_request_id(common::NewUuid());
  planning::v1::Contact contact;
  grpc::Status last;
  // Planning learns the client, person and edition from registry events: eventually consistent.
  bool planned = Eventually(
      [&] {
        last = planning->PlanContact(Ctx(manager_token).get(), req, &contact);
        return last.ok();
      },
      std::chrono::seconds(30), std::chrono::milliseconds(100));
  EXPECT_TRUE(planned) << last.error_code() << " " << last.error_message();
  return contact;
}

planning::v1::CompleteContactResponse Flow::RecordSale(const std::string& contact, int64_t area_dm2,
                                                       const std::string& request_id) {
  planning::v1::CompleteContactRequest req;
  req.set_name(contact);
  req.mutable_result()->mutable_sale()->set_area_dm2(area_dm2);
  req.mutable_result()->mutable_sale()->set_stand_number("A-12");
  planning::v1::CompleteContactResponse resp;
  auto status = planning->CompleteContact(Ctx(manager_token, request_id).get(), req, &resp);
  EXPECT_TRUE(status.ok()) << status.error_code() << " " << status.error_message();
  return resp;
}

std::vector<documents::v1::Document> Flow::InvoicesFor(const std::string& sale) {
  return DocumentsFor(sale, documents::v1::DOCUMENT_TYPE_INVOICE);
}

std::vector<documents::v1::Document> Flow::DocumentsFor(const std::string& sale,
                                                        documents::v1::DocumentType type) {
  documents::v1::ListDocumentsRequest req;
  req.set_sale(sale);
  req.set_type(type);
  documents::v1::ListDocumentsResponse resp;
  auto status = documents->ListDocuments(Ctx(admin_token).get(), req, &resp);
  if (!status.ok()) {
    return {};
  }
  return {resp.documents().begin(), resp.documents().end()};
}

documents::v1::DownloadDocumentResponse Flow::Download(
    const std::string& token, const std::string& document, documents::v1::DocumentFormat format,
    const std::string& recipient_edo_participant_id) {
  documents::v1::DownloadDocumentRequest req;
  req.set_name(document);
  req.set_format(format);
  req.set_recipient_edo_participant_id(recipient_edo_participant_id);
  documents::v1::DownloadDocumentResponse resp;
  auto status = documents->DownloadDocument(Ctx(token).get(), req, &resp);
  EXPECT_TRUE(status.ok()) << document << ": " << status.error_code() << " "
                           << status.error_message();
  return resp;
}

}  // namespace crm::testing
