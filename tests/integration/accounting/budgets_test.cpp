// Project budgets against a real PostgreSQL and nats-server: registry's editions copied from their
// events, a plan entered through the API and imported from an xlsx workbook, the fact from closing
// documents (acts, УПД, УКД) and payments, costs entered, and the report against a hand
// calculation; bad input, stale etags and denial for each RPC.

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <map>
#include <memory>
#include <pqxx/pqxx>
#include <string>
#include <vector>

#include "common/core/ids.h"
#include "common/db/money.h"
#include "crm/accounting/v1/accounting.grpc.pb.h"
#include "crm/events/v1/documents_topics.h"
#include "crm/events/v1/registry_topics.h"
#include "services/accounting/service.h"
#include "services/accounting/store/edition_store.h"
#include "tests/support/child_process.h"
#include "tests/support/eventually.h"
#include "tests/support/query_number.h"
#include "tests/support/service_harness.h"
#include "tests/support/temp_dir.h"
#include "tests/support/test_environment.h"
#include "tests/support/xlsx_writer.h"

namespace crm::accounting {
namespace {

namespace v1 = crm::accounting::v1;
namespace ev = crm::events::v1;
using common::auth::Role;
using ::testing::ElementsAre;
using ::testing::HasSubstr;
using ::testing::IsEmpty;

crm::common::v1::Money Rub(int64_t kopecks) { return common::db::MoneyOf("RUB", kopecks); }

void SetDate(google::type::Date* date, int year, int month, int day) {
  date->set_year(year);
  date->set_month(month);
  date->set_day(day);
}

std::string NewEdition() {
  return "projects/" + common::NewUuid() + "/editions/" + common::NewUuid();
}

// A closing document of `edition`: `area_milli` m² (thousandths) for `space` kopecks and one other
// line for `other`, without VAT.
ev::DocumentIssued Closing(const std::string& type, const std::string& document_id,
                           const std::string& edition, int month, int day, int64_t area_milli,
                           int64_t space, int64_t other) {
  ev::DocumentIssued doc;
  doc.set_document("documents/" + document_id);
  doc.set_type(type);
  doc.set_number("A-" + document_id.substr(0, 6));
  SetDate(doc.mutable_issue_date(), 2026, month, day);
  doc.set_sale("sales/" + common::NewUuid());
  doc.set_edition(edition);
  doc.set_edition_display_name("Стройэкспо 2026");
  auto* space_line = doc.add_lines();
  space_line->set_description("Выставочная площадь");
  space_line->set_quantity_milli(area_milli);
  space_line->set_unit("м²");
  *space_line->mutable_net_amount() = Rub(space);
  if (other > 0) {
    auto* service = doc.add_lines();
    service->set_description("Регистрационный сбор");
    service->set_quantity_milli(1000);
    service->set_unit("шт");
    *service->mutable_net_amount() = Rub(other);
  }
  *doc.mutable_net_amount() = Rub(space + other);
  return doc;
}

v1::BudgetLine AreaLine(const std::string& month, const std::string& type, int64_t dm2) {
  v1::BudgetLine line;
  line.set_kind(v1::BUDGET_LINE_KIND_AREA);
  line.set_month(month);
  line.set_stand_type(type);
  line.set_area_dm2(dm2);
  return line;
}

v1::BudgetLine MoneyLine(v1::BudgetLineKind kind, const std::string& month, int64_t kopecks,
                         v1::BudgetCostArticle article = v1::BUDGET_COST_ARTICLE_UNSPECIFIED) {
  v1::BudgetLine line;
  line.set_kind(kind);
  line.set_month(month);
  *line.mutable_amount() = Rub(kopecks);
  line.set_article(article);
  return line;
}

class BudgetsTest : public ::testing::Test {
 protected:
  void SetUp() override {
    url_ = crm::testing::TestEnvironment::Get().FreshDatabase("accounting");
    nats_ = crm::testing::TestEnvironment::Get().FreshNats();
    server_ = std::make_unique<crm::testing::RunningService>(
        Definition(), url_, nats_,
        std::map<std::string, std::string>{
            {"CRM_EXCHANGE_DIR", (scratch_.path() / "exchange").string()}});
    stub_ = v1::AccountingService::NewStub(server_->channel());
  }

  void TearDown() override { server_.reset(); }

  int64_t Count(const std::string& sql) { return crm::testing::QueryNumber(server_->pool(), sql); }

  static std::string Token(Role role) {
    return crm::testing::TokenFor("employees/" + common::NewUuid(), {role});
  }

  // Registry's edition.updated for `edition`: base price 10 000 ₽/m², corners 12 000 ₽/m².
  void PublishEdition(const std::string& edition, const std::string& time = "") {
    ev::EditionUpdated updated;
    auto* snapshot = updated.mutable_edition();
    snapshot->set_edition(edition);
    snapshot->set_display_name("Стройэкспо 2026");
    snapshot->set_project("projects/p");
    snapshot->set_project_display_name("Стройэкспо");
    SetDate(snapshot->mutable_start_date(), 2026, 3, 24);
    SetDate(snapshot->mutable_end_date(), 2026, 3, 27);
    snapshot->set_venue("Экспоцентр");
    *snapshot->mutable_price_per_m2() = Rub(1000000);
    updated.set_status("open_for_sales");
    auto* corner = updated.add_stand_prices();
    corner->set_stand_type("corner");
    *corner->mutable_price_per_m2() = Rub(1200000);
    crm::testing::PublishEvent(nats_, ev::kEditionUpdated, common::NewUuid(), updated,
                               crm::testing::PublishOptions{edition, "", time});
  }

