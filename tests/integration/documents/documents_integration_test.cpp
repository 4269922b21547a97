// The documents service against a real PostgreSQL and nats-server: the DocumentService API over
// gRPC, and the sale consumer and outbox relay on the bus.
#include <gmock/gmock.h>
#include <google/protobuf/util/time_util.h>
#include <gtest/gtest.h>

#include <algorithm>
#include <array>
#include <atomic>
#include <cctype>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <ctime>
#include <fstream>
#include <map>
#include <memory>
#include <set>
#include <string>
#include <thread>
#include <type_traits>
#include <vector>

#include "common/api/date.h"
#include "common/bus/consumer.h"
#include "common/bus/outbox.h"
#include "common/core/code_page.h"
#include "common/core/digest.h"
#include "common/core/ids.h"
#include "common/core/metrics.h"
#include "common/db/lists.h"
#include "common/db/migrations.h"
#include "common/db/pool.h"
#include "common/ru/requisites.h"
#include "crm/documents/v1/documents.grpc.pb.h"
#include "crm/events/v1/accounting_topics.h"
#include "crm/events/v1/documents_topics.h"
#include "crm/events/v1/planning_topics.h"
#include "crm/events/v1/registry_topics.h"
#include "services/documents/app/advance_invoicing.h"
#include "services/documents/app/close_edition.h"
#include "services/documents/app/sale_invoicing.h"
#include "services/documents/domain/invoice.h"
#include "services/documents/service.h"
#include "services/documents/store/queries.h"
#include "tests/support/eventually.h"
#include "tests/support/pdf_reader.h"
#include "tests/support/query_number.h"
#include "tests/support/service_harness.h"
#include "tests/support/temp_dir.h"
#include "tests/support/test_environment.h"

namespace crm::documents {
namespace {

using testing::PdfQrCodes;
using testing::PdfText;

using app::IssueInvoiceForSale;
using common::auth::Role;
using ::testing::Contains;
using ::testing::ElementsAre;
using ::testing::IsEmpty;
using ::testing::UnorderedElementsAre;

constexpr char kConsumer[] = "documents-sales";

// 2026-03-15 10:00 UTC, 14:00 in Samara.
constexpr int64_t kMarch2026 = 1773568800;
// Most tests here are about the invoice and the closing documents and run with
// CRM_DOCUMENTS_SALE_PACKAGE=none (a sale gets its invoice only); the rest of the sale's package
// has its own tests (DocumentsPackageTest).
const std::vector<std::string> kInvoiceOnly;

common::v1::Money Rub(int64_t kopecks) {
  common::v1::Money money;
  money.set_currency_code("RUB");
  money.set_minor_units(kopecks);
  return money;
}

// Real, checksum-valid requisites (Sberbank in Moscow).
v1::Issuer ValidIssuer() {
  v1::Issuer issuer;
  issuer.set_legal_name("ООО «Экспо-Волга»");
  issuer.set_inn("7707083893");
  issuer.set_kpp("773601001");
  issuer.set_ogrn("1027700132195");
  issuer.set_address("443099, г. Самара, ул. Молодогвардейская, д. 10");
  issuer.set_bank_name("ПАО Сбербанк");
  issuer.set_bik("044525225");
  issuer.set_settlement_account("40702810938000012345");
  issuer.set_correspondent_account("30101810400000000225");
  issuer.set_director("Волков А. В.");
  issuer.set_chief_accountant("Соколова Е. Н.");
  return issuer;
}

// The valid issuer with another settlement account at the same bank: the control digit (the
// 9th) is chosen so the account matches the БИК, whatever digits `account` brings.
v1::Issuer IssuerWithAccount(std::string account) {
  v1::Issuer issuer = ValidIssuer();
  for (char digit = '0'; digit <= '9'; ++digit) {
    account[8] = digit;
    if (!common::ru::ValidateSettlementAccount(account, issuer.bik())) {
      break;
    }
  }
  issuer.set_settlement_account(account);
  return issuer;
}

// The manager of every sale made by Sale() unless a test names another.
constexpr char kManager[] = "employees/5b0e4c1a-2f3d-4e5a-8b6c-7d8e9f0a1b2c";

// `area_dm2` at 5 000,00 per m², amounts computed as planning does (22% from 2026).
events::v1::SaleRecorded Sale(const std::string& sale_id, int64_t sale_time,
                              int64_t area_dm2 = 2000, const std::string& manager = kManager) {
  events::v1::SaleRecorded sale;
  sale.set_sale("sales/" + sale_id);
  sale.mutable_manager()->set_employee(manager);
  *sale.mutable_sale_time() = google::protobuf::util::TimeUtil::SecondsToTimestamp(sale_time);
  auto* client = sale.mutable_client();
  client->set_client("clients/0a1b2c3d-4e5f-4a6b-8c7d-9e0f1a2b3c4d");
  client->set_display_name("СтройМаш");
  client->set_legal_name("ООО «СтройМаш»");
  client->set_inn("7736050003");
  client->set_kpp("773601001");
  client->set_legal_address("101000, г. Москва, ул. Мясницкая, д. 1");
  sale.mutable_edition()->set_edition(
      "projects/11111111-2222-4333-8444-555555555555/editions/"
      "66666666-7777-4888-9999-000000000000");
  sale.mutable_edition()->set_display_name("Волга-Строй 2026");
  sale.set_area_dm2(area_dm2);
  sale.set_stand_number("A-12");
  const int64_t net = area_dm2 * 500000 / 100;
  const int64_t vat = net * 22 / 100;
  *sale.mutable_price_per_m2() = Rub(500000);
  *sale.mutable_net_amount() = Rub(net);
  sale.set_vat_rate_bp(2200);
  *sale.mutable_vat_amount() = Rub(vat);
  *sale.mutable_total_amount() = Rub(net + vat);
  return sale;
}

// A new sale of Sale(…, kMarch2026) with `services` service lines of 1 000,00 each after its stand.
events::v1::SaleRecorded SaleWithServices(int services) {
  events::v1::SaleRecorded sale = Sale(common::NewUuid(), kMarch2026);
  for (int i = 1; i <= services; ++i) {
    auto* service = sale.add_service_lines();
    service->set_name("Дополнительное оборудование стенда, позиция " + std::to_string(i));
    service->set_unit("шт.");
    service->set_quantity_milli(1000);
    *service->mutable_unit_price() = Rub(100000);
  }
  const int64_t net = sale.net_amount().minor_units() + services * 100000;
  *sale.mutable_services_amount() = Rub(services * 100000);
  *sale.mutable_net_amount() = Rub(net);
  *sale.mutable_vat_amount() = Rub(net * 22 / 100);
  *sale.mutable_total_amount() = Rub(net + net * 22 / 100);
  return sale;
}

// The sale of Sale(sale_id, kMarch2026) amended at `amend_time` to `area_dm2`.
events::v1::SaleAmended Amendment(const std::string& sale_id, int64_t area_dm2,
                                  int64_t amend_time) {
  events::v1::SaleAmended amended;
  *amended.mutable_sale() = Sale(sale_id, kMarch2026, area_dm2);
  *amended.mutable_previous() = Sale(sale_id, kMarch2026);
  amended.add_changed_fields("area_dm2");
  amended.set_amended_by(kManager);
  *amended.mutable_amend_time() = google::protobuf::util::TimeUtil::SecondsToTimestamp(amend_time);
  amended.set_reason("Клиент попросил стенд больше");
  return amended;
}

events::v1::SaleCancelled Cancellation(const std::string& sale_id, int64_t cancel_time) {
  events::v1::SaleCancelled cancelled;
  *cancelled.mutable_sale() = Sale(sale_id, kMarch2026);
  cancelled.mutable_sale()->set_state("CANCELLED");
  cancelled.set_reason("Клиент отказался от участия");
  cancelled.set_cancelled_by(kManager);
  *cancelled.mutable_cancel_time() =
      google::protobuf::util::TimeUtil::SecondsToTimestamp(cancel_time);
  return cancelled;
}

// A ГОСТ Р 56042 payload split at its separators: the header, then "Key=value" fields.
std::vector<std::string> QrFields(const std::string& payload) {
  std::vector<std::string> fields;
  std::size_t start = 0;
  while (true) {
    const std::size_t end = payload.find('|', start);
    fields.push_back(payload.substr(start, end - start));
    if (end == std::string::npos) {
      return fields;
    }
    start = end + 1;
  }
}

double ConsumedCount(const std::string& outcome, const std::string& consumer = kConsumer) {
  return common::metrics::Registry::Global()
      .GetCounter("crm_events_consumed_total", "Events handled, by outcome",
                  {{"consumer", consumer}, {"outcome", outcome}})
      .Value();
}

class DocumentsTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    // What ServiceMain does from CRM_TIME_ZONE; before any consumer thread exists.
    setenv("TZ", "Europe/Samara", 1);
    tzset();
  }

  // crm-documents as its main.cpp assembles it (services/documents/service.h): the API, the
  // outbox relay, and the consumers of sales and of employees, with a retry budget for sales
  // that a test can exhaust.
  void SetUp() override {
    auto& env = testing::TestEnvironment::Get();
    db_url_ = env.FreshDatabase("documents");
    nats_url_ = env.FreshNats();
    StartServer();
  }

  // Starts crm-documents (again: what it stored and its durable consumers' positions stay) with
  // `extra` on top of the fixture's settings.
  void StartServer(const std::map<std::string, std::string>& extra = {}) {
    stub_.reset();
    server_.reset();
    std::map<std::string, std::string> settings{{"CRM_DOCUMENTS_SALE_MAX_DELIVER", "100"},
                                                {"CRM_DOCUMENTS_CLOSE_INTERVAL_MS", "200"},
                                                {"CRM_DOCUMENTS_SALE_PACKAGE", package_setting_}};
    for (const auto& [key, value] : extra) {
      settings[key] = value;
    }
    server_ = std::make_unique<testing::RunningService>(Definition(), db_url_, nats_url_, settings);
    stub_ = v1::DocumentService::NewStub(server_->channel());
  }

  void TearDown() override {
    stub_.reset();
    server_.reset();
  }

  // The consumer of planning's sales, and that of registry's employees.
  common::bus::EventConsumer& SalesConsumer() { return server_->consumer(0); }

  // crm.registry.employee.updated as registry publishes it when an admin puts `employee` into
  // the department unit `department_id`.
  void PublishMembership(const std::string& employee, const std::string& department_id) {
    events::v1::EmployeeUpdated updated;
    updated.mutable_employee()->set_employee(employee);
    updated.mutable_employee()->set_full_name("Сотрудник " + employee.substr(10, 4));
    updated.mutable_employee()->set_email(employee.substr(10, 8) + "@expo-volga.example");
    updated.set_status("active");
    updated.set_department_unit("departments/" + department_id);
    testing::PublishEvent(nats_url_, events::v1::kEmployeeUpdated, common::NewUuid(), updated,
                          employee);
  }

  // The department unit the employees projection holds for `employee` ("" for none).
  std::string DepartmentOf(const std::string& employee) {
    return server_->pool().Read([&](pqxx::read_transaction& tx) {
      auto rows = tx.exec_params(
          "SELECT coalesce(department_id::text, '') FROM employees WHERE id = $1::uuid",
          employee.substr(std::string("employees/").size()));
      return rows.empty() ? std::string() : std::string(rows[0][0].c_str());
    });
  }

  // Each read RPC as `token`: the status.
  grpc::Status GetAs(const std::string& token, const std::string& name) {
    grpc::ClientContext context;
    testing::Authorize(context, token);
    v1::GetDocumentRequest request;
    request.set_name(name);
    v1::Document out;
    return stub_->GetDocument(&context, request, &out);
  }
  grpc::Status DownloadAs(const std::string& token, const std::string& name) {
    grpc::ClientContext context;
    testing::Authorize(context, token);
    v1::DownloadDocumentRequest request;
    request.set_name(name);
    v1::DownloadDocumentResponse out;
    return stub_->DownloadDocument(&context, request, &out);
  }
  grpc::Status ListAs(const std::string& token, const std::string& manager) {
    grpc::ClientContext context;
    testing::Authorize(context, token);
    v1::ListDocumentsRequest request;
    request.set_manager(manager);
    v1::ListDocumentsResponse out;
    return stub_->ListDocuments(&context, request, &out);
  }

  // The managers of the documents `token` lists, newest first.
  std::vector<std::string> ListedManagers(const std::string& token,
                                          const std::string& manager = "") {
    grpc::ClientContext context;
    testing::Authorize(context, token);
    v1::ListDocumentsRequest request;
    request.set_manager(manager);
    v1::ListDocumentsResponse response;
    const grpc::Status status = stub_->ListDocuments(&context, request, &response);
    EXPECT_TRUE(status.ok()) << status.error_message();
    std::vector<std::string> managers;
    for (const auto& d : response.documents()) {
      managers.push_back(d.manager());
    }
    return managers;
  }

  void PublishSale(const events::v1::SaleRecorded& sale, const std::string& event_id) {
    testing::PublishEvent(nats_url_, events::v1::kSaleRecorded, event_id, sale, sale.sale());
  }

  void PublishAmended(const events::v1::SaleAmended& amended, const std::string& event_id,
                      const std::string& nats_msg_id = "") {
    testing::PublishEvent(nats_url_, events::v1::kSaleAmended, event_id, amended,
                          amended.sale().sale(), nats_msg_id);
  }

  void PublishCancelled(const events::v1::SaleCancelled& cancelled, const std::string& event_id) {
    testing::PublishEvent(nats_url_, events::v1::kSaleCancelled, event_id, cancelled,
                          cancelled.sale().sale());
  }

  static std::string Token(std::vector<Role> roles) {
    return testing::TokenFor("employees/" + common::NewUuid(), std::move(roles));
  }

  const std::string accountant_ = Token({Role::kAccountant});

  grpc::Status CreateIssuer(const v1::Issuer& issuer, v1::Issuer* out,
                            const std::string& request_id = "",
                            std::vector<Role> roles = {Role::kAccountant}) {
    return CreateIssuerAs(Token(std::move(roles)), issuer, out, request_id);
  }

  grpc::Status CreateIssuerAs(const std::string& token, const v1::Issuer& issuer, v1::Issuer* out,
                              const std::string& request_id) {
    grpc::ClientContext context;
    testing::Authorize(context, token);
    v1::CreateIssuerRequest request;
    *request.mutable_issuer() = issuer;
    request.set_request_id(request_id);
    return stub_->CreateIssuer(&context, request, out);
  }

  // UpdateIssuer as `token` of the fields `paths` to their values in `changed` (with its name and
  // etag).
  grpc::Status UpdateIssuerAs(const std::string& token, const v1::Issuer& changed,
                              const std::vector<std::string>& paths, v1::Issuer* out) {
    grpc::ClientContext context;
    testing::Authorize(context, token);
    v1::UpdateIssuerRequest request;
    *request.mutable_issuer() = changed;
    for (const std::string& path : paths) {
      request.mutable_update_mask()->add_paths(path);
    }
    return stub_->UpdateIssuer(&context, request, out);
  }

  v1::Issuer MustCreateIssuer(const v1::Issuer& issuer) {
    v1::Issuer out;
    const grpc::Status status = CreateIssuer(issuer, &out);
    EXPECT_TRUE(status.ok()) << status.error_message();
    return out;
  }

  // As an accountant, who sees every document; always the same one, whose page tokens these are.
  v1::ListDocumentsResponse ListDocuments(const std::string& sale = "", int page_size = 0,
                                          const std::string& page_token = "") {
    grpc::ClientContext context;
    testing::Authorize(context, accountant_);
    v1::ListDocumentsRequest request;
    request.set_sale(sale);
    request.set_page_size(page_size);
    request.set_page_token(page_token);
    v1::ListDocumentsResponse response;
    const grpc::Status status = stub_->ListDocuments(&context, request, &response);
    EXPECT_TRUE(status.ok()) << status.error_message();
    return response;
  }

  // The sale's documents of `type`, newest first.
  std::vector<v1::Document> OfType(const std::string& sale, v1::DocumentType type) {
    std::vector<v1::Document> out;
    const v1::ListDocumentsResponse listed = ListDocuments(sale);
    for (const v1::Document& document : listed.documents()) {
      if (document.type() == type) {
        out.push_back(document);
      }
    }
    return out;
  }

  v1::DownloadDocumentResponse Download(const std::string& name) {
    grpc::ClientContext context;
    testing::Authorize(context, Token({Role::kAccountant}));
    v1::DownloadDocumentRequest request;
    request.set_name(name);
    v1::DownloadDocumentResponse response;
    const grpc::Status status = stub_->DownloadDocument(&context, request, &response);
    EXPECT_TRUE(status.ok()) << status.error_message();
    return response;
  }

  // CloseEdition of `edition` on 20 May 2026 as the accountant; fails the test on an error.
  v1::CloseEditionResponse CloseOnMay20th(const std::string& edition) {
    v1::CloseEditionRequest request;
    request.set_edition(edition);
    request.mutable_close_date()->set_year(2026);
    request.mutable_close_date()->set_month(5);
    request.mutable_close_date()->set_day(20);
    grpc::ClientContext context;
    testing::Authorize(context, accountant_);
    v1::CloseEditionResponse closed;
    const grpc::Status status = stub_->CloseEdition(&context, request, &closed);
    EXPECT_TRUE(status.ok()) << status.error_message();
    return closed;
  }

  int64_t Count(const std::string& sql) { return crm::testing::QueryNumber(server_->pool(), sql); }

  bool WaitForDocuments(int64_t n, std::chrono::milliseconds timeout = std::chrono::seconds(30)) {
    return testing::Eventually([&] { return Count("SELECT count(*) FROM documents") >= n; },
                               timeout);
  }

  // The invoice numbers in issue order.
  std::vector<std::string> Numbers() {
    return server_->pool().Read([](pqxx::read_transaction& tx) {
      std::vector<std::string> numbers;
      for (const auto& row : tx.exec("SELECT number FROM documents ORDER BY seq")) {
        numbers.emplace_back(row[0].c_str());
      }
      return numbers;
    });
  }

  std::string package_setting_ = "none";  // CRM_DOCUMENTS_SALE_PACKAGE
  std::string db_url_;
  std::string nats_url_;
  std::unique_ptr<testing::RunningService> server_;
  std::unique_ptr<v1::DocumentService::Stub> stub_;
};

// ---------------------------------------------------------------------------------------------
// Issuers

TEST_F(DocumentsTest, FirstIssuerBecomesPrimaryAndANewPrimaryReplacesIt) {
  const v1::Issuer first = MustCreateIssuer(ValidIssuer());
  EXPECT_TRUE(common::ParseResourceId(first.name(), "issuers").has_value()) << first.name();
  EXPECT_TRUE(first.primary());
  EXPECT_EQ(first.legal_name(), "ООО «Экспо-Волга»");
  EXPECT_EQ(first.bik(), "044525225");
  EXPECT_EQ(first.director(), "Волков А. В.");

  // Another account of the same company, not marked primary: the first stays primary.
  const v1::Issuer second = MustCreateIssuer(IssuerWithAccount("40702810500000000002"));
  EXPECT_FALSE(second.primary());

  // A third, marked primary (by an admin), takes over.
  v1::Issuer third_input = IssuerWithAccount("40702810500000000003");
  third_input.set_primary(true);
  v1::Issuer third;
  const grpc::Status status = CreateIssuer(third_input, &third, "", {Role::kAdmin});
  ASSERT_TRUE(status.ok()) << status.error_message();
  EXPECT_TRUE(third.primary());

  grpc::ClientContext context;
  testing::Authorize(context, Token({Role::kAnalyst}));
  v1::ListIssuersResponse response;
  ASSERT_TRUE(stub_->ListIssuers(&context, v1::ListIssuersRequest(), &response).ok());
  ASSERT_EQ(response.issuers_size(), 3);
  EXPECT_EQ(response.issuers(0).name(), first.name());
  EXPECT_FALSE(response.issuers(0).primary());
  EXPECT_EQ(response.issuers(1).name(), second.name());
  EXPECT_FALSE(response.issuers(1).primary());
  EXPECT_EQ(response.issuers(2).name(), third.name());
  EXPECT_TRUE(response.issuers(2).primary());
  EXPECT_EQ(response.next_page_token(), "");
  EXPECT_EQ(Count("SELECT count(*) FROM issuers WHERE is_primary"), 1);
}

TEST_F(DocumentsTest, AnIssuerMovesItsAccountAndNewInvoicesPrintTheNewOneOldOnesTheirOwn) {
  const v1::Issuer issuer = MustCreateIssuer(ValidIssuer());
  EXPECT_EQ(issuer.etag(), "1");
  const std::string old_sale = common::NewUuid();
  server_->pool().InTransaction([&](pqxx::work& tx) {
    IssueInvoiceForSale(tx, Sale(old_sale, kMarch2026), "old", kInvoiceOnly);
  });
  const auto update = [&](const std::string& token, const v1::Issuer& changed,
                          const std::vector<std::string>& paths,
                          v1::Issuer* out) { return UpdateIssuerAs(token, changed, paths, out); };

  // The company moved its account and has a new director, signing on a power of attorney.
  v1::Issuer changed = IssuerWithAccount("40702810538000099999");
  changed.set_name(issuer.name());
  changed.set_etag(issuer.etag());
  changed.set_director(" Орлов П. С. ");
  changed.set_director_position("Генеральный директор");
  changed.set_director_basis("доверенности № 12 от 01.02.2026");
  v1::Issuer updated;
  ASSERT_TRUE(update(accountant_, changed,
                     {"settlement_account", "director", "director_position", "director_basis"},
                     &updated)
                  .ok());
  EXPECT_EQ(updated.settlement_account(), changed.settlement_account());
  EXPECT_EQ(updated.director(), "Орлов П. С.");
  EXPECT_EQ(updated.director_basis(), "доверенности № 12 от 01.02.2026");
  EXPECT_EQ(updated.inn(), issuer.inn());
  EXPECT_TRUE(updated.primary());
  EXPECT_EQ(updated.etag(), "2");

  const std::string new_sale = common::NewUuid();
  server_->pool().InTransaction([&](pqxx::work& tx) {
    IssueInvoiceForSale(tx, Sale(new_sale, kMarch2026 + 60), "new", kInvoiceOnly);
  });
  const std::string new_text =
      PdfText(Download(ListDocuments("sales/" + new_sale).documents(0).name()).content());
  EXPECT_NE(new_text.find(changed.settlement_account()), std::string::npos) << new_text;
  EXPECT_NE(new_text.find("Орлов П. С."), std::string::npos);
  const std::string old_text =
      PdfText(Download(ListDocuments("sales/" + old_sale).documents(0).name()).content());
  EXPECT_NE(old_text.find(issuer.settlement_account()), std::string::npos);
  EXPECT_EQ(old_text.find(changed.settlement_account()), std::string::npos);

  // A stale etag; INN; a bad BIK with its accounts; the primary unmarked; nothing changes.
  v1::Issuer out;
  EXPECT_EQ(update(accountant_, changed, {"director"}, &out).error_code(), grpc::ABORTED);
  v1::Issuer bad = updated;
  bad.set_bik("12345");
  bad.set_primary(false);
  bad.set_inn("7736050003");
  grpc::Status status = update(accountant_, bad, {"inn", "bik"}, &out);
  EXPECT_EQ(status.error_code(), grpc::INVALID_ARGUMENT);
  EXPECT_THAT(testing::ViolatedFields(status), ElementsAre("update_mask"));
  status = update(accountant_, bad, {"bik", "primary"}, &out);
  EXPECT_EQ(status.error_code(), grpc::INVALID_ARGUMENT);
  EXPECT_THAT(testing::ViolatedFields(status), Contains("issuer.bik"));
  EXPECT_THAT(testing::ViolatedFields(status), Contains("issuer.primary"));
  v1::Issuer nameless;
  status = update(accountant_, nameless, {}, &out);
  EXPECT_THAT(testing::ViolatedFields(status),
              ElementsAre("issuer.name", "issuer.etag", "update_mask"));
  v1::Issuer missing = updated;
  missing.set_name("issuers/" + common::NewUuid());
  EXPECT_EQ(update(accountant_, missing, {"director"}, &out).error_code(), grpc::NOT_FOUND);

  // A second issuer may not take the first one's entity and account; marking it primary moves
  // the mark.
  v1::Issuer second_input = IssuerWithAccount("40702810738000077777");
  const v1::Issuer second = MustCreateIssuer(second_input);
  v1::Issuer clash = second;
  clash.set_settlement_account(updated.settlement_account());
  EXPECT_EQ(update(accountant_, clash, {"settlement_account"}, &out).error_code(),
            grpc::ALREADY_EXISTS);
  v1::Issuer promote = second;
  promote.set_primary(true);
  ASSERT_TRUE(update(accountant_, promote, {"primary"}, &out).ok());
  EXPECT_TRUE(out.primary());
  EXPECT_EQ(Count("SELECT count(*) FROM issuers WHERE is_primary"), 1);

  // Sales staff and analysts do not change issuers.
  for (Role role : {Role::kSalesManager, Role::kSalesHead, Role::kAnalyst}) {
    EXPECT_EQ(update(Token({role}), out, {"director"}, &out).error_code(), grpc::PERMISSION_DENIED);
  }
  // The first issuer lost its mark: its etag moved too.
  EXPECT_EQ(Count("SELECT max(version) FROM issuers"), 3);
}

TEST_F(DocumentsTest, ListIssuersPagesInCreationOrder) {
  std::vector<std::string> created;
  created.reserve(5);
  for (int i = 0; i < 5; ++i) {
    created.push_back(
        MustCreateIssuer(IssuerWithAccount("4070281050000000001" + std::to_string(i))).name());
  }
  std::vector<std::string> listed;
  std::string token;
  int pages = 0;
  const std::string head = Token({Role::kSalesHead});
  do {
    grpc::ClientContext context;
    testing::Authorize(context, head);
    v1::ListIssuersRequest request;
    request.set_page_size(2);
    request.set_page_token(token);
    v1::ListIssuersResponse response;
    ASSERT_TRUE(stub_->ListIssuers(&context, request, &response).ok());
    for (const auto& issuer : response.issuers()) {
      listed.push_back(issuer.name());
    }
    token = response.next_page_token();
    ++pages;
  } while (!token.empty() && pages < 10);
  EXPECT_EQ(listed, created);
  EXPECT_EQ(pages, 3);

  grpc::ClientContext context;
  testing::Authorize(context, Token({Role::kSalesHead}));
  v1::ListIssuersRequest bad;
  bad.set_page_token("not-a-token");
  v1::ListIssuersResponse response;
  const grpc::Status status = stub_->ListIssuers(&context, bad, &response);
  EXPECT_EQ(status.error_code(), grpc::INVALID_ARGUMENT);
  EXPECT_THAT(testing::ViolatedFields(status), Contains("page_token"));
}

TEST_F(DocumentsTest, AnIssuersPageTokenIsRefusedToAnotherCaller) {
  for (int i = 0; i < 3; ++i) {
    MustCreateIssuer(IssuerWithAccount("4070281050000000002" + std::to_string(i)));
  }
  const auto list = [&](const std::string& token, const std::string& page_token,
                        v1::ListIssuersResponse* response) {
    grpc::ClientContext context;
    testing::Authorize(context, token);
    v1::ListIssuersRequest request;
    request.set_page_size(2);
    request.set_page_token(page_token);
    return stub_->ListIssuers(&context, request, response);
  };
  const std::string head = Token({Role::kSalesHead});
  v1::ListIssuersResponse first;
  ASSERT_TRUE(list(head, "", &first).ok());
  ASSERT_FALSE(first.next_page_token().empty());
  v1::ListIssuersResponse response;
  const grpc::Status status = list(Token({Role::kSalesHead}), first.next_page_token(), &response);
  EXPECT_EQ(status.error_code(), grpc::INVALID_ARGUMENT);
  EXPECT_THAT(testing::ViolatedFields(status), UnorderedElementsAre("page_token"));
  EXPECT_TRUE(list(head, first.next_page_token(), &response).ok());
  EXPECT_EQ(response.issuers_size(), 1);
}

TEST_F(DocumentsTest, CreateIssuerIsIdempotentByRequestIdAndRejectsDuplicates) {
  // A request id is the caller's own: the same accountant's retry gets the issuer it created.
  const std::string accountant = Token({Role::kAccountant});
  v1::Issuer first;
  ASSERT_TRUE(CreateIssuerAs(accountant, ValidIssuer(), &first, "req-1").ok());
  v1::Issuer again;
  ASSERT_TRUE(CreateIssuerAs(accountant, ValidIssuer(), &again, "req-1").ok());
  EXPECT_EQ(again.name(), first.name());

  v1::Issuer duplicate;
  const grpc::Status status = CreateIssuer(ValidIssuer(), &duplicate, "req-2");
  EXPECT_EQ(status.error_code(), grpc::ALREADY_EXISTS);
  EXPECT_EQ(testing::ResourceInfoName(status), first.name());
  EXPECT_EQ(Count("SELECT count(*) FROM issuers"), 1);
}

TEST_F(DocumentsTest, CreateIssuerRejectsBadInputAndWritesNothing) {
  struct Case {
    const char* what;
    v1::Issuer issuer;
    std::vector<std::string> fields;
  };
  v1::Issuer bad_bik = ValidIssuer();
  bad_bik.set_bik("123456789");
  v1::Issuer bad_key = ValidIssuer();
  bad_key.set_settlement_account("40702810038000012345");  // control digit broken
  v1::Issuer bad_corr = ValidIssuer();
  bad_corr.set_correspondent_account("30101810400000000226");
  v1::Issuer no_kpp = ValidIssuer();
  no_kpp.clear_kpp();
  v1::Issuer bad_inn = ValidIssuer();
  bad_inn.set_inn("7707083894");
  v1::Issuer long_term = ValidIssuer();
  long_term.set_payment_term_days(91);
  const std::vector<Case> cases = {
      {"bad BIK", bad_bik, {"issuer.bik"}},
      {"bad settlement account key", bad_key, {"issuer.settlement_account"}},
      {"bad correspondent account key", bad_corr, {"issuer.correspondent_account"}},
      {"legal entity without KPP", no_kpp, {"issuer.kpp"}},
      {"bad INN", bad_inn, {"issuer.inn"}},
      {"payment term too long", long_term, {"issuer.payment_term_days"}},
      {"everything missing",
       v1::Issuer(),
       {"issuer.legal_name", "issuer.inn", "issuer.address", "issuer.bank_name", "issuer.bik",
        "issuer.settlement_account", "issuer.correspondent_account"}},
  };
  for (const Case& c : cases) {
    SCOPED_TRACE(c.what);
    v1::Issuer out;
    const grpc::Status status = CreateIssuer(c.issuer, &out);
    EXPECT_EQ(status.error_code(), grpc::INVALID_ARGUMENT);
    EXPECT_THAT(testing::ViolatedFields(status), ::testing::UnorderedElementsAreArray(c.fields));
  }

  grpc::ClientContext context;
  testing::Authorize(context, Token({Role::kAccountant}));
  v1::Issuer out;
  const grpc::Status status = stub_->CreateIssuer(&context, v1::CreateIssuerRequest(), &out);
  EXPECT_EQ(status.error_code(), grpc::INVALID_ARGUMENT);
  EXPECT_THAT(testing::ViolatedFields(status), UnorderedElementsAre("issuer"));

  EXPECT_EQ(Count("SELECT count(*) FROM issuers"), 0);
}

