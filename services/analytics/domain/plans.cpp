#include "services/analytics/domain/plans.h"

#include <map>
#include <tuple>

#include "common/api/date.h"
#include "common/core/ids.h"
#include "common/core/text.h"
#include "common/db/money.h"
#include "common/tabular/header_columns.h"

namespace crm::analytics::domain {
namespace {

namespace v1 = crm::analytics::v1;
using common::auth::Action;
using common::auth::Records;
using common::auth::Scope;

constexpr char kRub[] = "RUB";
// The most a cell may plan: 10^13 kopecks (a hundred billion rubles), 10^8 dm² (a million m²).
constexpr int64_t kMaxNet = 10'000'000'000'000;
constexpr int64_t kMaxArea = 100'000'000;

// The columns of the plan workbook and the headers that name each.
enum class Column { kLevel, kTarget, kMonth, kArea, kAmount };

constexpr common::tabular::KnownColumn<Column> kColumns[] = {
    {Column::kLevel, "level", "Уровень", "уровень"},
    {Column::kTarget, "target", "Кто", "кто"},
    {Column::kMonth, "month", "Месяц", "месяц"},
    {Column::kArea, "area_m2", "Площадь, м²", "площадь, м²"},
    {Column::kAmount, "amount", "Сумма без НДС", "сумма без ндс"},
};

// A level as a workbook names it: the API's word or the README's Russian one.
std::optional<v1::PlanLevel> LevelOf(const std::string& text) {
  const std::string lower = common::LowerAscii(text);
  if (lower == "edition" || lower == "выставка" || lower == "Выставка") {
    return v1::PLAN_LEVEL_EDITION;
  }
  if (lower == "department" || lower == "отдел" || lower == "Отдел") {
    return v1::PLAN_LEVEL_DEPARTMENT;
  }
  if (lower == "manager" || lower == "менеджер" || lower == "Менеджер") {
    return v1::PLAN_LEVEL_MANAGER;
  }
  return std::nullopt;
}

std::chrono::year_month MonthOf(std::chrono::year_month_day date) {
  return {date.year(), date.month()};
}

// The target id of a cell's target name for its level, or a message saying what it must be.
std::optional<std::string> TargetIdOf(v1::PlanLevel level, const std::string& target,
                                      std::string& problem) {
  std::optional<std::string> id;
  switch (level) {
    case v1::PLAN_LEVEL_EDITION:
      if (target.empty()) {
        return "";
      }
      problem = "must be empty for the edition's own plan";
      return std::nullopt;
    case v1::PLAN_LEVEL_DEPARTMENT:
      id = common::ParseResourceId(target, "departments");
      problem = "must be departments/{uuid}";
      break;
    case v1::PLAN_LEVEL_MANAGER:
      id = common::ParseResourceId(target, "employees");
      problem = "must be employees/{uuid}";
      break;
    default:
      problem = "needs a level";
      return std::nullopt;
  }
  if (id) {
    return common::LowerAscii(*id);
  }
  return std::nullopt;
}

bool IsRubles(const crm::common::v1::Money& money) {
  return money.currency_code().empty() || money.currency_code() == kRub;
}

crm::common::v1::Money Rub(int64_t kopecks) { return common::db::MoneyOf(kRub, kopecks); }

constexpr std::string_view kPlanSuffix = "/salesPlan";

}  // namespace

std::optional<std::string> EditionOfPlan(std::string_view plan_name) {
  if (!plan_name.ends_with(kPlanSuffix)) {
    return std::nullopt;
  }
  std::string edition(plan_name.substr(0, plan_name.size() - kPlanSuffix.size()));
  if (!common::ParseChildResourceId(edition, "projects", "editions")) {
    return std::nullopt;
  }
  return edition;
}

std::string PlanName(const std::string& edition) { return edition + std::string(kPlanSuffix); }

std::optional<std::chrono::year_month> ParsePlanMonth(std::string_view text) {
  if (text.size() != 7) {
    return std::nullopt;
  }
  const auto first_day = common::api::ParseIsoDate(std::string(text) + "-01");
  if (!first_day || first_day->year() < std::chrono::year{2000} ||
      first_day->year() > std::chrono::year{2100}) {
    return std::nullopt;
  }
  return MonthOf(*first_day);
}

std::string PlanMonthText(std::chrono::year_month month) {
  return common::api::IsoDate(month / std::chrono::day{1}).substr(0, 7);
}

bool MonthWindow::Holds(std::chrono::year_month month) const {
  return (!first || month >= *first) && (!last || month <= *last);
}

std::string MonthWindow::Text() const {
  if (!first || !last) {
    return "any month";
  }
  return "from " + PlanMonthText(*first) + " to " + PlanMonthText(*last);
}

MonthWindow PlanWindow(std::optional<std::chrono::year_month_day> start_date,
                       std::optional<std::chrono::year_month_day> end_date) {
  if (!start_date && !end_date) {
    return {};
  }
  const std::chrono::year_month opens = MonthOf(start_date ? *start_date : *end_date);
  const std::chrono::year_month closes = MonthOf(end_date ? *end_date : *start_date);
  return {opens - std::chrono::months{24}, closes + std::chrono::months{6}};
}

std::vector<PlanCell> CheckPlanCells(const std::vector<v1::SalesPlanCell>& cells,
                                     const MonthWindow& window, const CellViolation& report) {
  std::vector<PlanCell> checked;
  checked.reserve(cells.size());
  std::map<std::tuple<int, std::string, std::string>, std::size_t> seen;
  for (std::size_t i = 0; i < cells.size(); ++i) {
    const v1::SalesPlanCell& cell = cells[i];
    PlanCell out;
    out.level = cell.level();
    if (!common::api::IsSpecified(cell.level())) {
      report(i, "level", "must be EDITION, DEPARTMENT or MANAGER");
    } else {
      std::string problem;
      if (auto id = TargetIdOf(cell.level(), cell.target(), problem)) {
        out.target_id = std::move(*id);
      } else {
        report(i, "target", problem);
      }
    }
    const auto month = ParsePlanMonth(cell.month());
    if (!month) {
      report(i, "month", "must be a month YYYY-MM");
    } else if (!window.Holds(*month)) {
      report(i, "month", "must be a month of the edition's plan, " + window.Text());
    } else {
      out.month = *month;
    }
    out.area_dm2 = cell.area_dm2();
    if (out.area_dm2 < 0 || out.area_dm2 > kMaxArea) {
      report(i, "area_dm2", "must be from zero to 1 000 000 m² (in dm²)");
    }
    out.net_kopecks = cell.net_amount().minor_units();
    if (!IsRubles(cell.net_amount()) || out.net_kopecks < 0 || out.net_kopecks > kMaxNet) {
      report(i, "net_amount", "must be rubles without VAT, from zero to 100 000 000 000 ₽");
    }
    if (month && common::api::IsSpecified(cell.level())) {
      const auto key = std::make_tuple(static_cast<int>(out.level), out.target_id, cell.month());
      if (const auto [at, fresh] = seen.emplace(key, i); !fresh) {
        report(i, "month",
               "comes twice for this target (also cell " + std::to_string(at->second) + ")");
      }
    }
    checked.push_back(std::move(out));
  }
  return checked;
}

std::string TargetName(v1::PlanLevel level, const std::string& target_id) {
  switch (level) {
    case v1::PLAN_LEVEL_DEPARTMENT:
      return "departments/" + target_id;
    case v1::PLAN_LEVEL_MANAGER:
      return "employees/" + target_id;
    default:
      return "";
  }
}

v1::SalesPlanCell CellMessage(const PlanCell& cell) {
  v1::SalesPlanCell out;
  out.set_level(cell.level);
  out.set_target(TargetName(cell.level, cell.target_id));
  out.set_month(PlanMonthText(cell.month));
  out.set_area_dm2(cell.area_dm2);
  *out.mutable_net_amount() = Rub(cell.net_kopecks);
  out.set_updated_by(cell.updated_by);
  *out.mutable_update_time() = cell.update_time;
  return out;
}

void PlanSheetRows::Report(common::Violations& violations, std::size_t index,
                           std::string_view field, const std::string& message) const {
  // The cell's fields as the workbook's columns name them.
  std::string column(field);
  if (field == "area_dm2") {
    column = "area_m2";
  } else if (field == "net_amount") {
    column = "amount";
  }
  common::tabular::ReportCell(violations, bad_cells, row_of.at(index), column, message);
}

std::vector<v1::SalesPlanCell> ReadPlanSheet(const common::tabular::SourceTable& table,
                                             common::Violations& violations, PlanSheetRows& rows) {
  const common::tabular::HeaderColumns<Column> columns(
      kColumns, table.header, {Column::kLevel, Column::kMonth}, violations);
  if (table.rows.empty()) {
    violations.Add("content", "holds no plan rows below its header");
  }
  if (table.rows.size() > kMaxPlanCells) {
    violations.Add("content", "holds " + std::to_string(table.rows.size()) +
                                  " rows; a plan import has at most " +
                                  std::to_string(kMaxPlanCells));
  }
  if (!violations.empty()) {
    return {};
  }
  rows = {};
  std::vector<v1::SalesPlanCell> cells;
  cells.reserve(table.rows.size());
  for (const common::tabular::SourceRow& row : table.rows) {
    const auto bad = [&](Column column, const std::string& value, const std::string& what) {
      columns.Bad(row, column, value, what, rows.bad_cells, violations);
    };
    v1::SalesPlanCell cell;
    const std::string level = columns.Text(row, Column::kLevel);
    if (const auto parsed = LevelOf(level)) {
      cell.set_level(*parsed);
    } else {
      bad(Column::kLevel, level, "is not a plan level (edition, department, manager)");
    }
    cell.set_target(columns.Text(row, Column::kTarget));
    cell.set_month(columns.Text(row, Column::kMonth));
    if (const std::string area = columns.Text(row, Column::kArea); !area.empty()) {
      if (const auto dm2 = common::ParseHundredths(area)) {
        cell.set_area_dm2(*dm2);
      } else {
        bad(Column::kArea, area, "is not an area in m² with at most two decimals");
      }
    }
    if (const std::string amount = columns.Text(row, Column::kAmount); !amount.empty()) {
      if (const auto kopecks = common::ParseHundredths(amount)) {
        *cell.mutable_net_amount() = Rub(*kopecks);
      } else {
        bad(Column::kAmount, amount, "is not an amount in rubles with at most two decimals");
      }
    }
    rows.row_of.push_back(row.number);
    cells.push_back(std::move(cell));
  }
  return cells;
}

common::auth::RecordOwner TargetOwner(v1::PlanLevel level, const std::string& target_id,
                                      const common::auth::DepartmentLookup& department_of) {
  common::auth::RecordOwner owner;
  if (level == v1::PLAN_LEVEL_DEPARTMENT) {
    owner.department_id = target_id;
  } else if (level == v1::PLAN_LEVEL_MANAGER) {
    owner = common::auth::OwnerOf(TargetName(level, target_id), department_of);
  }
  return owner;
}

bool MayReadTarget(const common::auth::Actor& actor, v1::PlanLevel level,
                   const common::auth::RecordOwner& owner) {
  if (level == v1::PLAN_LEVEL_EDITION) {
    return common::auth::ScopeOf(actor, Records::kSalesPlans, Action::kRead) >= Scope::kDepartment;
  }
  return common::auth::MayAccess(actor, Records::kSalesPlans, Action::kRead, owner);
}

void CheckMayWritePlans(const common::auth::Actor& actor) {
  if (common::auth::ScopeOf(actor, Records::kSalesPlans, Action::kWrite) == Scope::kNone) {
    throw common::PermissionError("this role may not change sales plans");
  }
}

void CheckTargetWrite(const common::auth::Actor& actor, v1::PlanLevel level,
                      const common::auth::RecordOwner& owner) {
  if (level == v1::PLAN_LEVEL_EDITION &&
      common::auth::ScopeOf(actor, Records::kSalesPlans, Action::kWrite) != Scope::kAll) {
    throw common::PermissionError("only admins and analysts may change an edition's own plan");
  }
  common::auth::CheckAccess(actor, Records::kSalesPlans, Action::kWrite, owner);
}

std::optional<int64_t> AttainmentBp(int64_t plan, int64_t fact) {
  if (plan <= 0) {
    return std::nullopt;
  }
  // Long division, a decimal digit at a time, so no product overflows: the whole part, then
  // four decimals of the remainder (each step multiplies a remainder below `plan` by ten).
  int64_t bp = fact / plan;
  int64_t rest = fact % plan;
  for (int digit = 0; digit < 4; ++digit) {
    rest *= 10;
    bp = bp * 10 + rest / plan;
    rest %= plan;
  }
  return bp;
}

v1::PlanFactFigures FiguresOf(const PlanFactSums& sums) {
  v1::PlanFactFigures out;
  out.set_plan_area_dm2(sums.plan_area_dm2);
  out.set_fact_area_dm2(sums.fact_area_dm2);
  *out.mutable_plan_net_amount() = Rub(sums.plan_net);
  *out.mutable_fact_net_amount() = Rub(sums.fact_net);
  if (const auto bp = AttainmentBp(sums.plan_net, sums.fact_net)) {
    out.set_attainment_bp(*bp);
  }
  if (const auto bp = AttainmentBp(sums.plan_area_dm2, sums.fact_area_dm2)) {
    out.set_area_attainment_bp(*bp);
  }
  return out;
}

std::vector<v1::PlanFactRow> PlanFactRows(const std::vector<PlanFactSums>& sums) {
  std::vector<v1::PlanFactRow> rows;
  PlanFactSums total;
  const auto close = [&]() {
    if (!rows.empty()) {
      *rows.back().mutable_total() = FiguresOf(total);
    }
  };
  for (const PlanFactSums& month : sums) {
    if (rows.empty() || month.level != total.level || month.target_id != total.target_id) {
      close();
      total = PlanFactSums{.level = month.level,
                           .target_id = month.target_id,
                           .display_name = month.display_name,
                           .department_now = month.department_now,
                           .month = "",
                           .plan_area_dm2 = 0,
                           .fact_area_dm2 = 0,
                           .plan_net = 0,
                           .fact_net = 0};
      v1::PlanFactRow& row = rows.emplace_back();
      row.set_level(month.level);
      row.set_target(TargetName(month.level, month.target_id));
      row.set_display_name(month.display_name);
    }
    v1::PlanFactMonth* out = rows.back().add_months();
    out->set_month(month.month);
    *out->mutable_figures() = FiguresOf(month);
    total.plan_area_dm2 += month.plan_area_dm2;
    total.fact_area_dm2 += month.fact_area_dm2;
    total.plan_net += month.plan_net;
    total.fact_net += month.fact_net;
  }
  close();
  return rows;
}

}  // namespace crm::analytics::domain