  // An edition accounting knows.
  std::string KnownEdition() {
    std::string edition = NewEdition();
    PublishEdition(edition);
    EXPECT_TRUE(crm::testing::Eventually([&] {
      return Count("SELECT count(*) FROM editions WHERE name = '" + edition + "'") == 1;
    }));
    return edition;
  }

  void Publish(const ev::DocumentIssued& doc) {
    crm::testing::PublishEvent(nats_, ev::kDocumentIssued, common::NewUuid(), doc, doc.document());
  }

  grpc::Status Get(const std::string& name, v1::Budget* out, const std::string& token) {
    grpc::ClientContext ctx;
    if (!token.empty()) {
      crm::testing::Authorize(ctx, token);
    }
    v1::GetBudgetRequest request;
    request.set_name(name);
    return stub_->GetBudget(&ctx, request, out);
  }

  grpc::Status Update(const std::string& name, const std::vector<v1::BudgetLine>& lines,
                      const std::string& etag, v1::Budget* out,
                      const std::string& token = Token(Role::kAccountant),
                      const std::string& mask = "plan_lines") {
    grpc::ClientContext ctx;
    if (!token.empty()) {
      crm::testing::Authorize(ctx, token);
    }
    v1::UpdateBudgetRequest request;
    request.mutable_budget()->set_name(name);
    request.mutable_budget()->set_etag(etag);
    for (const auto& line : lines) {
      *request.mutable_budget()->add_plan_lines() = line;
    }
    if (!mask.empty()) {
      request.mutable_update_mask()->add_paths(mask);
    }
    return stub_->UpdateBudget(&ctx, request, out);
  }

  grpc::Status Import(const std::string& name, const std::string& content, v1::Budget* out,
                      const std::string& token = Token(Role::kSalesHead),
                      const std::string& etag = "") {
    grpc::ClientContext ctx;
    if (!token.empty()) {
      crm::testing::Authorize(ctx, token);
    }
    v1::ImportBudgetPlanRequest request;
    request.set_name(name);
    request.set_content(content);
    request.set_etag(etag);
    return stub_->ImportBudgetPlan(&ctx, request, out);
  }

  grpc::Status AddCost(const std::string& parent, v1::BudgetCostArticle article,
                       const std::string& month, int64_t kopecks, v1::BudgetCost* out,
                       const std::string& token = Token(Role::kAccountant)) {
    grpc::ClientContext ctx;
    if (!token.empty()) {
      crm::testing::Authorize(ctx, token);
    }
    v1::CreateBudgetCostRequest request;
    request.set_parent(parent);
    request.mutable_budget_cost()->set_article(article);
    request.mutable_budget_cost()->set_month(month);
    *request.mutable_budget_cost()->mutable_amount() = Rub(kopecks);
    request.mutable_budget_cost()->set_description("по договору");
    return stub_->CreateBudgetCost(&ctx, request, out);
  }

  // CreateBudgetCost with a request_id, as `token`'s caller.
  grpc::Status AddCostOnce(const std::string& parent, const std::string& request_id,
                           int64_t kopecks, v1::BudgetCost* out, const std::string& token) {
    grpc::ClientContext ctx;
    crm::testing::Authorize(ctx, token);
    v1::CreateBudgetCostRequest request;
    request.set_parent(parent);
    request.set_request_id(request_id);
    request.mutable_budget_cost()->set_article(v1::BUDGET_COST_ARTICLE_ADVERTISING);
    request.mutable_budget_cost()->set_month("2026-02");
    *request.mutable_budget_cost()->mutable_amount() = Rub(kopecks);
    return stub_->CreateBudgetCost(&ctx, request, out);
  }

  grpc::Status ListCosts(const v1::ListBudgetCostsRequest& request,
                         v1::ListBudgetCostsResponse* out,
                         const std::string& token = Token(Role::kAnalyst)) {
    grpc::ClientContext ctx;
    if (!token.empty()) {
      crm::testing::Authorize(ctx, token);
    }
    return stub_->ListBudgetCosts(&ctx, request, out);
  }

  // The names of the costs ListBudgetCosts returns for `request`, every page.
  std::vector<std::string> CostNames(v1::ListBudgetCostsRequest request) {
    const std::string analyst = Token(Role::kAnalyst);  // a page token is the caller's
    std::vector<std::string> names;
    do {
      v1::ListBudgetCostsResponse page;
      const grpc::Status status = ListCosts(request, &page, analyst);
      EXPECT_TRUE(status.ok()) << status.error_message();
      for (const auto& cost : page.budget_costs()) {
        names.push_back(cost.name());
      }
      request.set_page_token(page.next_page_token());
    } while (!request.page_token().empty());
    return names;
  }

  grpc::Status DeleteCost(const std::string& name, const std::string& etag, v1::BudgetCost* out,
                          const std::string& token = Token(Role::kAccountant)) {
    grpc::ClientContext ctx;
    if (!token.empty()) {
      crm::testing::Authorize(ctx, token);
    }
    v1::DeleteBudgetCostRequest request;
    request.set_name(name);
    request.set_etag(etag);
    return stub_->DeleteBudgetCost(&ctx, request, out);
  }

  int64_t FactCosts(const std::string& budget) {
    v1::BudgetReport report;
    EXPECT_TRUE(Report(budget, &report).ok());
    return report.total().costs().fact().minor_units();
  }

