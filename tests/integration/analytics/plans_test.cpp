// Sales plans against a real PostgreSQL and nats-server: registry and planning events in through
// the real consumer, plans set and imported through SalesPlanService, plan vs fact out.

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <map>
#include <memory>
#include <string>
#include <vector>

#include "common/core/ids.h"
#include "crm/analytics/v1/plans.grpc.pb.h"
#include "crm/events/v1/planning_topics.h"
#include "crm/events/v1/registry_topics.h"
#include "services/analytics/service.h"
#include "tests/support/eventually.h"
#include "tests/support/service_harness.h"
#include "tests/support/test_environment.h"
#include "tests/support/timestamps.h"
#include "tests/support/xlsx_writer.h"

namespace crm::analytics {
namespace {

namespace v1 = crm::analytics::v1;
using common::auth::Role;
using crm::testing::At;
using ::testing::ElementsAre;
using ::testing::HasSubstr;

v1::SalesPlanCell Cell(v1::PlanLevel level, const std::string& target, const std::string& month,
                       int64_t area_dm2, int64_t net_kopecks) {
  v1::SalesPlanCell cell;
  cell.set_level(level);
  cell.set_target(target);
  cell.set_month(month);
  cell.set_area_dm2(area_dm2);
  cell.mutable_net_amount()->set_currency_code("RUB");
  cell.mutable_net_amount()->set_minor_units(net_kopecks);
  return cell;
}

// Plan and fact of a month or total: m² plan, m² fact, net plan, net fact, attainment (−1 unset),
// m² attainment (−1 unset).
std::vector<int64_t> Figures(const v1::PlanFactFigures& f) {
  return {f.plan_area_dm2(),
          f.fact_area_dm2(),
          f.plan_net_amount().minor_units(),
          f.fact_net_amount().minor_units(),
          f.has_attainment_bp() ? f.attainment_bp() : -1,
          f.has_area_attainment_bp() ? f.area_attainment_bp() : -1};
}

class SalesPlansTest : public ::testing::Test {
 protected:
  void SetUp() override {
    auto& env = crm::testing::TestEnvironment::Get();
    url_ = env.FreshDatabase("analytics");
    nats_ = env.FreshNats();
    server_ = std::make_unique<crm::testing::RunningService>(Definition(), url_, nats_);
    stub_ = v1::SalesPlanService::NewStub(server_->channel());
    edition_ = "projects/" + common::NewUuid() + "/editions/" + common::NewUuid();
    plan_ = edition_ + "/salesPlan";
    department_a_ = common::NewUuid();
    department_b_ = common::NewUuid();

    crm::events::v1::EditionCreated created;
    created.mutable_edition()->set_edition(edition_);
    created.mutable_edition()->set_display_name("Стройка 2026");
    *created.mutable_edition()->mutable_start_date() = Date(2026, 5, 12);
    *created.mutable_edition()->mutable_end_date() = Date(2026, 5, 15);
    Publish(events::v1::kEditionCreated, created);
    anna_ = Employee("Иванова Анна", department_a_);
    boris_ = Employee("Борисов Борис", department_a_);
    vera_ = Employee("Веселова Вера", department_b_);
    head_a_ = Employee("Начальникова Нина", department_a_);
    WaitForConsumer();
  }

  void TearDown() override { server_.reset(); }

  static google::type::Date Date(int year, int month, int day) {
    google::type::Date date;
    date.set_year(year);
    date.set_month(month);
    date.set_day(day);
    return date;
  }

  template <class Payload>
  void Publish(const common::bus::Topic<Payload>& topic,
               const std::type_identity_t<Payload>& payload, const std::string& ce_time = "") {
    crm::testing::PublishEvent(
        nats_, topic, common::NewUuid(), payload,
        crm::testing::PublishOptions{.subject_id = "", .nats_msg_id = "", .time = ce_time});
    ++published_;
  }

  void WaitForConsumer() {
    ASSERT_TRUE(crm::testing::Eventually([&] {
      return server_->consumer().processed() >= published_;
    })) << "processed "
        << server_->consumer().processed() << " of " << published_;
  }