TEST_F(DocumentsTest, IssuerRpcsCheckTheCaller) {
  v1::CreateIssuerRequest request;
  *request.mutable_issuer() = ValidIssuer();
  v1::Issuer out;
  {
    grpc::ClientContext context;  // no token
    EXPECT_EQ(stub_->CreateIssuer(&context, request, &out).error_code(), grpc::UNAUTHENTICATED);
  }
  for (Role role : {Role::kSalesManager, Role::kSalesHead, Role::kAnalyst, Role::kService}) {
    grpc::ClientContext context;
    testing::Authorize(context, Token({role}));
    EXPECT_EQ(stub_->CreateIssuer(&context, request, &out).error_code(), grpc::PERMISSION_DENIED);
  }
  v1::ListIssuersResponse list;
  {
    grpc::ClientContext context;
    EXPECT_EQ(stub_->ListIssuers(&context, v1::ListIssuersRequest(), &list).error_code(),
              grpc::UNAUTHENTICATED);
  }
  {
    grpc::ClientContext context;
    testing::Authorize(context, Token({Role::kService}));
    EXPECT_EQ(stub_->ListIssuers(&context, v1::ListIssuersRequest(), &list).error_code(),
              grpc::PERMISSION_DENIED);
  }
  EXPECT_EQ(Count("SELECT count(*) FROM issuers"), 0);
}

// ---------------------------------------------------------------------------------------------
// Invoices for sales

TEST_F(DocumentsTest, SaleRecordedIssuesExactlyOneInvoice) {
  const v1::Issuer issuer = MustCreateIssuer(ValidIssuer());
  const std::string sale_id = common::NewUuid();
  const events::v1::SaleRecorded sale = Sale(sale_id, kMarch2026);
  const std::string event_id = common::NewUuid();
  PublishSale(sale, event_id);
  ASSERT_TRUE(WaitForDocuments(1));

  const v1::ListDocumentsResponse listed = ListDocuments(sale.sale());
  ASSERT_EQ(listed.documents_size(), 1);
  const v1::Document& document = listed.documents(0);
  EXPECT_TRUE(common::ParseResourceId(document.name(), "documents").has_value());
  EXPECT_EQ(document.type(), v1::DOCUMENT_TYPE_INVOICE);
  EXPECT_EQ(document.number(), "2026-000001");
  EXPECT_EQ(document.sequence_number(), 1);
  EXPECT_EQ(document.issue_date().year(), 2026);
  EXPECT_EQ(document.issue_date().month(), 3);
  EXPECT_EQ(document.issue_date().day(), 15);
  EXPECT_EQ(document.issuer(), issuer.name());
  EXPECT_EQ(document.sale(), sale.sale());
  EXPECT_EQ(document.client(), sale.client().client());
  EXPECT_EQ(document.client_legal_name(), "ООО «СтройМаш»");
  EXPECT_EQ(document.net_amount().minor_units(), 10000000);
  EXPECT_EQ(document.vat_rate_bp(), 2200);
  EXPECT_EQ(document.vat_amount().minor_units(), 2200000);
  EXPECT_EQ(document.total_amount().minor_units(), 12200000);
  EXPECT_EQ(document.total_amount().currency_code(), "RUB");
  EXPECT_EQ(document.total_in_words(), "Сто двадцать две тысячи рублей 00 копеек");
  EXPECT_EQ(document.file_name(), "invoice-2026-000001.pdf");
  EXPECT_TRUE(document.has_create_time());
  EXPECT_EQ(document.status(), v1::DOCUMENT_STATUS_ISSUED);
  EXPECT_EQ(document.replaces(), "");
  EXPECT_EQ(document.replaced_by(), "");

  {
    grpc::ClientContext context;
    testing::Authorize(context, Token({Role::kAnalyst}));
    v1::GetDocumentRequest request;
    request.set_name(document.name());
    v1::Document got;
    ASSERT_TRUE(stub_->GetDocument(&context, request, &got).ok());
    EXPECT_EQ(got.SerializeAsString(), document.SerializeAsString());
  }

  const v1::DownloadDocumentResponse file = Download(document.name());
  EXPECT_EQ(file.content_type(), "application/pdf");
  EXPECT_EQ(file.file_name(), "invoice-2026-000001.pdf");
  ASSERT_TRUE(file.content().starts_with("%PDF-"));
  const std::string text = PdfText(file.content());
  EXPECT_NE(text.find("ООО «СтройМаш»"), std::string::npos) << text;
  EXPECT_NE(text.find("ООО «Экспо-Волга»"), std::string::npos) << text;
  EXPECT_NE(text.find("2026-000001"), std::string::npos) << text;
  EXPECT_NE(text.find("15.03.2026"), std::string::npos) << text;
  EXPECT_NE(text.find("122 000,00"), std::string::npos) << text;
  EXPECT_NE(text.find("НДС 22%: 22 000,00"), std::string::npos) << text;
  EXPECT_NE(text.find("Сто двадцать две тысячи рублей 00 копеек"), std::string::npos) << text;
  // The description wraps inside its column, so -layout interleaves it with the other columns.
  EXPECT_NE(text.find("Участие в выставке «Волга-Строй 2026»"), std::string::npos) << text;
  EXPECT_NE(text.find("площадь 20 м², стенд A-12"), std::string::npos) << text;
  EXPECT_NE(text.find("40702810938000012345"), std::string::npos) << text;
  EXPECT_NE(text.find("Оплатить не позднее 20.03.2026"), std::string::npos) << text;
  EXPECT_EQ(document.payment_due_date().day(), 20);

  // The payment QR code, read from the printed page as a bank app would, pays this invoice.
  const std::vector<std::string> codes = PdfQrCodes(file.content());
  ASSERT_EQ(codes.size(), 1u);
  EXPECT_THAT(QrFields(codes[0]),
              ::testing::ElementsAre(
                  "ST00012", "Name=ООО «Экспо-Волга»", "PersonalAcc=40702810938000012345",
                  "BankName=ПАО Сбербанк", "BIC=044525225", "CorrespAcc=30101810400000000225",
                  "Sum=12200000",
                  "Purpose=Оплата по счёту № 2026-000001 от 15.03.2026. Сумма 122 000,00 руб., "
                  "в т.ч. НДС 22% 22 000,00 руб.",
                  "PayeeINN=7707083893", "KPP=773601001"));

  // The event, with the hash of exactly the bytes served.
  const auto issued = testing::ReadStream(nats_url_, "crm.documents.>", 1);
  ASSERT_EQ(issued.size(), 1u);
  EXPECT_EQ(issued[0].subject, events::v1::kDocumentIssued.subject);
  EXPECT_EQ(issued[0].type, std::string(events::v1::kDocumentIssued.subject) + ".v1");
  events::v1::DocumentIssued payload;
  common::bus::FromJson(issued[0].data, &payload);
  EXPECT_EQ(payload.document(), document.name());
  EXPECT_EQ(payload.type(), "INVOICE");
  EXPECT_EQ(payload.number(), "2026-000001");
  EXPECT_EQ(payload.sequence_number(), 1);
  EXPECT_EQ(payload.issuer().issuer(), issuer.name());
  EXPECT_EQ(payload.issuer().inn(), "7707083893");
  EXPECT_EQ(payload.sale(), sale.sale());
  EXPECT_EQ(payload.client().legal_name(), "ООО «СтройМаш»");
  EXPECT_EQ(payload.edition_display_name(), "Волга-Строй 2026");
  ASSERT_EQ(payload.lines_size(), 1);
  EXPECT_EQ(payload.lines(0).quantity_milli(), 20000);
  EXPECT_EQ(payload.total_amount().minor_units(), 12200000);
  EXPECT_EQ(payload.total_in_words(), "Сто двадцать две тысячи рублей 00 копеек");
  EXPECT_EQ(payload.file_name(), "invoice-2026-000001.pdf");
  EXPECT_EQ(payload.sha256(), common::db::Sha256Hex(file.content()));

  // The same event again (JetStream drops it as a duplicate), then the same sale under a new
  // event id (a replay): still one invoice and one DocumentIssued.
  const uint64_t processed = SalesConsumer().processed();
  PublishSale(sale, event_id);
  const std::string replay_id = common::NewUuid();
  PublishSale(sale, replay_id);
  ASSERT_TRUE(testing::Eventually([&] { return SalesConsumer().processed() >= processed + 1; }));
  EXPECT_EQ(Count("SELECT count(*) FROM processed_events WHERE event_id = '" + replay_id + "'"), 1);
  EXPECT_EQ(Count("SELECT count(*) FROM documents"), 1);
  EXPECT_EQ(Count("SELECT last_number FROM document_counters"), 1);
  EXPECT_EQ(
      testing::ReadStream(nats_url_, "crm.documents.>", 2, std::chrono::milliseconds(1500)).size(),
      1u);
  EXPECT_EQ(SalesConsumer().dead_lettered(), 0u);
}

TEST_F(DocumentsTest, NumbersAreGaplessPerIssuerTypeAndYear) {
  MustCreateIssuer(ValidIssuer());
  const events::v1::SaleRecorded first = Sale(common::NewUuid(), kMarch2026);
  // Its VAT contradicts the 22% rate: dead-lettered, and it must not consume a number.
  events::v1::SaleRecorded poison = Sale(common::NewUuid(), kMarch2026 + 60);
  *poison.mutable_vat_amount() = Rub(2000000);
  *poison.mutable_total_amount() = Rub(12000000);
  const events::v1::SaleRecorded second = Sale(common::NewUuid(), kMarch2026 + 120, 1250);
  // 2027-02-01 10:00 UTC: the next year starts its own series.
  const events::v1::SaleRecorded next_year = Sale(common::NewUuid(), 1801476000);
  PublishSale(first, common::NewUuid());
  PublishSale(poison, common::NewUuid());
  PublishSale(second, common::NewUuid());
  PublishSale(next_year, common::NewUuid());
  ASSERT_TRUE(WaitForDocuments(3));
  ASSERT_TRUE(testing::Eventually([&] { return SalesConsumer().dead_lettered() == 1; }));

  EXPECT_EQ(Numbers(), (std::vector<std::string>{"2026-000001", "2026-000002", "2027-000001"}));
  EXPECT_TRUE(ListDocuments(poison.sale()).documents().empty());
  EXPECT_EQ(ListDocuments(second.sale()).documents(0).number(), "2026-000002");
  EXPECT_EQ(ListDocuments(second.sale()).documents(0).total_amount().minor_units(), 7625000);

  // Newest first, page by page.
  std::vector<std::string> numbers;
  std::string token;
  for (int page = 0; page < 5; ++page) {
    const v1::ListDocumentsResponse response = ListDocuments("", 2, token);
    for (const auto& d : response.documents()) {
      numbers.push_back(d.number());
    }
    token = response.next_page_token();
    if (token.empty()) {
      break;
    }
  }
  EXPECT_EQ(numbers, (std::vector<std::string>{"2027-000001", "2026-000002", "2026-000001"}));
  EXPECT_EQ(testing::ReadStream(nats_url_, "crm.documents.>", 3).size(), 3u);
}

TEST_F(DocumentsTest, SaleBeforeAnyIssuerIsRetriedAndIssuedOnceAnIssuerExists) {
  const double retries = ConsumedCount("retry");
  const events::v1::SaleRecorded sale = Sale(common::NewUuid(), kMarch2026);
  PublishSale(sale, common::NewUuid());
  ASSERT_TRUE(testing::Eventually([&] { return ConsumedCount("retry") > retries; }));
  EXPECT_EQ(Count("SELECT count(*) FROM documents"), 0);
  EXPECT_EQ(Count("SELECT count(*) FROM document_counters"), 0);

  const v1::Issuer issuer = MustCreateIssuer(ValidIssuer());
  ASSERT_TRUE(WaitForDocuments(1, std::chrono::seconds(60)));
  const v1::ListDocumentsResponse listed = ListDocuments(sale.sale());
  ASSERT_EQ(listed.documents_size(), 1);
  EXPECT_EQ(listed.documents(0).number(), "2026-000001");
  EXPECT_EQ(listed.documents(0).issuer(), issuer.name());
  EXPECT_EQ(SalesConsumer().dead_lettered(), 0u);
}

// 1,000 invoices from 16 parallel callers: numbers exactly 1..1000, one per sale, and never dated
// before the number below them although the sales' own dates arrive in no order.
TEST_F(DocumentsTest, ConcurrentIssuingIsGaplessOncePerSaleAndNeverBackwardsInDate) {
  MustCreateIssuer(ValidIssuer());
  constexpr int kThreads = 16;
  constexpr int kSales = 1000;
  std::vector<events::v1::SaleRecorded> sales;
  sales.reserve(kSales);
  for (int i = 0; i < kSales; ++i) {
    // Sale times scattered over 40 days of 2026 in a shuffled order (7919 is prime to 1000).
    sales.push_back(Sale(common::NewUuid(), kMarch2026 + int64_t{i * 7919 % kSales} * 3456));
  }
  // Sixteen callers with a connection each, as sixteen consumers or replicas would have (the
  // service's own pool is smaller). Thread t handles sales t, t + 16, ... and, racing the others,
  // the first sale too.
  common::db::Pool callers(db_url_, kThreads, Queries());
  std::vector<std::thread> threads;
  threads.reserve(kThreads);
  std::atomic<int> failures{0};
  for (int t = 0; t < kThreads; ++t) {
    threads.emplace_back([&, t] {
      try {
        callers.InTransaction([&](pqxx::work& tx) {
          IssueInvoiceForSale(tx, sales[0], "race-" + std::to_string(t), kInvoiceOnly);
        });
        for (int i = t; i < kSales; i += kThreads) {
          callers.InTransaction([&](pqxx::work& tx) {
            IssueInvoiceForSale(tx, sales[i], "event-" + std::to_string(i), kInvoiceOnly);
          });
        }
      } catch (const std::exception& e) {
        ADD_FAILURE() << e.what();
        ++failures;
      }
    });
  }
  for (auto& thread : threads) {
    thread.join();
  }
  ASSERT_EQ(failures.load(), 0);
  EXPECT_EQ(Count("SELECT count(*) FROM documents"), kSales);
  EXPECT_EQ(Count("SELECT count(DISTINCT sale_id) FROM documents"), kSales);
  EXPECT_EQ(Count("SELECT min(sequence_number) FROM documents"), 1);
  EXPECT_EQ(Count("SELECT max(sequence_number) FROM documents"), kSales);
  EXPECT_EQ(Count("SELECT count(DISTINCT sequence_number) FROM documents"), kSales);
  EXPECT_EQ(Count("SELECT last_number FROM document_counters"), kSales);
  EXPECT_EQ(Count("SELECT count(*) FROM outbox"), kSales);
  EXPECT_EQ(Count("SELECT count(*) FROM (SELECT issue_date < lag(issue_date) OVER "
                  "(ORDER BY sequence_number) AS backwards FROM documents) d WHERE backwards"),
            0);
  // The shuffled dates did reach the series: it spans more than one day.
  EXPECT_GT(Count("SELECT count(DISTINCT issue_date) FROM documents"), 1);
}

// ---------------------------------------------------------------------------------------------
// Closing an edition: acts

constexpr char kEdition[] =
    "projects/11111111-2222-4333-8444-555555555555/editions/66666666-7777-4888-9999-000000000000";

google::type::Date May20th2026() {
  google::type::Date date;
  date.set_year(2026);
  date.set_month(5);
  date.set_day(20);
  return date;
}

TEST_F(DocumentsTest, ClosingAnEditionIssuesOneActPerSaleInForceAndARerunOnlyWhatIsMissing) {
  MustCreateIssuer(ValidIssuer());
  const std::string first = common::NewUuid();
  const std::string second = common::NewUuid();
  const std::string cancelled = common::NewUuid();
  PublishSale(Sale(first, kMarch2026), common::NewUuid());
  PublishSale(Sale(second, kMarch2026 + 60, 3600), common::NewUuid());
  PublishSale(Sale(cancelled, kMarch2026 + 120), common::NewUuid());
  ASSERT_TRUE(WaitForDocuments(3));
  PublishCancelled(Cancellation(cancelled, kMarch2026 + 86400), common::NewUuid());
  ASSERT_TRUE(testing::Eventually(
      [&] { return Count("SELECT count(*) FROM documents WHERE status = 'ANNULLED'") == 1; }));

  const auto close = [&](const std::string& token, const v1::CloseEditionRequest& request,
                         v1::CloseEditionResponse* response) {
    grpc::ClientContext context;
    testing::Authorize(context, token);
    return stub_->CloseEdition(&context, request, response);
  };
  v1::CloseEditionRequest request;
  request.set_edition(kEdition);
  *request.mutable_close_date() = May20th2026();
  v1::CloseEditionResponse closed;
  ASSERT_TRUE(close(accountant_, request, &closed).ok());
  ASSERT_EQ(closed.issued_documents_size(), 2);  // the cancelled sale gets none
  EXPECT_EQ(closed.acts_total(), 2);
  ASSERT_EQ(closed.issued_vat_invoices_size(), 2);
  EXPECT_EQ(closed.vat_invoices_total(), 2);

  // The first act: its own series, the closing day, the invoice's lines and amounts.
  const v1::ListDocumentsResponse listed = ListDocuments(Sale(first, kMarch2026).sale());
  ASSERT_EQ(listed.documents_size(), 3);
  const v1::Document& act = listed.documents(1);  // newest first: VAT invoice, act, invoice
  EXPECT_EQ(act.name(), closed.issued_documents(0));
  EXPECT_EQ(act.type(), v1::DOCUMENT_TYPE_ACT);
  EXPECT_EQ(act.number(), "2026-000001");
  EXPECT_EQ(act.issue_date().month(), 5);
  EXPECT_EQ(act.issue_date().day(), 20);
  EXPECT_EQ(act.status(), v1::DOCUMENT_STATUS_ISSUED);
  EXPECT_EQ(act.total_amount().minor_units(), 12200000);
  EXPECT_EQ(act.file_name(), "act-2026-000001.pdf");
  const std::string text = PdfText(Download(act.name()).content());
  for (const char* expected :
       {"Акт об оказании услуг № 2026-000001 от 20.05.2026",
        "Исполнитель:", "ООО «Экспо-Волга», ИНН 7707083893, КПП 773601001",
        "Заказчик:", "ООО «СтройМаш», ИНН 7736050003, КПП 773601001", "площадь 20 м², стенд A-12",
        "Итого: 100 000,00", "НДС 22%: 22 000,00", "Всего (с учётом НДС): 122 000,00",
        "Всего оказано услуг 1, на сумму 122 000,00 руб.",
        "Сто двадцать две тысячи рублей 00 копеек",
        "Вышеперечисленные услуги выполнены полностью и в срок", "Волков А. В.", "М.П."}) {
    EXPECT_NE(text.find(expected), std::string::npos) << expected << "\n" << text;
  }
  // An act is not paid by QR code.
  EXPECT_THAT(PdfQrCodes(Download(act.name()).content()), ::testing::IsEmpty());

  // Its VAT invoice: the form of Decree 1137, its own series, the act's day, line 5а naming the
  // act, dashes for what does not apply to services.
  const v1::Document& vat_invoice = listed.documents(0);
  EXPECT_EQ(vat_invoice.name(), closed.issued_vat_invoices(0));
  EXPECT_EQ(vat_invoice.type(), v1::DOCUMENT_TYPE_VAT_INVOICE);
  EXPECT_EQ(vat_invoice.number(), "2026-000001");
  EXPECT_EQ(vat_invoice.issue_date().day(), 20);
  EXPECT_EQ(vat_invoice.total_amount().minor_units(), 12200000);
  EXPECT_EQ(vat_invoice.vat_amount().minor_units(), 2200000);
  EXPECT_EQ(vat_invoice.file_name(), "vat-invoice-2026-000001.pdf");
  const std::string form = PdfText(Download(vat_invoice.name()).content());
  for (const char* expected : {"Приложение № 1 к постановлению Правительства",
                               "от 26 декабря 2011 г. № 1137",
                               "Счёт-фактура № 2026-000001 от 20.05.2026 (1)",
                               "Исправление № — от — (1а)",
                               "Продавец: ООО «Экспо-Волга» (2)",
                               "Адрес: 443099, г. Самара, ул. Молодогвардейская, д. 10 (2а)",
                               "ИНН/КПП продавца: 7707083893/773601001 (2б)",
                               "Грузоотправитель и его адрес: — (3)",
                               "Грузополучатель и его адрес: — (4)",
                               "К платёжно-расчётному документу № — от — (5)",
                               "Документ об отгрузке № п/п 1 № 2026-000001 от 20.05.2026 (5а)",
                               "Покупатель: ООО «СтройМаш» (6)",
                               "Адрес: 101000, г. Москва, ул. Мясницкая, д. 1 (6а)",
                               "ИНН/КПП покупателя: 7736050003/773601001 (6б)",
                               "Валюта: наименование, код Российский рубль, 643 (7)",
                               "Идентификатор государственного контракта",
                               "(8)",
                               "1 1а 1б 2 2а 3 4 5 6 7 8 9 10 10а 11 12 12а 13",
                               "Наименование товара",
                               "Код",
                               "Налоговая",
                               "акциза",
                               "Страна",
                               "прослеживаемости",
                               "площадь 20 м², стенд A-12",
                               "055 м² 20 5 000,00 100 000,00",
                               "22% 22 000,00 122 000,00 — — — — — —",
                               "Всего к оплате (9) 100 000,00 Х Х 22 000,00 122 000,00",
                               "Руководитель организации",
                               "Главный бухгалтер",
                               "уполномоченное лицо",
                               "Волков А. В.",
                               "Соколова Е. Н.",
                               "Индивидуальный предприниматель или иное уполномоченное лицо"}) {
    EXPECT_NE(form.find(expected), std::string::npos) << expected << "\n" << form;
  }

  // Published for accounting like any document.
  const auto issued = testing::ReadStream(nats_url_, events::v1::kDocumentIssued, 7);
  int acts = 0;
  int vat_invoices = 0;
  for (const auto& event : issued) {
    events::v1::DocumentIssued payload;
    common::bus::FromJson(event.data, &payload);
    if (payload.type() == "ACT" || payload.type() == "VAT_INVOICE") {
      ++(payload.type() == "ACT" ? acts : vat_invoices);
      EXPECT_EQ(payload.issue_date().month(), 5);
    }
  }
  EXPECT_EQ(acts, 2);
  EXPECT_EQ(vat_invoices, 2);

  // Again: nothing new. A sale invoiced since, then again: only its act.
  v1::CloseEditionResponse again;
  ASSERT_TRUE(close(accountant_, request, &again).ok());
  EXPECT_EQ(again.issued_documents_size(), 0);
  EXPECT_EQ(again.acts_total(), 2);
  EXPECT_EQ(again.issued_vat_invoices_size(), 0);
  EXPECT_EQ(again.vat_invoices_total(), 2);
  PublishSale(Sale(common::NewUuid(), kMarch2026 + 180), common::NewUuid());
  ASSERT_TRUE(WaitForDocuments(8));
  v1::CloseEditionResponse late;
  ASSERT_TRUE(close(accountant_, request, &late).ok());
  EXPECT_EQ(late.issued_documents_size(), 1);
  EXPECT_EQ(late.acts_total(), 3);
  EXPECT_EQ(late.issued_vat_invoices_size(), 1);
  EXPECT_EQ(late.vat_invoices_total(), 3);
  for (const char* type : {"ACT", "VAT_INVOICE"}) {
    SCOPED_TRACE(type);
    const std::string of_type = " FROM documents WHERE doc_type = '" + std::string(type) + "'";
    EXPECT_EQ(Count("SELECT count(*)" + of_type), 3);
    EXPECT_EQ(Count("SELECT count(DISTINCT sale_id)" + of_type), 3);
    EXPECT_EQ(Count("SELECT max(sequence_number)" + of_type), 3);
  }
  // Each VAT invoice is dated as its act.
  EXPECT_EQ(Count("SELECT count(*) FROM documents v JOIN documents a ON a.sale_id = v.sale_id "
                  "AND a.doc_type = 'ACT' WHERE v.doc_type = 'VAT_INVOICE' "
                  "AND v.issue_date = a.issue_date"),
            3);

  // Bad input changes nothing; so does a caller without the accountant's role.
  struct Case {
    const char* what;
    v1::CloseEditionRequest request;
    std::vector<std::string> fields;
  };
  v1::CloseEditionRequest no_edition;
  v1::CloseEditionRequest bad_edition = request;
  bad_edition.set_edition("editions/66666666-7777-4888-9999-000000000000");
  v1::CloseEditionRequest future = request;
  future.mutable_close_date()->set_year(2099);
  v1::CloseEditionRequest no_such_day = request;
  no_such_day.mutable_close_date()->set_day(31);
  no_such_day.mutable_close_date()->set_month(2);
  for (const Case& c : std::vector<Case>{{"no edition", no_edition, {"edition"}},
                                         {"bad edition", bad_edition, {"edition"}},
                                         {"future date", future, {"close_date"}},
                                         {"no such day", no_such_day, {"close_date"}}}) {
    SCOPED_TRACE(c.what);
    v1::CloseEditionResponse response;
    const grpc::Status status = close(accountant_, c.request, &response);
    EXPECT_EQ(status.error_code(), grpc::INVALID_ARGUMENT);
    EXPECT_THAT(testing::ViolatedFields(status), ::testing::ElementsAreArray(c.fields));
  }
  v1::CloseEditionResponse denied;
  EXPECT_EQ(close(Token({Role::kSalesManager}), request, &denied).error_code(),
            grpc::PERMISSION_DENIED);
  EXPECT_EQ(close(Token({Role::kSalesHead}), request, &denied).error_code(),
            grpc::PERMISSION_DENIED);
  EXPECT_EQ(close("", request, &denied).error_code(), grpc::UNAUTHENTICATED);
  EXPECT_EQ(Count("SELECT count(*) FROM documents WHERE doc_type = 'ACT'"), 3);
}

TEST_F(DocumentsTest, ASixtyLineSalesVatInvoiceBreaksAcrossPagesUnderTheRepeatedHeader) {
  MustCreateIssuer(ValidIssuer());
  // The stand and 59 services of 1 000,00 each.
  constexpr int kServices = 59;
  PublishSale(SaleWithServices(kServices), common::NewUuid());
  ASSERT_TRUE(WaitForDocuments(1));
  const v1::CloseEditionResponse closed = CloseOnMay20th(kEdition);
  ASSERT_EQ(closed.issued_vat_invoices_size(), 1);

  const std::string pdf = Download(closed.issued_vat_invoices(0)).content();
  std::vector<std::string> pages = common::db::SplitList(testing::PdfLayoutText(pdf), '\f');
  pages.pop_back();  // after the last page's form feed
  ASSERT_GT(pages.size(), 1u);
  for (std::size_t page = 0; page < pages.size(); ++page) {
    SCOPED_TRACE("page " + std::to_string(page + 1));
    // The header with its row of column numbers, and the page's place in the document.
    EXPECT_NE(pages[page].find("Наименование товара"), std::string::npos) << pages[page];
    EXPECT_NE(pages[page].find("10а"), std::string::npos) << pages[page];
    EXPECT_NE(pages[page].find("страница " + std::to_string(page + 1) + " из " +
                               std::to_string(pages.size())),
              std::string::npos);
  }
  const std::string text = PdfText(pdf);
  for (int i = 1; i <= kServices; ++i) {
    EXPECT_NE(text.find("позиция " + std::to_string(i) + " "), std::string::npos) << i;
  }
  EXPECT_NE(text.find("Документ об отгрузке № п/п 1–60 № 2026-000001 от 20.05.2026 (5а)"),
            std::string::npos)
      << text;
  EXPECT_NE(text.find("Всего к оплате (9) 159 000,00 Х Х 34 980,00 193 980,00"), std::string::npos)
      << text;
}

// Acts issued before VAT invoices existed: the next closing run issues only their VAT invoices,
// naming the acts in line 5а and dated as they are.
TEST_F(DocumentsTest, AnActWithoutItsVatInvoiceGetsItOnTheNextRun) {
  MustCreateIssuer(ValidIssuer());
  const std::string sale_id = common::NewUuid();
  PublishSale(Sale(sale_id, kMarch2026), common::NewUuid());
  ASSERT_TRUE(WaitForDocuments(1));
  ASSERT_EQ(CloseOnMay20th(kEdition).issued_vat_invoices_size(), 1);
  // As the documents of the earlier version left it: the act, and no VAT invoice series.
  server_->pool().InTransaction([](pqxx::work& tx) {
    tx.exec("DELETE FROM documents WHERE doc_type = 'VAT_INVOICE'");
    tx.exec("DELETE FROM document_counters WHERE doc_type = 'VAT_INVOICE'");
  });

  const v1::CloseEditionResponse again = CloseOnMay20th(kEdition);
  EXPECT_EQ(again.issued_documents_size(), 0);
  EXPECT_EQ(again.acts_total(), 1);
  ASSERT_EQ(again.issued_vat_invoices_size(), 1);
  EXPECT_EQ(again.vat_invoices_total(), 1);
  const std::string text = PdfText(Download(again.issued_vat_invoices(0)).content());
  EXPECT_NE(text.find("Документ об отгрузке № п/п 1 № 2026-000001 от 20.05.2026 (5а)"),
            std::string::npos)
      << text;
  EXPECT_EQ(CloseOnMay20th(kEdition).issued_vat_invoices_size(), 0);
}

