// Sales plans, the pure part: attainment arithmetic, plan cells checked, the plan workbook read and
// who may read and write which target.

#include "services/analytics/domain/plans.h"

#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "tests/support/violations.h"

namespace crm::analytics::domain {
namespace {

namespace v1 = crm::analytics::v1;
using common::auth::Role;
using std::chrono::year;
using std::chrono::year_month_day;

constexpr char kPlanDepartment[] = "0b6f1c6e-0000-4000-8000-000000000001";
constexpr char kPlanOtherDepartment[] = "0b6f1c6e-0000-4000-8000-000000000002";
constexpr char kPlanManager[] = "7a1d2e3f-0000-4000-8000-000000000003";

TEST(PlanAttainment, IsFactOverPlanInBasisPointsRoundedDown) {
  EXPECT_EQ(AttainmentBp(1'000'000, 1'000'000), 10'000);
  EXPECT_EQ(AttainmentBp(3, 1), 3333);  // 33.33…% rounds down
  EXPECT_EQ(AttainmentBp(3, 2), 6666);  // 66.66…% rounds down, not to 6667
  EXPECT_EQ(AttainmentBp(10'000, 9'999), 9'999);
  EXPECT_EQ(AttainmentBp(200, 500), 25'000);  // over the plan
  EXPECT_EQ(AttainmentBp(500, 0), 0);
  // The largest amounts a cell may hold do not overflow.
  EXPECT_EQ(AttainmentBp(10'000'000'000'000, 10'000'000'000'000), 10'000);
}

TEST(PlanAttainment, IsUnsetWithoutAPlan) {
  EXPECT_FALSE(AttainmentBp(0, 0));
  EXPECT_FALSE(AttainmentBp(0, 125'000));
}

TEST(PlanAttainment, TotalsDivideTheSumsAndShowMonthsWithoutAPlan) {
  const auto sums = [](std::string month, int64_t plan_area, int64_t fact_area, int64_t plan_net,
                       int64_t fact_net) {
    PlanFactSums out;
    out.level = v1::PLAN_LEVEL_MANAGER;
    out.target_id = kPlanManager;
    out.display_name = "Иванова Анна";
    out.month = std::move(month);
    out.plan_area_dm2 = plan_area;
    out.fact_area_dm2 = fact_area;
    out.plan_net = plan_net;
    out.fact_net = fact_net;
    return out;
  };
  PlanFactSums edition;
  edition.level = v1::PLAN_LEVEL_EDITION;
  edition.month = "2026-02";
  edition.plan_net = 100;
  edition.fact_net = 50;
  const std::vector<v1::PlanFactRow> rows = PlanFactRows({
      edition, sums("2026-02", 2000, 1500, 10'000'000, 8'000'000),
      sums("2026-03", 3000, 3000, 20'000'000, 25'000'000),
      sums("2026-04", 0, 1000, 0, 4'000'000),  // a fact in a month without a plan
  });
  ASSERT_EQ(rows.size(), 2U);
  EXPECT_EQ(rows[0].level(), v1::PLAN_LEVEL_EDITION);
  EXPECT_EQ(rows[0].target(), "");
  EXPECT_EQ(rows[0].total().attainment_bp(), 5000);
  const v1::PlanFactRow& manager = rows[1];
  EXPECT_EQ(manager.target(), std::string("employees/") + kPlanManager);
  EXPECT_EQ(manager.display_name(), "Иванова Анна");
  ASSERT_EQ(manager.months_size(), 3);
  EXPECT_EQ(manager.months(0).figures().attainment_bp(), 8000);
  EXPECT_EQ(manager.months(0).figures().area_attainment_bp(), 7500);
  EXPECT_EQ(manager.months(1).figures().attainment_bp(), 12'500);
  EXPECT_FALSE(manager.months(2).figures().has_attainment_bp());
  EXPECT_FALSE(manager.months(2).figures().has_area_attainment_bp());
  EXPECT_EQ(manager.months(2).figures().fact_net_amount().minor_units(), 4'000'000);
  // Total: (8 + 25 + 4) / (10 + 20) = 123.33…% → 12333 bp; m² (1500 + 3000 + 1000) / 5000.
  const v1::PlanFactFigures& total = manager.total();
  EXPECT_EQ(total.plan_net_amount().minor_units(), 30'000'000);
  EXPECT_EQ(total.fact_net_amount().minor_units(), 37'000'000);
  EXPECT_EQ(total.plan_net_amount().currency_code(), "RUB");
  EXPECT_EQ(total.attainment_bp(), 12'333);
  EXPECT_EQ(total.plan_area_dm2(), 5000);
  EXPECT_EQ(total.fact_area_dm2(), 5500);
  EXPECT_EQ(total.area_attainment_bp(), 11'000);
}

TEST(PlanMonths, ParseAndWindow) {
  EXPECT_EQ(PlanMonthText(*ParsePlanMonth("2026-03")), "2026-03");
  for (const char* bad : {"2026-13", "2026-3", "26-03", "2026-03-01", "1999-12", "abcd-ef", ""}) {
    EXPECT_FALSE(ParsePlanMonth(bad)) << bad;
  }
  const MonthWindow window =
      PlanWindow(year_month_day{year{2026}, std::chrono::May, std::chrono::day{12}},
                 year_month_day{year{2026}, std::chrono::May, std::chrono::day{15}});
  EXPECT_EQ(window.Text(), "from 2024-05 to 2026-11");
  EXPECT_TRUE(window.Holds(*ParsePlanMonth("2024-05")));
  EXPECT_TRUE(window.Holds(*ParsePlanMonth("2026-11")));
  EXPECT_FALSE(window.Holds(*ParsePlanMonth("2024-04")));
  EXPECT_FALSE(window.Holds(*ParsePlanMonth("2026-12")));
  EXPECT_TRUE(PlanWindow(std::nullopt, std::nullopt).Holds(*ParsePlanMonth("2099-01")));
}

TEST(PlanCells, EveryProblemIsReportedWithItsField) {
  std::vector<v1::SalesPlanCell> cells(6);
  cells[0].set_level(v1::PLAN_LEVEL_EDITION);
  cells[0].set_month("2026-03");
  cells[0].set_area_dm2(100'000);
  cells[0].mutable_net_amount()->set_minor_units(1'000'000'000);
  cells[1].set_level(v1::PLAN_LEVEL_DEPARTMENT);
  cells[1].set_target("employees/" + std::string(kPlanManager));  // wrong collection
  cells[1].set_month("2030-01");                                  // outside the window
  cells[2].set_level(v1::PLAN_LEVEL_MANAGER);
  cells[2].set_target("employees/" + std::string(kPlanManager));
  cells[2].set_month("2026-03");
  cells[2].set_area_dm2(-1);
  cells[2].mutable_net_amount()->set_currency_code("USD");
  cells[3] = cells[0];            // the edition's March twice
  cells[4].set_month("2026-03");  // no level
  cells[5].set_level(v1::PLAN_LEVEL_EDITION);
  cells[5].set_target("departments/" + std::string(kPlanDepartment));
  cells[5].set_month("2026-04");
  std::vector<std::string> fields;
  const auto cell_fields = [&](std::size_t index, std::string_view field, const std::string&) {
    fields.push_back(std::to_string(index) + "." + std::string(field));
  };
  const MonthWindow window =
      PlanWindow(year_month_day{year{2026}, std::chrono::May, std::chrono::day{12}}, std::nullopt);
  const std::vector<PlanCell> checked = CheckPlanCells(cells, window, cell_fields);
  EXPECT_EQ(fields, (std::vector<std::string>{"1.target", "1.month", "2.area_dm2", "2.net_amount",
                                              "3.month", "4.level", "5.target"}));
  EXPECT_EQ(checked[0].net_kopecks, 1'000'000'000);
  EXPECT_EQ(checked[0].target_id, "");
  EXPECT_EQ(checked[2].target_id, kPlanManager);
}

TEST(PlanSheet, ReadsRowsAndNamesEveryBadCell) {
  common::tabular::SourceTable table;
  table.header = {"Уровень", "Кто", "Месяц", "Площадь, м²", "Сумма без НДС"};
  table.rows = {
      {2, {"выставка", "", "2026-03", "1 000", "10 000 000,50"}},
      {3, {"manager", "employees/" + std::string(kPlanManager), "2026-03", "12,5", "abc"}},
      {4, {"team", "", "2026-03", "", ""}},
  };
  common::Violations violations;
  PlanSheetRows rows;
  const std::vector<v1::SalesPlanCell> cells = ReadPlanSheet(table, violations, rows);
  ASSERT_EQ(cells.size(), 3U);
  EXPECT_EQ(cells[0].level(), v1::PLAN_LEVEL_EDITION);
  EXPECT_EQ(cells[0].area_dm2(), 100'000);
  EXPECT_EQ(cells[0].net_amount().minor_units(), 1'000'000'050);
  EXPECT_EQ(cells[1].area_dm2(), 1250);
  EXPECT_EQ(rows.row_of, (std::vector<int>{2, 3, 4}));
  EXPECT_TRUE(rows.bad_cells.contains({3, "amount"}));
  EXPECT_TRUE(rows.bad_cells.contains({4, "level"}));
  EXPECT_FALSE(violations.empty());
  // A check of a cell already reported unreadable is not reported again.
  common::Violations more;
  rows.Report(more, 1, "net_amount", "must be rubles");
  rows.Report(more, 1, "month", "must be a month of the edition's plan");
  EXPECT_EQ(crm::testing::ViolatedFields(more), std::vector<std::string>{"content"});
}

TEST(PlanSheet, NeedsItsColumns) {
  common::tabular::SourceTable table;
  table.header = {"target", "amount"};
  table.rows = {{2, {"", "1"}}};
  common::Violations violations;
  PlanSheetRows rows;
  EXPECT_TRUE(ReadPlanSheet(table, violations, rows).empty());
  EXPECT_EQ(crm::testing::ViolatedFields(violations),
            (std::vector<std::string>{"content", "content"}));  // no level, no month
}

common::auth::Actor PlanActor(Role role, const std::string& employee,
                              const std::string& department) {
  return {common::auth::Principal{"employees/" + employee, "", {role}}, employee, department};
}

TEST(PlanAccess, WhoReadsAndWritesWhichTarget) {
  const std::string head = "11111111-0000-4000-8000-000000000009";
  const common::auth::Actor head_actor = PlanActor(Role::kSalesHead, head, kPlanDepartment);
  const common::auth::RecordOwner own_department{"", kPlanDepartment, {}};
  const common::auth::RecordOwner other_department{"", kPlanOtherDepartment, {}};
  const common::auth::RecordOwner manager_here{kPlanManager, kPlanDepartment, {}};
  const common::auth::RecordOwner edition{};

  EXPECT_TRUE(MayReadTarget(head_actor, v1::PLAN_LEVEL_EDITION, edition));
  EXPECT_TRUE(MayReadTarget(head_actor, v1::PLAN_LEVEL_DEPARTMENT, own_department));
  EXPECT_FALSE(MayReadTarget(head_actor, v1::PLAN_LEVEL_DEPARTMENT, other_department));
  EXPECT_TRUE(MayReadTarget(head_actor, v1::PLAN_LEVEL_MANAGER, manager_here));
  EXPECT_NO_THROW(CheckTargetWrite(head_actor, v1::PLAN_LEVEL_DEPARTMENT, own_department));
  EXPECT_NO_THROW(CheckTargetWrite(head_actor, v1::PLAN_LEVEL_MANAGER, manager_here));
  EXPECT_THROW(CheckTargetWrite(head_actor, v1::PLAN_LEVEL_EDITION, edition),
               common::PermissionError);
  EXPECT_THROW(CheckTargetWrite(head_actor, v1::PLAN_LEVEL_DEPARTMENT, other_department),
               common::PermissionError);

  const common::auth::Actor manager = PlanActor(Role::kSalesManager, kPlanManager, kPlanDepartment);
  EXPECT_TRUE(MayReadTarget(manager, v1::PLAN_LEVEL_MANAGER, manager_here));
  EXPECT_FALSE(MayReadTarget(manager, v1::PLAN_LEVEL_EDITION, edition));
  EXPECT_FALSE(MayReadTarget(manager, v1::PLAN_LEVEL_DEPARTMENT, own_department));
  EXPECT_THROW(CheckMayWritePlans(manager), common::PermissionError);

  for (Role role : {Role::kAnalyst, Role::kAdmin}) {
    const common::auth::Actor all = PlanActor(role, head, "");
    EXPECT_TRUE(MayReadTarget(all, v1::PLAN_LEVEL_DEPARTMENT, other_department));
    EXPECT_NO_THROW(CheckTargetWrite(all, v1::PLAN_LEVEL_EDITION, edition));
  }
  for (Role role : {Role::kAccountant, Role::kService}) {
    const common::auth::Actor none = PlanActor(role, head, kPlanDepartment);
    EXPECT_FALSE(MayReadTarget(none, v1::PLAN_LEVEL_EDITION, edition));
    EXPECT_FALSE(MayReadTarget(none, v1::PLAN_LEVEL_MANAGER, manager_here));
    EXPECT_THROW(CheckMayWritePlans(none), common::PermissionError);
  }
}

}  // namespace
}  // namespace crm::analytics::domain
