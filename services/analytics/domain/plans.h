#pragma once

#include <google/protobuf/timestamp.pb.h>

#include <chrono>
#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "common/api/enum_text.h"
#include "common/auth/access.h"
#include "common/core/errors.h"
#include "common/tabular/header_columns.h"
#include "common/tabular/source_table.h"
#include "crm/analytics/v1/plans.pb.h"

// Sales plans, the pure part (services/analytics/README.md, "Sales plans"): plan cells checked,
// the plan workbook read, who may read and write which target, and plan against fact with
// attainment.
namespace crm::analytics::domain {

using PlanLevelText =
    common::api::EnumText<crm::analytics::v1::PlanLevel, common::api::TextCase::kLower>;

// The most cells one request or workbook sets.
inline constexpr std::size_t kMaxPlanCells = 5000;

// The edition "projects/{p}/editions/{e}" of a plan's name "projects/{p}/editions/{e}/salesPlan";
// nullopt for anything else.
std::optional<std::string> EditionOfPlan(std::string_view plan_name);
std::string PlanName(const std::string& edition);

// "YYYY-MM" of a month that exists (years 2000-2100); nullopt for anything else.
std::optional<std::chrono::year_month> ParsePlanMonth(std::string_view text);
std::string PlanMonthText(std::chrono::year_month month);

// The months an edition's plan may hold: from 24 months before the month it opens to 6 months
// after the month it closes (or opens, when its end is unknown); any month when neither is known.
struct MonthWindow {
  std::optional<std::chrono::year_month> first;
  std::optional<std::chrono::year_month> last;
  bool Holds(std::chrono::year_month month) const;
  // "from 2024-03 to 2026-08" for a violation message.
  std::string Text() const;
};
MonthWindow PlanWindow(std::optional<std::chrono::year_month_day> start_date,
                       std::optional<std::chrono::year_month_day> end_date);

// A checked cell as the store keeps it.
struct PlanCell {
  crm::analytics::v1::PlanLevel level = crm::analytics::v1::PLAN_LEVEL_UNSPECIFIED;
  std::string target_id;  // "" for the edition, else the department's or employee's uuid
  std::chrono::year_month month;
  int64_t area_dm2 = 0;
  int64_t net_kopecks = 0;
  std::string updated_by;
  google::protobuf::Timestamp update_time;
};

// Adds a violation of cell `index`'s `field` ("month", "target", ...).
using CellViolation =
    std::function<void(std::size_t index, std::string_view field, std::string message)>;

// Checks every cell's level, target, month (inside `window`) and amounts, and that no level,
// target and month comes twice; each problem goes to `report`. The result is complete only when
// nothing was reported.
std::vector<PlanCell> CheckPlanCells(const std::vector<crm::analytics::v1::SalesPlanCell>& cells,
                                     const MonthWindow& window, const CellViolation& report);

// The resource name of a cell's target: "", "departments/{id}" or "employees/{id}".
std::string TargetName(crm::analytics::v1::PlanLevel level, const std::string& target_id);

crm::analytics::v1::SalesPlanCell CellMessage(const PlanCell& cell);

// Where the cells of a workbook came from, for the checks that follow its reading.
struct PlanSheetRows {
  std::vector<int> row_of;  // each cell's row number
  // The cells already reported unreadable, (row, column), so the cell checks do not report them
  // a second time.
  common::tabular::BadCells bad_cells;
  // "row 3, month: <message>" as a violation of "content", unless that cell was reported.
  void Report(common::Violations& violations, std::size_t index, std::string_view field,
              const std::string& message) const;
};

// The plan cells of a workbook's table: one per row, columns by header (level, target, month,
// area_m2, amount; the Russian headers of the README too). Each cell that cannot be read is a
// violation of "content" naming its row and column.
std::vector<crm::analytics::v1::SalesPlanCell> ReadPlanSheet(
    const common::tabular::SourceTable& table, common::Violations& violations, PlanSheetRows& rows);

// Who may read and write which target (the shared rule, records kSalesPlans). The edition's own
// cells: read with a department reach or wider (heads of sales read the edition total), written
// only with a reach over everything. A department's: as a record of that department. A
// manager's: as a record the manager owns (their department looked up now).
common::auth::RecordOwner TargetOwner(crm::analytics::v1::PlanLevel level,
                                      const std::string& target_id,
                                      const common::auth::DepartmentLookup& department_of);
bool MayReadTarget(const common::auth::Actor& actor, crm::analytics::v1::PlanLevel level,
                   const common::auth::RecordOwner& owner);
// Throws PermissionError unless the actor may write some plan (before looking at the request).
void CheckMayWritePlans(const common::auth::Actor& actor);
// Throws PermissionError unless the actor may write the target.
void CheckTargetWrite(const common::auth::Actor& actor, crm::analytics::v1::PlanLevel level,
                      const common::auth::RecordOwner& owner);

// fact × 10000 ÷ plan rounded down, in basis points; nullopt when the plan is zero (a month
// without a plan is shown, never divided by).
std::optional<int64_t> AttainmentBp(int64_t plan, int64_t fact);

// One target's plan and fact in one month, as the plan-vs-fact statement returns them.
struct PlanFactSums {
  crm::analytics::v1::PlanLevel level = crm::analytics::v1::PLAN_LEVEL_UNSPECIFIED;
  std::string target_id;
  std::string display_name;
  std::string department_now;  // a manager's department unit now; "" otherwise
  std::string month;           // "YYYY-MM"
  int64_t plan_area_dm2 = 0;
  int64_t fact_area_dm2 = 0;
  int64_t plan_net = 0;
  int64_t fact_net = 0;
};

// The figures of one month or a total, every amount in rubles.
crm::analytics::v1::PlanFactFigures FiguresOf(const PlanFactSums& sums);

// The rows of `sums` (ordered by level, target and month): one per target, its months in the
// order given and their total.
std::vector<crm::analytics::v1::PlanFactRow> PlanFactRows(const std::vector<PlanFactSums>& sums);

}  // namespace crm::analytics::domain