TEST_F(DocumentsTest, AnAmendmentAfterClosingIssuesACorrectiveVatInvoiceFromTheLastState) {
  MustCreateIssuer(ValidIssuer());
  const std::string sale_id = common::NewUuid();
  PublishSale(Sale(sale_id, kMarch2026), common::NewUuid());
  ASSERT_TRUE(WaitForDocuments(1));
  ASSERT_EQ(CloseOnMay20th(kEdition).issued_vat_invoices_size(), 1);
  const auto correctives = [&] {
    grpc::ClientContext context;
    testing::Authorize(context, accountant_);
    v1::ListDocumentsRequest request;
    request.set_sale("sales/" + sale_id);
    request.set_type(v1::DOCUMENT_TYPE_CORRECTIVE_VAT_INVOICE);
    v1::ListDocumentsResponse response;
    EXPECT_TRUE(stub_->ListDocuments(&context, request, &response).ok());
    return response;
  };

  // After the show the stand is found to be 25 m², not 20: the buyer's VAT invoice is corrected
  // upwards, dated the amendment's day.
  constexpr int64_t kMay25th = kMarch2026 + 71 * 86400;  // 2026-05-25
  PublishAmended(Amendment(sale_id, 2500, kMay25th), common::NewUuid());
  ASSERT_TRUE(testing::Eventually([&] { return correctives().documents_size() == 1; }));
  const v1::Document first = correctives().documents(0);
  EXPECT_EQ(first.number(), "2026-000001");
  EXPECT_EQ(first.issue_date().day(), 25);
  EXPECT_EQ(first.total_amount().minor_units(), 15250000);  // the state after the change
  EXPECT_EQ(first.file_name(), "corrective-vat-invoice-2026-000001.pdf");
  const std::string text = PdfText(Download(first.name()).content());
  for (const char* expected :
       {"Приложение № 2 к постановлению Правительства Российской Федерации от 26 декабря 2011 г.",
        "Корректировочный счёт-фактура № 2026-000001 от 25.05.2026 (1)",
        "к счёту-фактуре № 2026-000001 от 20.05.2026",
        "(1а)",
        "(1б)",
        "ООО «Экспо-Волга»",
        "7707083893/773601001",
        "ООО «СтройМаш»",
        "7736050003/773601001",
        "Российский рубль, 643",
        "А (до изменения)",
        "Б (после изменения)",
        "В (увеличение)",
        "Г (уменьшение)",
        "100 000,00",
        "125 000,00",
        "25 000,00",
        "22 000,00",
        "27 500,00",
        "5 500,00",
        "152 500,00",
        "30 500,00",
        "Всего увеличение (сумма строк В)",
        "Всего уменьшение (сумма строк Г)",
        "Волков А. В.",
        "Соколова Е. Н."}) {
    EXPECT_NE(text.find(expected), std::string::npos) << expected << "\n" << text;
  }
  {
    const auto issued = testing::ReadStream(nats_url_, events::v1::kDocumentIssued, 4);
    events::v1::DocumentIssued corrective;
    for (const auto& event : issued) {
      events::v1::DocumentIssued payload;
      common::bus::FromJson(event.data, &payload);
      if (payload.type() == "CORRECTIVE_VAT_INVOICE") {
        corrective = payload;
      }
    }
    EXPECT_EQ(corrective.document(), first.name());
    EXPECT_TRUE(common::ParseResourceId(corrective.corrects(), "documents").has_value());
  }

  // Then down to 15 m²: the next corrective starts from 25 m², the state the first one left,
  // and decreases; a redelivery of the amendment issues nothing more.
  const events::v1::SaleAmended smaller = Amendment(sale_id, 1500, kMay25th + 86400);
  PublishAmended(smaller, common::NewUuid());
  ASSERT_TRUE(testing::Eventually([&] { return correctives().documents_size() == 2; }));
  PublishAmended(smaller, common::NewUuid());
  const v1::Document second = correctives().documents(0);
  EXPECT_EQ(second.number(), "2026-000002");
  const std::string decreased = PdfText(Download(second.name()).content());
  for (const char* expected : {"125 000,00", "75 000,00", "50 000,00", "11 000,00", "61 000,00",
                               "к счёту-фактуре № 2026-000001 от 20.05.2026"}) {
    EXPECT_NE(decreased.find(expected), std::string::npos) << expected << "\n" << decreased;
  }
  ASSERT_TRUE(testing::Eventually([&] {
    return Count("SELECT count(*) FROM processed_events WHERE consumer = 'documents-sales'") == 4;
  }));
  EXPECT_EQ(correctives().documents_size(), 2);
  EXPECT_EQ(SalesConsumer().dead_lettered(), 0u);
}

TEST_F(DocumentsTest, ASaleClosedWithAUpdIsCorrectedByAUkd) {
  v1::Issuer issuer = ValidIssuer();
  issuer.set_closing_documents(v1::CLOSING_DOCUMENTS_UPD_STATUS_1);
  issuer.set_director_position("Генеральный директор");
  MustCreateIssuer(issuer);
  const std::string sale_id = common::NewUuid();
  PublishSale(Sale(sale_id, kMarch2026), common::NewUuid());
  ASSERT_TRUE(WaitForDocuments(1));
  ASSERT_EQ(CloseOnMay20th(kEdition).issued_upds_size(), 1);

  PublishAmended(Amendment(sale_id, 2500, kMarch2026 + 71 * 86400), common::NewUuid());
  grpc::ClientContext context;
  testing::Authorize(context, accountant_);
  v1::ListDocumentsRequest request;
  request.set_sale("sales/" + sale_id);
  request.set_type(v1::DOCUMENT_TYPE_UKD);
  v1::ListDocumentsResponse ukds;
  ASSERT_TRUE(testing::Eventually([&] {
    grpc::ClientContext each;
    testing::Authorize(each, accountant_);
    ukds.Clear();
    return stub_->ListDocuments(&each, request, &ukds).ok() && ukds.documents_size() == 1;
  }));
  const v1::Document& ukd = ukds.documents(0);
  EXPECT_EQ(ukd.number(), "УК-2026-000001");
  EXPECT_EQ(ukd.file_name(), "ukd-2026-000001.pdf");
  EXPECT_EQ(ukd.total_amount().minor_units(), 15250000);
  const std::string text = PdfText(Download(ukd.name()).content());
  for (const char* expected :
       // The box and the labels wrap in their columns, which -layout interleaves.
       {"Универсальный", "корректировочный документ", "Статус: 1",
        "Корректировочный счёт-фактура № УК-2026-000001 от 25.05.2026 (1)",
        "к счёту-фактуре (передаточному документу)", "У-2026-000001 от 20.05.2026",
        "А (до изменения)", "В (увеличение)", "25 000,00", "5 500,00", "30 500,00",
        "изменение условий участия в выставке «Волга-Строй 2026», согласованное сторонами [8]",
        "Генеральный директор ________________ Волков А. В.", "[15]"}) {
    EXPECT_NE(text.find(expected), std::string::npos) << expected << "\n" << text;
  }
  EXPECT_EQ(ukd.upd_status(), 1);
  EXPECT_EQ(Count("SELECT count(*) FROM documents WHERE doc_type = 'CORRECTIVE_VAT_INVOICE'"), 0);
  EXPECT_EQ(SalesConsumer().dead_lettered(), 0u);
}

// A sale closed with a УПД of status 2 (the transfer document) and its VAT invoice, then amended:
// the VAT invoice gets its corrective VAT invoice, the УПД a УКД of status 2 — the corrective
// transfer document, which is no VAT invoice — both from the state before to the amended one.
TEST_F(DocumentsTest,
       ASaleClosedWithAUpdOfStatus2IsCorrectedByAUkdOfStatus2AndACorrectiveVatInvoice) {
  v1::Issuer issuer = ValidIssuer();
  issuer.set_closing_documents(v1::CLOSING_DOCUMENTS_UPD_STATUS_2);
  issuer.set_director_position("Генеральный директор");
  MustCreateIssuer(issuer);
  const std::string sale_id = common::NewUuid();
  const std::string sale = "sales/" + sale_id;
  PublishSale(Sale(sale_id, kMarch2026), common::NewUuid());
  ASSERT_TRUE(WaitForDocuments(1));
  ASSERT_EQ(CloseOnMay20th(kEdition).issued_upds_size(), 1);
  const std::vector<v1::Document> vat_invoices = OfType(sale, v1::DOCUMENT_TYPE_VAT_INVOICE);
  ASSERT_EQ(vat_invoices.size(), 1u);

  PublishAmended(Amendment(sale_id, 2500, kMarch2026 + 71 * 86400), common::NewUuid());
  ASSERT_TRUE(testing::Eventually([&] {
    return OfType(sale, v1::DOCUMENT_TYPE_UKD).size() == 1 &&
           OfType(sale, v1::DOCUMENT_TYPE_CORRECTIVE_VAT_INVOICE).size() == 1;
  }));
  const v1::Document ukd = OfType(sale, v1::DOCUMENT_TYPE_UKD)[0];
  EXPECT_EQ(ukd.upd_status(), 2);
  EXPECT_EQ(ukd.number(), "УК-2026-000001");
  EXPECT_EQ(ukd.total_amount().minor_units(), 15250000);
  const std::string text = PdfText(Download(ukd.name()).content());
  for (const char* expected :
       {"Универсальный", "корректировочный документ", "Статус: 2",
        "Корректировочный счёт-фактура № УК-2026-000001 от 25.05.2026 (1)",
        "к передаточному документу №", "У-2026-000001 от 20.05.2026", "А (до изменения)",
        "Б (после изменения)", "В (увеличение)", "Г (уменьшение)", "25 000,00", "5 500,00",
        "30 500,00",
        "изменение условий участия в выставке «Волга-Строй 2026», согласованное сторонами [8]",
        "Генеральный директор ________________ Волков А. В.", "[15]"}) {
    EXPECT_NE(text.find(expected), std::string::npos) << expected << "\n" << text;
  }
  EXPECT_EQ(text.find("к счёту-фактуре (передаточному документу)"), std::string::npos) << text;

  // The corrective VAT invoice beside it corrects the VAT invoice, by the same amounts.
  const v1::Document corrective = OfType(sale, v1::DOCUMENT_TYPE_CORRECTIVE_VAT_INVOICE)[0];
  EXPECT_EQ(corrective.upd_status(), 0);
  EXPECT_EQ(corrective.total_amount().minor_units(), 15250000);
  const std::string corrective_text = PdfText(Download(corrective.name()).content());
  for (const std::string& expected :
       {std::string("к счёту-фактуре №"), vat_invoices[0].number() + " от 20.05.2026",
        std::string("В (увеличение)"), std::string("30 500,00")}) {
    EXPECT_NE(corrective_text.find(expected), std::string::npos) << expected << "\n"
                                                                 << corrective_text;
  }
  EXPECT_EQ(corrective_text.find("Статус"), std::string::npos) << corrective_text;

  // Both published, the УКД naming the УПД it corrects.
  std::map<std::string, std::string> corrects;
  for (const auto& message : testing::ReadStream(nats_url_, events::v1::kDocumentIssued, 6)) {
    events::v1::DocumentIssued issued;
    common::bus::FromJson(message.data, &issued);
    if (!issued.corrects().empty()) {
      corrects[issued.type()] = issued.corrects();
    }
  }
  const std::vector<v1::Document> upds = OfType(sale, v1::DOCUMENT_TYPE_UPD);
  ASSERT_EQ(upds.size(), 1u);
  EXPECT_EQ(corrects["UKD"], upds[0].name());
  EXPECT_EQ(corrects["CORRECTIVE_VAT_INVOICE"], vat_invoices[0].name());
  EXPECT_EQ(SalesConsumer().dead_lettered(), 0u);
}

events::v1::EditionUpdated EditionEvent(const std::string& edition, int year, int month, int day,
                                        const std::string& status) {
  events::v1::EditionUpdated updated;
  updated.mutable_edition()->set_edition(edition);
  updated.mutable_edition()->set_display_name("Волга-Строй");
  updated.mutable_edition()->mutable_end_date()->set_year(year);
  updated.mutable_edition()->mutable_end_date()->set_month(month);
  updated.mutable_edition()->mutable_end_date()->set_day(day);
  updated.set_status(status);
  return updated;
}

// ---------------------------------------------------------------------------------------------
// Closing modes: act and VAT invoice, or УПД

// Three issuers, one per closing mode, each primary when its sale is invoiced: the act mode's
// sale, the УПД 1's and the УПД 2's. Closing gives each what its issuer asks for, in the same
// run; a re-run issues nothing, and a sale closed by an act gets no УПД when its issuer turns to
// УПД afterwards.
TEST_F(DocumentsTest, EachIssuersClosingModeClosesItsSalesAndARerunIssuesNothing) {
  // Sales are invoiced by the primary issuer of the moment.
  const auto invoiced_by = [&](const v1::Issuer& issuer, int64_t sale_time) {
    std::string sale_id = common::NewUuid();
    server_->pool().InTransaction([&](pqxx::work& tx) {
      IssueInvoiceForSale(tx, Sale(sale_id, sale_time), "sale-" + sale_id, kInvoiceOnly);
    });
    EXPECT_EQ(ListDocuments("sales/" + sale_id).documents(0).issuer(), issuer.name());
    return sale_id;
  };
  v1::Issuer act_issuer = ValidIssuer();
  act_issuer.set_closing_documents(v1::CLOSING_DOCUMENTS_ACT_AND_VAT_INVOICE);
  act_issuer = MustCreateIssuer(act_issuer);
  EXPECT_EQ(act_issuer.closing_documents(), v1::CLOSING_DOCUMENTS_ACT_AND_VAT_INVOICE);
  const std::string act_sale = invoiced_by(act_issuer, kMarch2026);

  // The second issuer is created with the default and set to УПД 1 by an update.
  v1::Issuer upd1_issuer = IssuerWithAccount("40702810938000055555");
  upd1_issuer.set_primary(true);
  upd1_issuer.set_director_position("Генеральный директор");
  upd1_issuer = MustCreateIssuer(upd1_issuer);
  EXPECT_EQ(upd1_issuer.closing_documents(), v1::CLOSING_DOCUMENTS_UNSPECIFIED);
  v1::Issuer changed;
  changed.set_name(upd1_issuer.name());
  changed.set_etag(upd1_issuer.etag());
  changed.set_closing_documents(v1::CLOSING_DOCUMENTS_UPD_STATUS_1);
  ASSERT_TRUE(UpdateIssuerAs(accountant_, changed, {"closing_documents"}, &upd1_issuer).ok());
  EXPECT_EQ(upd1_issuer.closing_documents(), v1::CLOSING_DOCUMENTS_UPD_STATUS_1);
  const std::string upd1_sale = invoiced_by(upd1_issuer, kMarch2026 + 60);

  v1::Issuer upd2_issuer = IssuerWithAccount("40702810938000077777");
  upd2_issuer.set_primary(true);
  upd2_issuer.set_closing_documents(v1::CLOSING_DOCUMENTS_UPD_STATUS_2);
  upd2_issuer = MustCreateIssuer(upd2_issuer);
  const std::string upd2_sale = invoiced_by(upd2_issuer, kMarch2026 + 120);

  // ListIssuers shows each issuer's mode.
  {
    grpc::ClientContext context;
    testing::Authorize(context, Token({Role::kSalesManager}));
    v1::ListIssuersResponse listed;
    ASSERT_TRUE(stub_->ListIssuers(&context, v1::ListIssuersRequest(), &listed).ok());
    ASSERT_EQ(listed.issuers_size(), 3);
    EXPECT_EQ(listed.issuers(0).closing_documents(), v1::CLOSING_DOCUMENTS_ACT_AND_VAT_INVOICE);
    EXPECT_EQ(listed.issuers(1).closing_documents(), v1::CLOSING_DOCUMENTS_UPD_STATUS_1);
    EXPECT_EQ(listed.issuers(2).closing_documents(), v1::CLOSING_DOCUMENTS_UPD_STATUS_2);
    act_issuer = listed.issuers(0);  // its etag moved when it stopped being primary
  }

  // The edition ended on 19 May: the periodic job closes it, dated that day, without anyone
  // asking; a run asked for afterwards issues nothing.
  testing::PublishEvent(nats_url_, events::v1::kEditionUpdated, common::NewUuid(),
                        EditionEvent(kEdition, 2026, 5, 19, "open"), kEdition);
  ASSERT_TRUE(testing::Eventually(
      [&] { return Count("SELECT count(*) FROM documents WHERE doc_type <> 'INVOICE'") == 5; }));
  const v1::CloseEditionResponse closed = CloseOnMay20th(kEdition);
  EXPECT_EQ(closed.issued_documents_size(), 0);
  EXPECT_EQ(closed.issued_vat_invoices_size(), 0);
  EXPECT_EQ(closed.issued_upds_size(), 0);
  EXPECT_EQ(closed.acts_total(), 1);
  EXPECT_EQ(closed.vat_invoices_total(), 2);  // the act's and the УПД 2's
  EXPECT_EQ(closed.upds_total(), 2);

  // The act mode: as before.
  const v1::ListDocumentsResponse act_docs = ListDocuments("sales/" + act_sale);
  ASSERT_EQ(act_docs.documents_size(), 3);
  EXPECT_EQ(act_docs.documents(1).type(), v1::DOCUMENT_TYPE_ACT);
  EXPECT_EQ(act_docs.documents(0).type(), v1::DOCUMENT_TYPE_VAT_INVOICE);

  // УПД 1: one document, no act, no VAT invoice.
  const v1::ListDocumentsResponse upd1_docs = ListDocuments("sales/" + upd1_sale);
  ASSERT_EQ(upd1_docs.documents_size(), 2);
  const v1::Document& upd1 = upd1_docs.documents(0);
  EXPECT_EQ(upd1.type(), v1::DOCUMENT_TYPE_UPD);
  EXPECT_EQ(upd1.upd_status(), 1);
  EXPECT_EQ(upd1.number(), "У-2026-000001");
  EXPECT_EQ(upd1.file_name(), "upd-2026-000001.pdf");
  EXPECT_EQ(upd1.issue_date().day(), 19);
  EXPECT_EQ(upd1.issuer(), upd1_issuer.name());
  EXPECT_EQ(upd1.total_amount().minor_units(), 12200000);
  EXPECT_EQ(upd1.vat_amount().minor_units(), 2200000);
  const std::string upd1_text = PdfText(Download(upd1.name()).content());
  for (const char* expected :
       {"Универсальный", "Статус: 1", "Счёт-фактура № У-2026-000001 от 19.05.2026 (1)",
        "Продавец: ООО «Экспо-Волга» (2)", "ИНН/КПП продавца: 7707083893/773601001 (2б)",
        "Документ об отгрузке № п/п 1 № У-2026-000001 от 19.05.2026 (5а)",
        "Покупатель: ООО «СтройМаш» (6)", "ИНН/КПП покупателя: 7736050003/773601001 (6б)",
        "А 1 1а 1б 2 2а 3 4 5 6 7 8 9 10 10а 11 12 12а 13", "площадь 20 м², стенд A-12",
        "22% 22 000,00 122 000,00", "Всего к оплате (9) 100 000,00 Х Х 22 000,00 122 000,00",
        "счёт на оплату № 2026-000001 от 15.03.2026 [8]",
        "Генеральный директор ________________ Волков А. В.",
        "Дата отгрузки, передачи (сдачи): 19.05.2026", "Соколова Е. Н.",
        "ООО «СтройМаш», ИНН/КПП 7736050003/773601001", "[19]"}) {
    EXPECT_NE(upd1_text.find(expected), std::string::npos) << expected << "\n" << upd1_text;
  }

  // УПД 2 and the VAT invoice naming it, dated as it.
  const v1::ListDocumentsResponse upd2_docs = ListDocuments("sales/" + upd2_sale);
  ASSERT_EQ(upd2_docs.documents_size(), 3);
  const v1::Document& upd2 = upd2_docs.documents(1);
  EXPECT_EQ(upd2.type(), v1::DOCUMENT_TYPE_UPD);
  EXPECT_EQ(upd2.upd_status(), 2);
  EXPECT_EQ(upd2.number(), "У-2026-000001");  // the series is the issuer's
  const v1::Document& upd2_vat = upd2_docs.documents(0);
  EXPECT_EQ(upd2_vat.type(), v1::DOCUMENT_TYPE_VAT_INVOICE);
  EXPECT_EQ(upd2_vat.upd_status(), 0);
  EXPECT_EQ(upd2_vat.issue_date().day(), 19);
  const std::string upd2_text = PdfText(Download(upd2.name()).content());
  EXPECT_NE(upd2_text.find("Статус: 2"), std::string::npos) << upd2_text;
  EXPECT_NE(upd2_text.find("ИНН/КПП продавца: — (2б)"), std::string::npos) << upd2_text;
  const std::string upd2_vat_text = PdfText(Download(upd2_vat.name()).content());
  EXPECT_NE(upd2_vat_text.find("Документ об отгрузке № п/п 1 № У-2026-000001 от 19.05.2026 (5а)"),
            std::string::npos)
      << upd2_vat_text;

  // Published for accounting with the type UPD.
  const auto issued = testing::ReadStream(nats_url_, events::v1::kDocumentIssued, 8);
  int upds = 0;
  for (const auto& event : issued) {
    events::v1::DocumentIssued payload;
    common::bus::FromJson(event.data, &payload);
    if (payload.type() == "UPD") {
      ++upds;
      EXPECT_EQ(payload.number(), "У-2026-000001");
      EXPECT_EQ(payload.file_name(), "upd-2026-000001.pdf");
    }
  }
  EXPECT_EQ(upds, 2);

  // The act issuer turns to УПД: its closed sale gets nothing more, and nothing else is issued.
  changed.set_name(act_issuer.name());
  changed.set_etag(act_issuer.etag());
  changed.set_closing_documents(v1::CLOSING_DOCUMENTS_UPD_STATUS_1);
  ASSERT_TRUE(UpdateIssuerAs(accountant_, changed, {"closing_documents"}, &act_issuer).ok());
  const v1::CloseEditionResponse again = CloseOnMay20th(kEdition);
  EXPECT_EQ(again.issued_documents_size(), 0);
  EXPECT_EQ(again.issued_vat_invoices_size(), 0);
  EXPECT_EQ(again.issued_upds_size(), 0);
  EXPECT_EQ(again.upds_total(), 2);
  EXPECT_EQ(Count("SELECT count(*) FROM documents WHERE doc_type <> 'INVOICE'"), 5);
  EXPECT_EQ(Count("SELECT count(*) FROM documents WHERE sale_id = '" + act_sale +
                  "' AND doc_type = 'UPD'"),
            0);
}

// A sale closed by its act before its issuer turned to УПД, its VAT invoice missing: the next run
// gives it the VAT invoice naming the act, not a УПД. A УПД 2 whose VAT invoice is missing gets
// it the same way, whatever the issuer says now.
TEST_F(DocumentsTest, ASaleClosedBeforeKeepsItsKindAndGetsOnlyWhatItLacks) {
  v1::Issuer issuer = MustCreateIssuer(ValidIssuer());
  const std::string act_sale = common::NewUuid();
  server_->pool().InTransaction([&](pqxx::work& tx) {
    IssueInvoiceForSale(tx, Sale(act_sale, kMarch2026), "act-sale", kInvoiceOnly);
  });
  ASSERT_EQ(CloseOnMay20th(kEdition).issued_documents_size(), 1);
  server_->pool().InTransaction([](pqxx::work& tx) {
    tx.exec("DELETE FROM documents WHERE doc_type = 'VAT_INVOICE'");
    tx.exec("DELETE FROM document_counters WHERE doc_type = 'VAT_INVOICE'");
    tx.exec("UPDATE issuers SET closing_documents = 'UPD_STATUS_1'");
  });
  v1::CloseEditionResponse again = CloseOnMay20th(kEdition);
  EXPECT_EQ(again.issued_upds_size(), 0);
  ASSERT_EQ(again.issued_vat_invoices_size(), 1);
  EXPECT_NE(PdfText(Download(again.issued_vat_invoices(0)).content())
                .find("Документ об отгрузке № п/п 1 № 2026-000001 от 20.05.2026 (5а)"),
            std::string::npos);

  server_->pool().InTransaction(
      [](pqxx::work& tx) { tx.exec("UPDATE issuers SET closing_documents = 'UPD_STATUS_2'"); });
  const std::string upd_sale = common::NewUuid();
  server_->pool().InTransaction([&](pqxx::work& tx) {
    IssueInvoiceForSale(tx, Sale(upd_sale, kMarch2026 + 60), "upd-sale", kInvoiceOnly);
  });
  again = CloseOnMay20th(kEdition);
  ASSERT_EQ(again.issued_upds_size(), 1);
  ASSERT_EQ(again.issued_vat_invoices_size(), 1);
  server_->pool().InTransaction([&](pqxx::work& tx) {
    tx.exec_params("DELETE FROM documents WHERE id = $1::uuid",
                   again.issued_vat_invoices(0).substr(std::string("documents/").size()));
    tx.exec(
        "UPDATE document_counters SET last_number = last_number - 1 "
        "WHERE doc_type = 'VAT_INVOICE'");
    tx.exec("UPDATE issuers SET closing_documents = 'ACT_AND_VAT_INVOICE'");
  });
  again = CloseOnMay20th(kEdition);
  EXPECT_EQ(again.issued_documents_size(), 0);
  EXPECT_EQ(again.issued_upds_size(), 0);
  ASSERT_EQ(again.issued_vat_invoices_size(), 1);
  EXPECT_NE(PdfText(Download(again.issued_vat_invoices(0)).content())
                .find("Документ об отгрузке № п/п 1 № У-2026-000001 от 20.05.2026 (5а)"),
            std::string::npos);
  EXPECT_EQ(CloseOnMay20th(kEdition).issued_vat_invoices_size(), 0);
  EXPECT_EQ(Count("SELECT count(*) FROM documents WHERE doc_type = 'ACT'"), 1);
  EXPECT_EQ(Count("SELECT count(*) FROM documents WHERE doc_type = 'UPD'"), 1);
  EXPECT_EQ(Count("SELECT count(*) FROM documents WHERE doc_type = 'VAT_INVOICE'"), 2);
}

// An unknown mode is a violation and changes nothing; only accountants set it.
TEST_F(DocumentsTest, AClosingModeIsValidatedAndSetOnlyByAccountants) {
  const v1::Issuer issuer = MustCreateIssuer(ValidIssuer());
  const auto update = [&](const std::string& token, int mode, v1::Issuer* out) {
    v1::Issuer changed;
    changed.set_name(issuer.name());
    changed.set_etag(issuer.etag());
    changed.set_closing_documents(static_cast<v1::ClosingDocuments>(mode));
    return UpdateIssuerAs(token, changed, {"closing_documents"}, out);
  };
  v1::Issuer out;
  const grpc::Status bad = update(accountant_, 7, &out);
  EXPECT_EQ(bad.error_code(), grpc::INVALID_ARGUMENT);
  EXPECT_THAT(testing::ViolatedFields(bad), ElementsAre("issuer.closing_documents"));
  for (Role role : {Role::kSalesManager, Role::kSalesHead, Role::kAnalyst, Role::kService}) {
    EXPECT_EQ(update(Token({role}), v1::CLOSING_DOCUMENTS_UPD_STATUS_1, &out).error_code(),
              grpc::PERMISSION_DENIED);
  }
  EXPECT_EQ(update("", v1::CLOSING_DOCUMENTS_UPD_STATUS_1, &out).error_code(),
            grpc::UNAUTHENTICATED);
  EXPECT_EQ(Count("SELECT count(*) FROM issuers WHERE closing_documents = '' AND version = 1"), 1);

  v1::Issuer created;
  v1::Issuer bad_create = IssuerWithAccount("40702810938000066666");
  bad_create.set_closing_documents(static_cast<v1::ClosingDocuments>(9));
  const grpc::Status refused = CreateIssuer(bad_create, &created);
  EXPECT_EQ(refused.error_code(), grpc::INVALID_ARGUMENT);
  EXPECT_THAT(testing::ViolatedFields(refused), ElementsAre("issuer.closing_documents"));
  EXPECT_EQ(Count("SELECT count(*) FROM issuers"), 1);

  ASSERT_TRUE(update(accountant_, v1::CLOSING_DOCUMENTS_UPD_STATUS_2, &out).ok());
  EXPECT_EQ(out.closing_documents(), v1::CLOSING_DOCUMENTS_UPD_STATUS_2);
  EXPECT_EQ(Count("SELECT count(*) FROM issuers WHERE closing_documents = 'UPD_STATUS_2'"), 1);
}

TEST_F(DocumentsTest, AnEditionThatHasEndedGetsItsActsWithoutAnyoneAsking) {
  MustCreateIssuer(ValidIssuer());
  const std::string later =
      "projects/11111111-2222-4333-8444-555555555555/editions/77777777-7777-4888-9999-000000000000";
  const std::string cancelled =
      "projects/11111111-2222-4333-8444-555555555555/editions/88888888-7777-4888-9999-000000000000";
  const auto sale_in = [](const std::string& edition, int64_t time) {
    events::v1::SaleRecorded sale = Sale(common::NewUuid(), time);
    sale.mutable_edition()->set_edition(edition);
    return sale;
  };
  PublishSale(sale_in(kEdition, kMarch2026), common::NewUuid());
  PublishSale(sale_in(later, kMarch2026 + 60), common::NewUuid());
  PublishSale(sale_in(cancelled, kMarch2026 + 120), common::NewUuid());
  ASSERT_TRUE(WaitForDocuments(3));
  const auto acts = [&] { return Count("SELECT count(*) FROM documents WHERE doc_type = 'ACT'"); };

  // Registry: the first show ended on 20 May, the second ends in 2099, the third was cancelled.
  testing::PublishEvent(nats_url_, events::v1::kEditionUpdated, common::NewUuid(),
                        EditionEvent(kEdition, 2026, 5, 20, "running"));
  testing::PublishEvent(nats_url_, events::v1::kEditionUpdated, common::NewUuid(),
                        EditionEvent(later, 2099, 1, 1, "open_for_sales"));
  testing::PublishEvent(nats_url_, events::v1::kEditionUpdated, common::NewUuid(),
                        EditionEvent(cancelled, 2026, 4, 1, "cancelled"));
  ASSERT_TRUE(testing::Eventually([&] { return acts() >= 1; }));
  EXPECT_EQ(Count("SELECT count(*) FROM documents WHERE doc_type = 'ACT' AND edition = '" +
                  std::string(kEdition) + "' AND issue_date = '2026-05-20'"),
            1);
  // Several closer runs later, still only that one.
  EXPECT_FALSE(testing::Eventually([&] { return acts() > 1; }, std::chrono::seconds(1)));

  // Registry closes the second show early: its act is dated today.
  testing::PublishEvent(nats_url_, events::v1::kEditionUpdated, common::NewUuid(),
                        EditionEvent(later, 2099, 1, 1, "closed"));
  ASSERT_TRUE(testing::Eventually([&] { return acts() == 2; }));
  EXPECT_EQ(Count("SELECT count(*) FROM documents WHERE doc_type = 'ACT' AND edition = '" + later +
                  "' AND issue_date = (now() AT TIME ZONE 'Europe/Samara')::date"),
            1);
  EXPECT_FALSE(testing::Eventually([&] { return acts() > 2; }, std::chrono::seconds(1)));
}