  // An employee placed in a department unit, as registry's created and updated events tell.
  std::string Employee(const std::string& full_name, const std::string& department_id) {
    std::string name = "employees/" + common::NewUuid();
    crm::events::v1::EmployeeCreated created;
    created.mutable_employee()->set_employee(name);
    created.mutable_employee()->set_full_name(full_name);
    Publish(events::v1::kEmployeeCreated, created);
    Move(name, full_name, department_id, "2026-01-01T00:00:00Z");
    return name;
  }

  void Move(const std::string& employee, const std::string& full_name,
            const std::string& department_id, const std::string& ce_time) {
    crm::events::v1::EmployeeUpdated ev;
    ev.mutable_employee()->set_employee(employee);
    ev.mutable_employee()->set_full_name(full_name);
    ev.set_status("active");
    ev.set_department_unit("departments/" + department_id);
    Publish(events::v1::kEmployeeUpdated, ev, ce_time);
  }

  crm::events::v1::SaleRecorded Sale(const std::string& manager, int64_t area_dm2, int64_t net,
                                     const std::string& sale_time) {
    crm::events::v1::SaleRecorded ev;
    ev.set_sale("sales/" + common::NewUuid());
    ev.set_contact("contacts/" + common::NewUuid());
    ev.mutable_client()->set_client("clients/" + common::NewUuid());
    *ev.mutable_sale_time() = At(sale_time);
    ev.mutable_manager()->set_employee(manager);
    ev.mutable_manager()->set_full_name("Менеджер");
    ev.mutable_edition()->set_edition(edition_);
    ev.mutable_edition()->set_display_name("Стройка 2026");
    ev.set_area_dm2(area_dm2);
    ev.mutable_net_amount()->set_currency_code("RUB");
    ev.mutable_net_amount()->set_minor_units(net);
    ev.set_vat_rate_bp(2200);
    ev.mutable_total_amount()->set_currency_code("RUB");
    ev.mutable_total_amount()->set_minor_units(net + net * 22 / 100);
    ev.set_state("ACTIVE");
    Publish(events::v1::kSaleRecorded, ev, sale_time);
    return ev;
  }

  static std::string Token(std::vector<Role> roles, const std::string& subject = "") {
    return crm::testing::TokenFor(subject.empty() ? "employees/" + common::NewUuid() : subject,
                                  std::move(roles));
  }

  grpc::Status SetCells(const std::string& token, const std::vector<v1::SalesPlanCell>& cells,
                        const std::string& etag, v1::SalesPlan* out) {
    v1::SetSalesPlanCellsRequest request;
    request.set_name(plan_);
    for (const auto& cell : cells) {
      *request.add_cells() = cell;
    }
    request.set_etag(etag);
    grpc::ClientContext context;
    crm::testing::Authorize(context, token);
    return stub_->SetSalesPlanCells(&context, request, out);
  }

  grpc::Status GetPlan(const std::string& token, v1::SalesPlan* out) {
    v1::GetSalesPlanRequest request;
    request.set_name(plan_);
    grpc::ClientContext context;
    crm::testing::Authorize(context, token);
    return stub_->GetSalesPlan(&context, request, out);
  }

  grpc::Status Import(const std::string& token, const std::string& content, v1::SalesPlan* out,
                      const std::string& etag = "") {
    v1::ImportSalesPlanRequest request;
    request.set_name(plan_);
    request.set_content(content);
    request.set_etag(etag);
    grpc::ClientContext context;
    crm::testing::Authorize(context, token);
    return stub_->ImportSalesPlan(&context, request, out);
  }

  grpc::Status VsFact(const std::string& token, v1::PlanVsFact* out,
                      const std::string& department = "", const std::string& manager = "") {
    v1::GetPlanVsFactRequest request;
    request.set_name(plan_);
    request.set_department(department);
    request.set_manager(manager);
    grpc::ClientContext context;
    crm::testing::Authorize(context, token);
    return stub_->GetPlanVsFact(&context, request, out);
  }

  // The rows of a plan vs fact by target ("" for the edition).
  static std::map<std::string, v1::PlanFactRow> RowsOf(const v1::PlanVsFact& report) {
    std::map<std::string, v1::PlanFactRow> rows;
    for (const auto& row : report.rows()) {
      rows[row.target()] = row;
    }
    return rows;
  }