  grpc::Status Report(const std::string& name, v1::BudgetReport* out,
                      const std::string& token = Token(Role::kAnalyst)) {
    grpc::ClientContext ctx;
    if (!token.empty()) {
      crm::testing::Authorize(ctx, token);
    }
    v1::GetBudgetReportRequest request;
    request.set_name(name);
    return stub_->GetBudgetReport(&ctx, request, out);
  }

  crm::testing::TempDir scratch_{"crm-budgets-test"};
  std::string url_;
  std::string nats_;
  std::unique_ptr<crm::testing::RunningService> server_;
  std::unique_ptr<v1::AccountingService::Stub> stub_;
};

TEST_F(BudgetsTest, EditionsAreCopiedAndAnOlderEventChangesNothing) {
  const std::string edition = NewEdition();
  PublishEdition(edition, "2026-01-10T10:00:00Z");
  // edition.created, older than the update, arriving after it.
  ev::EditionCreated created;
  created.mutable_edition()->set_edition(edition);
  created.mutable_edition()->set_display_name("Черновик");
  SetDate(created.mutable_edition()->mutable_start_date(), 2026, 5, 1);
  *created.mutable_edition()->mutable_price_per_m2() = Rub(500000);
  crm::testing::PublishEvent(nats_, ev::kEditionCreated, common::NewUuid(), created,
                             crm::testing::PublishOptions{edition, "", "2026-01-01T10:00:00Z"});
  ASSERT_TRUE(crm::testing::Eventually([&] {
    return Count("SELECT count(*) FROM processed_events WHERE consumer = 'accounting-editions'") ==
           2;
  }));
  const auto copy = server_->pool().Read(
      [&](pqxx::read_transaction& tx) { return EditionStore::Find(tx, edition); });
  ASSERT_TRUE(copy);
  EXPECT_EQ(copy->display_name, "Стройэкспо 2026");
  EXPECT_EQ(copy->end_date, "2026-03-27");
  EXPECT_EQ(copy->price_per_m2_kopecks, 1000000);
  EXPECT_EQ(copy->stand_prices, (std::map<std::string, int64_t>{{"corner", 1200000}}));
  const auto opens = server_->pool().Read(
      [&](pqxx::read_transaction& tx) { return EditionStore::StartDate(tx, edition); });
  EXPECT_EQ(opens, "2026-03-24");
  const auto unknown = server_->pool().Read(
      [&](pqxx::read_transaction& tx) { return EditionStore::StartDate(tx, NewEdition()); });
  EXPECT_FALSE(unknown);
}

TEST_F(BudgetsTest, UpdateBudgetEntersAPlanPricedFromThePriceList) {
  const std::string budget = KnownEdition() + "/budget";
  v1::Budget empty;
  ASSERT_TRUE(Get(budget, &empty, Token(Role::kAnalyst)).ok());
  EXPECT_EQ(empty.etag(), "0");
  EXPECT_THAT(empty.plan_lines(), IsEmpty());
  EXPECT_EQ(empty.edition_display_name(), "Стройэкспо 2026");

  v1::BudgetLine linear = AreaLine("2026-03", "linear", 3000);
  *linear.mutable_price_per_m2() = Rub(900000);
  const std::vector<v1::BudgetLine> lines = {
      AreaLine("2026-02", "corner", 5000), linear,
      MoneyLine(v1::BUDGET_LINE_KIND_COST, "2026-02", 20000000,
                v1::BUDGET_COST_ARTICLE_VENUE_RENT)};
  const std::string head =
      crm::testing::TokenFor("employees/" + common::NewUuid(), {Role::kSalesHead});
  v1::Budget saved;
  const grpc::Status status = Update(budget, lines, "0", &saved, head);
  ASSERT_TRUE(status.ok()) << status.error_message();
  EXPECT_EQ(saved.etag(), "1");
  ASSERT_EQ(saved.plan_lines_size(), 3);
  EXPECT_EQ(saved.plan_lines(0).price_per_m2().minor_units(), 1200000);  // the corner price
  EXPECT_EQ(saved.plan_lines(0).amount().minor_units(), 60000000);
  EXPECT_EQ(saved.plan_lines(1).amount().minor_units(), 27000000);
  EXPECT_EQ(saved.plan_lines(2).article(), v1::BUDGET_COST_ARTICLE_VENUE_RENT);
  EXPECT_THAT(saved.updated_by(), ::testing::StartsWith("employees/"));

  v1::Budget read;
  ASSERT_TRUE(Get(budget, &read, Token(Role::kAccountant)).ok());
  EXPECT_EQ(read.SerializeAsString(), saved.SerializeAsString());

  // A stale etag: ABORTED, nothing changes.
  v1::Budget stale;
  EXPECT_EQ(Update(budget, {}, "0", &stale).error_code(), grpc::ABORTED);
  ASSERT_TRUE(Get(budget, &read, Token(Role::kAccountant)).ok());
  EXPECT_EQ(read.plan_lines_size(), 3);
  // The current etag clears the plan.
  ASSERT_TRUE(Update(budget, {}, "1", &saved).ok());
  EXPECT_EQ(saved.etag(), "2");
  EXPECT_THAT(saved.plan_lines(), IsEmpty());
}

TEST_F(BudgetsTest, GetAndUpdateBudgetRefuseBadInputAndDenyManagers) {
  const std::string budget = KnownEdition() + "/budget";
  v1::Budget out;
  // Bad lines name their index and field; nothing is saved.
  grpc::Status status =
      Update(budget,
             {AreaLine("2026-13", "tent", 0), MoneyLine(v1::BUDGET_LINE_KIND_COST, "2026-02", 100)},
             "0", &out);
  ASSERT_EQ(status.error_code(), grpc::INVALID_ARGUMENT);
  EXPECT_THAT(crm::testing::ViolatedFields(status),
              ElementsAre("budget.plan_lines[0].month", "budget.plan_lines[0].stand_type",
                          "budget.plan_lines[0].area_dm2", "budget.plan_lines[1].article"));
  EXPECT_EQ(Count("SELECT count(*) FROM budgets"), 0);
  // No etag, no mask, a field the mask may not name, a malformed name.
  EXPECT_THAT(crm::testing::ViolatedFields(Update(budget, {}, "", &out)),
              ElementsAre("budget.etag"));
  EXPECT_THAT(
      crm::testing::ViolatedFields(Update(budget, {}, "0", &out, Token(Role::kAccountant), "")),
      ElementsAre("update_mask"));
  EXPECT_THAT(
      crm::testing::ViolatedFields(Update(budget, {}, "0", &out, Token(Role::kAccountant), "name")),
      ElementsAre("update_mask"));
  EXPECT_THAT(crm::testing::ViolatedFields(Update("projects/x/budget", {}, "0", &out)),
              ElementsAre("budget.name"));
  EXPECT_THAT(crm::testing::ViolatedFields(Get("editions/1", &out, Token(Role::kAnalyst))),
              ElementsAre("name"));
  // An edition accounting has not heard of.
  const std::string unknown = NewEdition() + "/budget";
  EXPECT_EQ(Get(unknown, &out, Token(Role::kAnalyst)).error_code(), grpc::NOT_FOUND);
  EXPECT_EQ(Update(unknown, {}, "0", &out).error_code(), grpc::NOT_FOUND);
  // Sales managers see no budget; analysts read but do not write; no token, no CRM role.
  EXPECT_EQ(Get(budget, &out, Token(Role::kSalesManager)).error_code(), grpc::PERMISSION_DENIED);
  EXPECT_EQ(Update(budget, {}, "0", &out, Token(Role::kSalesManager)).error_code(),
            grpc::PERMISSION_DENIED);
  EXPECT_EQ(Update(budget, {}, "0", &out, Token(Role::kAnalyst)).error_code(),
            grpc::PERMISSION_DENIED);
  EXPECT_EQ(Get(budget, &out, "").error_code(), grpc::UNAUTHENTICATED);
  EXPECT_EQ(Update(budget, {}, "0", &out, "").error_code(), grpc::UNAUTHENTICATED);
  EXPECT_EQ(Count("SELECT count(*) FROM budgets"), 0);
}

TEST_F(BudgetsTest, ImportBudgetPlanReadsAWorkbookAllOrNothing) {
  const std::string budget = KnownEdition() + "/budget";
  const std::vector<crm::testing::XlsxCell> header = {
      std::string("kind"),    std::string("month"),        std::string("stand_type"),
      std::string("area_m2"), std::string("price_per_m2"), std::string("amount"),
      std::string("article"), std::string("description")};
  const std::string good = crm::testing::XlsxOf({
      header,
      {std::string("area"), std::string("2026-02"), std::string("corner"), 50.5, std::string(""),
       std::string(""), std::string(""), std::string("Зал 1")},
      {std::string("прочий доход"), std::string("2026-03"), std::string(""), std::string(""),
       std::string(""), 100000.0, std::string(""), std::string("Спонсорство")},
      {std::string("cost"), std::string("2026-03"), std::string(""), std::string(""),
       std::string(""), std::string("50 000,50"), std::string("advertising"), std::string("")},
  });
  v1::Budget imported;
  grpc::Status status = Import(budget, good, &imported);
  ASSERT_TRUE(status.ok()) << status.error_message();
  ASSERT_EQ(imported.plan_lines_size(), 3);
  EXPECT_EQ(imported.plan_lines(0).area_dm2(), 5050);
  EXPECT_EQ(imported.plan_lines(0).amount().minor_units(), 60600000);  // 50.5 m² × 12 000 ₽
  EXPECT_EQ(imported.plan_lines(0).description(), "Зал 1");
  EXPECT_EQ(imported.plan_lines(1).kind(), v1::BUDGET_LINE_KIND_OTHER_INCOME);
  EXPECT_EQ(imported.plan_lines(1).amount().minor_units(), 10000000);
  EXPECT_EQ(imported.plan_lines(2).article(), v1::BUDGET_COST_ARTICLE_ADVERTISING);
  EXPECT_EQ(imported.plan_lines(2).amount().minor_units(), 5000050);
  EXPECT_EQ(imported.etag(), "1");

  // Row 3 has a bad amount and row 4 no article: nothing is imported, each named.
  const std::string bad = crm::testing::XlsxOf({
      header,
      {std::string("area"), std::string("2026-04"), std::string(""), 10.0},
      {std::string("other_income"), std::string("2026-04"), std::string(""), std::string(""),
       std::string(""), std::string("сто тысяч")},
      {std::string("cost"), std::string("2026-04"), std::string(""), std::string(""),
       std::string(""), 5000.0},
  });
  v1::Budget refused;
  status = Import(budget, bad, &refused);
  ASSERT_EQ(status.error_code(), grpc::INVALID_ARGUMENT);
  EXPECT_THAT(crm::testing::ViolatedFields(status), ElementsAre("content", "content"));
  EXPECT_THAT(status.error_message(), HasSubstr("row 3, amount"));
  EXPECT_THAT(status.error_message(), HasSubstr("row 4, article"));
  v1::Budget after;
  ASSERT_TRUE(Get(budget, &after, Token(Role::kAnalyst)).ok());
  EXPECT_EQ(after.SerializeAsString(), imported.SerializeAsString());

  // Not a workbook, nothing at all, a stale etag, a malformed name, denial.
  EXPECT_THAT(crm::testing::ViolatedFields(Import(budget, "kind;month\n", &refused)),
              ElementsAre("content"));
  EXPECT_THAT(crm::testing::ViolatedFields(Import(budget, "", &refused)), ElementsAre("content"));
  EXPECT_EQ(Import(budget, good, &refused, Token(Role::kAccountant), "7").error_code(),
            grpc::ABORTED);
  EXPECT_THAT(crm::testing::ViolatedFields(Import("budget", good, &refused)), ElementsAre("name"));
  EXPECT_EQ(Import(budget, good, &refused, Token(Role::kSalesManager)).error_code(),
            grpc::PERMISSION_DENIED);
  EXPECT_EQ(Import(budget, good, &refused, Token(Role::kAnalyst)).error_code(),
            grpc::PERMISSION_DENIED);
  EXPECT_EQ(Import(budget, good, &refused, "").error_code(), grpc::UNAUTHENTICATED);
  EXPECT_EQ(Count("SELECT version FROM budgets"), 1);
}

TEST_F(BudgetsTest, CreateBudgetCostRecordsWhoEnteredItAndRefusesBadInput) {
  const std::string budget = KnownEdition() + "/budget";
  const std::string accountant =
      crm::testing::TokenFor("employees/" + common::NewUuid(), {Role::kAccountant});
  v1::BudgetCost cost;
  ASSERT_TRUE(
      AddCost(budget, v1::BUDGET_COST_ARTICLE_PRINTING, "2026-03", 700000, &cost, accountant).ok());
  EXPECT_THAT(cost.name(), ::testing::StartsWith(budget + "/costs/"));
  EXPECT_THAT(cost.entered_by(), ::testing::StartsWith("employees/"));
  EXPECT_TRUE(cost.has_create_time());
  EXPECT_EQ(Count("SELECT count(*) FROM budget_costs WHERE article = 'printing' AND month = "
                  "'2026-03-01' AND amount_kopecks = 700000 AND entered_by = '" +
                  cost.entered_by() + "'"),
            1);

  v1::BudgetCost refused;
  const grpc::Status status =
      AddCost("nope", v1::BUDGET_COST_ARTICLE_UNSPECIFIED, "March", 0, &refused);
  EXPECT_THAT(
      crm::testing::ViolatedFields(status),
      ElementsAre("parent", "budget_cost.article", "budget_cost.month", "budget_cost.amount"));
  EXPECT_EQ(
      AddCost(NewEdition() + "/budget", v1::BUDGET_COST_ARTICLE_STAFF, "2026-03", 100, &refused)
          .error_code(),
      grpc::NOT_FOUND);
  for (Role role : {Role::kSalesManager, Role::kAnalyst}) {
    EXPECT_EQ(AddCost(budget, v1::BUDGET_COST_ARTICLE_STAFF, "2026-03", 100, &refused, Token(role))
                  .error_code(),
              grpc::PERMISSION_DENIED);
  }
  EXPECT_EQ(
      AddCost(budget, v1::BUDGET_COST_ARTICLE_STAFF, "2026-03", 100, &refused, "").error_code(),
      grpc::UNAUTHENTICATED);
  EXPECT_EQ(Count("SELECT count(*) FROM budget_costs"), 1);
}

TEST_F(BudgetsTest, CreateBudgetCostWithARequestIdEntersTheCostOnce) {
  const std::string budget = KnownEdition() + "/budget";
  const std::string accountant = Token(Role::kAccountant);
  v1::BudgetCost first;
  ASSERT_TRUE(AddCostOnce(budget, "cost-1", 500000, &first, accountant).ok());
  EXPECT_EQ(first.source(), v1::BUDGET_COST_SOURCE_ENTERED);
  EXPECT_EQ(first.etag(), "1");
  v1::BudgetCost replay;
  ASSERT_TRUE(AddCostOnce(budget, "cost-1", 500000, &replay, accountant).ok());
  EXPECT_EQ(replay.name(), first.name());
  EXPECT_EQ(replay.create_time().seconds(), first.create_time().seconds());
  EXPECT_EQ(Count("SELECT count(*) FROM budget_costs"), 1);
  EXPECT_EQ(FactCosts(budget), 500000);

  // The same request_id with another amount is refused; another caller's is another key.
  v1::BudgetCost refused;
  const grpc::Status reused = AddCostOnce(budget, "cost-1", 600000, &refused, accountant);
  EXPECT_EQ(reused.error_code(), grpc::FAILED_PRECONDITION);
  EXPECT_EQ(crm::testing::ErrorInfoReason(reused), "REQUEST_ID_REUSED");
  v1::BudgetCost other;
  ASSERT_TRUE(AddCostOnce(budget, "cost-1", 500000, &other, Token(Role::kSalesHead)).ok());
  EXPECT_NE(other.name(), first.name());
  EXPECT_EQ(Count("SELECT count(*) FROM budget_costs"), 2);

  EXPECT_THAT(crm::testing::ViolatedFields(
                  AddCostOnce(budget, std::string("bad\nid"), 500000, &refused, accountant)),
              ElementsAre("request_id"));
  EXPECT_EQ(AddCostOnce(budget, "cost-2", 500000, &refused, Token(Role::kAnalyst)).error_code(),
            grpc::PERMISSION_DENIED);
  EXPECT_EQ(Count("SELECT count(*) FROM budget_costs"), 2);
}

TEST_F(BudgetsTest, ListBudgetCostsFiltersAndPagesAnEditionsCosts) {
  const std::string budget = KnownEdition() + "/budget";
  const std::string other_budget = KnownEdition() + "/budget";
  v1::BudgetCost rent;
  v1::BudgetCost staff;
  v1::BudgetCost printing;
  v1::BudgetCost elsewhere;
  ASSERT_TRUE(AddCost(budget, v1::BUDGET_COST_ARTICLE_VENUE_RENT, "2026-02", 100, &rent).ok());
  ASSERT_TRUE(AddCost(budget, v1::BUDGET_COST_ARTICLE_STAFF, "2026-03", 200, &staff).ok());
  ASSERT_TRUE(AddCost(budget, v1::BUDGET_COST_ARTICLE_PRINTING, "2026-03", 300, &printing).ok());
  ASSERT_TRUE(
      AddCost(other_budget, v1::BUDGET_COST_ARTICLE_STAFF, "2026-03", 400, &elsewhere).ok());

  v1::ListBudgetCostsRequest all;
  all.set_parent(budget);
  all.set_page_size(2);
  const std::string analyst = Token(Role::kAnalyst);
  v1::ListBudgetCostsResponse page;
  ASSERT_TRUE(ListCosts(all, &page, analyst).ok());
  ASSERT_EQ(page.budget_costs_size(), 2);
  EXPECT_EQ(page.budget_costs(0).name(), rent.name());
  EXPECT_EQ(page.budget_costs(0).amount().minor_units(), 100);
  EXPECT_EQ(page.budget_costs(0).month(), "2026-02");
  EXPECT_EQ(page.budget_costs(0).source(), v1::BUDGET_COST_SOURCE_ENTERED);
  EXPECT_FALSE(page.next_page_token().empty());
  EXPECT_THAT(CostNames(all), ElementsAre(rent.name(), staff.name(), printing.name()));

  v1::ListBudgetCostsRequest march = all;
  march.set_month("2026-03");
  EXPECT_THAT(CostNames(march), ElementsAre(staff.name(), printing.name()));
  v1::ListBudgetCostsRequest staff_only = march;
  staff_only.set_article(v1::BUDGET_COST_ARTICLE_STAFF);
  EXPECT_THAT(CostNames(staff_only), ElementsAre(staff.name()));
  v1::ListBudgetCostsRequest from_1c = all;
  from_1c.set_source(v1::BUDGET_COST_SOURCE_ONE_C);
  EXPECT_THAT(CostNames(from_1c), IsEmpty());

  // A token is bound to its filters and caller.
  march.set_page_token(page.next_page_token());
  v1::ListBudgetCostsResponse refused;
  EXPECT_THAT(crm::testing::ViolatedFields(ListCosts(march, &refused, analyst)),
              ElementsAre("page_token"));
  all.set_page_token(page.next_page_token());
  EXPECT_THAT(crm::testing::ViolatedFields(ListCosts(all, &refused)), ElementsAre("page_token"));
  all.clear_page_token();

  v1::ListBudgetCostsRequest bad;
  bad.set_parent("nope");
  bad.set_page_size(-1);
  bad.set_month("March");
  bad.set_article(static_cast<v1::BudgetCostArticle>(99));
  bad.set_source(static_cast<v1::BudgetCostSource>(99));
  EXPECT_THAT(crm::testing::ViolatedFields(ListCosts(bad, &refused)),
              ElementsAre("parent", "page_size", "month", "article", "source"));
  v1::ListBudgetCostsRequest unknown;
  unknown.set_parent(NewEdition() + "/budget");
  EXPECT_EQ(ListCosts(unknown, &refused).error_code(), grpc::NOT_FOUND);
  EXPECT_TRUE(ListCosts(all, &refused, Token(Role::kSalesHead)).ok());
  EXPECT_EQ(ListCosts(all, &refused, Token(Role::kSalesManager)).error_code(),
            grpc::PERMISSION_DENIED);
  EXPECT_EQ(ListCosts(all, &refused, "").error_code(), grpc::UNAUTHENTICATED);
}

TEST_F(BudgetsTest, DeleteBudgetCostKeepsTheCostButTakesItOutOfTheFact) {
  const std::string budget = KnownEdition() + "/budget";
  v1::BudgetCost rent;
  v1::BudgetCost staff;
  ASSERT_TRUE(AddCost(budget, v1::BUDGET_COST_ARTICLE_VENUE_RENT, "2026-02", 100000, &rent).ok());
  ASSERT_TRUE(AddCost(budget, v1::BUDGET_COST_ARTICLE_STAFF, "2026-02", 20000, &staff).ok());
  EXPECT_EQ(FactCosts(budget), 120000);

  v1::BudgetCost refused;
  EXPECT_THAT(crm::testing::ViolatedFields(DeleteCost("nope", "", &refused)),
              ElementsAre("name", "etag"));
  for (Role role : {Role::kSalesManager, Role::kAnalyst}) {
    EXPECT_EQ(DeleteCost(rent.name(), rent.etag(), &refused, Token(role)).error_code(),
              grpc::PERMISSION_DENIED);
  }
  EXPECT_EQ(DeleteCost(rent.name(), rent.etag(), &refused, "").error_code(), grpc::UNAUTHENTICATED);
  EXPECT_EQ(DeleteCost(rent.name(), "7", &refused).error_code(), grpc::ABORTED);
  EXPECT_EQ(DeleteCost(budget + "/costs/" + common::NewUuid(), "1", &refused).error_code(),
            grpc::NOT_FOUND);
  EXPECT_EQ(FactCosts(budget), 120000);

  const std::string head = Token(Role::kSalesHead);
  v1::BudgetCost deleted;
  ASSERT_TRUE(DeleteCost(rent.name(), rent.etag(), &deleted, head).ok());
  EXPECT_EQ(deleted.name(), rent.name());
  EXPECT_TRUE(deleted.has_delete_time());
  EXPECT_THAT(deleted.deleted_by(), ::testing::StartsWith("employees/"));
  EXPECT_EQ(deleted.etag(), "2");
  EXPECT_EQ(FactCosts(budget), 20000);
  EXPECT_EQ(DeleteCost(rent.name(), deleted.etag(), &refused).error_code(), grpc::NOT_FOUND);

  v1::ListBudgetCostsRequest list;
  list.set_parent(budget);
  EXPECT_THAT(CostNames(list), ElementsAre(staff.name()));
  list.set_show_deleted(true);
  EXPECT_THAT(CostNames(list), ElementsAre(rent.name(), staff.name()));
  EXPECT_EQ(Count("SELECT count(*) FROM budget_costs WHERE delete_time IS NOT NULL"), 1);

  // A cost from 1C is 1C's to change.
  {
    pqxx::connection conn(url_);
    pqxx::work tx(conn);
    tx.exec("UPDATE budget_costs SET source = 'one_c', one_c_line = 1, one_c_ref = '" +
            common::NewUuid() + "' WHERE id = '" +
            staff.name().substr(staff.name().rfind('/') + 1) + "'");
    tx.commit();
  }
  const grpc::Status from_1c = DeleteCost(staff.name(), staff.etag(), &refused);
  EXPECT_EQ(from_1c.error_code(), grpc::FAILED_PRECONDITION);
  EXPECT_EQ(crm::testing::ErrorInfoReason(from_1c), "BUDGET_COST_FROM_1C");
  EXPECT_EQ(FactCosts(budget), 20000);
}

// The report against a hand calculation (kopecks):
//   February: plan 50 m² of corners at 12 000 = 60 000 000, venue rent 20 000 000;
//             fact act A1 40 m² for 48 000 000 and 2 000 000 of services, rent 21 000 000 entered,
//             the invoice paid on 27.02 (14 884 000).
//   March:    plan 30 m² at 9 000 = 27 000 000, other income 10 000 000, advertising 5 000 000;
//             fact act A2 annulled (drops out), УПД U1 (25 m², 25 000 000 + 5 000 000) corrected
//             by УКД K1 (22 m², 22 000 000 + 5 000 000), printing 700 000 entered.
//   Another edition's act never counts.
TEST_F(BudgetsTest, GetBudgetReportComparesPlanWithClosingDocumentsPaymentsAndCosts) {
  const std::string edition = KnownEdition();
  const std::string budget = edition + "/budget";
  v1::BudgetLine linear = AreaLine("2026-03", "linear", 3000);
  *linear.mutable_price_per_m2() = Rub(900000);
  v1::Budget saved;
  ASSERT_TRUE(Update(budget,
                     {AreaLine("2026-02", "corner", 5000), linear,
                      MoneyLine(v1::BUDGET_LINE_KIND_OTHER_INCOME, "2026-03", 10000000),
                      MoneyLine(v1::BUDGET_LINE_KIND_COST, "2026-02", 20000000,
                                v1::BUDGET_COST_ARTICLE_VENUE_RENT),
                      MoneyLine(v1::BUDGET_LINE_KIND_COST, "2026-03", 5000000,
                                v1::BUDGET_COST_ARTICLE_ADVERTISING)},
                     "0", &saved)
                  .ok());

  const std::string a1 = common::NewUuid();
  const std::string a2 = common::NewUuid();
  const std::string u1 = common::NewUuid();
  const std::string k1 = common::NewUuid();
  Publish(Closing("ACT", a1, edition, 2, 20, 40000, 48000000, 2000000));
  Publish(Closing("ACT", a2, edition, 3, 10, 20000, 20000000, 0));
  Publish(Closing("UPD", u1, edition, 3, 15, 25000, 25000000, 5000000));
  ev::DocumentIssued correction = Closing("UKD", k1, edition, 3, 20, 22000, 22000000, 5000000);
  correction.set_corrects("documents/" + u1);
  Publish(correction);
  Publish(Closing("ACT", common::NewUuid(), NewEdition(), 3, 1, 99000, 99000000, 0));
  ev::DocumentAnnulled annulled;
  annulled.set_document("documents/" + a2);
  annulled.set_type("ACT");
  annulled.set_number("A-" + a2.substr(0, 6));
  annulled.set_reason("the exhibitor withdrew");
  annulled.set_annulled_by("employees/" + common::NewUuid());
  annulled.mutable_annul_time()->set_seconds(1773000000);
  annulled.set_sale("sales/" + common::NewUuid());
  crm::testing::PublishEvent(nats_, ev::kDocumentAnnulled, common::NewUuid(), annulled,
                             annulled.document());
  // The edition's invoice, paid by payment order 1 of the statement (27.02.2026, by its number).
  ev::DocumentIssued invoice = Closing("INVOICE", common::NewUuid(), edition, 2, 14, 0, 0, 0);
  invoice.set_number("2026-000007");
  invoice.mutable_client()->set_client("clients/" + common::NewUuid());
  invoice.mutable_client()->set_inn("7736207543");
  invoice.mutable_client()->set_kpp("773601001");
  *invoice.mutable_total_amount() = Rub(14884000);
  Publish(invoice);
  ASSERT_TRUE(crm::testing::Eventually([&] {
    return Count("SELECT count(*) FROM closing_documents WHERE state <> 'issued'") == 2 &&
           Count("SELECT count(*) FROM invoices") == 1;
  }));
  {
    grpc::ClientContext ctx;
    crm::testing::Authorize(ctx, Token(Role::kAccountant));
    v1::ImportBankStatementRequest request;
    request.set_content(
        crm::testing::ReadFile(std::string(CRM_STATEMENTS_DIR) + "/statement_windows.txt"));
    request.set_file_name("kl_to_1c.txt");
    v1::ImportBankStatementResponse imported;
    ASSERT_TRUE(stub_->ImportBankStatement(&ctx, request, &imported).ok());
  }
  v1::BudgetCost cost;
  ASSERT_TRUE(AddCost(budget, v1::BUDGET_COST_ARTICLE_VENUE_RENT, "2026-02", 21000000, &cost).ok());
  ASSERT_TRUE(AddCost(budget, v1::BUDGET_COST_ARTICLE_PRINTING, "2026-03", 700000, &cost).ok());

  v1::BudgetReport report;
  const grpc::Status status = Report(budget, &report);
  ASSERT_TRUE(status.ok()) << status.error_message();
  EXPECT_EQ(report.name(), budget);
  EXPECT_EQ(report.edition_display_name(), "Стройэкспо 2026");
  ASSERT_EQ(report.months_size(), 2);
  EXPECT_EQ(report.months(0).month(), "2026-02");
  EXPECT_EQ(report.months(1).month(), "2026-03");

  const auto& feb = report.months(0).figures();
  EXPECT_EQ(feb.area().plan_dm2(), 5000);
  EXPECT_EQ(feb.area().fact_dm2(), 4000);
  EXPECT_EQ(feb.area().deviation_dm2(), -1000);
  EXPECT_DOUBLE_EQ(feb.area().deviation_percent(), -20.0);
  EXPECT_EQ(feb.space_income().plan().minor_units(), 60000000);
  EXPECT_EQ(feb.space_income().fact().minor_units(), 48000000);
  EXPECT_EQ(feb.other_income().fact().minor_units(), 2000000);
  EXPECT_FALSE(feb.other_income().has_deviation_percent());
  EXPECT_EQ(feb.costs().fact().minor_units(), 21000000);
  EXPECT_DOUBLE_EQ(feb.costs().deviation_percent(), 5.0);
  EXPECT_EQ(feb.margin().plan().minor_units(), 40000000);
  EXPECT_EQ(feb.margin().fact().minor_units(), 29000000);
  EXPECT_DOUBLE_EQ(feb.margin().deviation_percent(), -27.5);
  EXPECT_EQ(feb.payments_received().minor_units(), 14884000);

  const auto& mar = report.months(1).figures();
  EXPECT_EQ(mar.area().plan_dm2(), 3000);
  EXPECT_EQ(mar.area().fact_dm2(), 2200);
  EXPECT_DOUBLE_EQ(mar.area().deviation_percent(), -26.67);
  EXPECT_EQ(mar.space_income().fact().minor_units(), 22000000);
  EXPECT_EQ(mar.other_income().plan().minor_units(), 10000000);
  EXPECT_EQ(mar.other_income().fact().minor_units(), 5000000);
  EXPECT_DOUBLE_EQ(mar.other_income().deviation_percent(), -50.0);
  EXPECT_EQ(mar.costs().plan().minor_units(), 5000000);
  EXPECT_EQ(mar.costs().fact().minor_units(), 700000);
  EXPECT_EQ(mar.margin().fact().minor_units(), 26300000);
  EXPECT_EQ(mar.payments_received().minor_units(), 0);

  const auto& total = report.total();
  EXPECT_EQ(total.area().plan_dm2(), 8000);
  EXPECT_EQ(total.area().fact_dm2(), 6200);
  EXPECT_EQ(total.space_income().plan().minor_units(), 87000000);
  EXPECT_EQ(total.space_income().fact().minor_units(), 70000000);
  EXPECT_EQ(total.other_income().fact().minor_units(), 7000000);
  EXPECT_EQ(total.costs().plan().minor_units(), 25000000);
  EXPECT_EQ(total.costs().fact().minor_units(), 21700000);
  EXPECT_EQ(total.margin().plan().minor_units(), 72000000);
  EXPECT_EQ(total.margin().fact().minor_units(), 55300000);
  EXPECT_EQ(total.margin().deviation().minor_units(), -16700000);
  EXPECT_DOUBLE_EQ(total.margin().deviation_percent(), -23.19);
  EXPECT_EQ(total.payments_received().minor_units(), 14884000);

  // Heads of sales and accountants read it too; managers not; bad and unknown names.
  v1::BudgetReport other;
  EXPECT_TRUE(Report(budget, &other, Token(Role::kSalesHead)).ok());
  EXPECT_TRUE(Report(budget, &other, Token(Role::kAccountant)).ok());
  EXPECT_EQ(Report(budget, &other, Token(Role::kSalesManager)).error_code(),
            grpc::PERMISSION_DENIED);
  EXPECT_EQ(Report(budget, &other, "").error_code(), grpc::UNAUTHENTICATED);
  EXPECT_THAT(crm::testing::ViolatedFields(Report(edition, &other)), ElementsAre("name"));
  EXPECT_EQ(Report(NewEdition() + "/budget", &other).error_code(), grpc::NOT_FOUND);
}

}  // namespace
}  // namespace crm::accounting