TEST_F(DocumentsTest, DocumentsAreListedByClientEditionKindStateAndIssueDay) {
  MustCreateIssuer(ValidIssuer());
  const std::string other_edition =
      "projects/11111111-2222-4333-8444-555555555555/editions/99999999-7777-4888-9999-000000000000";
  const std::string other_client = "clients/1b2c3d4e-4e5f-4a6b-8c7d-9e0f1a2b3c4d";
  const std::string first_id = common::NewUuid();
  const events::v1::SaleRecorded first = Sale(first_id, kMarch2026);
  events::v1::SaleRecorded second = Sale(common::NewUuid(), kMarch2026 + 2 * 86400);
  second.mutable_client()->set_client(other_client);
  events::v1::SaleRecorded third = Sale(common::NewUuid(), kMarch2026 + 4 * 86400);
  third.mutable_edition()->set_edition(other_edition);
  PublishSale(first, common::NewUuid());
  PublishSale(second, common::NewUuid());
  PublishSale(third, common::NewUuid());
  ASSERT_TRUE(WaitForDocuments(3));
  PublishCancelled(Cancellation(first_id, kMarch2026 + 86400), common::NewUuid());
  ASSERT_TRUE(testing::Eventually(
      [&] { return Count("SELECT count(*) FROM documents WHERE status = 'ANNULLED'") == 1; }));
  // The second sale's; the first was cancelled.
  ASSERT_EQ(CloseOnMay20th(kEdition).issued_documents_size(), 1);

  const auto list = [&](const v1::ListDocumentsRequest& request) {
    grpc::ClientContext context;
    testing::Authorize(context, accountant_);
    v1::ListDocumentsResponse response;
    const grpc::Status status = stub_->ListDocuments(&context, request, &response);
    EXPECT_TRUE(status.ok()) << status.error_message();
    std::vector<std::string> numbers;
    for (const v1::Document& document : response.documents()) {
      numbers.push_back(v1::DocumentType_Name(document.type()) + " " + document.number());
    }
    return numbers;
  };
  const auto date = [](int month, int day) {
    google::type::Date d;
    d.set_year(2026);
    d.set_month(month);
    d.set_day(day);
    return d;
  };
  v1::ListDocumentsRequest by_client;
  by_client.set_client(other_client);
  EXPECT_THAT(list(by_client),
              ElementsAre("DOCUMENT_TYPE_VAT_INVOICE 2026-000001", "DOCUMENT_TYPE_ACT 2026-000001",
                          "DOCUMENT_TYPE_INVOICE 2026-000002"));
  v1::ListDocumentsRequest by_edition;
  by_edition.set_edition(other_edition);
  EXPECT_THAT(list(by_edition), ElementsAre("DOCUMENT_TYPE_INVOICE 2026-000003"));
  v1::ListDocumentsRequest acts;
  acts.set_type(v1::DOCUMENT_TYPE_ACT);
  EXPECT_THAT(list(acts), ElementsAre("DOCUMENT_TYPE_ACT 2026-000001"));
  v1::ListDocumentsRequest vat_invoices;
  vat_invoices.set_type(v1::DOCUMENT_TYPE_VAT_INVOICE);
  EXPECT_THAT(list(vat_invoices), ElementsAre("DOCUMENT_TYPE_VAT_INVOICE 2026-000001"));
  v1::ListDocumentsRequest annulled;
  annulled.set_status(v1::DOCUMENT_STATUS_ANNULLED);
  EXPECT_THAT(list(annulled), ElementsAre("DOCUMENT_TYPE_INVOICE 2026-000001"));
  v1::ListDocumentsRequest days;
  *days.mutable_issued_from() = date(3, 16);
  *days.mutable_issued_to() = date(3, 19);
  EXPECT_THAT(list(days), ElementsAre("DOCUMENT_TYPE_INVOICE 2026-000003",
                                      "DOCUMENT_TYPE_INVOICE 2026-000002"));
  v1::ListDocumentsRequest invoices_in_force_of_the_edition;
  invoices_in_force_of_the_edition.set_edition(kEdition);
  invoices_in_force_of_the_edition.set_type(v1::DOCUMENT_TYPE_INVOICE);
  invoices_in_force_of_the_edition.set_status(v1::DOCUMENT_STATUS_ISSUED);
  EXPECT_THAT(list(invoices_in_force_of_the_edition),
              ElementsAre("DOCUMENT_TYPE_INVOICE 2026-000002"));

  // Bad conditions are named field by field.
  v1::ListDocumentsRequest bad;
  bad.set_client("clients/nope");
  bad.set_edition("editions/x");
  bad.set_type(static_cast<v1::DocumentType>(77));
  *bad.mutable_issued_from() = date(3, 20);
  *bad.mutable_issued_to() = date(3, 10);
  grpc::ClientContext context;
  testing::Authorize(context, accountant_);
  v1::ListDocumentsResponse response;
  const grpc::Status status = stub_->ListDocuments(&context, bad, &response);
  EXPECT_EQ(status.error_code(), grpc::INVALID_ARGUMENT);
  EXPECT_THAT(testing::ViolatedFields(status),
              UnorderedElementsAre("client", "edition", "type", "issued_to"));
}

// ---------------------------------------------------------------------------------------------
// Prepayments: advance VAT invoices

constexpr char kPayments[] = "documents-payments";

// crm.accounting.payment.received of payment order `number` on 2 April 2026, matched to the
// invoices of `shares` (sale uuid, kopecks).
events::v1::PaymentReceived Payment(const std::string& number,
                                    const std::vector<std::pair<std::string, int64_t>>& shares) {
  events::v1::PaymentReceived payment;
  payment.set_payment("payments/" + common::NewUuid());
  payment.set_number(number);
  payment.mutable_date()->set_year(2026);
  payment.mutable_date()->set_month(4);
  payment.mutable_date()->set_day(2);
  payment.set_client_inn("7736050003");
  payment.set_payer_name("ООО «СтройМаш»");
  int64_t total = 0;
  for (const auto& [sale_id, kopecks] : shares) {
    events::v1::PaymentInvoiceShare& share = *payment.add_matched_invoices();
    share.set_document("documents/" + common::NewUuid());
    share.set_number("2026-000001");
    share.set_sale("sales/" + sale_id);
    *share.mutable_amount() = Rub(kopecks);
    total += kopecks;
    payment.add_sales("sales/" + sale_id);
  }
  *payment.mutable_amount() = Rub(total);
  *payment.mutable_unallocated() = Rub(0);
  return payment;
}

TEST_F(DocumentsTest, APrepaymentGetsOneAdvanceVatInvoicePerSaleAndAClosedSaleNone) {
  MustCreateIssuer(ValidIssuer());
  const std::string first = common::NewUuid();
  const std::string second = common::NewUuid();
  PublishSale(Sale(first, kMarch2026), common::NewUuid());
  PublishSale(Sale(second, kMarch2026 + 60), common::NewUuid());
  ASSERT_TRUE(WaitForDocuments(2));
  const auto advances = [&] {
    return Count("SELECT count(*) FROM documents WHERE doc_type = 'ADVANCE_VAT_INVOICE'");
  };
  const auto handled = [&] { return ConsumedCount("ok", kPayments); };

  // 61 000,00 to the first sale in two shares, 24 400,00 to the second: one invoice per sale.
  const events::v1::PaymentReceived payment =
      Payment("318", {{first, 5000000}, {first, 1100000}, {second, 2440000}});
  const std::string event_id = common::NewUuid();
  testing::PublishEvent(nats_url_, events::v1::kPaymentReceived, event_id, payment,
                        payment.payment());
  ASSERT_TRUE(testing::Eventually([&] { return advances() == 2; }));

  v1::ListDocumentsRequest request;
  request.set_type(v1::DOCUMENT_TYPE_ADVANCE_VAT_INVOICE);
  grpc::ClientContext context;
  testing::Authorize(context, accountant_);
  v1::ListDocumentsResponse listed;
  ASSERT_TRUE(stub_->ListDocuments(&context, request, &listed).ok());
  ASSERT_EQ(listed.documents_size(), 2);
  const v1::Document& advance = listed.documents(1);  // newest first: the first sale's is older
  EXPECT_EQ(advance.sale(), "sales/" + first);
  EXPECT_EQ(advance.number(), "А-2026-000001");
  EXPECT_EQ(advance.issue_date().month(), 4);
  EXPECT_EQ(advance.issue_date().day(), 2);
  EXPECT_EQ(advance.total_amount().minor_units(), 6100000);
  EXPECT_EQ(advance.vat_amount().minor_units(), 1100000);  // 61 000,00 × 22/122
  EXPECT_EQ(advance.net_amount().minor_units(), 5000000);
  EXPECT_EQ(advance.vat_rate_bp(), 2200);
  EXPECT_EQ(listed.documents(0).number(), "А-2026-000002");
  EXPECT_EQ(listed.documents(0).vat_amount().minor_units(), 440000);
  const std::string text = PdfText(Download(advance.name()).content());
  for (const char* expected :
       {"Счёт-фактура № А-2026-000001 от 02.04.2026 (1)", "Продавец: ООО «Экспо-Волга» (2)",
        "К платёжно-расчётному документу № 318 от 02.04.2026 (5)",
        "Документ об отгрузке № п/п — (5а)", "Покупатель: ООО «СтройМаш» (6)",
        "Предварительная оплата за", "участие в выставке",
        "— — — — — — — 22/122 11 000,00 61 000,00 — — — — — —",
        "Всего к оплате (9) — Х Х 11 000,00 61 000,00"}) {
    EXPECT_NE(text.find(expected), std::string::npos) << expected << "\n" << text;
  }
  const auto issued = testing::ReadStream(nats_url_, events::v1::kDocumentIssued, 4);
  EXPECT_EQ(std::count_if(issued.begin(), issued.end(),
                          [](const auto& event) {
                            events::v1::DocumentIssued payload;
                            common::bus::FromJson(event.data, &payload);
                            return payload.type() == "ADVANCE_VAT_INVOICE";
                          }),
            2);

  // A restore from an older backup lost them, and the same event is handled again: they come
  // back under the ids they had, so accounting and analytics, which keep documents by id, count
  // them once.
  const auto advance_ids = [&] {
    return server_->pool().Read([](pqxx::read_transaction& tx) {
      std::vector<std::string> ids;
      for (const auto& row : tx.exec("SELECT id::text FROM documents "
                                     "WHERE doc_type = 'ADVANCE_VAT_INVOICE' ORDER BY id")) {
        ids.emplace_back(row[0].c_str());
      }
      return ids;
    });
  };
  const std::vector<std::string> first_ids = advance_ids();
  server_->pool().InTransaction([&](pqxx::work& tx) {
    tx.exec0("DELETE FROM documents WHERE doc_type = 'ADVANCE_VAT_INVOICE'");
    app::IssueAdvanceVatInvoices(tx, payment, event_id, std::nullopt);
  });
  EXPECT_EQ(advance_ids(), first_ids);

  // The same payment again (a replay under a new event id): nothing new.
  double before = handled();
  testing::PublishEvent(nats_url_, events::v1::kPaymentReceived, common::NewUuid(), payment,
                        payment.payment());
  ASSERT_TRUE(testing::Eventually([&] { return handled() > before; }));
  EXPECT_EQ(advances(), 2);

  // An unmatched payment: nothing.
  before = handled();
  testing::PublishEvent(nats_url_, events::v1::kPaymentReceived, common::NewUuid(),
                        Payment("319", {}), "");
  ASSERT_TRUE(testing::Eventually([&] { return handled() > before; }));
  EXPECT_EQ(advances(), 2);

  // Once a sale is closed by its act, its payments are no prepayments: nothing.
  ASSERT_EQ(CloseOnMay20th(kEdition).issued_documents_size(), 2);
  before = handled();
  testing::PublishEvent(nats_url_, events::v1::kPaymentReceived, common::NewUuid(),
                        Payment("320", {{first, 100000}}), "");
  ASSERT_TRUE(testing::Eventually([&] { return handled() > before; }));
  EXPECT_EQ(advances(), 2);
  EXPECT_EQ(server_->consumer(3).dead_lettered(), 0u);
}

// A sale closed by a УПД (either status) is closed as one closed by its act: a payment after it
// gets no advance VAT invoice.
TEST_F(DocumentsTest, APaymentForASaleClosedByAUpdIsNoPrepayment) {
  v1::Issuer issuer = ValidIssuer();
  issuer.set_closing_documents(v1::CLOSING_DOCUMENTS_UPD_STATUS_1);
  MustCreateIssuer(issuer);
  const std::string sale = common::NewUuid();
  server_->pool().InTransaction([&](pqxx::work& tx) {
    IssueInvoiceForSale(tx, Sale(sale, kMarch2026), "upd-sale", kInvoiceOnly);
  });
  ASSERT_EQ(CloseOnMay20th(kEdition).issued_upds_size(), 1);
  const double before = ConsumedCount("ok", kPayments);
  testing::PublishEvent(nats_url_, events::v1::kPaymentReceived, common::NewUuid(),
                        Payment("501", {{sale, 100000}}), "");
  ASSERT_TRUE(testing::Eventually([&] { return ConsumedCount("ok", kPayments) > before; }));
  EXPECT_EQ(Count("SELECT count(*) FROM documents WHERE doc_type = 'ADVANCE_VAT_INVOICE'"), 0);
}

TEST_F(DocumentsTest, APaymentMatchedByHandGetsItsAdvanceVatInvoiceToo) {
  MustCreateIssuer(ValidIssuer());
  const std::string sale = common::NewUuid();
  PublishSale(Sale(sale, kMarch2026), common::NewUuid());
  ASSERT_TRUE(WaitForDocuments(1));
  // The payment came in unmatched (no advance), then an accountant matched it to the sale.
  const events::v1::PaymentReceived unmatched = Payment("401", {});
  testing::PublishEvent(nats_url_, events::v1::kPaymentReceived, common::NewUuid(), unmatched,
                        unmatched.payment());
  const events::v1::PaymentReceived matched_shares = Payment("401", {{sale, 2440000}});
  events::v1::PaymentMatched matched;
  matched.set_payment(unmatched.payment());
  matched.set_number("401");
  *matched.mutable_date() = matched_shares.date();
  *matched.mutable_amount() = matched_shares.amount();
  matched.set_client_inn(matched_shares.client_inn());
  matched.set_payer_name(matched_shares.payer_name());
  *matched.mutable_matched_invoices() = matched_shares.matched_invoices();
  *matched.mutable_sales() = matched_shares.sales();
  *matched.mutable_unallocated() = Rub(0);
  matched.set_matched_by("employees/" + common::NewUuid());
  const std::string event_id = common::NewUuid();
  testing::PublishEvent(nats_url_, events::v1::kPaymentMatched, event_id, matched,
                        matched.payment());
  const std::string advances =
      "SELECT count(*) FROM documents WHERE doc_type = 'ADVANCE_VAT_INVOICE'";
  ASSERT_TRUE(testing::Eventually([&] { return Count(advances) == 1; }));
  EXPECT_EQ(Count("SELECT total_amount FROM documents WHERE doc_type = 'ADVANCE_VAT_INVOICE'"),
            2440000);
  EXPECT_EQ(Count("SELECT vat_amount FROM documents WHERE doc_type = 'ADVANCE_VAT_INVOICE'"),
            440000);
  // The same match announced again: nothing new.
  const double before = ConsumedCount("ok", kPayments);
  testing::PublishEvent(nats_url_, events::v1::kPaymentMatched, common::NewUuid(), matched,
                        matched.payment());
  ASSERT_TRUE(testing::Eventually([&] { return ConsumedCount("ok", kPayments) > before; }));
  EXPECT_EQ(Count(advances), 1);
}

// payment.matched of `payment`'s shares, made by an accountant at `time` (RFC 3339).
events::v1::PaymentMatched MatchedAt(const events::v1::PaymentReceived& payment,
                                     const std::string& time) {
  events::v1::PaymentMatched matched;
  matched.set_payment(payment.payment());
  matched.set_number(payment.number());
  *matched.mutable_date() = payment.date();
  *matched.mutable_amount() = payment.amount();
  *matched.mutable_matched_invoices() = payment.matched_invoices();
  *matched.mutable_sales() = payment.sales();
  *matched.mutable_unallocated() = Rub(0);
  matched.set_matched_by("employees/" + common::NewUuid());
  google::protobuf::util::TimeUtil::FromString(time, matched.mutable_match_time());
  return matched;
}

// payment.unmatched of every share of `payment` by `by` at `time` (RFC 3339).
events::v1::PaymentUnmatched UnmatchedAt(const events::v1::PaymentReceived& payment,
                                         const std::string& by, const std::string& time) {
  events::v1::PaymentUnmatched unmatched;
  unmatched.set_payment(payment.payment());
  unmatched.set_number(payment.number());
  *unmatched.mutable_date() = payment.date();
  *unmatched.mutable_amount() = payment.amount();
  *unmatched.mutable_unmatched_invoices() = payment.matched_invoices();
  *unmatched.mutable_sales() = payment.sales();
  *unmatched.mutable_unallocated() = payment.amount();
  unmatched.set_unmatched_by(by);
  google::protobuf::util::TimeUtil::FromString(time, unmatched.mutable_unmatch_time());
  return unmatched;
}

TEST_F(DocumentsTest, AnAdvanceVatInvoiceOfAnUndoneMatchIsAnnulledAndARematchIssuesANewOne) {
  MustCreateIssuer(ValidIssuer());
  const std::string sale = common::NewUuid();
  PublishSale(Sale(sale, kMarch2026), common::NewUuid());
  ASSERT_TRUE(WaitForDocuments(1));
  const std::string advances =
      "SELECT count(*) FROM documents WHERE doc_type = 'ADVANCE_VAT_INVOICE'";
  const std::string in_force = advances + " AND status = 'ISSUED'";
  const auto handled_after = [&](double before) {
    return testing::Eventually([&] { return ConsumedCount("ok", kPayments) > before; });
  };

  // Matched by hand at 09:00, the match undone by the accountant at 09:20: issued in error.
  const events::v1::PaymentReceived shares = Payment("401", {{sale, 2440000}});
  const events::v1::PaymentMatched first = MatchedAt(shares, "2026-04-02T09:00:00Z");
  const std::string first_event = common::NewUuid();
  testing::PublishEvent(nats_url_, events::v1::kPaymentMatched, first_event, first,
                        first.payment());
  ASSERT_TRUE(testing::Eventually([&] { return Count(in_force) == 1; }));
  const std::string accountant = "employees/" + common::NewUuid();
  const events::v1::PaymentUnmatched undone =
      UnmatchedAt(shares, accountant, "2026-04-02T09:20:00Z");
  testing::PublishEvent(nats_url_, events::v1::kPaymentUnmatched, common::NewUuid(), undone,
                        undone.payment());
  ASSERT_TRUE(testing::Eventually([&] { return Count(in_force) == 0; }));
  EXPECT_EQ(Count(advances), 1);
  const std::vector<v1::Document> annulled =
      OfType("sales/" + sale, v1::DOCUMENT_TYPE_ADVANCE_VAT_INVOICE);
  ASSERT_EQ(annulled.size(), 1u);
  EXPECT_EQ(annulled[0].status(), v1::DOCUMENT_STATUS_ANNULLED);
  EXPECT_THAT(annulled[0].annulment_reason(),
              ::testing::HasSubstr("сопоставление платежа № 401 со счётом отменено"));
  const auto published = testing::ReadStream(nats_url_, events::v1::kDocumentAnnulled, 1);
  ASSERT_EQ(published.size(), 1u);
  events::v1::DocumentAnnulled event;
  common::bus::FromJson(published[0].data, &event);
  EXPECT_EQ(event.document(), annulled[0].name());
  EXPECT_EQ(event.type(), "ADVANCE_VAT_INVOICE");
  EXPECT_EQ(event.annulled_by(), accountant);
  EXPECT_EQ(google::protobuf::util::TimeUtil::ToString(event.annul_time()), "2026-04-02T09:20:00Z");

  // The first match delivered again: a duplicate. Announced late under another event id (a
  // relay's replay): older than the undoing, it issues nothing.
  double before = ConsumedCount("duplicate", kPayments);
  testing::PublishEvent(nats_url_, events::v1::kPaymentMatched, first_event, first, first.payment(),
                        common::NewUuid());
  ASSERT_TRUE(testing::Eventually([&] { return ConsumedCount("duplicate", kPayments) > before; }));
  before = ConsumedCount("ok", kPayments);
  testing::PublishEvent(nats_url_, events::v1::kPaymentMatched, common::NewUuid(), first,
                        first.payment());
  ASSERT_TRUE(handled_after(before));
  EXPECT_EQ(Count(advances), 1);

  // Matched again at 10:00: a new advance VAT invoice, numbered on.
  testing::PublishEvent(nats_url_, events::v1::kPaymentMatched, common::NewUuid(),
                        MatchedAt(shares, "2026-04-02T10:00:00Z"), first.payment());
  ASSERT_TRUE(testing::Eventually([&] { return Count(in_force) == 1; }));
  EXPECT_EQ(Count(advances), 2);
  EXPECT_EQ(Count("SELECT sequence_number FROM documents WHERE doc_type = "
                  "'ADVANCE_VAT_INVOICE' AND status = 'ISSUED'"),
            2);

  // The 09:20 undoing delivered again: older than the new match, it annuls nothing.
  before = ConsumedCount("ok", kPayments);
  testing::PublishEvent(nats_url_, events::v1::kPaymentUnmatched, common::NewUuid(), undone,
                        undone.payment());
  ASSERT_TRUE(handled_after(before));
  EXPECT_EQ(Count(in_force), 1);
  EXPECT_EQ(server_->consumer(3).dead_lettered(), 0u);
}

// payment.refunded (or, `undone`, payment.refund_undone) of refund order 901 on 10 April 2026
// returning `kopecks` of `payment`, matched (or undone) at `time`.
template <class Event>
Event RefundAt(const events::v1::PaymentReceived& payment, int64_t kopecks,
               const std::string& refund, const std::string& time) {
  Event event;
  events::v1::RefundSnapshot& snapshot = *event.mutable_refund();
  snapshot.set_refund(refund);
  snapshot.set_number("901");
  snapshot.mutable_date()->set_year(2026);
  snapshot.mutable_date()->set_month(4);
  snapshot.mutable_date()->set_day(10);
  *snapshot.mutable_amount() = Rub(kopecks);
  snapshot.set_client_inn(payment.client_inn());
  snapshot.set_payee_name(payment.payer_name());
  snapshot.set_purpose("Возврат аванса по п/п " + payment.number());
  events::v1::PaymentRefundedShare& share = *snapshot.add_refunded_payments();
  share.set_payment(payment.payment());
  share.set_number(payment.number());
  *share.mutable_date() = payment.date();
  *share.mutable_amount() = Rub(kopecks);
  if constexpr (std::is_same_v<Event, events::v1::PaymentRefunded>) {
    event.set_matched_by("employees/" + common::NewUuid());
    google::protobuf::util::TimeUtil::FromString(time, event.mutable_match_time());
  } else {
    event.set_undone_by("employees/" + common::NewUuid());
    google::protobuf::util::TimeUtil::FromString(time, event.mutable_undo_time());
  }
  return event;
}

TEST_F(DocumentsTest, ARefundOfAReleasedPrepaymentMakesItsVatDeductibleUntilTheRefundIsUndone) {
  MustCreateIssuer(ValidIssuer());
  const std::string cancelled = common::NewUuid();
  const std::string going_on = common::NewUuid();
  PublishSale(Sale(cancelled, kMarch2026), common::NewUuid());
  PublishSale(Sale(going_on, kMarch2026 + 1), common::NewUuid());
  ASSERT_TRUE(WaitForDocuments(2));
  const events::v1::PaymentReceived payment = Payment("402", {{cancelled, 2440000}});
  const events::v1::PaymentReceived other = Payment("403", {{going_on, 1220000}});
  for (const events::v1::PaymentReceived& received : {payment, other}) {
    testing::PublishEvent(nats_url_, events::v1::kPaymentReceived, common::NewUuid(), received,
                          received.payment());
  }
  ASSERT_TRUE(testing::Eventually([&] {
    return Count("SELECT count(*) FROM documents WHERE doc_type = 'ADVANCE_VAT_INVOICE'") == 2;
  }));
  const auto advance_of = [&](const std::string& sale) {
    return OfType("sales/" + sale, v1::DOCUMENT_TYPE_ADVANCE_VAT_INVOICE).at(0);
  };
  const auto handled_after = [&](double before) {
    return testing::Eventually([&] { return ConsumedCount("ok", kPayments) > before; });
  };

  // The sale was cancelled: accounting released the payment from the annulled invoice. The
  // prepayment was real: its advance VAT invoice stays.
  double before = ConsumedCount("ok", kPayments);
  testing::PublishEvent(nats_url_, events::v1::kPaymentUnmatched, common::NewUuid(),
                        UnmatchedAt(payment, "services/accounting", "2026-04-05T12:00:00Z"),
                        payment.payment());
  ASSERT_TRUE(handled_after(before));
  EXPECT_EQ(advance_of(cancelled).status(), v1::DOCUMENT_STATUS_ISSUED);

  // Half of it goes back on 10 April: 12 200,00 with 2 200,00 of VAT now deductible.
  const std::string refund = "payments/" + common::NewUuid();
  const auto refunded =
      RefundAt<events::v1::PaymentRefunded>(payment, 1220000, refund, "2026-04-10T08:00:00Z");
  testing::PublishEvent(nats_url_, events::v1::kPaymentRefunded, common::NewUuid(), refunded,
                        refund);
  const std::string recorded = "SELECT COALESCE(sum(amount), 0) FROM advance_refunds";
  ASSERT_TRUE(testing::Eventually([&] { return Count(recorded) == 1220000; }));
  EXPECT_EQ(Count("SELECT COALESCE(sum(vat_amount), 0) FROM advance_refunds"), 220000);
  auto events = testing::ReadStream(nats_url_, events::v1::kDocumentAdvanceRefunded, 1);
  ASSERT_EQ(events.size(), 1u);
  events::v1::AdvanceRefunded event;
  common::bus::FromJson(events[0].data, &event);
  EXPECT_EQ(event.document(), advance_of(cancelled).name());
  EXPECT_EQ(event.number(), "А-2026-000001");
  EXPECT_EQ(event.payment(), payment.payment());
  EXPECT_EQ(event.refund(), refund);
  EXPECT_EQ(event.refund_number(), "901");
  EXPECT_EQ(event.refund_date().day(), 10);
  EXPECT_EQ(event.amount().minor_units(), 1220000);
  EXPECT_EQ(event.vat_amount().minor_units(), 220000);
  EXPECT_EQ(event.refunded_total().minor_units(), 1220000);
  EXPECT_EQ(event.deductible_vat_total().minor_units(), 220000);
  EXPECT_FALSE(event.undone());

  // The refund announced again (another hand match repeats all its shares): the same amounts.
  before = ConsumedCount("ok", kPayments);
  testing::PublishEvent(nats_url_, events::v1::kPaymentRefunded, common::NewUuid(), refunded,
                        refund);
  ASSERT_TRUE(handled_after(before));
  EXPECT_EQ(Count(recorded), 1220000);

  // A refund of the other payment, whose sale goes on (an overpayment's return): no advance VAT
  // invoice of a released prepayment, nothing to deduct.
  before = ConsumedCount("ok", kPayments);
  testing::PublishEvent(nats_url_, events::v1::kPaymentRefunded, common::NewUuid(),
                        RefundAt<events::v1::PaymentRefunded>(
                            other, 100000, "payments/" + common::NewUuid(), "2026-04-10T09:00:00Z"),
                        "");
  ASSERT_TRUE(handled_after(before));
  EXPECT_EQ(Count(recorded), 1220000);

  // Undone by the accountant: the deduction is reversed.
  testing::PublishEvent(
      nats_url_, events::v1::kPaymentRefundUndone, common::NewUuid(),
      RefundAt<events::v1::PaymentRefundUndone>(payment, 1220000, refund, "2026-04-11T08:00:00Z"),
      refund);
  ASSERT_TRUE(testing::Eventually([&] { return Count(recorded) == 0; }));
  events = testing::ReadStream(nats_url_, events::v1::kDocumentAdvanceRefunded, 3);
  ASSERT_EQ(events.size(), 3u);
  common::bus::FromJson(events[2].data, &event);
  EXPECT_TRUE(event.undone());
  EXPECT_EQ(event.amount().minor_units(), 0);
  EXPECT_EQ(event.refunded_total().minor_units(), 0);

  // The refund's first announcement delivered late, after the undoing: ignored.
  before = ConsumedCount("ok", kPayments);
  testing::PublishEvent(nats_url_, events::v1::kPaymentRefunded, common::NewUuid(), refunded,
                        refund);
  ASSERT_TRUE(handled_after(before));
  EXPECT_EQ(Count(recorded), 0);
  EXPECT_EQ(server_->consumer(3).dead_lettered(), 0u);
}

TEST_F(DocumentsTest, AMalformedPaymentIsDeadLetteredAndOneForAnUninvoicedSaleWaits) {
  MustCreateIssuer(ValidIssuer());
  const auto advances = [&] {
    return Count("SELECT count(*) FROM documents WHERE doc_type = 'ADVANCE_VAT_INVOICE'");
  };
  // No payments/{uuid}, a share without an amount, a share of no sale: dead-lettered, no number.
  events::v1::PaymentReceived bad_name = Payment("401", {{common::NewUuid(), 100000}});
  bad_name.set_payment("payment-401");
  events::v1::PaymentReceived no_amount = Payment("402", {{common::NewUuid(), 100000}});
  no_amount.mutable_matched_invoices(0)->clear_amount();
  events::v1::PaymentReceived no_sale = Payment("403", {{common::NewUuid(), 100000}});
  no_sale.mutable_matched_invoices(0)->set_sale("");
  for (const events::v1::PaymentReceived& payment : {bad_name, no_amount, no_sale}) {
    testing::PublishEvent(nats_url_, events::v1::kPaymentReceived, common::NewUuid(), payment, "");
  }
  ASSERT_TRUE(testing::Eventually([&] { return server_->consumer(3).dead_lettered() == 3; }));
  EXPECT_EQ(Count("SELECT count(*) FROM document_counters WHERE doc_type = "
                  "'ADVANCE_VAT_INVOICE'"),
            0);

  // A prepayment for a sale whose invoice documents has not issued yet waits for it.
  const double retries = ConsumedCount("retry", kPayments);
  const std::string sale_id = common::NewUuid();
  testing::PublishEvent(nats_url_, events::v1::kPaymentReceived, common::NewUuid(),
                        Payment("404", {{sale_id, 12200000}}), "");
  ASSERT_TRUE(testing::Eventually([&] { return ConsumedCount("retry", kPayments) > retries; }));
  EXPECT_EQ(advances(), 0);
  PublishSale(Sale(sale_id, kMarch2026), common::NewUuid());
  ASSERT_TRUE(testing::Eventually([&] { return advances() == 1; }, std::chrono::seconds(60)));
  EXPECT_EQ(Count("SELECT vat_amount FROM documents WHERE doc_type = 'ADVANCE_VAT_INVOICE'"),
            2200000);
}

// ---------------------------------------------------------------------------------------------
// Amended and cancelled sales