  static std::string Department(const std::string& id) { return "departments/" + id; }

  // The plan of the main scenario: the edition, department A and Anna in February and March.
  std::vector<v1::SalesPlanCell> ThePlan() const {
    return {
        Cell(v1::PLAN_LEVEL_EDITION, "", "2026-02", 10'000, 100'000'000),
        Cell(v1::PLAN_LEVEL_EDITION, "", "2026-03", 15'000, 150'000'000),
        Cell(v1::PLAN_LEVEL_DEPARTMENT, Department(department_a_), "2026-02", 6'000, 60'000'000),
        Cell(v1::PLAN_LEVEL_DEPARTMENT, Department(department_a_), "2026-03", 9'000, 90'000'000),
        Cell(v1::PLAN_LEVEL_MANAGER, anna_, "2026-02", 3'000, 30'000'000),
        Cell(v1::PLAN_LEVEL_MANAGER, anna_, "2026-03", 4'000, 40'000'000),
    };
  }

  std::string url_;
  std::string nats_;
  uint64_t published_ = 0;
  std::unique_ptr<crm::testing::RunningService> server_;
  std::unique_ptr<v1::SalesPlanService::Stub> stub_;
  std::string edition_;
  std::string plan_;
  std::string department_a_;
  std::string department_b_;
  std::string anna_;
  std::string boris_;
  std::string vera_;
  std::string head_a_;
};

// The hand calculation of README "Sales plans": amended and cancelled sales, a sale late on
// 28 February UTC that is 1 March in Samara, and a move of Anna to department B that leaves her
// earlier sales with A.
TEST_F(SalesPlansTest, PlanVsFactAtEveryLevelByMonth) {
  const std::string analyst = Token({Role::kAnalyst});
  v1::SalesPlan saved;
  ASSERT_TRUE(SetCells(analyst, ThePlan(), "0", &saved).ok());
  EXPECT_EQ(saved.etag(), "1");
  EXPECT_EQ(saved.cells_size(), 6);

  Sale(anna_, 1800, 14'400'000, "2026-02-10T10:00:00Z");
  auto amended = Sale(anna_, 1200, 12'000'000, "2026-02-20T10:00:00Z");
  auto cancelled = Sale(boris_, 2000, 16'000'000, "2026-02-25T10:00:00Z");
  Sale(anna_, 1000, 9'000'000, "2026-02-28T21:30:00Z");  // 1 March, 01:30 in Samara
  Sale(vera_, 2500, 20'000'000, "2026-03-05T10:00:00Z");
  WaitForConsumer();
  crm::events::v1::SaleAmended amendment;
  *amendment.mutable_previous() = amended;
  *amendment.mutable_sale() = amended;
  amendment.mutable_sale()->set_area_dm2(1500);
  amendment.mutable_sale()->mutable_net_amount()->set_minor_units(15'000'000);
  amendment.add_changed_fields("area_dm2");
  amendment.set_amended_by(anna_);
  Publish(events::v1::kSaleAmended, amendment, "2026-02-21T10:00:00Z");
  crm::events::v1::SaleCancelled cancellation;
  *cancellation.mutable_sale() = cancelled;
  cancellation.mutable_sale()->set_state("CANCELLED");
  cancellation.set_reason("клиент отказался");
  cancellation.set_cancelled_by(boris_);
  Publish(events::v1::kSaleCancelled, cancellation, "2026-02-26T10:00:00Z");
  Move(anna_, "Иванова Анна", department_b_, "2026-03-08T00:00:00Z");
  WaitForConsumer();
  Sale(anna_, 500, 4'000'000, "2026-03-10T10:00:00Z");  // for department B now
  crm::events::v1::DepartmentCreated unit;
  unit.mutable_department()->set_department(Department(department_a_));
  unit.mutable_department()->set_display_name("Отдел выставок");
  Publish(events::v1::kDepartmentCreated, unit, "2026-01-01T00:00:00Z");
  WaitForConsumer();

  v1::PlanVsFact report;
  ASSERT_TRUE(VsFact(analyst, &report).ok());
  EXPECT_EQ(report.edition_display_name(), "Стройка 2026");
  auto rows = RowsOf(report);
  ASSERT_EQ(rows.size(), 5U);  // the edition, A, B, Anna, Vera; Boris's only sale is cancelled
  EXPECT_EQ(report.rows(0).level(), v1::PLAN_LEVEL_EDITION);

  const v1::PlanFactRow& edition = rows[""];
  ASSERT_EQ(edition.months_size(), 2);
  EXPECT_EQ(edition.months(0).month(), "2026-02");
  EXPECT_THAT(Figures(edition.months(0).figures()),
              ElementsAre(10'000, 3'300, 100'000'000, 29'400'000, 2'940, 3'300));
  EXPECT_THAT(Figures(edition.months(1).figures()),
              ElementsAre(15'000, 4'000, 150'000'000, 33'000'000, 2'200, 2'666));
  EXPECT_THAT(Figures(edition.total()),
              ElementsAre(25'000, 7'300, 250'000'000, 62'400'000, 2'496, 2'920));

  const v1::PlanFactRow& a = rows[Department(department_a_)];
  EXPECT_EQ(a.level(), v1::PLAN_LEVEL_DEPARTMENT);
  EXPECT_EQ(a.display_name(), "Отдел выставок");
  EXPECT_THAT(Figures(a.months(0).figures()),
              ElementsAre(6'000, 3'300, 60'000'000, 29'400'000, 4'900, 5'500));
  EXPECT_THAT(Figures(a.months(1).figures()),
              ElementsAre(9'000, 1'000, 90'000'000, 9'000'000, 1'000, 1'111));
  EXPECT_THAT(Figures(a.total()),
              ElementsAre(15'000, 4'300, 150'000'000, 38'400'000, 2'560, 2'866));

  // Department B has no plan: its facts are shown, attainment is not divided by zero.
  const v1::PlanFactRow& b = rows[Department(department_b_)];
  ASSERT_EQ(b.months_size(), 1);
  EXPECT_EQ(b.months(0).month(), "2026-03");
  EXPECT_THAT(Figures(b.total()), ElementsAre(0, 3'000, 0, 24'000'000, -1, -1));

  const v1::PlanFactRow& anna = rows[anna_];
  EXPECT_EQ(anna.display_name(), "Иванова Анна");
  EXPECT_THAT(Figures(anna.months(0).figures()),
              ElementsAre(3'000, 3'300, 30'000'000, 29'400'000, 9'800, 11'000));
  EXPECT_THAT(Figures(anna.months(1).figures()),
              ElementsAre(4'000, 1'500, 40'000'000, 13'000'000, 3'250, 3'750));
  EXPECT_THAT(Figures(anna.total()),
              ElementsAre(7'000, 4'800, 70'000'000, 42'400'000, 6'057, 6'857));
  EXPECT_THAT(Figures(rows[vera_].total()), ElementsAre(0, 2'500, 0, 20'000'000, -1, -1));

  // Department B's view: its row and the managers in it now (Anna moved there, Vera).
  v1::PlanVsFact of_b;
  ASSERT_TRUE(VsFact(analyst, &of_b, Department(department_b_)).ok());
  auto b_rows = RowsOf(of_b);
  EXPECT_EQ(b_rows.size(), 3U);
  EXPECT_TRUE(b_rows.contains(anna_) && b_rows.contains(vera_));

  // Anna, a sales manager, reads her own figures; with no filter, only her own row.
  const std::string anna_token = Token({Role::kSalesManager}, anna_);
  v1::PlanVsFact own;
  ASSERT_TRUE(VsFact(anna_token, &own, "", anna_).ok());
  ASSERT_EQ(own.rows_size(), 1);
  EXPECT_EQ(own.rows(0).total().attainment_bp(), 6'057);
  ASSERT_TRUE(VsFact(anna_token, &own).ok());
  ASSERT_EQ(own.rows_size(), 1);
  EXPECT_EQ(own.rows(0).target(), anna_);

  // The head of A: the edition's total and department A; Anna is in B now.
  v1::PlanVsFact head_view;
  ASSERT_TRUE(VsFact(Token({Role::kSalesHead}, head_a_), &head_view).ok());
  auto head_rows = RowsOf(head_view);
  EXPECT_EQ(head_rows.size(), 2U);
  EXPECT_TRUE(head_rows.contains("") && head_rows.contains(Department(department_a_)));
}

TEST_F(SalesPlansTest, SettingATargetReplacesItsMonthsAndKeepsWhoAndWhen) {
  const std::string analyst_name = "employees/" + common::NewUuid();
  const std::string analyst = Token({Role::kAnalyst}, analyst_name);
  v1::SalesPlan saved;
  ASSERT_TRUE(SetCells(analyst, ThePlan(), "0", &saved).ok());
  // Anna's plan again, March only and larger; the other targets keep theirs.
  ASSERT_TRUE(SetCells(analyst, {Cell(v1::PLAN_LEVEL_MANAGER, anna_, "2026-03", 5'000, 55'000'000)},
                       "1", &saved)
                  .ok());
  EXPECT_EQ(saved.etag(), "2");
  EXPECT_EQ(saved.updated_by(), analyst_name);
  v1::SalesPlan plan;
  ASSERT_TRUE(GetPlan(analyst, &plan).ok());
  EXPECT_EQ(plan.etag(), "2");
  EXPECT_EQ(plan.edition_display_name(), "Стройка 2026");
  ASSERT_EQ(plan.cells_size(), 5);
  const v1::SalesPlanCell& last = plan.cells(4);
  EXPECT_EQ(last.target(), anna_);
  EXPECT_EQ(last.month(), "2026-03");
  EXPECT_EQ(last.area_dm2(), 5'000);
  EXPECT_EQ(last.net_amount().minor_units(), 55'000'000);
  EXPECT_EQ(last.updated_by(), analyst_name);
  EXPECT_GT(last.update_time().seconds(), 0);
  EXPECT_EQ(plan.cells(0).level(), v1::PLAN_LEVEL_EDITION);
}

TEST_F(SalesPlansTest, BadCellsChangeNothing) {
  const std::string analyst = Token({Role::kAnalyst});
  v1::SalesPlan saved;
  ASSERT_TRUE(SetCells(analyst, ThePlan(), "0", &saved).ok());
  const std::vector<v1::SalesPlanCell> bad = {
      Cell(v1::PLAN_LEVEL_EDITION, "", "2030-01", 100, 100),  // outside the edition's window
      Cell(v1::PLAN_LEVEL_DEPARTMENT, anna_, "2026-02", 100, 100),
      Cell(v1::PLAN_LEVEL_MANAGER, anna_, "2026-02", 100, -5),
      Cell(v1::PLAN_LEVEL_MANAGER, "employees/" + common::NewUuid(), "2026-02", 100, 100),
      Cell(v1::PLAN_LEVEL_DEPARTMENT, Department(common::NewUuid()), "2026-02", 100, 100),
      Cell(v1::PLAN_LEVEL_EDITION, "", "2026-3", -1, 100),
  };
  grpc::Status status = SetCells(analyst, bad, "1", &saved);
  EXPECT_EQ(status.error_code(), grpc::StatusCode::INVALID_ARGUMENT);
  EXPECT_THAT(crm::testing::ViolatedFields(status),
              ::testing::UnorderedElementsAre(
                  "cells[0].month", "cells[1].target", "cells[2].net_amount", "cells[3].target",
                  "cells[4].target", "cells[5].month", "cells[5].area_dm2"));
  v1::SetSalesPlanCellsRequest empty;
  empty.set_name("projects/x/salesPlan");
  grpc::ClientContext context;
  crm::testing::Authorize(context, analyst);
  status = stub_->SetSalesPlanCells(&context, empty, &saved);
  EXPECT_EQ(status.error_code(), grpc::StatusCode::INVALID_ARGUMENT);
  EXPECT_THAT(crm::testing::ViolatedFields(status), ElementsAre("name", "etag", "cells"));

  v1::SalesPlan plan;
  ASSERT_TRUE(GetPlan(analyst, &plan).ok());
  EXPECT_EQ(plan.etag(), "1");
  EXPECT_EQ(plan.cells_size(), 6);
}

TEST_F(SalesPlansTest, AStaleEtagIsAbortedAndAnUnknownEditionNotFound) {
  const std::string analyst = Token({Role::kAnalyst});
  v1::SalesPlan saved;
  ASSERT_TRUE(SetCells(analyst, ThePlan(), "0", &saved).ok());
  grpc::Status status =
      SetCells(analyst, {Cell(v1::PLAN_LEVEL_EDITION, "", "2026-02", 1, 1)}, "0", &saved);
  EXPECT_EQ(status.error_code(), grpc::StatusCode::ABORTED);
  EXPECT_EQ(crm::testing::ErrorInfoReason(status), "ETAG_MISMATCH");
  v1::SalesPlan plan;
  ASSERT_TRUE(GetPlan(analyst, &plan).ok());
  EXPECT_EQ(plan.etag(), "1");
  EXPECT_EQ(plan.cells(0).area_dm2(), 10'000);

  plan_ = "projects/" + common::NewUuid() + "/editions/" + common::NewUuid() + "/salesPlan";
  EXPECT_EQ(GetPlan(analyst, &plan).error_code(), grpc::StatusCode::NOT_FOUND);
  v1::PlanVsFact report;
  EXPECT_EQ(VsFact(analyst, &report).error_code(), grpc::StatusCode::NOT_FOUND);
}

TEST_F(SalesPlansTest, ImportsAWorkbookAllOrNothing) {
  const std::string head = Token({Role::kSalesHead}, head_a_);
  v1::SalesPlan saved;
  const std::string good = crm::testing::XlsxOf({
      {"level", "target", "month", "area_m2", "amount"},
      {"department", Department(department_a_), "2026-02", 60.0, "600 000"},
      {"отдел", Department(department_a_), "2026-03", "90,5", 900000.5},
      {"manager", anna_, "2026-02", 30.0, 300000.0},
  });
  ASSERT_TRUE(Import(head, good, &saved, "0").ok());
  EXPECT_EQ(saved.etag(), "1");
  ASSERT_EQ(saved.cells_size(), 3);
  EXPECT_EQ(saved.cells(1).area_dm2(), 9'050);
  EXPECT_EQ(saved.cells(1).net_amount().minor_units(), 90'000'050);
  EXPECT_EQ(saved.cells(2).net_amount().minor_units(), 30'000'000);

  const std::string bad = crm::testing::XlsxOf({
      {"level", "target", "month", "area_m2", "amount"},
      {"department", Department(department_a_), "2026-02", 1.0, 1.0},
      {"department", Department(department_a_), "2026-14", 1.0, 1.0},
      {"team", "", "2026-02", 1.0, 1.0},
      {"manager", anna_, "2026-02", "много", 1.0},
  });
  grpc::Status status = Import(head, bad, &saved);
  EXPECT_EQ(status.error_code(), grpc::StatusCode::INVALID_ARGUMENT);
  EXPECT_THAT(status.error_message(), HasSubstr("row 3, month"));
  EXPECT_THAT(status.error_message(), HasSubstr("row 4, level"));
  EXPECT_THAT(status.error_message(), HasSubstr("row 5, area_m2"));
  EXPECT_THAT(crm::testing::ViolatedFields(status), ElementsAre("content", "content", "content"));
  EXPECT_EQ(Import(head, "not a workbook", &saved).error_code(),
            grpc::StatusCode::INVALID_ARGUMENT);

  v1::SalesPlan plan;
  ASSERT_TRUE(GetPlan(head, &plan).ok());
  EXPECT_EQ(plan.etag(), "1");
  EXPECT_EQ(plan.cells(0).area_dm2(), 6'000);
}

TEST_F(SalesPlansTest, WhoMayReadAndWriteWhichPlan) {
  const std::string analyst = Token({Role::kAnalyst});
  v1::SalesPlan saved;
  std::vector<v1::SalesPlanCell> cells = ThePlan();
  cells.push_back(
      Cell(v1::PLAN_LEVEL_DEPARTMENT, Department(department_b_), "2026-02", 1'000, 10'000'000));
  cells.push_back(Cell(v1::PLAN_LEVEL_MANAGER, vera_, "2026-02", 1'000, 10'000'000));
  ASSERT_TRUE(SetCells(analyst, cells, "0", &saved).ok());

  // The head of A writes their department and its managers, not B's nor the edition's.
  const std::string head = Token({Role::kSalesHead}, head_a_);
  ASSERT_TRUE(SetCells(head,
                       {Cell(v1::PLAN_LEVEL_DEPARTMENT, Department(department_a_), "2026-02", 6'500,
                             65'000'000),
                        Cell(v1::PLAN_LEVEL_MANAGER, boris_, "2026-02", 1'000, 10'000'000)},
                       "1", &saved)
                  .ok());
  EXPECT_EQ(SetCells(head, {Cell(v1::PLAN_LEVEL_MANAGER, vera_, "2026-02", 1, 1)}, "2", &saved)
                .error_code(),
            grpc::StatusCode::PERMISSION_DENIED);
  EXPECT_EQ(
      SetCells(head, {Cell(v1::PLAN_LEVEL_DEPARTMENT, Department(department_b_), "2026-02", 1, 1)},
               "2", &saved)
          .error_code(),
      grpc::StatusCode::PERMISSION_DENIED);
  EXPECT_EQ(
      SetCells(head, {Cell(v1::PLAN_LEVEL_EDITION, "", "2026-02", 1, 1)}, "2", &saved).error_code(),
      grpc::StatusCode::PERMISSION_DENIED);
  // The head reads the edition's, A's and A's managers' cells.
  v1::SalesPlan plan;
  ASSERT_TRUE(GetPlan(head, &plan).ok());
  EXPECT_EQ(plan.etag(), "2");
  for (const auto& cell : plan.cells()) {
    EXPECT_NE(cell.target(), vera_);
    EXPECT_NE(cell.target(), Department(department_b_));
  }
  EXPECT_EQ(plan.cells_size(), 6);  // 2 edition, 1 A (its March dropped), 2 Anna, 1 Boris
  v1::PlanVsFact report;
  EXPECT_EQ(VsFact(head, &report, Department(department_b_)).error_code(),
            grpc::StatusCode::PERMISSION_DENIED);
  EXPECT_EQ(VsFact(head, &report, "", vera_).error_code(), grpc::StatusCode::PERMISSION_DENIED);
  ASSERT_TRUE(VsFact(head, &report, Department(department_a_)).ok());
  EXPECT_EQ(report.rows_size(), 3);  // A, Anna, Boris

  // A sales manager reads their own figures only, and writes nothing.
  const std::string anna = Token({Role::kSalesManager}, anna_);
  EXPECT_EQ(VsFact(anna, &report, "", vera_).error_code(), grpc::StatusCode::PERMISSION_DENIED);
  EXPECT_EQ(VsFact(anna, &report, Department(department_a_)).error_code(),
            grpc::StatusCode::PERMISSION_DENIED);
  EXPECT_EQ(SetCells(anna, {Cell(v1::PLAN_LEVEL_MANAGER, anna_, "2026-02", 1, 1)}, "2", &saved)
                .error_code(),
            grpc::StatusCode::PERMISSION_DENIED);
  ASSERT_TRUE(GetPlan(anna, &plan).ok());
  ASSERT_EQ(plan.cells_size(), 2);
  EXPECT_EQ(plan.cells(0).target(), anna_);

  // Everyone else reads and writes nothing.
  for (Role role : {Role::kAccountant, Role::kService}) {
    const std::string token = Token({role});
    EXPECT_EQ(GetPlan(token, &plan).error_code(), grpc::StatusCode::PERMISSION_DENIED);
    EXPECT_EQ(VsFact(token, &report).error_code(), grpc::StatusCode::PERMISSION_DENIED);
    EXPECT_EQ(SetCells(token, ThePlan(), "2", &saved).error_code(),
              grpc::StatusCode::PERMISSION_DENIED);
    EXPECT_EQ(Import(token, "x", &saved).error_code(), grpc::StatusCode::PERMISSION_DENIED);
  }
  ASSERT_TRUE(GetPlan(analyst, &plan).ok());
  EXPECT_EQ(plan.etag(), "2");
}

}  // namespace
}  // namespace crm::analytics