TEST_F(DocumentsTest, SaleAmendedReplacesTheInvoiceWithANewlyNumberedOne) {
  MustCreateIssuer(ValidIssuer());
  const std::string sale_id = common::NewUuid();
  PublishSale(Sale(sale_id, kMarch2026), common::NewUuid());
  ASSERT_TRUE(WaitForDocuments(1));
  // The next day, 20 m² become 30 m².
  const events::v1::SaleAmended amended = Amendment(sale_id, 3000, kMarch2026 + 86400);
  const std::string amend_id = common::NewUuid();
  PublishAmended(amended, amend_id);
  ASSERT_TRUE(WaitForDocuments(2));

  const v1::ListDocumentsResponse listed = ListDocuments(amended.sale().sale());
  ASSERT_EQ(listed.documents_size(), 2);
  const v1::Document& replacement = listed.documents(0);
  const v1::Document& replaced = listed.documents(1);
  EXPECT_EQ(replacement.number(), "2026-000002");
  EXPECT_EQ(replacement.status(), v1::DOCUMENT_STATUS_ISSUED);
  EXPECT_EQ(replacement.replaces(), replaced.name());
  EXPECT_EQ(replacement.issue_date().day(), 16);
  EXPECT_EQ(replacement.net_amount().minor_units(), 15000000);
  EXPECT_EQ(replacement.vat_amount().minor_units(), 3300000);
  EXPECT_EQ(replacement.total_amount().minor_units(), 18300000);
  EXPECT_EQ(replaced.number(), "2026-000001");
  EXPECT_EQ(replaced.status(), v1::DOCUMENT_STATUS_REPLACED);
  EXPECT_EQ(replaced.replaced_by(), replacement.name());
  EXPECT_EQ(replaced.total_amount().minor_units(), 12200000);

  const std::string text = PdfText(Download(replacement.name()).content());
  EXPECT_NE(text.find("2026-000002"), std::string::npos) << text;
  EXPECT_NE(text.find("16.03.2026"), std::string::npos) << text;
  EXPECT_NE(text.find("183 000,00"), std::string::npos) << text;
  EXPECT_NE(text.find("площадь 30 м²"), std::string::npos) << text;

  const auto issued = testing::ReadStream(nats_url_, "crm.documents.>", 2);
  ASSERT_EQ(issued.size(), 2u);
  EXPECT_EQ(issued[1].subject, events::v1::kDocumentIssued.subject);
  events::v1::DocumentIssued payload;
  common::bus::FromJson(issued[1].data, &payload);
  EXPECT_EQ(payload.document(), replacement.name());
  EXPECT_EQ(payload.replaces(), replaced.name());
  EXPECT_EQ(payload.number(), "2026-000002");
  EXPECT_EQ(payload.total_amount().minor_units(), 18300000);

  // The same amendment redelivered (same event id), replayed under a new id, and an older
  // amendment arriving late: none issues anything.
  const uint64_t processed = SalesConsumer().processed();
  PublishAmended(amended, amend_id, common::NewUuid());
  PublishAmended(amended, common::NewUuid());
  PublishAmended(Amendment(sale_id, 2500, kMarch2026 + 3600), common::NewUuid());
  ASSERT_TRUE(testing::Eventually([&] { return SalesConsumer().processed() >= processed + 3; }));
  EXPECT_EQ(Count("SELECT count(*) FROM documents"), 2);
  EXPECT_EQ(Count("SELECT last_number FROM document_counters"), 2);
  EXPECT_EQ(
      testing::ReadStream(nats_url_, "crm.documents.>", 3, std::chrono::milliseconds(1500)).size(),
      2u);

  // A newer amendment replaces the replacement in turn.
  PublishAmended(Amendment(sale_id, 2500, kMarch2026 + 2 * 86400), common::NewUuid());
  ASSERT_TRUE(WaitForDocuments(3));
  const v1::ListDocumentsResponse chain = ListDocuments(amended.sale().sale());
  ASSERT_EQ(chain.documents_size(), 3);
  EXPECT_EQ(chain.documents(0).number(), "2026-000003");
  EXPECT_EQ(chain.documents(0).replaces(), replacement.name());
  EXPECT_EQ(chain.documents(0).total_amount().minor_units(), 15250000);
  EXPECT_EQ(chain.documents(1).status(), v1::DOCUMENT_STATUS_REPLACED);
  EXPECT_EQ(chain.documents(1).replaced_by(), chain.documents(0).name());
  EXPECT_EQ(Count("SELECT count(*) FROM documents WHERE status = 'ISSUED'"), 1);
  EXPECT_EQ(SalesConsumer().dead_lettered(), 0u);
}

TEST_F(DocumentsTest, AmendmentBeforeTheRecordedEventInvoicesTheAmendedStateOnce) {
  MustCreateIssuer(ValidIssuer());
  const std::string sale_id = common::NewUuid();
  PublishAmended(Amendment(sale_id, 3000, kMarch2026 + 86400), common::NewUuid());
  ASSERT_TRUE(WaitForDocuments(1));
  const uint64_t processed = SalesConsumer().processed();
  PublishSale(Sale(sale_id, kMarch2026), common::NewUuid());
  ASSERT_TRUE(testing::Eventually([&] { return SalesConsumer().processed() >= processed + 1; }));

  const v1::ListDocumentsResponse listed = ListDocuments("sales/" + sale_id);
  ASSERT_EQ(listed.documents_size(), 1);
  EXPECT_EQ(listed.documents(0).status(), v1::DOCUMENT_STATUS_ISSUED);
  EXPECT_EQ(listed.documents(0).replaces(), "");
  EXPECT_EQ(listed.documents(0).total_amount().minor_units(), 18300000);
  EXPECT_EQ(Count("SELECT last_number FROM document_counters"), 1);
  EXPECT_EQ(SalesConsumer().dead_lettered(), 0u);
}

TEST_F(DocumentsTest, SaleCancelledAnnulsTheCurrentInvoiceOnce) {
  MustCreateIssuer(ValidIssuer());
  const std::string sale_id = common::NewUuid();
  PublishSale(Sale(sale_id, kMarch2026), common::NewUuid());
  ASSERT_TRUE(WaitForDocuments(1));
  const events::v1::SaleCancelled cancelled = Cancellation(sale_id, kMarch2026 + 86400);
  PublishCancelled(cancelled, common::NewUuid());
  ASSERT_TRUE(testing::Eventually(
      [&] { return Count("SELECT count(*) FROM documents WHERE status = 'ANNULLED'") == 1; }));

  const v1::ListDocumentsResponse listed = ListDocuments(cancelled.sale().sale());
  ASSERT_EQ(listed.documents_size(), 1);
  const v1::Document& document = listed.documents(0);
  EXPECT_EQ(document.status(), v1::DOCUMENT_STATUS_ANNULLED);
  EXPECT_EQ(document.annulment_reason(), "Клиент отказался от участия");
  EXPECT_EQ(document.annul_time().seconds(), kMarch2026 + 86400);

  const auto annulled = testing::ReadStream(nats_url_, events::v1::kDocumentAnnulled, 1);
  ASSERT_EQ(annulled.size(), 1u);
  EXPECT_EQ(annulled[0].type, std::string(events::v1::kDocumentAnnulled.subject) + ".v1");
  events::v1::DocumentAnnulled payload;
  common::bus::FromJson(annulled[0].data, &payload);
  EXPECT_EQ(payload.document(), document.name());
  EXPECT_EQ(payload.type(), "INVOICE");
  EXPECT_EQ(payload.number(), "2026-000001");
  EXPECT_EQ(payload.sale(), cancelled.sale().sale());
  EXPECT_EQ(payload.reason(), "Клиент отказался от участия");
  EXPECT_EQ(payload.annulled_by(), kManager);
  EXPECT_EQ(payload.annul_time().seconds(), kMarch2026 + 86400);

  // The cancellation again under a new id, then a late amendment: nothing changes.
  const uint64_t processed = SalesConsumer().processed();
  PublishCancelled(Cancellation(sale_id, kMarch2026 + 2 * 86400), common::NewUuid());
  PublishAmended(Amendment(sale_id, 3000, kMarch2026 + 3600), common::NewUuid());
  ASSERT_TRUE(testing::Eventually([&] { return SalesConsumer().processed() >= processed + 2; }));
  EXPECT_EQ(Count("SELECT count(*) FROM documents"), 1);
  EXPECT_EQ(ListDocuments(cancelled.sale().sale()).documents(0).annul_time().seconds(),
            kMarch2026 + 86400);
  EXPECT_EQ(testing::ReadStream(nats_url_, events::v1::kDocumentAnnulled, 2,
                                std::chrono::milliseconds(1500))
                .size(),
            1u);
  EXPECT_EQ(SalesConsumer().dead_lettered(), 0u);
}

TEST_F(DocumentsTest, CancellationBeforeTheInvoiceIsRetriedUntilTheInvoiceExists) {
  const double retries = ConsumedCount("retry");
  const std::string sale_id = common::NewUuid();
  PublishSale(Sale(sale_id, kMarch2026), common::NewUuid());
  PublishCancelled(Cancellation(sale_id, kMarch2026 + 86400), common::NewUuid());
  // Both wait: the sale for an issuer, the cancellation for the sale's invoice.
  ASSERT_TRUE(testing::Eventually([&] { return ConsumedCount("retry") >= retries + 2; }));
  EXPECT_EQ(Count("SELECT count(*) FROM documents"), 0);

  MustCreateIssuer(ValidIssuer());
  ASSERT_TRUE(testing::Eventually(
      [&] { return Count("SELECT count(*) FROM documents WHERE status = 'ANNULLED'") == 1; },
      std::chrono::seconds(90)));
  EXPECT_EQ(Count("SELECT count(*) FROM documents"), 1);
  EXPECT_EQ(testing::ReadStream(nats_url_, events::v1::kDocumentAnnulled, 1).size(), 1u);
  EXPECT_EQ(SalesConsumer().dead_lettered(), 0u);
}

TEST_F(DocumentsTest, MalformedAmendmentsAndCancellationsAreDeadLettered) {
  MustCreateIssuer(ValidIssuer());
  const std::string sale_id = common::NewUuid();
  PublishSale(Sale(sale_id, kMarch2026), common::NewUuid());
  ASSERT_TRUE(WaitForDocuments(1));

  events::v1::SaleAmended bad_name = Amendment(sale_id, 3000, kMarch2026 + 86400);
  bad_name.mutable_sale()->set_sale("sale-1");
  events::v1::SaleAmended no_time = Amendment(sale_id, 3000, kMarch2026 + 86400);
  no_time.clear_amend_time();
  // Its VAT contradicts the 22% rate: dead-lettered without using a number.
  events::v1::SaleAmended bad_vat = Amendment(sale_id, 3000, kMarch2026 + 86400);
  *bad_vat.mutable_sale()->mutable_vat_amount() = Rub(3000000);
  events::v1::SaleCancelled no_cancel_time = Cancellation(sale_id, kMarch2026 + 86400);
  no_cancel_time.clear_cancel_time();
  PublishAmended(bad_name, common::NewUuid());
  PublishAmended(no_time, common::NewUuid());
  PublishAmended(bad_vat, common::NewUuid());
  PublishCancelled(no_cancel_time, common::NewUuid());
  ASSERT_TRUE(testing::Eventually([&] { return SalesConsumer().dead_lettered() == 4; }));

  const v1::ListDocumentsResponse listed = ListDocuments("sales/" + sale_id);
  ASSERT_EQ(listed.documents_size(), 1);
  EXPECT_EQ(listed.documents(0).status(), v1::DOCUMENT_STATUS_ISSUED);
  EXPECT_EQ(Count("SELECT last_number FROM document_counters"), 1);
}

// ---------------------------------------------------------------------------------------------
// Document reads

// ---------------------------------------------------------------------------------------------
// After issue: sent, signed, scans

// The lifecycle RPCs as `token`, each returning the status.
class DocumentLifecycleTest : public DocumentsTest {
 protected:
  grpc::Status Send(const std::string& token, const v1::Document& document,
                    v1::DeliveryChannel channel, const std::string& recipient, v1::Document* out) {
    grpc::ClientContext context;
    testing::Authorize(context, token);
    v1::MarkDocumentSentRequest request;
    request.set_name(document.name());
    request.set_etag(document.etag());
    request.set_channel(channel);
    request.set_recipient(recipient);
    return stub_->MarkDocumentSent(&context, request, out);
  }
  grpc::Status Sign(const std::string& token, const v1::MarkDocumentSignedRequest& request,
                    v1::Document* out) {
    grpc::ClientContext context;
    testing::Authorize(context, token);
    return stub_->MarkDocumentSigned(&context, request, out);
  }
  grpc::Status Attach(const std::string& token, const v1::AttachDocumentScanRequest& request,
                      v1::DocumentScan* out) {
    grpc::ClientContext context;
    testing::Authorize(context, token);
    return stub_->AttachDocumentScan(&context, request, out);
  }
  v1::Document Get(const std::string& name) {
    grpc::ClientContext context;
    testing::Authorize(context, accountant_);
    v1::GetDocumentRequest request;
    request.set_name(name);
    v1::Document out;
    const grpc::Status status = stub_->GetDocument(&context, request, &out);
    EXPECT_TRUE(status.ok()) << status.error_message();
    return out;
  }

  // A sale of kManager invoiced, and its edition closed: {invoice, act}.
  std::pair<v1::Document, v1::Document> InvoiceAndAct() {
    MustCreateIssuer(ValidIssuer());
    const std::string sale = common::NewUuid();
    server_->pool().InTransaction([&](pqxx::work& tx) {
      IssueInvoiceForSale(tx, Sale(sale, kMarch2026), "sale-" + sale, kInvoiceOnly);
    });
    const v1::Document invoice = ListDocuments("sales/" + sale).documents(0);
    app::CloseEdition(server_->pool(), kEdition,
                      std::chrono::year_month_day{std::chrono::year{2026}, std::chrono::month{5},
                                                  std::chrono::day{20}},
                      "test");
    // Newest first: the act's VAT invoice, the act, the invoice.
    const v1::Document act = ListDocuments("sales/" + sale).documents(1);
    EXPECT_EQ(act.type(), v1::DOCUMENT_TYPE_ACT);
    return {invoice, act};
  }

  static v1::MarkDocumentSignedRequest Signing(const v1::Document& document,
                                               const std::string& scan = "") {
    v1::MarkDocumentSignedRequest request;
    request.set_name(document.name());
    request.set_etag(document.etag());
    request.set_counterparty_signatory("Генеральный директор Петров П. П.");
    request.mutable_signed_date()->set_year(2026);
    request.mutable_signed_date()->set_month(5);
    request.mutable_signed_date()->set_day(22);
    request.set_scan(scan);
    return request;
  }

  static v1::AttachDocumentScanRequest Upload(const v1::Document& document,
                                              const std::string& request_id = "") {
    v1::AttachDocumentScanRequest request;
    request.set_parent(document.name());
    request.set_file_name("акт подписанный.pdf");
    request.set_content_type("application/pdf");
    request.set_content("%PDF-1.4\n% a scanned page\n%%EOF\n");
    request.set_request_id(request_id);
    return request;
  }

  const std::string manager_ = testing::TokenFor(kManager, {Role::kSalesManager});
};

TEST_F(DocumentLifecycleTest, AnActIsSentThenSignedWithItsScanAndEachStepIsPublished) {
  auto [invoice, act] = InvoiceAndAct();
  EXPECT_EQ(act.etag(), "1");
  EXPECT_FALSE(act.has_sent());

  v1::Document sent;
  ASSERT_TRUE(Send(manager_, act, v1::DELIVERY_CHANNEL_EMAIL, "buh@stroymash.example", &sent).ok());
  EXPECT_EQ(sent.status(), v1::DOCUMENT_STATUS_SENT);
  EXPECT_EQ(sent.sent().channel(), v1::DELIVERY_CHANNEL_EMAIL);
  EXPECT_EQ(sent.sent().recipient(), "buh@stroymash.example");
  EXPECT_EQ(sent.sent().sent_by(), kManager);
  EXPECT_TRUE(sent.sent().has_send_time());
  EXPECT_NE(sent.etag(), act.etag());

  // The signed copy comes back; uploading it twice with one request id stores it once.
  v1::DocumentScan scan;
  ASSERT_TRUE(Attach(manager_, Upload(act, "scan-1"), &scan).ok());
  v1::DocumentScan again;
  ASSERT_TRUE(Attach(manager_, Upload(act, "scan-1"), &again).ok());
  EXPECT_EQ(again.name(), scan.name());
  EXPECT_EQ(scan.content_type(), "application/pdf");
  EXPECT_EQ(scan.file_name(), "акт подписанный.pdf");
  EXPECT_EQ(scan.size_bytes(), static_cast<int64_t>(Upload(act).content().size()));
  EXPECT_EQ(scan.sha256().size(), 64u);
  EXPECT_EQ(scan.uploaded_by(), kManager);
  EXPECT_EQ(Count("SELECT count(*) FROM document_scans"), 1);
  {
    grpc::ClientContext context;
    testing::Authorize(context, accountant_);
    v1::DownloadDocumentScanRequest request;
    request.set_name(scan.name());
    v1::DownloadDocumentScanResponse file;
    ASSERT_TRUE(stub_->DownloadDocumentScan(&context, request, &file).ok());
    EXPECT_EQ(file.content(), Upload(act).content());
    EXPECT_EQ(file.content_type(), "application/pdf");
  }

  // An accountant records the signature (attaching a scan does not change the etag).
  const std::string accountant = "employees/" + common::NewUuid();
  v1::Document signed_act;
  ASSERT_TRUE(Sign(testing::TokenFor(accountant, {Role::kAccountant}), Signing(sent, scan.name()),
                   &signed_act)
                  .ok());
  EXPECT_EQ(signed_act.status(), v1::DOCUMENT_STATUS_SIGNED);
  EXPECT_EQ(signed_act.signed_().counterparty_signatory(), "Генеральный директор Петров П. П.");
  EXPECT_EQ(signed_act.signed_().signed_date().day(), 22);
  EXPECT_EQ(signed_act.signed_().scan(), scan.name());
  EXPECT_EQ(signed_act.sent().recipient(), "buh@stroymash.example");  // kept
  ASSERT_EQ(signed_act.scans_size(), 1);
  EXPECT_EQ(signed_act.scans(0).name(), scan.name());
  EXPECT_EQ(Get(act.name()).status(), v1::DOCUMENT_STATUS_SIGNED);

  // Signed once; a stale etag is refused before anything else.
  v1::Document out;
  grpc::Status status = Sign(accountant_, Signing(signed_act), &out);
  EXPECT_EQ(status.error_code(), grpc::FAILED_PRECONDITION);
  EXPECT_EQ(testing::ErrorInfoReason(status), "ALREADY_SIGNED");
  status = Sign(accountant_, Signing(sent), &out);
  EXPECT_EQ(status.error_code(), grpc::ABORTED);
  status = Send(accountant_, signed_act, v1::DELIVERY_CHANNEL_POST, "", &out);
  EXPECT_EQ(status.error_code(), grpc::FAILED_PRECONDITION);
  EXPECT_EQ(testing::ErrorInfoReason(status), "ALREADY_SIGNED");

  // The invoice is sent by the EDO operator; the buyer does not sign an invoice.
  v1::Document sent_invoice;
  ASSERT_TRUE(Send(manager_, invoice, v1::DELIVERY_CHANNEL_EDO, "", &sent_invoice).ok());
  status = Send(manager_, sent_invoice, v1::DELIVERY_CHANNEL_EDO, "", &out);
  EXPECT_EQ(testing::ErrorInfoReason(status), "ALREADY_SENT");
  status = Sign(manager_, Signing(sent_invoice), &out);
  EXPECT_EQ(status.error_code(), grpc::FAILED_PRECONDITION);
  EXPECT_EQ(testing::ErrorInfoReason(status), "NOT_SIGNED_BY_BUYER");

  // Published for other systems: two sendings and one signature.
  const auto sendings = testing::ReadStream(nats_url_, events::v1::kDocumentSent, 2);
  ASSERT_EQ(sendings.size(), 2u);
  events::v1::DocumentSent first;
  common::bus::FromJson(sendings[0].data, &first);
  EXPECT_EQ(first.document(), act.name());
  EXPECT_EQ(first.type(), "ACT");
  EXPECT_EQ(first.channel(), "EMAIL");
  EXPECT_EQ(first.sent_by(), kManager);
  const auto signatures = testing::ReadStream(nats_url_, events::v1::kDocumentSigned, 1);
  ASSERT_EQ(signatures.size(), 1u);
  events::v1::DocumentSigned signature;
  common::bus::FromJson(signatures[0].data, &signature);
  EXPECT_EQ(signature.document(), act.name());
  EXPECT_EQ(signature.sale(), act.sale());
  EXPECT_EQ(signature.scan(), scan.name());
  EXPECT_EQ(signature.signed_date().month(), 5);
  EXPECT_EQ(signature.recorded_by(), accountant);
}

TEST_F(DocumentLifecycleTest, ASentInvoiceIsStillInForceForClosingAndForTheSalesChanges) {
  MustCreateIssuer(ValidIssuer());
  const std::string sale = common::NewUuid();
  server_->pool().InTransaction([&](pqxx::work& tx) {
    IssueInvoiceForSale(tx, Sale(sale, kMarch2026), "sale-" + sale, kInvoiceOnly);
  });
  const v1::Document invoice = ListDocuments("sales/" + sale).documents(0);
  v1::Document sent;
  ASSERT_TRUE(Send(manager_, invoice, v1::DELIVERY_CHANNEL_COURIER, "Петров", &sent).ok());
  const app::ClosingRun run =
      app::CloseEdition(server_->pool(), kEdition,
                        std::chrono::year_month_day{std::chrono::year{2026}, std::chrono::month{5},
                                                    std::chrono::day{20}},
                        "test");
  EXPECT_EQ(run.issued.size(), 1u);

  // Cancelling the sale annuls the sent invoice; nothing more happens to an annulled one.
  PublishCancelled(Cancellation(sale, kMarch2026 + 86400), common::NewUuid());
  ASSERT_TRUE(testing::Eventually(
      [&] { return Get(invoice.name()).status() == v1::DOCUMENT_STATUS_ANNULLED; }));
  const v1::Document annulled = Get(invoice.name());
  EXPECT_EQ(annulled.sent().channel(), v1::DELIVERY_CHANNEL_COURIER);
  v1::Document out;
  grpc::Status status = Send(manager_, annulled, v1::DELIVERY_CHANNEL_EMAIL, "", &out);
  EXPECT_EQ(status.error_code(), grpc::FAILED_PRECONDITION);
  EXPECT_EQ(testing::ErrorInfoReason(status), "DOCUMENT_NOT_IN_FORCE");
  v1::DocumentScan scan;
  status = Attach(manager_, Upload(annulled), &scan);
  EXPECT_EQ(testing::ErrorInfoReason(status), "DOCUMENT_NOT_IN_FORCE");
}

TEST_F(DocumentLifecycleTest, BadInputIsRefusedFieldByFieldAndChangesNothing) {
  const v1::Document act = InvoiceAndAct().second;
  const auto unchanged = [&] {
    EXPECT_EQ(Get(act.name()).etag(), act.etag());
    EXPECT_EQ(Count("SELECT count(*) FROM document_scans"), 0);
  };
  v1::Document out;
  grpc::Status status = Send(manager_, v1::Document(), v1::DELIVERY_CHANNEL_UNSPECIFIED,
                             std::string("line\x01"), &out);
  EXPECT_EQ(status.error_code(), grpc::INVALID_ARGUMENT);
  EXPECT_THAT(testing::ViolatedFields(status), ElementsAre("name", "etag", "channel", "recipient"));
  status = Send(manager_, act, static_cast<v1::DeliveryChannel>(42), "", &out);
  EXPECT_THAT(testing::ViolatedFields(status), ElementsAre("channel"));
  unchanged();

  v1::MarkDocumentSignedRequest nothing;
  status = Sign(manager_, nothing, &out);
  EXPECT_THAT(testing::ViolatedFields(status),
              ElementsAre("name", "etag", "counterparty_signatory", "signed_date"));
  v1::MarkDocumentSignedRequest future = Signing(act);
  future.mutable_signed_date()->set_year(2099);
  future.set_scan("documents/" + common::NewUuid() + "/scans/" + common::NewUuid());
  status = Sign(manager_, future, &out);
  EXPECT_THAT(testing::ViolatedFields(status), ElementsAre("signed_date", "scan"));
  v1::MarkDocumentSignedRequest before_issue = Signing(act);
  before_issue.mutable_signed_date()->set_month(4);
  before_issue.set_scan(act.name() + "/scans/" + common::NewUuid());
  status = Sign(manager_, before_issue, &out);
  EXPECT_EQ(status.error_code(), grpc::INVALID_ARGUMENT);
  EXPECT_THAT(testing::ViolatedFields(status), ElementsAre("signed_date", "scan"));
  unchanged();

  struct Case {
    const char* what;
    v1::AttachDocumentScanRequest request;
    std::vector<std::string> fields;
  };
  v1::AttachDocumentScanRequest empty;
  v1::AttachDocumentScanRequest path = Upload(act);
  path.set_file_name("../../etc/passwd");
  v1::AttachDocumentScanRequest word = Upload(act);
  word.set_content_type("application/msword");
  v1::AttachDocumentScanRequest not_png = Upload(act);
  not_png.set_content_type("image/png");
  v1::AttachDocumentScanRequest too_large = Upload(act);
  too_large.mutable_content()->append(10 * 1024 * 1024, 'x');
  v1::AttachDocumentScanRequest bad_request_id = Upload(act, std::string("id\x02"));
  for (const Case& c :
       std::vector<Case>{{"nothing", empty, {"parent", "file_name", "content_type"}},
                         {"a path", path, {"file_name"}},
                         {"a word file", word, {"content_type"}},
                         {"a PDF called PNG", not_png, {"content"}},
                         {"over 10 MiB", too_large, {"content"}},
                         {"a bad request id", bad_request_id, {"request_id"}}}) {
    SCOPED_TRACE(c.what);
    v1::DocumentScan scan;
    status = Attach(manager_, c.request, &scan);
    EXPECT_EQ(status.error_code(), grpc::INVALID_ARGUMENT);
    EXPECT_THAT(testing::ViolatedFields(status), ::testing::ElementsAreArray(c.fields));
  }
  {
    grpc::ClientContext context;
    testing::Authorize(context, accountant_);
    v1::DownloadDocumentScanRequest request;
    request.set_name(act.name());
    v1::DownloadDocumentScanResponse file;
    status = stub_->DownloadDocumentScan(&context, request, &file);
    EXPECT_THAT(testing::ViolatedFields(status), ElementsAre("name"));
  }
  unchanged();
}

TEST_F(DocumentLifecycleTest, OnlyThoseWhoMayChangeTheSalesRecordsMarkItsDocuments) {
  auto [invoice, act] = InvoiceAndAct();
  v1::Document out;
  v1::DocumentScan scan;
  const std::string other_manager = Token({Role::kSalesManager});
  for (const std::string& token :
       {other_manager, Token({Role::kAnalyst}), Token({Role::kSalesHead}), Token({}),
        testing::TokenFor("services/gateway", {Role::kService})}) {
    EXPECT_EQ(Send(token, act, v1::DELIVERY_CHANNEL_EMAIL, "", &out).error_code(),
              grpc::PERMISSION_DENIED);
    EXPECT_EQ(Sign(token, Signing(act), &out).error_code(), grpc::PERMISSION_DENIED);
    EXPECT_EQ(Attach(token, Upload(act), &scan).error_code(), grpc::PERMISSION_DENIED);
  }
  EXPECT_EQ(Send("", act, v1::DELIVERY_CHANNEL_EMAIL, "", &out).error_code(),
            grpc::UNAUTHENTICATED);
  EXPECT_EQ(Get(act.name()).etag(), act.etag());
  EXPECT_EQ(Count("SELECT count(*) FROM document_scans"), 0);

  // A missing document is NOT_FOUND; the scan of a document the caller may not see is refused.
  v1::Document missing = act;
  missing.set_name("documents/" + common::NewUuid());
  EXPECT_EQ(Send(accountant_, missing, v1::DELIVERY_CHANNEL_EMAIL, "", &out).error_code(),
            grpc::NOT_FOUND);
  ASSERT_TRUE(Attach(manager_, Upload(act), &scan).ok());
  grpc::ClientContext context;
  testing::Authorize(context, other_manager);
  v1::DownloadDocumentScanRequest request;
  request.set_name(scan.name());
  v1::DownloadDocumentScanResponse file;
  EXPECT_EQ(stub_->DownloadDocumentScan(&context, request, &file).error_code(),
            grpc::PERMISSION_DENIED);

  // The head of the manager's department may.
  const std::string department = common::NewUuid();
  const std::string head = "employees/" + common::NewUuid();
  PublishMembership(kManager, department);
  PublishMembership(head, department);
  ASSERT_TRUE(testing::Eventually([&] { return DepartmentOf(head) == department; }));
  ASSERT_TRUE(testing::Eventually([&] { return DepartmentOf(kManager) == department; }));
  EXPECT_TRUE(
      Send(testing::TokenFor(head, {Role::kSalesHead}), act, v1::DELIVERY_CHANNEL_POST, "", &out)
          .ok());
}

// ---------------------------------------------------------------------------------------------
// Text blocks: admins' templates

TEST_F(DocumentsTest, AnAdminsTemplateIsPreviewedActivatedAndPrintedOnTheNextInvoices) {
  const v1::Issuer issuer = MustCreateIssuer(ValidIssuer());
  const std::string admin = Token({Role::kAdmin});
  const auto create = [&](const std::string& token, const std::string& parent,
                          v1::DocumentType type, const std::string& statement,
                          const std::string& request_id, v1::DocumentTemplate* out) {
    grpc::ClientContext context;
    testing::Authorize(context, token);
    v1::CreateDocumentTemplateRequest request;
    request.set_parent(parent);
    request.mutable_document_template()->set_type(type);
    request.mutable_document_template()->set_statement(statement);
    request.set_request_id(request_id);
    return stub_->CreateDocumentTemplate(&context, request, out);
  };
  const auto activate = [&](const std::string& token, const v1::DocumentTemplate& version,
                            v1::DocumentTemplate* out) {
    grpc::ClientContext context;
    testing::Authorize(context, token);
    v1::ActivateDocumentTemplateRequest request;
    request.set_name(version.name());
    request.set_etag(version.etag());
    return stub_->ActivateDocumentTemplate(&context, request, out);
  };
  const auto list = [&](const std::string& token, v1::DocumentType type,
                        v1::ListDocumentTemplatesResponse* out) {
    grpc::ClientContext context;
    testing::Authorize(context, token);
    v1::ListDocumentTemplatesRequest request;
    request.set_parent(issuer.name());
    request.set_type(type);
    return stub_->ListDocumentTemplates(&context, request, out);
  };
  const std::string statement =
      "Оплата счёта № {{number}} означает согласие {{buyer.legal_name}} с условиями участия.";

  v1::DocumentTemplate first;
  ASSERT_TRUE(
      create(admin, issuer.name(), v1::DOCUMENT_TYPE_INVOICE, statement, "tpl-1", &first).ok());
  EXPECT_EQ(first.version(), 1);
  EXPECT_EQ(first.state(), v1::DOCUMENT_TEMPLATE_STATE_DRAFT);
  EXPECT_EQ(first.statement(), statement);
  EXPECT_THAT(first.name(), ::testing::StartsWith(issuer.name() + "/documentTemplates/"));
  v1::DocumentTemplate replayed;
  ASSERT_TRUE(
      create(admin, issuer.name(), v1::DOCUMENT_TYPE_INVOICE, statement, "tpl-1", &replayed).ok());
  EXPECT_EQ(replayed.name(), first.name());
  v1::DocumentTemplate second;
  ASSERT_TRUE(create(admin, issuer.name(), v1::DOCUMENT_TYPE_INVOICE,
                     "Счёт действителен до {{payment_terms}}.", "", &second)
                  .ok());
  EXPECT_EQ(second.version(), 2);
  v1::DocumentTemplate act_text;
  ASSERT_TRUE(create(admin, issuer.name(), v1::DOCUMENT_TYPE_ACT,
                     "Услуги оказаны полностью; {{buyer.legal_name}} претензий не имеет.", "",
                     &act_text)
                  .ok());
  EXPECT_EQ(act_text.version(), 1);

  // Accountants read them, newest first, and narrow them to a kind.
  v1::ListDocumentTemplatesResponse listed;
  ASSERT_TRUE(list(accountant_, v1::DOCUMENT_TYPE_UNSPECIFIED, &listed).ok());
  ASSERT_EQ(listed.document_templates_size(), 3);
  EXPECT_EQ(listed.document_templates(0).name(), act_text.name());
  ASSERT_TRUE(list(accountant_, v1::DOCUMENT_TYPE_INVOICE, &listed).ok());
  ASSERT_EQ(listed.document_templates_size(), 2);
  EXPECT_EQ(listed.document_templates(0).name(), second.name());

  // The preview lays the text out on a sample invoice of this issuer.
  {
    grpc::ClientContext context;
    testing::Authorize(context, accountant_);
    v1::PreviewDocumentTemplateRequest request;
    request.set_name(first.name());
    v1::PreviewDocumentTemplateResponse preview;
    ASSERT_TRUE(stub_->PreviewDocumentTemplate(&context, request, &preview).ok());
    EXPECT_EQ(preview.content_type(), "application/pdf");
    const std::string text = PdfText(preview.content());
    EXPECT_NE(text.find("Оплата счёта № 2026-000017 означает согласие ООО «СтройМаш»"),
              std::string::npos)
        << text;
    EXPECT_NE(text.find(issuer.legal_name()), std::string::npos) << text;
  }

  // Before activation invoices keep the built-in text; after it they print the template's.
  const std::string before_sale = common::NewUuid();
  server_->pool().InTransaction([&](pqxx::work& tx) {
    IssueInvoiceForSale(tx, Sale(before_sale, kMarch2026), "sale-" + before_sale, kInvoiceOnly);
  });
  const v1::Document plain = ListDocuments("sales/" + before_sale).documents(0);
  EXPECT_EQ(plain.template_(), "");
  EXPECT_EQ(PdfText(Download(plain.name()).content()).find("означает согласие"), std::string::npos);

  v1::DocumentTemplate active;
  ASSERT_TRUE(activate(admin, first, &active).ok());
  EXPECT_EQ(active.state(), v1::DOCUMENT_TEMPLATE_STATE_ACTIVE);
  EXPECT_TRUE(active.has_activate_time());
  const std::string after_sale = common::NewUuid();
  server_->pool().InTransaction([&](pqxx::work& tx) {
    IssueInvoiceForSale(tx, Sale(after_sale, kMarch2026 + 60), "sale-" + after_sale, kInvoiceOnly);
  });
  const v1::Document templated = ListDocuments("sales/" + after_sale).documents(0);
  EXPECT_EQ(templated.template_(), first.name());
  const std::string text = PdfText(Download(templated.name()).content());
  EXPECT_NE(text.find("Оплата счёта № " + templated.number() +
                      " означает согласие ООО «СтройМаш» с условиями участия."),
            std::string::npos)
      << text;

  // Another version takes over; the first is retired and may come back; a stale etag is refused.
  v1::DocumentTemplate now_active;
  ASSERT_TRUE(activate(admin, second, &now_active).ok());
  ASSERT_TRUE(list(accountant_, v1::DOCUMENT_TYPE_INVOICE, &listed).ok());
  EXPECT_EQ(listed.document_templates(1).state(), v1::DOCUMENT_TEMPLATE_STATE_RETIRED);
  v1::DocumentTemplate out;
  EXPECT_EQ(activate(admin, active, &out).error_code(), grpc::ABORTED);
  ASSERT_TRUE(activate(admin, listed.document_templates(1), &out).ok());
  EXPECT_EQ(out.state(), v1::DOCUMENT_TEMPLATE_STATE_ACTIVE);
  EXPECT_EQ(Count("SELECT count(*) FROM document_templates WHERE state = 'ACTIVE'"), 1);

  // Bad input: field by field, nothing stored.
  grpc::Status status = create(admin, "issuers/x", v1::DOCUMENT_TYPE_UNSPECIFIED, "Итого {{totl}}",
                               std::string("r\x01"), &out);
  EXPECT_EQ(status.error_code(), grpc::INVALID_ARGUMENT);
  EXPECT_THAT(
      testing::ViolatedFields(status),
      ElementsAre("parent", "document_template.type", "document_template.statement", "request_id"));
  status = create(admin, issuer.name(), v1::DOCUMENT_TYPE_ACT, "{{#lines}}{{amount}}", "", &out);
  EXPECT_THAT(testing::ViolatedFields(status), ElementsAre("document_template.statement"));
  status = create(admin, "issuers/" + common::NewUuid(), v1::DOCUMENT_TYPE_ACT, "Текст", "", &out);
  EXPECT_EQ(status.error_code(), grpc::NOT_FOUND);
  v1::DocumentTemplate nameless;
  nameless.set_name(issuer.name() + "/documentTemplates/" + common::NewUuid());
  nameless.set_etag("1");
  EXPECT_EQ(activate(admin, nameless, &out).error_code(), grpc::NOT_FOUND);
  EXPECT_EQ(Count("SELECT count(*) FROM document_templates"), 3);

  // Only admins write them; accountants read; sales staff and analysts do neither.
  EXPECT_EQ(
      create(accountant_, issuer.name(), v1::DOCUMENT_TYPE_ACT, "Текст", "", &out).error_code(),
      grpc::PERMISSION_DENIED);
  EXPECT_EQ(activate(accountant_, second, &out).error_code(), grpc::PERMISSION_DENIED);
  for (Role role : {Role::kSalesManager, Role::kSalesHead, Role::kAnalyst}) {
    EXPECT_EQ(list(Token({role}), v1::DOCUMENT_TYPE_UNSPECIFIED, &listed).error_code(),
              grpc::PERMISSION_DENIED);
  }
  EXPECT_EQ(list("", v1::DOCUMENT_TYPE_UNSPECIFIED, &listed).error_code(), grpc::UNAUTHENTICATED);
  EXPECT_EQ(Count("SELECT count(*) FROM document_templates"), 3);
}

TEST_F(DocumentsTest, DocumentReadsCheckTheCallerAndTheName) {
  MustCreateIssuer(ValidIssuer());
  server_->pool().InTransaction([&](pqxx::work& tx) {
    IssueInvoiceForSale(tx, Sale(common::NewUuid(), kMarch2026), "direct", kInvoiceOnly);
  });
  const std::string existing = ListDocuments().documents(0).name();
  const std::string unknown = "documents/" + common::NewUuid();

  // Each read RPC on one name; returns the status.
  const auto get = [&](const std::string& token, const std::string& name) {
    grpc::ClientContext context;
    if (!token.empty()) {
      testing::Authorize(context, token);
    }
    v1::GetDocumentRequest request;
    request.set_name(name);
    v1::Document out;
    return stub_->GetDocument(&context, request, &out);
  };
  const auto download = [&](const std::string& token, const std::string& name) {
    grpc::ClientContext context;
    if (!token.empty()) {
      testing::Authorize(context, token);
    }
    v1::DownloadDocumentRequest request;
    request.set_name(name);
    v1::DownloadDocumentResponse out;
    return stub_->DownloadDocument(&context, request, &out);
  };
  const auto list = [&](const std::string& token, const std::string& sale,
                        const std::string& page_token) {
    grpc::ClientContext context;
    if (!token.empty()) {
      testing::Authorize(context, token);
    }
    v1::ListDocumentsRequest request;
    request.set_sale(sale);
    request.set_page_token(page_token);
    v1::ListDocumentsResponse out;
    return stub_->ListDocuments(&context, request, &out);
  };

  for (Role role : {Role::kAccountant, Role::kAnalyst, Role::kAdmin}) {
    SCOPED_TRACE(std::string(common::auth::RoleName(role)));
    EXPECT_TRUE(get(Token({role}), existing).ok());
    EXPECT_TRUE(download(Token({role}), existing).ok());
    EXPECT_TRUE(list(Token({role}), "", "").ok());
  }
  const std::string own_manager = testing::TokenFor(kManager, {Role::kSalesManager});
  EXPECT_TRUE(get(own_manager, existing).ok());
  EXPECT_TRUE(download(own_manager, existing).ok());

  EXPECT_EQ(get("", existing).error_code(), grpc::UNAUTHENTICATED);
  EXPECT_EQ(download("", existing).error_code(), grpc::UNAUTHENTICATED);
  EXPECT_EQ(list("", "", "").error_code(), grpc::UNAUTHENTICATED);
  EXPECT_EQ(get("not-a-jwt", existing).error_code(), grpc::UNAUTHENTICATED);

  const std::string service = Token({Role::kService});
  EXPECT_EQ(get(service, existing).error_code(), grpc::PERMISSION_DENIED);
  EXPECT_EQ(download(service, existing).error_code(), grpc::PERMISSION_DENIED);
  EXPECT_EQ(list(service, "", "").error_code(), grpc::PERMISSION_DENIED);

  const std::string reader = Token({Role::kSalesManager});
  grpc::Status status = get(reader, unknown);
  EXPECT_EQ(status.error_code(), grpc::NOT_FOUND);
  EXPECT_EQ(testing::ResourceInfoName(status), unknown);
  status = download(reader, unknown);
  EXPECT_EQ(status.error_code(), grpc::NOT_FOUND);
  EXPECT_EQ(testing::ResourceInfoName(status), unknown);

  for (const std::string& bad :
       std::vector<std::string>{"", "documents/42", "issuers/" + common::NewUuid()}) {
    SCOPED_TRACE(bad);
    status = get(reader, bad);
    EXPECT_EQ(status.error_code(), grpc::INVALID_ARGUMENT);
    EXPECT_THAT(testing::ViolatedFields(status), UnorderedElementsAre("name"));
    status = download(reader, bad);
    EXPECT_EQ(status.error_code(), grpc::INVALID_ARGUMENT);
    EXPECT_THAT(testing::ViolatedFields(status), UnorderedElementsAre("name"));
  }
  status = list(reader, "sales/nope", "garbage!");
  EXPECT_EQ(status.error_code(), grpc::INVALID_ARGUMENT);
  EXPECT_THAT(testing::ViolatedFields(status), UnorderedElementsAre("sale", "page_token"));

  // A well-formed sale with no documents is an empty list, not an error.
  v1::ListDocumentsResponse none = ListDocuments("sales/" + common::NewUuid());
  EXPECT_THAT(none.documents(), IsEmpty());
}

TEST_F(DocumentsTest, SalesManagersSeeOnlyTheDocumentsOfTheirOwnSales) {
  MustCreateIssuer(ValidIssuer());
  const std::string other_manager = "employees/" + common::NewUuid();
  server_->pool().InTransaction([&](pqxx::work& tx) {
    IssueInvoiceForSale(tx, Sale(common::NewUuid(), kMarch2026), "mine-1", kInvoiceOnly);
    IssueInvoiceForSale(tx, Sale(common::NewUuid(), kMarch2026 + 60), "mine-2", kInvoiceOnly);
    IssueInvoiceForSale(tx, Sale(common::NewUuid(), kMarch2026 + 120, 1500, other_manager),
                        "theirs", kInvoiceOnly);
  });
  const std::string mine = testing::TokenFor(kManager, {Role::kSalesManager});
  const auto list = [&](const std::string& token, const std::string& manager,
                        v1::ListDocumentsResponse* out) {
    grpc::ClientContext context;
    testing::Authorize(context, token);
    v1::ListDocumentsRequest request;
    request.set_manager(manager);
    return stub_->ListDocuments(&context, request, out);
  };

  v1::ListDocumentsResponse own;
  ASSERT_TRUE(list(mine, "", &own).ok());
  ASSERT_EQ(own.documents_size(), 2);
  for (const v1::Document& d : own.documents()) {
    EXPECT_EQ(d.manager(), kManager);
  }
  v1::ListDocumentsResponse named_self;
  ASSERT_TRUE(list(mine, kManager, &named_self).ok());
  EXPECT_EQ(named_self.documents_size(), 2);

  // Another manager's documents: the list is refused, the document is not shown.
  v1::ListDocumentsResponse denied;
  EXPECT_EQ(list(mine, other_manager, &denied).error_code(), grpc::PERMISSION_DENIED);
  const std::string theirs = ListDocuments().documents(0).name();
  ASSERT_EQ(ListDocuments().documents(0).manager(), other_manager);
  {
    grpc::ClientContext context;
    testing::Authorize(context, mine);
    v1::GetDocumentRequest request;
    request.set_name(theirs);
    v1::Document out;
    EXPECT_EQ(stub_->GetDocument(&context, request, &out).error_code(), grpc::PERMISSION_DENIED);
  }
  {
    grpc::ClientContext context;
    testing::Authorize(context, mine);
    v1::DownloadDocumentRequest request;
    request.set_name(theirs);
    v1::DownloadDocumentResponse out;
    EXPECT_EQ(stub_->DownloadDocument(&context, request, &out).error_code(),
              grpc::PERMISSION_DENIED);
  }

  // An accountant sees everything and may narrow the list to one manager.
  const std::string accountant = Token({Role::kAccountant});
  v1::ListDocumentsResponse all;
  ASSERT_TRUE(list(accountant, "", &all).ok());
  EXPECT_EQ(all.documents_size(), 3);
  v1::ListDocumentsResponse theirs_only;
  ASSERT_TRUE(list(accountant, other_manager, &theirs_only).ok());
  ASSERT_EQ(theirs_only.documents_size(), 1);
  EXPECT_EQ(theirs_only.documents(0).name(), theirs);

  v1::ListDocumentsResponse bad;
  const grpc::Status status = list(accountant, "managers/1", &bad);
  EXPECT_EQ(status.error_code(), grpc::INVALID_ARGUMENT);
  EXPECT_THAT(testing::ViolatedFields(status), UnorderedElementsAre("manager"));
}

TEST_F(DocumentsTest, ADocumentsPageTokenIsRefusedToAnotherCallerAndForOtherFilters) {
  MustCreateIssuer(ValidIssuer());
  const std::string sale = common::NewUuid();
  server_->pool().InTransaction([&](pqxx::work& tx) {
    IssueInvoiceForSale(tx, Sale(sale, kMarch2026), "first", kInvoiceOnly);
    IssueInvoiceForSale(tx, Sale(common::NewUuid(), kMarch2026 + 60), "second", kInvoiceOnly);
    IssueInvoiceForSale(tx, Sale(common::NewUuid(), kMarch2026 + 120), "third", kInvoiceOnly);
  });
  const auto list = [&](const std::string& token, const std::string& manager,
                        const std::string& page_token, v1::ListDocumentsResponse* response) {
    grpc::ClientContext context;
    testing::Authorize(context, token);
    v1::ListDocumentsRequest request;
    request.set_manager(manager);
    request.set_page_size(2);
    request.set_page_token(page_token);
    return stub_->ListDocuments(&context, request, response);
  };
  v1::ListDocumentsResponse first;
  ASSERT_TRUE(list(accountant_, "", "", &first).ok());
  ASSERT_FALSE(first.next_page_token().empty());
  const std::string page_token = first.next_page_token();

  v1::ListDocumentsResponse response;
  grpc::Status status = list(Token({Role::kAccountant}), "", page_token, &response);
  EXPECT_EQ(status.error_code(), grpc::INVALID_ARGUMENT);
  EXPECT_THAT(testing::ViolatedFields(status), UnorderedElementsAre("page_token"));
  status = list(accountant_, kManager, page_token, &response);
  EXPECT_EQ(status.error_code(), grpc::INVALID_ARGUMENT);
  EXPECT_THAT(testing::ViolatedFields(status), UnorderedElementsAre("page_token"));
  ASSERT_TRUE(list(accountant_, "", page_token, &response).ok());
  EXPECT_EQ(response.documents_size(), 1);
}

// The regression of documents comparing the raw token subject: a manager whose identity provider
// writes the UUID in upper case sees their own invoices (and only those).
TEST_F(DocumentsTest, AnUpperCaseSubjectSeesItsOwnInvoices) {
  MustCreateIssuer(ValidIssuer());
  server_->pool().InTransaction([&](pqxx::work& tx) {
    IssueInvoiceForSale(tx, Sale(common::NewUuid(), kMarch2026), "mine", kInvoiceOnly);
    IssueInvoiceForSale(
        tx, Sale(common::NewUuid(), kMarch2026 + 60, 1500, "employees/" + common::NewUuid()),
        "theirs", kInvoiceOnly);
  });
  std::string upper = kManager;
  for (char& c : upper) {
    c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
  }
  upper.replace(0, std::string("employees/").size(), "employees/");
  const std::string token = testing::TokenFor(upper, {Role::kSalesManager});
  EXPECT_THAT(ListedManagers(token), ::testing::ElementsAre(kManager));
  EXPECT_THAT(ListedManagers(token, upper), ::testing::ElementsAre(kManager));
  const v1::ListDocumentsResponse all = ListDocuments();  // newest first: theirs, then mine
  ASSERT_EQ(all.documents_size(), 2);
  EXPECT_TRUE(GetAs(token, all.documents(1).name()).ok());
  EXPECT_TRUE(DownloadAs(token, all.documents(1).name()).ok());
  EXPECT_EQ(GetAs(token, all.documents(0).name()).error_code(), grpc::PERMISSION_DENIED);
}

// A head of sales sees the documents of their department unit's managers, as registry's
// employee.updated events put them; another department's are neither listed nor shown, and a
// manager moved to another department takes their documents' visibility along.
TEST_F(DocumentsTest, AHeadSeesTheirDepartmentsDocumentsAndAMoveChangesThat) {
  MustCreateIssuer(ValidIssuer());
  const std::string sales_a = common::NewUuid();
  const std::string sales_b = common::NewUuid();
  const std::string head_a = "employees/" + common::NewUuid();
  const std::string head_b = "employees/" + common::NewUuid();
  const std::string anna = "employees/" + common::NewUuid();   // in A, then moved to B
  const std::string boris = "employees/" + common::NewUuid();  // in B
  server_->pool().InTransaction([&](pqxx::work& tx) {
    IssueInvoiceForSale(tx, Sale(common::NewUuid(), kMarch2026, 2000, anna), "anna", kInvoiceOnly);
    IssueInvoiceForSale(tx, Sale(common::NewUuid(), kMarch2026 + 60, 1500, boris), "boris",
                        kInvoiceOnly);
  });
  const std::string borises_document = ListDocuments().documents(0).name();
  PublishMembership(head_a, sales_a);
  PublishMembership(anna, sales_a);
  PublishMembership(head_b, sales_b);
  PublishMembership(boris, sales_b);
  ASSERT_TRUE(testing::Eventually([&] { return DepartmentOf(boris) == sales_b; }));
  const std::string head_a_token = testing::TokenFor(head_a, {Role::kSalesHead});
  const std::string head_b_token = testing::TokenFor(head_b, {Role::kSalesHead});

  EXPECT_THAT(ListedManagers(head_a_token), ::testing::ElementsAre(anna));
  EXPECT_THAT(ListedManagers(head_b_token), ::testing::ElementsAre(boris));
  EXPECT_THAT(ListedManagers(head_a_token, anna), ::testing::ElementsAre(anna));
  EXPECT_EQ(ListAs(head_a_token, boris).error_code(), grpc::PERMISSION_DENIED);
  EXPECT_EQ(GetAs(head_a_token, borises_document).error_code(), grpc::PERMISSION_DENIED);
  EXPECT_EQ(DownloadAs(head_a_token, borises_document).error_code(), grpc::PERMISSION_DENIED);
  EXPECT_TRUE(GetAs(head_b_token, borises_document).ok());

  // Anna moves to department B: from the event on, her documents are B's head's to see.
  PublishMembership(anna, sales_b);
  ASSERT_TRUE(testing::Eventually([&] { return DepartmentOf(anna) == sales_b; }));
  EXPECT_THAT(ListedManagers(head_a_token), IsEmpty());
  EXPECT_THAT(ListedManagers(head_b_token), UnorderedElementsAre(anna, boris));
}

// ---------------------------------------------------------------------------------------------
// The sale's package: application, contract, Contract Check List, manuals

// With CRM_DOCUMENTS_SALE_PACKAGE at its default: a sale gets the whole package.
class DocumentsPackageTest : public DocumentLifecycleTest {
 protected:
  DocumentsPackageTest() { package_setting_ = "all"; }

  // Sale(sale_id, kMarch2026) of an edition 18–21 May 2026, with its contact person and manager.
  static events::v1::SaleRecorded PackageSale(const std::string& sale_id, int64_t area = 2000) {
    events::v1::SaleRecorded sale = Sale(sale_id, kMarch2026, area);
    auto* edition = sale.mutable_edition();
    *edition->mutable_start_date() = common::api::ProtoDate(std::chrono::year_month_day{
        std::chrono::year{2026}, std::chrono::month{5}, std::chrono::day{18}});
    *edition->mutable_end_date() = common::api::ProtoDate(std::chrono::year_month_day{
        std::chrono::year{2026}, std::chrono::month{5}, std::chrono::day{21}});
    edition->set_venue("Экспоцентр «Волга», павильон 1");
    sale.set_stand_type(planning::v1::STAND_TYPE_CORNER);
    sale.mutable_manager()->set_full_name("Иванова Анна Сергеевна");
    sale.mutable_manager()->set_email("ivanova@expo-volga.example");
    auto* person = sale.mutable_contact_person();
    person->set_full_name("Петров Пётр Петрович");
    person->set_position("генеральный директор");
    person->set_phone("+7 846 200-00-00");
    return sale;
  }

  std::string TextOf(const v1::Document& document) {
    return PdfText(Download(document.name()).content());
  }
};

TEST_F(DocumentsPackageTest, ASaleGetsItsWholePackageWithTheMandatoryFieldsPrinted) {
  MustCreateIssuer(ValidIssuer());
  const events::v1::SaleRecorded sale = PackageSale(common::NewUuid());
  PublishSale(sale, common::NewUuid());
  ASSERT_TRUE(WaitForDocuments(6));

  // One of each kind, each the first of its own series, all dated the sale's day.
  const v1::ListDocumentsResponse listed = ListDocuments(sale.sale());
  std::map<v1::DocumentType, v1::Document> by_type;
  for (const v1::Document& document : listed.documents()) {
    EXPECT_TRUE(by_type.emplace(document.type(), document).second) << document.name();
    EXPECT_EQ(document.number(), "2026-000001");
    EXPECT_EQ(document.issue_date().day(), 15);
    EXPECT_EQ(document.status(), v1::DOCUMENT_STATUS_ISSUED);
    EXPECT_EQ(document.total_amount().minor_units(), 12200000);
  }
  ASSERT_EQ(by_type.size(), 6u);
  for (const v1::DocumentType type :
       {v1::DOCUMENT_TYPE_INVOICE, v1::DOCUMENT_TYPE_APPLICATION, v1::DOCUMENT_TYPE_CONTRACT,
        v1::DOCUMENT_TYPE_CHECKLIST, v1::DOCUMENT_TYPE_MARKETING_MANUAL,
        v1::DOCUMENT_TYPE_TECHNICAL_MANUAL}) {
    ASSERT_EQ(by_type.count(type), 1u) << v1::DocumentType_Name(type);
  }
  EXPECT_EQ(by_type[v1::DOCUMENT_TYPE_CONTRACT].file_name(), "contract-2026-000001.pdf");
  EXPECT_EQ(by_type[v1::DOCUMENT_TYPE_TECHNICAL_MANUAL].file_name(),
            "technical-manual-2026-000001.pdf");

  // The application: both parties, the stand, the lines and totals, the contact person.
  const std::string application = TextOf(by_type[v1::DOCUMENT_TYPE_APPLICATION]);
  for (const char* expected :
       {"Заявка на участие в выставке № 2026-000001 от 15.03.2026", "ООО «Экспо-Волга»",
        "7707083893", "ООО «СтройМаш»", "7736050003", "Волга-Строй 2026",
        "с 18.05.2026 по 21.05.2026, Экспоцентр «Волга», павильон 1",
        "Стенд A-12, угловой (открыт с двух сторон), площадь 20 м²",
        "Петров Пётр Петрович, генеральный директор, +7 846 200-00-00", "Итого: 100 000,00",
        "НДС 22%: 22 000,00", "Сто двадцать две тысячи рублей 00 копеек"}) {
    EXPECT_NE(application.find(expected), std::string::npos) << expected << "\n" << application;
  }

  // The contract: the parties with the signatory's authority, the appendix, the price with VAT,
  // the invoice it is paid by, the application it rests on, and a payment QR code.
  const v1::Document& contract = by_type[v1::DOCUMENT_TYPE_CONTRACT];
  const std::string contract_text = TextOf(contract);
  for (const char* expected :
       {"Договор на участие в выставке № 2026-000001 от 15.03.2026",
        "в лице директора Волкова А. В., действующего на основании Устава",
        "Приложение № 1. Выставочная площадь и услуги", "40702810938000012345", "044525225",
        "Цена договора — 122 000,00 руб., в том числе НДС 22% 22 000,00 руб.",
        "счёт № 2026-000001 от 15.03.2026 не позднее 20.03.2026",
        "заявка на участие № 2026-000001 от 15.03.2026", "443099, г. Самара",
        "101000, г. Москва, ул. Мясницкая, д. 1", "Сто двадцать две тысячи рублей 00 копеек"}) {
    EXPECT_NE(contract_text.find(expected), std::string::npos) << expected << "\n" << contract_text;
  }
  const std::vector<std::string> codes = PdfQrCodes(Download(contract.name()).content());
  ASSERT_EQ(codes.size(), 1u);
  EXPECT_THAT(QrFields(codes[0]),
              ::testing::ElementsAre(
                  "ST00012", "Name=ООО «Экспо-Волга»", "PersonalAcc=40702810938000012345",
                  "BankName=ПАО Сбербанк", "BIC=044525225", "CorrespAcc=30101810400000000225",
                  "Sum=12200000",
                  "Purpose=Оплата по договору № 2026-000001 от 15.03.2026, счёт № 2026-000001 "
                  "от 15.03.2026. Сумма 122 000,00 руб., в т.ч. НДС 22% 22 000,00 руб.",
                  "PayeeINN=7707083893", "KPP=773601001"));

  // The checklist: every obligation with its deadline counted from the edition's dates.
  const std::string checklist = TextOf(by_type[v1::DOCUMENT_TYPE_CHECKLIST]);
  for (const char* expected :
       {"Contract Check List № 2026-000001 от 15.03.2026",
        // A cell's text wraps inside its column, which -layout interleaves with the next one.
        "Подписать и вернуть заявку на участие № 2026-000001",
        "Подписать и вернуть договор № 2026-000001 от 15.03.2026",
        "Оплатить счёт № 2026-000001 от 15.03.2026 на сумму", "122 000,00 руб.",
        "не позднее 20.03.2026", "не позднее 03.04.2026", "не позднее 18.04.2026",
        "не позднее 27.04.2026", "не позднее 04.05.2026", "не позднее 16.05.2026",
        "не позднее 22.05.2026", "Иванова Анна Сергеевна (ivanova@expo-volga.example)"}) {
    EXPECT_NE(checklist.find(expected), std::string::npos) << expected << "\n" << checklist;
  }

  // The manuals: personalised for the exhibitor, the edition and the stand.
  const std::string marketing = TextOf(by_type[v1::DOCUMENT_TYPE_MARKETING_MANUAL]);
  EXPECT_NE(marketing.find("Уважаемые коллеги из ООО «СтройМаш»"), std::string::npos) << marketing;
  EXPECT_NE(marketing.find("03.04.2026"), std::string::npos) << marketing;
  const std::string technical = TextOf(by_type[v1::DOCUMENT_TYPE_TECHNICAL_MANUAL]);
  for (const char* expected :
       {"График и сроки для стенда A-12", "16.05.2026 – 17.05.2026, 09:00–21:00",
        "18.05.2026 – 21.05.2026, 10:00–18:00", "21.05.2026 с 18:00 – 22.05.2026 до 21:00",
        "угловой (открыт с двух сторон)"}) {
    EXPECT_NE(technical.find(expected), std::string::npos) << expected << "\n" << technical;
  }

  // Each published as document.issued with its kind.
  std::set<std::string> published;
  for (const auto& message : testing::ReadStream(nats_url_, events::v1::kDocumentIssued, 6)) {
    events::v1::DocumentIssued issued;
    common::bus::FromJson(message.data, &issued);
    published.insert(issued.type());
  }
  EXPECT_EQ(published, (std::set<std::string>{"INVOICE", "APPLICATION", "CONTRACT", "CHECKLIST",
                                              "MARKETING_MANUAL", "TECHNICAL_MANUAL"}));
}

TEST_F(DocumentsPackageTest, TheContractNamesTheDirectorInTheGenitiveOrAsTheIssuerDeclinedIt) {
  v1::Issuer input = ValidIssuer();
  input.set_director("Смирнова Анна Петровна");
  input.set_director_position("Генеральный директор");
  const v1::Issuer issuer = MustCreateIssuer(input);
  const events::v1::SaleRecorded first = PackageSale(common::NewUuid());
  PublishSale(first, common::NewUuid());
  ASSERT_TRUE(WaitForDocuments(6));
  const auto contract_of = [&](const std::string& sale) {
    const std::vector<v1::Document> contracts = OfType(sale, v1::DOCUMENT_TYPE_CONTRACT);
    return contracts.size() == 1 ? TextOf(contracts[0]) : "no contract for " + sale;
  };
  const std::string by_rule = contract_of(first.sale());
  EXPECT_NE(by_rule.find("в лице генерального директора Смирновой Анны Петровны, действующей на "
                         "основании Устава"),
            std::string::npos)
      << by_rule;

  // A name the rules decline wrongly: the issuer gives the genitive, checked against the name.
  v1::Issuer changed = issuer;
  changed.set_director("Дюма Александр Александрович");
  changed.set_director_genitive("Дюма Александра");
  changed.set_director_position("Директор-распорядитель");
  v1::Issuer out;
  const std::vector<std::string> paths = {"director", "director_genitive", "director_position",
                                          "director_position_genitive"};
  grpc::Status status = UpdateIssuerAs(accountant_, changed, paths, &out);
  EXPECT_EQ(status.error_code(), grpc::INVALID_ARGUMENT);
  EXPECT_THAT(testing::ViolatedFields(status), ElementsAre("issuer.director_genitive"));
  changed.set_director_genitive("Дюма Александра Александровича");
  changed.set_director_position_genitive("директора-распорядителя");
  status = UpdateIssuerAs(accountant_, changed, paths, &out);
  ASSERT_TRUE(status.ok()) << status.error_message();
  EXPECT_EQ(out.director_genitive(), "Дюма Александра Александровича");
  EXPECT_EQ(out.director_position_genitive(), "директора-распорядителя");

  const events::v1::SaleRecorded second = PackageSale(common::NewUuid());
  PublishSale(second, common::NewUuid());
  ASSERT_TRUE(WaitForDocuments(12));
  const std::string given = contract_of(second.sale());
  EXPECT_NE(given.find("в лице директора-распорядителя Дюма Александра Александровича, "
                       "действующего на основании Устава"),
            std::string::npos)
      << given;
  // The first contract keeps what it was issued with.
  EXPECT_EQ(contract_of(first.sale()), by_rule);

  // Without a director the genitive has nothing to decline.
  changed.set_etag(out.etag());
  changed.set_director("");
  status = UpdateIssuerAs(accountant_, changed, {"director"}, &out);
  EXPECT_EQ(status.error_code(), grpc::INVALID_ARGUMENT);
  EXPECT_THAT(testing::ViolatedFields(status), ElementsAre("issuer.director_genitive"));
}

TEST_F(DocumentsPackageTest, AnAmendmentIssuesNewVersionsAndACancellationAnnulsWhatIsOpen) {
  MustCreateIssuer(ValidIssuer());
  const std::string sale_id = common::NewUuid();
  const events::v1::SaleRecorded sale = PackageSale(sale_id);
  PublishSale(sale, common::NewUuid());
  ASSERT_TRUE(WaitForDocuments(6));

  // The buyer signs the contract; then the sale grows to 25 m²: every kind gets a new version
  // (the signed contract too: its appendix changed) that replaces the one before.
  const v1::Document contract = OfType(sale.sale(), v1::DOCUMENT_TYPE_CONTRACT).at(0);
  v1::Document signed_contract;
  ASSERT_TRUE(Sign(manager_, Signing(contract), &signed_contract).ok());
  EXPECT_EQ(signed_contract.status(), v1::DOCUMENT_STATUS_SIGNED);
  events::v1::SaleAmended amended = Amendment(sale_id, 2500, kMarch2026 + 86400);
  *amended.mutable_sale() = PackageSale(sale_id, 2500);
  PublishAmended(amended, common::NewUuid());
  ASSERT_TRUE(WaitForDocuments(12));
  for (const v1::DocumentType type :
       {v1::DOCUMENT_TYPE_INVOICE, v1::DOCUMENT_TYPE_APPLICATION, v1::DOCUMENT_TYPE_CONTRACT,
        v1::DOCUMENT_TYPE_CHECKLIST, v1::DOCUMENT_TYPE_MARKETING_MANUAL,
        v1::DOCUMENT_TYPE_TECHNICAL_MANUAL}) {
    const std::vector<v1::Document> versions = OfType(sale.sale(), type);
    ASSERT_EQ(versions.size(), 2u) << v1::DocumentType_Name(type);
    EXPECT_EQ(versions[0].number(), "2026-000002");
    EXPECT_EQ(versions[0].status(), v1::DOCUMENT_STATUS_ISSUED);
    EXPECT_EQ(versions[0].replaces(), versions[1].name());
    EXPECT_EQ(versions[0].total_amount().minor_units(), 15250000);
    EXPECT_EQ(versions[1].status(), v1::DOCUMENT_STATUS_REPLACED);
    EXPECT_EQ(versions[1].replaced_by(), versions[0].name());
  }
  EXPECT_NE(TextOf(OfType(sale.sale(), v1::DOCUMENT_TYPE_CONTRACT).at(0))
                .find("Цена договора — 152 500,00 руб."),
            std::string::npos);

  // The new contract is signed too; then the sale is cancelled: the invoice and every open
  // document are annulled, the signed contract stays signed (the sides end it by agreement).
  v1::Document second_contract;
  ASSERT_TRUE(Sign(manager_, Signing(OfType(sale.sale(), v1::DOCUMENT_TYPE_CONTRACT).at(0)),
                   &second_contract)
                  .ok());
  events::v1::SaleCancelled cancelled = Cancellation(sale_id, kMarch2026 + 2 * 86400);
  PublishCancelled(cancelled, common::NewUuid());
  ASSERT_TRUE(testing::Eventually(
      [&] { return Count("SELECT count(*) FROM documents WHERE status = 'ANNULLED'") == 5; }));
  for (const v1::DocumentType type :
       {v1::DOCUMENT_TYPE_INVOICE, v1::DOCUMENT_TYPE_APPLICATION, v1::DOCUMENT_TYPE_CHECKLIST,
        v1::DOCUMENT_TYPE_MARKETING_MANUAL, v1::DOCUMENT_TYPE_TECHNICAL_MANUAL}) {
    EXPECT_EQ(OfType(sale.sale(), type).at(0).status(), v1::DOCUMENT_STATUS_ANNULLED)
        << v1::DocumentType_Name(type);
  }
  EXPECT_EQ(OfType(sale.sale(), v1::DOCUMENT_TYPE_CONTRACT).at(0).status(),
            v1::DOCUMENT_STATUS_SIGNED);
  EXPECT_EQ(testing::ReadStream(nats_url_, events::v1::kDocumentAnnulled, 6,
                                std::chrono::milliseconds(1500))
                .size(),
            5u);
  EXPECT_EQ(SalesConsumer().dead_lettered(), 0u);
}

// The invoice is issued and published in the sale event's transaction; the rest of the package
// waits in sale_package_jobs for the package worker, which issues it in a transaction of its own.
// A worker that looks for waiting packages once a minute (after its first look at the start)
// leaves it waiting, and a restart finds it.
TEST_F(DocumentsPackageTest, TheInvoiceGoesOutAloneFirstAndItsWaitingPackageSurvivesARestart) {
  MustCreateIssuer(ValidIssuer());
  StartServer({{"CRM_DOCUMENTS_PACKAGE_POLL_MS", "60000"}});
  const events::v1::SaleRecorded sale = PackageSale(common::NewUuid());
  PublishSale(sale, common::NewUuid());
  ASSERT_TRUE(testing::Eventually([&] {
    return Count("SELECT count(*) FROM sale_package_jobs") == 1 &&
           Count("SELECT count(*) FROM documents") == 1;
  }));
  const std::vector<testing::StreamEvent> invoice_only =
      testing::ReadStream(nats_url_, events::v1::kDocumentIssued, 1);
  ASSERT_EQ(invoice_only.size(), 1u);
  events::v1::DocumentIssued invoice;
  common::bus::FromJson(invoice_only[0].data, &invoice);
  EXPECT_EQ(invoice.type(), "INVOICE");
  EXPECT_EQ(invoice.number(), "2026-000001");

  // Stopped and started again: the package is issued once, each kind the first of its series,
  // citing the invoice; the job is gone.
  StartServer();
  ASSERT_TRUE(WaitForDocuments(6));
  ASSERT_TRUE(
      testing::Eventually([&] { return Count("SELECT count(*) FROM sale_package_jobs") == 0; }));
  const v1::ListDocumentsResponse listed = ListDocuments(sale.sale());
  std::set<v1::DocumentType> kinds;
  for (const v1::Document& document : listed.documents()) {
    EXPECT_TRUE(kinds.insert(document.type()).second) << document.name();
    EXPECT_EQ(document.number(), "2026-000001");
    EXPECT_EQ(document.status(), v1::DOCUMENT_STATUS_ISSUED);
  }
  EXPECT_EQ(kinds.size(), 6u);
  EXPECT_NE(TextOf(OfType(sale.sale(), v1::DOCUMENT_TYPE_CONTRACT).at(0))
                .find("счёт № 2026-000001 от 15.03.2026"),
            std::string::npos);
  EXPECT_EQ(testing::ReadStream(nats_url_, events::v1::kDocumentIssued, 7,
                                std::chrono::milliseconds(1500))
                .size(),
            6u);
  EXPECT_EQ(Count("SELECT count(*) FROM documents"), 6);
  EXPECT_EQ(SalesConsumer().dead_lettered(), 0u);
}

// A package that fails (here its contract's series cannot give a next number: the counter is at
// the largest bigint, so the database refuses the increment) is not retried at every look of the
// worker but after 1 s, 2 s, 4 s ..., its error kept, while crm_documents_packages_waiting counts
// it; once the cause is gone it is issued once, and the failed attempts used no number of any
// series.
TEST_F(DocumentsPackageTest, AFailingPackageIsRetriedWithBackoffAndIssuedOnceWhenFixed) {
  MustCreateIssuer(ValidIssuer());
  server_->pool().InTransaction([](pqxx::work& tx) {
    tx.exec(
        "INSERT INTO document_counters (issuer_id, doc_type, year, last_number) "
        "SELECT id, 'CONTRACT', 2026, 9223372036854775807 FROM issuers");
  });
  auto& waiting = common::metrics::Registry::Global().GetGauge(
      "crm_documents_packages_waiting",
      "Sales whose package waits to be issued after their invoice");
  const events::v1::SaleRecorded sale = PackageSale(common::NewUuid());
  PublishSale(sale, common::NewUuid());
  // The worker looks every 50 ms; without a backoff the job would be tried dozens of times a
  // second.
  ASSERT_TRUE(testing::Eventually(
      [&] { return Count("SELECT coalesce(max(attempts), 0) FROM sale_package_jobs") >= 3; },
      std::chrono::seconds(30)));
  // Just postponed by 4 s after its third failure: not due for a while.
  EXPECT_GT(Count("SELECT (extract(epoch FROM max(not_before) - now()) * 1000)::bigint "
                  "FROM sale_package_jobs"),
            1000);
  std::this_thread::sleep_for(std::chrono::milliseconds(1000));
  EXPECT_EQ(Count("SELECT coalesce(max(attempts), 0) FROM sale_package_jobs"), 3);
  EXPECT_EQ(Count("SELECT count(*) FROM sale_package_jobs WHERE last_error LIKE '%out of range%'"),
            1);
  EXPECT_EQ(waiting.Value(), 1);
  EXPECT_EQ(Count("SELECT count(*) FROM documents"), 1);  // the invoice
  EXPECT_EQ(Count("SELECT count(*) FROM document_counters WHERE doc_type = 'APPLICATION'"), 0);

  // The cause removed: the series starts again, and the next attempt issues the package.
  server_->pool().InTransaction(
      [](pqxx::work& tx) { tx.exec("DELETE FROM document_counters WHERE doc_type = 'CONTRACT'"); });
  ASSERT_TRUE(WaitForDocuments(6, std::chrono::seconds(30)));
  ASSERT_TRUE(
      testing::Eventually([&] { return Count("SELECT count(*) FROM sale_package_jobs") == 0; }));
  ASSERT_TRUE(testing::Eventually([&] { return waiting.Value() == 0; }));
  const v1::ListDocumentsResponse listed = ListDocuments(sale.sale());
  ASSERT_EQ(listed.documents_size(), 6);
  for (const v1::Document& document : listed.documents()) {
    EXPECT_EQ(document.number(), "2026-000001") << v1::DocumentType_Name(document.type());
    EXPECT_EQ(document.status(), v1::DOCUMENT_STATUS_ISSUED);
  }
  EXPECT_EQ(Count("SELECT max(last_number) FROM document_counters"), 1);
  EXPECT_EQ(testing::ReadStream(nats_url_, events::v1::kDocumentIssued, 7,
                                std::chrono::milliseconds(1500))
                .size(),
            6u);
  EXPECT_EQ(SalesConsumer().dead_lettered(), 0u);
}

// The same sale event delivered again, and the same sale under a second event id (a producer's
// retry): one invoice and one package, no number of any series used twice.
TEST_F(DocumentsPackageTest, ASaleEventDeliveredAgainOrRepeatedIssuesOnePackage) {
  MustCreateIssuer(ValidIssuer());
  const events::v1::SaleRecorded sale = PackageSale(common::NewUuid());
  const std::string event_id = common::NewUuid();
  PublishSale(sale, event_id);
  PublishSale(sale, event_id);
  PublishSale(sale, common::NewUuid());
  ASSERT_TRUE(WaitForDocuments(6));
  ASSERT_TRUE(testing::Eventually([&] {
    // The stream keeps one copy of an event id, so the consumer sees two events.
    return Count("SELECT count(*) FROM sale_package_jobs") == 0 && SalesConsumer().processed() >= 2;
  }));
  EXPECT_EQ(Count("SELECT count(*) FROM documents"), 6);
  EXPECT_EQ(Count("SELECT max(last_number) FROM document_counters"), 1);
  EXPECT_EQ(testing::ReadStream(nats_url_, events::v1::kDocumentIssued, 7,
                                std::chrono::milliseconds(1500))
                .size(),
            6u);
}

// A package still waiting when its sale is amended is issued once, for the amended state beside
// the amended invoice; one waiting when its sale is cancelled is not issued at all, and no number
// of its series is used.
TEST_F(DocumentsPackageTest, AWaitingPackageIsIssuedForTheAmendedStateAndNotForACancelledSale) {
  MustCreateIssuer(ValidIssuer());
  StartServer({{"CRM_DOCUMENTS_PACKAGE_POLL_MS", "60000"}});
  const std::string amended_id = common::NewUuid();
  const events::v1::SaleRecorded amended_sale = PackageSale(amended_id);
  PublishSale(amended_sale, common::NewUuid());
  events::v1::SaleAmended amended = Amendment(amended_id, 2500, kMarch2026 + 86400);
  *amended.mutable_sale() = PackageSale(amended_id, 2500);
  PublishAmended(amended, common::NewUuid());
  const std::string cancelled_id = common::NewUuid();
  PublishSale(PackageSale(cancelled_id), common::NewUuid());
  PublishCancelled(Cancellation(cancelled_id, kMarch2026 + 86400), common::NewUuid());
  ASSERT_TRUE(testing::Eventually([&] {
    return Count("SELECT count(*) FROM sale_package_jobs") == 3 &&
           Count("SELECT count(*) FROM documents WHERE status = 'ANNULLED'") == 1;
  }));

  StartServer();
  ASSERT_TRUE(
      testing::Eventually([&] { return Count("SELECT count(*) FROM sale_package_jobs") == 0; }));
  for (const v1::DocumentType type :
       {v1::DOCUMENT_TYPE_APPLICATION, v1::DOCUMENT_TYPE_CONTRACT, v1::DOCUMENT_TYPE_CHECKLIST,
        v1::DOCUMENT_TYPE_MARKETING_MANUAL, v1::DOCUMENT_TYPE_TECHNICAL_MANUAL}) {
    const std::vector<v1::Document> versions = OfType(amended_sale.sale(), type);
    ASSERT_EQ(versions.size(), 1u) << v1::DocumentType_Name(type);
    EXPECT_EQ(versions[0].number(), "2026-000001");
    EXPECT_EQ(versions[0].status(), v1::DOCUMENT_STATUS_ISSUED);
    EXPECT_EQ(versions[0].total_amount().minor_units(), 15250000);
    EXPECT_TRUE(OfType("sales/" + cancelled_id, type).empty()) << v1::DocumentType_Name(type);
  }
  EXPECT_NE(TextOf(OfType(amended_sale.sale(), v1::DOCUMENT_TYPE_CONTRACT).at(0))
                .find("Цена договора — 152 500,00 руб."),
            std::string::npos);
  // The two invoices of the amended sale, the cancelled sale's annulled one, and one package.
  EXPECT_EQ(Count("SELECT count(*) FROM documents"), 8);
  EXPECT_EQ(Count("SELECT max(last_number) FROM document_counters WHERE doc_type = 'CONTRACT'"), 1);
  EXPECT_EQ(SalesConsumer().dead_lettered(), 0u);
}

TEST_F(DocumentsPackageTest, AContractTemplateIsPreviewedOnASampleContractAndPrintedOnTheNext) {
  const v1::Issuer issuer = MustCreateIssuer(ValidIssuer());
  const std::string admin = Token({Role::kAdmin});
  const std::string clauses =
      "2. Цена договора — {{total}} руб., в том числе {{vat_label}} {{vat_amount}} руб. "
      "3. Споры {{supplier.legal_name}} и {{buyer.legal_name}} решает арбитражный суд Самарской "
      "области.";
  v1::DocumentTemplate version;
  {
    grpc::ClientContext context;
    testing::Authorize(context, admin);
    v1::CreateDocumentTemplateRequest request;
    request.set_parent(issuer.name());
    request.mutable_document_template()->set_type(v1::DOCUMENT_TYPE_CONTRACT);
    request.mutable_document_template()->set_statement(clauses);
    ASSERT_TRUE(stub_->CreateDocumentTemplate(&context, request, &version).ok());
  }
  // The preview is a contract of a sample sale: its own heading, appendix and QR code.
  {
    grpc::ClientContext context;
    testing::Authorize(context, accountant_);
    v1::PreviewDocumentTemplateRequest request;
    request.set_name(version.name());
    v1::PreviewDocumentTemplateResponse preview;
    ASSERT_TRUE(stub_->PreviewDocumentTemplate(&context, request, &preview).ok());
    const std::string text = PdfText(preview.content());
    for (const char* expected :
         {"Договор на участие в выставке № 2026-000017", "Приложение № 1",
          "Стенд A-12, угловой (открыт с двух сторон), площадь 36 м²",
          "2. Цена договора — 97 600,00 руб., в том числе НДС 22% 17 600,00 руб.",
          "арбитражный суд Самарской области", "ООО «Экспо-Волга»"}) {
      EXPECT_NE(text.find(expected), std::string::npos) << expected << "\n" << text;
    }
    EXPECT_EQ(PdfQrCodes(preview.content()).size(), 1u);
  }
  {
    grpc::ClientContext context;
    testing::Authorize(context, admin);
    v1::ActivateDocumentTemplateRequest request;
    request.set_name(version.name());
    request.set_etag(version.etag());
    ASSERT_TRUE(stub_->ActivateDocumentTemplate(&context, request, &version).ok());
  }
  const events::v1::SaleRecorded sale = PackageSale(common::NewUuid());
  PublishSale(sale, common::NewUuid());
  ASSERT_TRUE(WaitForDocuments(6));
  const v1::Document contract = OfType(sale.sale(), v1::DOCUMENT_TYPE_CONTRACT).at(0);
  EXPECT_EQ(contract.template_(), version.name());
  const std::string text = TextOf(contract);
  EXPECT_NE(text.find("2. Цена договора — 122 000,00 руб., в том числе НДС 22% 22 000,00 руб."),
            std::string::npos)
      << text;
  // The other kinds keep their built-in text.
  EXPECT_TRUE(OfType(sale.sale(), v1::DOCUMENT_TYPE_APPLICATION).at(0).template_().empty());
}

TEST_F(DocumentsPackageTest, AContractCanBeSignedAndAnInvoiceCannot) {
  MustCreateIssuer(ValidIssuer());
  const events::v1::SaleRecorded sale = PackageSale(common::NewUuid());
  PublishSale(sale, common::NewUuid());
  ASSERT_TRUE(WaitForDocuments(6));
  v1::Document out;
  EXPECT_EQ(Sign(manager_, Signing(OfType(sale.sale(), v1::DOCUMENT_TYPE_INVOICE).at(0)), &out)
                .error_code(),
            grpc::FAILED_PRECONDITION);
  EXPECT_EQ(Sign(manager_, Signing(OfType(sale.sale(), v1::DOCUMENT_TYPE_CHECKLIST).at(0)), &out)
                .error_code(),
            grpc::FAILED_PRECONDITION);
  ASSERT_TRUE(
      Sign(manager_, Signing(OfType(sale.sale(), v1::DOCUMENT_TYPE_APPLICATION).at(0)), &out).ok());
  EXPECT_EQ(out.status(), v1::DOCUMENT_STATUS_SIGNED);
  // Listed by kind, as the CLI's `documents list --type contract` asks.
  grpc::ClientContext context;
  testing::Authorize(context, accountant_);
  v1::ListDocumentsRequest request;
  request.set_type(v1::DOCUMENT_TYPE_CONTRACT);
  v1::ListDocumentsResponse contracts;
  ASSERT_TRUE(stub_->ListDocuments(&context, request, &contracts).ok());
  ASSERT_EQ(contracts.documents_size(), 1);
  EXPECT_EQ(contracts.documents(0).type(), v1::DOCUMENT_TYPE_CONTRACT);
}

// ---------------------------------------------------------------------------------------------
// The EDO XML of a VAT invoice (DownloadDocument with DOCUMENT_FORMAT_EDO_XML, docs/edo-xml.md)

TEST_F(DocumentsTest, AUpdDownloadsAsEdoXmlWithTheFunctionOfItsStatus) {
  constexpr char kSender[] = "2BE7a1f3c0e9d8b4c2a6e5f7d3b1a9c8e0f4";
  constexpr char kRecipient[] = "2AL-18DC3D87-B414-471B-9B58-D51485D2F072-00000";
  const auto edo_text = [&](const std::string& name) {
    grpc::ClientContext context;
    testing::Authorize(context, accountant_);
    v1::DownloadDocumentRequest request;
    request.set_name(name);
    request.set_format(v1::DOCUMENT_FORMAT_EDO_XML);
    request.set_recipient_edo_participant_id(kRecipient);
    v1::DownloadDocumentResponse file;
    const grpc::Status status = stub_->DownloadDocument(&context, request, &file);
    EXPECT_TRUE(status.ok()) << status.error_message();
    return common::ToUtf8(file.content(), common::CodePage::kWindows1251);
  };
  // One issuer closing with a УПД status 1, then (its primary successor) one with status 2.
  v1::Issuer upd1 = ValidIssuer();
  upd1.set_edo_participant_id(kSender);
  upd1.set_closing_documents(v1::CLOSING_DOCUMENTS_UPD_STATUS_1);
  MustCreateIssuer(upd1);
  const std::string first = common::NewUuid();
  server_->pool().InTransaction([&](pqxx::work& tx) {
    IssueInvoiceForSale(tx, Sale(first, kMarch2026), "sale-" + first, kInvoiceOnly);
  });
  v1::Issuer upd2 = IssuerWithAccount("40702810938000077777");
  upd2.set_primary(true);
  upd2.set_edo_participant_id(kSender);
  upd2.set_closing_documents(v1::CLOSING_DOCUMENTS_UPD_STATUS_2);
  MustCreateIssuer(upd2);
  const std::string second = common::NewUuid();
  server_->pool().InTransaction([&](pqxx::work& tx) {
    IssueInvoiceForSale(tx, Sale(second, kMarch2026 + 60), "sale-" + second, kInvoiceOnly);
  });
  const v1::CloseEditionResponse closed = CloseOnMay20th(kEdition);
  ASSERT_EQ(closed.issued_upds_size(), 2);

  // Status 1: a VAT invoice and the document of shipment at once (СЧФДОП).
  const v1::ListDocumentsResponse first_docs = ListDocuments("sales/" + first);
  ASSERT_EQ(first_docs.documents(0).upd_status(), 1);
  const std::string schfdop = edo_text(first_docs.documents(0).name());
  EXPECT_NE(schfdop.find("Функция=\"СЧФДОП\""), std::string::npos) << schfdop;
  EXPECT_NE(schfdop.find("НомерДок=\"У-2026-000001\""), std::string::npos) << schfdop;

  // Status 2: the document of shipment alone (ДОП), and its VAT invoice (СЧФ) naming it in 5а.
  const v1::ListDocumentsResponse second_docs = ListDocuments("sales/" + second);
  ASSERT_EQ(second_docs.documents_size(), 3);
  const v1::Document& upd = second_docs.documents(1);
  ASSERT_EQ(upd.upd_status(), 2);
  const std::string dop = edo_text(upd.name());
  EXPECT_NE(dop.find("Функция=\"ДОП\""), std::string::npos) << dop;
  const std::string schf = edo_text(second_docs.documents(0).name());
  EXPECT_NE(schf.find("Функция=\"СЧФ\""), std::string::npos) << schf;
  EXPECT_NE(schf.find("РеквНаимДок=\"Универсальный передаточный документ\" РеквНомерДок=\"" +
                      upd.number() + "\""),
            std::string::npos)
      << schf;
}

// A download request DownloadDocument and StreamDocument refuse, and the fields they name.
struct BadDownload {
  std::string name;
  int format;
  std::string recipient;
  std::vector<std::string> fields;
};

// The bad requests for `vat_invoice` (a VAT invoice's name); `recipient` is a valid EDO id.
std::vector<BadDownload> BadDownloads(const std::string& vat_invoice,
                                      const std::string& recipient) {
  return {
      {"", v1::DOCUMENT_FORMAT_PDF, "", {"name"}},
      {vat_invoice, 7, "", {"format"}},
      {vat_invoice, v1::DOCUMENT_FORMAT_EDO_XML, "", {"recipient_edo_participant_id"}},
      {vat_invoice, v1::DOCUMENT_FORMAT_EDO_XML, "2al-1", {"recipient_edo_participant_id"}},
      {vat_invoice, v1::DOCUMENT_FORMAT_PDF, recipient, {"recipient_edo_participant_id"}},
      {"documents/1", v1::DOCUMENT_FORMAT_EDO_XML, "x", {"name", "recipient_edo_participant_id"}},
  };
}

TEST_F(DocumentsTest, AVatInvoiceDownloadsAsTheTaxServicesEdoXml) {
  constexpr char kSender[] = "2BE7a1f3c0e9d8b4c2a6e5f7d3b1a9c8e0f4";
  constexpr char kRecipient[] = "2AL-18DC3D87-B414-471B-9B58-D51485D2F072-00000";
  // An issuer's EDO id is checked as the format defines it.
  v1::Issuer bad_id = ValidIssuer();
  bad_id.set_edo_participant_id("2BE_1");
  v1::Issuer refused;
  const grpc::Status refused_status = CreateIssuer(bad_id, &refused);
  EXPECT_EQ(refused_status.error_code(), grpc::INVALID_ARGUMENT);
  EXPECT_THAT(testing::ViolatedFields(refused_status),
              UnorderedElementsAre("issuer.edo_participant_id"));
  v1::Issuer with_id = ValidIssuer();
  with_id.set_edo_participant_id(kSender);
  with_id.set_director("Волков Андрей Викторович");
  const v1::Issuer issuer = MustCreateIssuer(with_id);
  EXPECT_EQ(issuer.edo_participant_id(), kSender);

  PublishSale(Sale(common::NewUuid(), kMarch2026), common::NewUuid());
  ASSERT_TRUE(WaitForDocuments(1));
  const v1::CloseEditionResponse closed = CloseOnMay20th(kEdition);
  ASSERT_EQ(closed.issued_vat_invoices_size(), 1);
  const std::string& vat_invoice = closed.issued_vat_invoices(0);
  std::string invoice;
  const v1::ListDocumentsResponse listed = ListDocuments();
  for (const v1::Document& d : listed.documents()) {
    if (d.type() == v1::DOCUMENT_TYPE_INVOICE) {
      invoice = d.name();
    }
  }
  ASSERT_FALSE(invoice.empty());

  const auto download = [&](const std::string& token, const std::string& name, int format,
                            const std::string& recipient, v1::DownloadDocumentResponse* out) {
    grpc::ClientContext context;
    if (!token.empty()) {
      testing::Authorize(context, token);
    }
    v1::DownloadDocumentRequest request;
    request.set_name(name);
    request.set_format(static_cast<v1::DocumentFormat>(format));
    request.set_recipient_edo_participant_id(recipient);
    return stub_->DownloadDocument(&context, request, out);
  };

  // The sale's manager and an accountant get the file.
  for (const std::string& token :
       {testing::TokenFor(kManager, {Role::kSalesManager}), Token({Role::kAccountant})}) {
    v1::DownloadDocumentResponse file;
    const grpc::Status status =
        download(token, vat_invoice, v1::DOCUMENT_FORMAT_EDO_XML, kRecipient, &file);
    ASSERT_TRUE(status.ok()) << status.error_message();
    EXPECT_EQ(file.content_type(), "application/xml");
    const std::string prefix = std::string("ON_NSCHFDOPPR_") + kRecipient + "_" + kSender + "_";
    EXPECT_EQ(file.file_name().rfind(prefix, 0), 0U) << file.file_name();
    EXPECT_EQ(file.file_name().substr(file.file_name().size() - 17), "_0_0_0_0_0_00.xml");
    EXPECT_EQ(file.content().rfind("<?xml version=\"1.0\" encoding=\"windows-1251\"?>", 0), 0U);
    const std::string text = common::ToUtf8(file.content(), common::CodePage::kWindows1251);
    const std::string id = file.file_name().substr(0, file.file_name().size() - 4);
    EXPECT_NE(text.find("ИдФайл=\"" + id + "\""), std::string::npos) << text;
    EXPECT_NE(text.find("Функция=\"СЧФ\""), std::string::npos) << text;
    EXPECT_NE(text.find("НомерДок=\"2026-000001\" ДатаДок=\"20.05.2026\""), std::string::npos);
    // Line 5а: the act the VAT invoice was issued with.
    EXPECT_NE(text.find("РеквНаимДок=\"Акт об оказании услуг\" РеквНомерДок=\"2026-000001\" "
                        "РеквДатаДок=\"20.05.2026\""),
              std::string::npos)
        << text;
    EXPECT_NE(text.find("НаимОрг=\"ООО «СтройМаш»\" ИННЮЛ=\"7736050003\""), std::string::npos);
    EXPECT_NE(text.find("СтТовУчНалВсего=\"122000.00\""), std::string::npos) << text;
    EXPECT_NE(text.find("Фамилия=\"Волков\" Имя=\"Андрей\" Отчество=\"Викторович\""),
              std::string::npos);
  }
  // The PDF is still the default, and PDF asked for by name.
  for (const int format : {0, 1}) {
    v1::DownloadDocumentResponse pdf;
    ASSERT_TRUE(download(accountant_, vat_invoice, format, "", &pdf).ok());
    EXPECT_EQ(pdf.content_type(), "application/pdf");
  }

  // Bad input is refused field by field and changes nothing.
  const int64_t documents = Count("SELECT count(*) FROM documents");
  const int64_t outbox = Count("SELECT count(*) FROM outbox");
  for (const BadDownload& c : BadDownloads(vat_invoice, kRecipient)) {
    v1::DownloadDocumentResponse out;
    const grpc::Status status = download(accountant_, c.name, c.format, c.recipient, &out);
    EXPECT_EQ(status.error_code(), grpc::INVALID_ARGUMENT) << c.format << " " << c.recipient;
    EXPECT_THAT(testing::ViolatedFields(status), ::testing::UnorderedElementsAreArray(c.fields));
  }
  EXPECT_EQ(Count("SELECT count(*) FROM documents"), documents);
  EXPECT_EQ(Count("SELECT count(*) FROM outbox"), outbox);

  // Another manager may not, and a token without a CRM role is refused.
  v1::DownloadDocumentResponse denied;
  EXPECT_EQ(download(testing::TokenFor("employees/" + common::NewUuid(), {Role::kSalesManager}),
                     vat_invoice, v1::DOCUMENT_FORMAT_EDO_XML, kRecipient, &denied)
                .error_code(),
            grpc::PERMISSION_DENIED);
  EXPECT_EQ(download(Token({}), vat_invoice, v1::DOCUMENT_FORMAT_EDO_XML, kRecipient, &denied)
                .error_code(),
            grpc::PERMISSION_DENIED);
  EXPECT_EQ(
      download("", vat_invoice, v1::DOCUMENT_FORMAT_EDO_XML, kRecipient, &denied).error_code(),
      grpc::UNAUTHENTICATED);
  EXPECT_EQ(download(accountant_, "documents/" + common::NewUuid(), v1::DOCUMENT_FORMAT_EDO_XML,
                     kRecipient, &denied)
                .error_code(),
            grpc::NOT_FOUND);

  // An invoice has no EDO twin.
  const grpc::Status not_vat =
      download(accountant_, invoice, v1::DOCUMENT_FORMAT_EDO_XML, kRecipient, &denied);
  EXPECT_EQ(not_vat.error_code(), grpc::FAILED_PRECONDITION);
  EXPECT_EQ(testing::ErrorInfoReason(not_vat), "EDO_FORMAT_NOT_AVAILABLE");
  EXPECT_NE(not_vat.error_message().find("VAT invoices and УПД only"), std::string::npos)
      << not_vat.error_message();

  // Without the issuer's own id there is no sender: cleared by its update mask, the file waits.
  {
    grpc::ClientContext context;
    testing::Authorize(context, accountant_);
    v1::UpdateIssuerRequest request;
    request.mutable_issuer()->set_name(issuer.name());
    request.mutable_issuer()->set_etag(issuer.etag());
    request.mutable_update_mask()->add_paths("edo_participant_id");
    v1::Issuer updated;
    const grpc::Status status = stub_->UpdateIssuer(&context, request, &updated);
    ASSERT_TRUE(status.ok()) << status.error_message();
    EXPECT_EQ(updated.edo_participant_id(), "");
    EXPECT_EQ(updated.director(), "Волков Андрей Викторович");
  }
  const grpc::Status no_sender =
      download(accountant_, vat_invoice, v1::DOCUMENT_FORMAT_EDO_XML, kRecipient, &denied);
  EXPECT_EQ(no_sender.error_code(), grpc::FAILED_PRECONDITION);
  EXPECT_EQ(testing::ErrorInfoReason(no_sender), "ISSUER_WITHOUT_EDO_ID");
}

// StreamDocument: DownloadDocument's file in chunks of at most 64 KiB after a first message with
// its name, type, size and SHA-256.

struct Streamed {
  grpc::Status status;
  v1::DocumentChunk head;
  std::string content;
  std::vector<std::size_t> chunks;  // the size of each data message
};

TEST_F(DocumentsTest, ADocumentStreamsInChunksThatReassembleToItsDownload) {
  constexpr char kSender[] = "2BE7a1f3c0e9d8b4c2a6e5f7d3b1a9c8e0f4";
  constexpr char kRecipient[] = "2AL-18DC3D87-B414-471B-9B58-D51485D2F072-00000";
  v1::Issuer with_id = ValidIssuer();
  with_id.set_edo_participant_id(kSender);
  MustCreateIssuer(with_id);
  // A sale of many service lines, so that its documents run over several pages and chunks.
  const events::v1::SaleRecorded sale = SaleWithServices(120);
  PublishSale(sale, common::NewUuid());
  ASSERT_TRUE(WaitForDocuments(1));
  const v1::CloseEditionResponse closed = CloseOnMay20th(kEdition);
  ASSERT_EQ(closed.issued_vat_invoices_size(), 1);
  const std::string& vat_invoice = closed.issued_vat_invoices(0);

  const auto stream = [&](const std::string& token, const std::string& name, int format,
                          const std::string& recipient) {
    grpc::ClientContext context;
    if (!token.empty()) {
      testing::Authorize(context, token);
    }
    v1::StreamDocumentRequest request;
    request.set_name(name);
    request.set_format(static_cast<v1::DocumentFormat>(format));
    request.set_recipient_edo_participant_id(recipient);
    auto reader = stub_->StreamDocument(&context, request);
    Streamed out;
    if (reader->Read(&out.head)) {
      v1::DocumentChunk chunk;
      while (reader->Read(&chunk)) {
        out.chunks.push_back(chunk.data().size());
        out.content += chunk.data();
        EXPECT_TRUE(chunk.file_name().empty() && chunk.sha256().empty());
      }
    }
    out.status = reader->Finish();
    return out;
  };

  // Every document of the sale, as its manager streams it, is the file DownloadDocument returns.
  const std::string manager = testing::TokenFor(kManager, {Role::kSalesManager});
  std::size_t most_chunks = 0;
  const v1::ListDocumentsResponse listed = ListDocuments(sale.sale());
  ASSERT_GE(listed.documents_size(), 3);
  for (const v1::Document& document : listed.documents()) {
    SCOPED_TRACE(document.name());
    const v1::DownloadDocumentResponse whole = Download(document.name());
    const Streamed streamed = stream(manager, document.name(), v1::DOCUMENT_FORMAT_PDF, "");
    ASSERT_TRUE(streamed.status.ok()) << streamed.status.error_message();
    EXPECT_EQ(streamed.head.file_name(), whole.file_name());
    EXPECT_EQ(streamed.head.content_type(), "application/pdf");
    EXPECT_TRUE(streamed.head.data().empty());
    EXPECT_EQ(streamed.head.size_bytes(), static_cast<int64_t>(whole.content().size()));
    EXPECT_EQ(streamed.head.sha256(), common::Sha256Hex(whole.content()));
    EXPECT_EQ(streamed.content, whole.content());
    for (std::size_t size : streamed.chunks) {
      EXPECT_GT(size, 0U);
      EXPECT_LE(size, 64U * 1024U);
    }
    most_chunks = std::max(most_chunks, streamed.chunks.size());
  }
  EXPECT_GT(most_chunks, 1U);

  // The VAT invoice's EDO file streams too, with the checks of DownloadDocument.
  const Streamed edo = stream(accountant_, vat_invoice, v1::DOCUMENT_FORMAT_EDO_XML, kRecipient);
  ASSERT_TRUE(edo.status.ok()) << edo.status.error_message();
  EXPECT_EQ(edo.head.content_type(), "application/xml");
  EXPECT_EQ(edo.head.file_name().rfind(std::string("ON_NSCHFDOPPR_") + kRecipient, 0), 0U);
  EXPECT_EQ(edo.head.size_bytes(), static_cast<int64_t>(edo.content.size()));
  EXPECT_EQ(edo.head.sha256(), common::Sha256Hex(edo.content));
  EXPECT_EQ(edo.content.rfind("<?xml version=\"1.0\" encoding=\"windows-1251\"?>", 0), 0U);

  // Bad input is refused field by field and changes nothing.
  const int64_t documents = Count("SELECT count(*) FROM documents");
  const int64_t outbox = Count("SELECT count(*) FROM outbox");
  for (const BadDownload& c : BadDownloads(vat_invoice, kRecipient)) {
    const Streamed refused = stream(accountant_, c.name, c.format, c.recipient);
    EXPECT_EQ(refused.status.error_code(), grpc::INVALID_ARGUMENT) << c.name << " " << c.format;
    EXPECT_THAT(testing::ViolatedFields(refused.status),
                ::testing::UnorderedElementsAreArray(c.fields));
    EXPECT_TRUE(refused.head.file_name().empty());
  }
  EXPECT_EQ(Count("SELECT count(*) FROM documents"), documents);
  EXPECT_EQ(Count("SELECT count(*) FROM outbox"), outbox);

  // An unknown document; another manager's, a token without a CRM role, no token: nothing sent.
  EXPECT_EQ(stream(accountant_, "documents/" + common::NewUuid(), v1::DOCUMENT_FORMAT_PDF, "")
                .status.error_code(),
            grpc::NOT_FOUND);
  const Streamed theirs =
      stream(testing::TokenFor("employees/" + common::NewUuid(), {Role::kSalesManager}),
             vat_invoice, v1::DOCUMENT_FORMAT_PDF, "");
  EXPECT_EQ(theirs.status.error_code(), grpc::PERMISSION_DENIED);
  EXPECT_TRUE(theirs.head.file_name().empty() && theirs.content.empty());
  EXPECT_EQ(stream(Token({}), vat_invoice, v1::DOCUMENT_FORMAT_PDF, "").status.error_code(),
            grpc::PERMISSION_DENIED);
  EXPECT_EQ(stream("", vat_invoice, v1::DOCUMENT_FORMAT_PDF, "").status.error_code(),
            grpc::UNAUTHENTICATED);
}

// ---------------------------------------------------------------------------------------------
// Drafts: an issuer's package kinds made for review first (Issuer.draft_kinds), rendered again
// (RenderDocumentDraft) and issued (IssueDocument)

class DocumentDraftsTest : public DocumentsPackageTest {
 protected:
  // ValidIssuer() making its contracts and checklists as drafts.
  v1::Issuer MustCreateDraftIssuer() {
    v1::Issuer issuer = ValidIssuer();
    issuer.add_draft_kinds(v1::DOCUMENT_TYPE_CONTRACT);
    issuer.add_draft_kinds(v1::DOCUMENT_TYPE_CHECKLIST);
    v1::Issuer created = MustCreateIssuer(issuer);
    EXPECT_THAT(created.draft_kinds(),
                ElementsAre(v1::DOCUMENT_TYPE_CONTRACT, v1::DOCUMENT_TYPE_CHECKLIST));
    return created;
  }

  grpc::Status Render(const std::string& token, const std::string& name, const std::string& etag,
                      v1::Document* out) {
    grpc::ClientContext context;
    testing::Authorize(context, token);
    v1::RenderDocumentDraftRequest request;
    request.set_name(name);
    request.set_etag(etag);
    return stub_->RenderDocumentDraft(&context, request, out);
  }

  grpc::Status Issue(const std::string& token, const std::string& name, const std::string& etag,
                     v1::Document* out) {
    grpc::ClientContext context;
    testing::Authorize(context, token);
    v1::IssueDocumentRequest request;
    request.set_name(name);
    request.set_etag(etag);
    return stub_->IssueDocument(&context, request, out);
  }

  // The sale's one contract of `status`.
  v1::Document ContractIn(const std::string& sale, v1::DocumentStatus status) {
    for (const v1::Document& document : OfType(sale, v1::DOCUMENT_TYPE_CONTRACT)) {
      if (document.status() == status) {
        return document;
      }
    }
    ADD_FAILURE() << "no contract in " << v1::DocumentStatus_Name(status);
    return {};
  }

  // The document.issued events of `document`.
  std::vector<events::v1::DocumentIssued> IssuedEventsOf(const std::string& document,
                                                         std::size_t at_least) {
    std::vector<events::v1::DocumentIssued> out;
    for (const auto& message : testing::ReadStream(nats_url_, events::v1::kDocumentIssued, at_least,
                                                   std::chrono::milliseconds(1500))) {
      events::v1::DocumentIssued issued;
      common::bus::FromJson(message.data, &issued);
      if (issued.document() == document) {
        out.push_back(issued);
      }
    }
    return out;
  }

  std::string StoredSha(const v1::Document& document) {
    return server_->pool().Read([&](pqxx::read_transaction& tx) {
      return std::string(tx.exec_params1("SELECT sha256 FROM documents WHERE id = $1::uuid",
                                         document.name().substr(10))[0]
                             .c_str());
    });
  }

  // "<number> от <date>" of number `sequence` of a series, issued today.
  static std::string IssuedTodayAs(int64_t sequence) {
    const std::chrono::year_month_day today =
        common::api::LocalDate(google::protobuf::util::TimeUtil::GetCurrentTime());
    return FormatDocumentNumber(static_cast<int>(today.year()), sequence) + " от " +
           FormatDateRu(today);
  }
};

TEST_F(DocumentDraftsTest, ADraftIsMadeWithoutANumberAndIssuedAsTheNextNumberOfItsSeries) {
  const v1::Issuer issuer = MustCreateDraftIssuer();
  const events::v1::SaleRecorded sale = PackageSale(common::NewUuid());
  PublishSale(sale, common::NewUuid());
  ASSERT_TRUE(WaitForDocuments(6));

  // The contract and the checklist are drafts: no number, marked, no QR code, not published, no
  // number taken from their series. The rest is issued as ever.
  const v1::Document draft = ContractIn(sale.sale(), v1::DOCUMENT_STATUS_DRAFT);
  EXPECT_EQ(draft.number(), "");
  EXPECT_EQ(draft.sequence_number(), 0);
  EXPECT_EQ(draft.file_name(), "contract-draft.pdf");
  EXPECT_TRUE(draft.issued_by().empty());
  EXPECT_FALSE(draft.has_issue_time());
  EXPECT_TRUE(draft.has_render_time());
  EXPECT_EQ(OfType(sale.sale(), v1::DOCUMENT_TYPE_CHECKLIST).at(0).status(),
            v1::DOCUMENT_STATUS_DRAFT);
  for (const v1::DocumentType type :
       {v1::DOCUMENT_TYPE_INVOICE, v1::DOCUMENT_TYPE_APPLICATION,
        v1::DOCUMENT_TYPE_MARKETING_MANUAL, v1::DOCUMENT_TYPE_TECHNICAL_MANUAL}) {
    const v1::Document issued = OfType(sale.sale(), type).at(0);
    EXPECT_EQ(issued.status(), v1::DOCUMENT_STATUS_ISSUED) << v1::DocumentType_Name(type);
    EXPECT_EQ(issued.number(), "2026-000001");
  }
  const std::string draft_pdf = Download(draft.name()).content();
  const std::string draft_text = PdfText(draft_pdf);
  for (const char* expected : {"ПРОЕКТ — документ не выпущен, номер присваивается при выпуске",
                               "Договор на участие в выставке (проект) от 15.03.2026",
                               "Цена договора — 122 000,00 руб."}) {
    EXPECT_NE(draft_text.find(expected), std::string::npos) << expected << "\n" << draft_text;
  }
  EXPECT_TRUE(PdfQrCodes(draft_pdf).empty());
  EXPECT_EQ(testing::ReadStream(nats_url_, events::v1::kDocumentIssued, 5,
                                std::chrono::milliseconds(1500))
                .size(),
            4u);
  EXPECT_EQ(Count("SELECT count(*) FROM document_counters WHERE doc_type IN ('CONTRACT', "
                  "'CHECKLIST')"),
            0);

  // A draft is not sent, signed or exchanged by EDO before it is issued.
  v1::Document out;
  grpc::Status status = Send(manager_, draft, v1::DELIVERY_CHANNEL_EMAIL, "buyer@example.ru", &out);
  EXPECT_EQ(status.error_code(), grpc::FAILED_PRECONDITION);
  EXPECT_EQ(testing::ErrorInfoReason(status), "DOCUMENT_IS_DRAFT");
  EXPECT_EQ(Sign(manager_, Signing(draft), &out).error_code(), grpc::FAILED_PRECONDITION);
  {
    grpc::ClientContext context;
    testing::Authorize(context, accountant_);
    v1::DownloadDocumentRequest request;
    request.set_name(draft.name());
    request.set_format(v1::DOCUMENT_FORMAT_EDO_XML);
    request.set_recipient_edo_participant_id("2BE-BUYER-1");
    v1::DownloadDocumentResponse file;
    EXPECT_EQ(stub_->DownloadDocument(&context, request, &file).error_code(),
              grpc::FAILED_PRECONDITION);
  }

  // The issuer stops drafting contracts: the next sale's contract is issued on its event and
  // takes the series' first number.
  v1::Issuer no_drafts = issuer;
  no_drafts.clear_draft_kinds();
  v1::Issuer updated;
  ASSERT_TRUE(UpdateIssuerAs(accountant_, no_drafts, {"draft_kinds"}, &updated).ok());
  EXPECT_TRUE(updated.draft_kinds().empty());
  const events::v1::SaleRecorded second = PackageSale(common::NewUuid());
  PublishSale(second, common::NewUuid());
  ASSERT_TRUE(WaitForDocuments(12));
  EXPECT_EQ(ContractIn(second.sale(), v1::DOCUMENT_STATUS_ISSUED).number(), "2026-000001");

  // The draft is issued by the sale's manager: the next number, today, the final PDF with its
  // SHA-256 stored, who and when, published once as document.issued.
  v1::Document issued;
  status = Issue(manager_, draft.name(), draft.etag(), &issued);
  ASSERT_TRUE(status.ok()) << status.error_message();
  EXPECT_EQ(issued.name(), draft.name());
  EXPECT_EQ(issued.status(), v1::DOCUMENT_STATUS_ISSUED);
  EXPECT_EQ(issued.sequence_number(), 2);
  EXPECT_EQ(
      issued.number() + " от " + FormatDateRu(*common::api::CalendarDate(issued.issue_date())),
      IssuedTodayAs(2));
  EXPECT_EQ(issued.issued_by(), kManager);
  EXPECT_TRUE(issued.has_issue_time());
  EXPECT_EQ(issued.file_name(), "contract-" + issued.number() + ".pdf");
  EXPECT_NE(issued.etag(), draft.etag());
  const std::string final_pdf = Download(issued.name()).content();
  EXPECT_EQ(StoredSha(issued), common::Sha256Hex(final_pdf));
  const std::string final_text = PdfText(final_pdf);
  EXPECT_EQ(final_text.find("ПРОЕКТ"), std::string::npos) << final_text;
  EXPECT_NE(final_text.find("Договор на участие в выставке № " + IssuedTodayAs(2)),
            std::string::npos)
      << final_text;
  EXPECT_EQ(PdfQrCodes(final_pdf).size(), 1u);
  const std::vector<events::v1::DocumentIssued> published = IssuedEventsOf(issued.name(), 11);
  ASSERT_EQ(published.size(), 1u);
  EXPECT_EQ(published[0].type(), "CONTRACT");
  EXPECT_EQ(published[0].number(), issued.number());
  EXPECT_EQ(published[0].sha256(), common::Sha256Hex(final_pdf));
  EXPECT_EQ(published[0].manager(), kManager);
  EXPECT_TRUE(published[0].replaces().empty());

  // Issued once: a second IssueDocument, with either etag, and a render are refused.
  status = Issue(manager_, issued.name(), issued.etag(), &out);
  EXPECT_EQ(status.error_code(), grpc::FAILED_PRECONDITION);
  EXPECT_EQ(testing::ErrorInfoReason(status), "NOT_A_DRAFT");
  EXPECT_EQ(Issue(manager_, issued.name(), draft.etag(), &out).error_code(),
            grpc::FAILED_PRECONDITION);
  EXPECT_EQ(Render(manager_, issued.name(), issued.etag(), &out).error_code(),
            grpc::FAILED_PRECONDITION);
  EXPECT_EQ(Count("SELECT last_number FROM document_counters WHERE doc_type = 'CONTRACT'"), 2);
  // Now it goes to the buyer like any issued document.
  ASSERT_TRUE(Send(manager_, issued, v1::DELIVERY_CHANNEL_EMAIL, "buyer@example.ru", &out).ok());
  EXPECT_EQ(out.status(), v1::DOCUMENT_STATUS_SENT);
  EXPECT_EQ(SalesConsumer().dead_lettered(), 0u);
}

TEST_F(DocumentDraftsTest, RenderingADraftAgainPicksUpTheIssuersAndTheTemplatesChanges) {
  const v1::Issuer issuer = MustCreateDraftIssuer();
  const events::v1::SaleRecorded sale = PackageSale(common::NewUuid());
  PublishSale(sale, common::NewUuid());
  ASSERT_TRUE(WaitForDocuments(6));
  const v1::Document draft = ContractIn(sale.sale(), v1::DOCUMENT_STATUS_DRAFT);
  EXPECT_TRUE(draft.template_().empty());

  // The director changes and an admin activates a text block for contracts.
  v1::Issuer changed = issuer;
  changed.set_director("Соколов Б. Б.");
  v1::Issuer updated;
  ASSERT_TRUE(UpdateIssuerAs(accountant_, changed, {"director"}, &updated).ok());
  const std::string admin = Token({Role::kAdmin});
  v1::DocumentTemplate version;
  {
    grpc::ClientContext context;
    testing::Authorize(context, admin);
    v1::CreateDocumentTemplateRequest request;
    request.set_parent(issuer.name());
    request.mutable_document_template()->set_type(v1::DOCUMENT_TYPE_CONTRACT);
    request.mutable_document_template()->set_statement(
        "2. Особые условия для {{buyer.legal_name}}: цена {{total}} руб.");
    ASSERT_TRUE(stub_->CreateDocumentTemplate(&context, request, &version).ok());
  }
  {
    grpc::ClientContext context;
    testing::Authorize(context, admin);
    v1::ActivateDocumentTemplateRequest request;
    request.set_name(version.name());
    request.set_etag(version.etag());
    ASSERT_TRUE(stub_->ActivateDocumentTemplate(&context, request, &version).ok());
  }

  // Rendered again by the sale's manager: still a draft, now with both changes, recorded.
  v1::Document rendered;
  const grpc::Status status = Render(manager_, draft.name(), draft.etag(), &rendered);
  ASSERT_TRUE(status.ok()) << status.error_message();
  EXPECT_EQ(rendered.status(), v1::DOCUMENT_STATUS_DRAFT);
  EXPECT_EQ(rendered.number(), "");
  EXPECT_EQ(rendered.template_(), version.name());
  EXPECT_EQ(rendered.rendered_by(), kManager);
  EXPECT_TRUE(rendered.has_render_time());
  EXPECT_NE(rendered.etag(), draft.etag());
  const std::string text = TextOf(rendered);
  for (const char* expected :
       {"ПРОЕКТ", "Соколов Б. Б.", "2. Особые условия для ООО «СтройМаш»: цена 122 000,00 руб."}) {
    EXPECT_NE(text.find(expected), std::string::npos) << expected << "\n" << text;
  }
  // The old etag is stale now; nothing was numbered or published for it.
  v1::Document out;
  EXPECT_EQ(Render(manager_, draft.name(), draft.etag(), &out).error_code(), grpc::ABORTED);
  EXPECT_EQ(Count("SELECT count(*) FROM document_counters WHERE doc_type = 'CONTRACT'"), 0);
  EXPECT_TRUE(IssuedEventsOf(draft.name(), 4).empty());
}

TEST_F(DocumentDraftsTest, AmendmentsRenderTheDraftAgainIssuingReplacesAndACancellationAnnulsIt) {
  MustCreateDraftIssuer();
  const std::string sale_id = common::NewUuid();
  const events::v1::SaleRecorded sale = PackageSale(sale_id);
  PublishSale(sale, common::NewUuid());
  ASSERT_TRUE(WaitForDocuments(6));
  const v1::Document first_draft = ContractIn(sale.sale(), v1::DOCUMENT_STATUS_DRAFT);
  const auto amend = [&](int64_t area, int64_t day, int64_t documents) {
    events::v1::SaleAmended amended = Amendment(sale_id, area, kMarch2026 + day * 86400);
    *amended.mutable_sale() = PackageSale(sale_id, area);
    PublishAmended(amended, common::NewUuid());
    ASSERT_TRUE(
        testing::Eventually([&] { return Count("SELECT count(*) FROM documents") == documents; }));
  };

  // Amended to 25 m²: the same draft shows the new state (the four issued kinds get new
  // versions, the two drafts none); no number taken.
  amend(2500, 1, 10);
  const v1::Document redrawn = ContractIn(sale.sale(), v1::DOCUMENT_STATUS_DRAFT);
  EXPECT_EQ(redrawn.name(), first_draft.name());
  EXPECT_EQ(redrawn.total_amount().minor_units(), 15250000);
  EXPECT_NE(TextOf(redrawn).find("Цена договора — 152 500,00 руб."), std::string::npos);
  EXPECT_EQ(Count("SELECT count(*) FROM document_counters WHERE doc_type = 'CONTRACT'"), 0);

  // Issued; a later amendment makes a new draft beside it, and issuing that one replaces it.
  v1::Document first;
  ASSERT_TRUE(Issue(accountant_, redrawn.name(), redrawn.etag(), &first).ok());
  EXPECT_EQ(first.sequence_number(), 1);
  amend(3000, 2, 15);
  const v1::Document second_draft = ContractIn(sale.sale(), v1::DOCUMENT_STATUS_DRAFT);
  EXPECT_NE(second_draft.name(), first.name());
  EXPECT_EQ(ContractIn(sale.sale(), v1::DOCUMENT_STATUS_ISSUED).name(), first.name());
  v1::Document second;
  ASSERT_TRUE(Issue(manager_, second_draft.name(), second_draft.etag(), &second).ok());
  EXPECT_EQ(second.sequence_number(), 2);
  EXPECT_EQ(second.replaces(), first.name());
  EXPECT_EQ(second.total_amount().minor_units(), 18300000);
  const v1::Document replaced = Get(first.name());
  EXPECT_EQ(replaced.status(), v1::DOCUMENT_STATUS_REPLACED);
  EXPECT_EQ(replaced.replaced_by(), second.name());
  const std::vector<events::v1::DocumentIssued> published = IssuedEventsOf(second.name(), 14);
  ASSERT_EQ(published.size(), 1u);
  EXPECT_EQ(published[0].replaces(), first.name());

  // One more amendment leaves a draft waiting; the cancellation annuls it without an event and
  // the issued contract with one, as ever.
  amend(3500, 3, 20);
  const v1::Document waiting = ContractIn(sale.sale(), v1::DOCUMENT_STATUS_DRAFT);
  PublishCancelled(Cancellation(sale_id, kMarch2026 + 4 * 86400), common::NewUuid());
  ASSERT_TRUE(testing::Eventually(
      [&] { return Get(waiting.name()).status() == v1::DOCUMENT_STATUS_ANNULLED; }));
  const v1::Document annulled = Get(waiting.name());
  EXPECT_FALSE(annulled.annulment_reason().empty());
  EXPECT_EQ(annulled.number(), "");
  EXPECT_EQ(Get(second.name()).status(), v1::DOCUMENT_STATUS_ANNULLED);
  std::set<std::string> annulled_events;
  for (const auto& message : testing::ReadStream(nats_url_, events::v1::kDocumentAnnulled, 5)) {
    events::v1::DocumentAnnulled event;
    common::bus::FromJson(message.data, &event);
    annulled_events.insert(event.document());
  }
  EXPECT_EQ(annulled_events.count(waiting.name()), 0u);
  EXPECT_EQ(annulled_events.count(second.name()), 1u);
  v1::Document out;
  EXPECT_EQ(Issue(manager_, waiting.name(), annulled.etag(), &out).error_code(),
            grpc::FAILED_PRECONDITION);
  EXPECT_EQ(Count("SELECT last_number FROM document_counters WHERE doc_type = 'CONTRACT'"), 2);
  EXPECT_EQ(SalesConsumer().dead_lettered(), 0u);
}

TEST_F(DocumentDraftsTest, BadInputIsRefusedFieldByFieldAndOnlyThoseWhoMayChangeTheSaleMayAct) {
  v1::Issuer bad = ValidIssuer();
  bad.add_draft_kinds(v1::DOCUMENT_TYPE_INVOICE);
  v1::Issuer out_issuer;
  grpc::Status status = CreateIssuer(bad, &out_issuer);
  EXPECT_EQ(status.error_code(), grpc::INVALID_ARGUMENT);
  EXPECT_THAT(testing::ViolatedFields(status), ElementsAre("issuer.draft_kinds"));
  const v1::Issuer issuer = MustCreateDraftIssuer();
  v1::Issuer twice = issuer;
  twice.add_draft_kinds(v1::DOCUMENT_TYPE_CONTRACT);
  status = UpdateIssuerAs(accountant_, twice, {"draft_kinds"}, &out_issuer);
  EXPECT_THAT(testing::ViolatedFields(status), ElementsAre("issuer.draft_kinds"));

  const events::v1::SaleRecorded sale = PackageSale(common::NewUuid());
  PublishSale(sale, common::NewUuid());
  ASSERT_TRUE(WaitForDocuments(6));
  const v1::Document draft = ContractIn(sale.sale(), v1::DOCUMENT_STATUS_DRAFT);
  const auto unchanged = [&] {
    EXPECT_EQ(Get(draft.name()).etag(), draft.etag());
    EXPECT_EQ(Get(draft.name()).status(), v1::DOCUMENT_STATUS_DRAFT);
    EXPECT_EQ(Count("SELECT count(*) FROM document_counters WHERE doc_type = 'CONTRACT'"), 0);
  };

  v1::Document out;
  status = Render(manager_, "", "", &out);
  EXPECT_EQ(status.error_code(), grpc::INVALID_ARGUMENT);
  EXPECT_THAT(testing::ViolatedFields(status), ElementsAre("name", "etag"));
  status = Issue(manager_, "documents/not-a-uuid", "", &out);
  EXPECT_THAT(testing::ViolatedFields(status), ElementsAre("name", "etag"));
  status = Issue(manager_, sale.sale(), draft.etag(), &out);
  EXPECT_THAT(testing::ViolatedFields(status), ElementsAre("name"));
  EXPECT_EQ(Issue(manager_, "documents/" + common::NewUuid(), "1", &out).error_code(),
            grpc::NOT_FOUND);
  EXPECT_EQ(Issue(manager_, draft.name(), draft.etag() + "7", &out).error_code(), grpc::ABORTED);
  unchanged();

  // Another manager, a head of another department, an analyst (who only reads) and a caller
  // without a role are refused; the head of the manager's department may.
  const std::string department = common::NewUuid();
  const std::string other_department = common::NewUuid();
  const std::string head = "employees/" + common::NewUuid();
  const std::string other_head = "employees/" + common::NewUuid();
  PublishMembership(kManager, department);
  PublishMembership(head, department);
  PublishMembership(other_head, other_department);
  ASSERT_TRUE(testing::Eventually([&] { return DepartmentOf(other_head) == other_department; }));
  ASSERT_TRUE(testing::Eventually([&] { return DepartmentOf(kManager) == department; }));
  for (const std::string& token :
       {Token({Role::kSalesManager}), testing::TokenFor(other_head, {Role::kSalesHead}),
        Token({Role::kAnalyst}), Token({})}) {
    EXPECT_EQ(Render(token, draft.name(), draft.etag(), &out).error_code(),
              grpc::PERMISSION_DENIED);
    EXPECT_EQ(Issue(token, draft.name(), draft.etag(), &out).error_code(), grpc::PERMISSION_DENIED);
  }
  unchanged();
  // Whoever may see it downloads the draft's PDF.
  EXPECT_TRUE(DownloadAs(Token({Role::kAnalyst}), draft.name()).ok());
  status = Render(testing::TokenFor(head, {Role::kSalesHead}), draft.name(), draft.etag(), &out);
  ASSERT_TRUE(status.ok()) << status.error_message();
  EXPECT_EQ(out.rendered_by(), head);
}

}  // namespace
}  // namespace crm::documents
