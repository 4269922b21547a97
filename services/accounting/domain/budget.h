#pragma once

#include <chrono>
#include <cstdint>
#include <functional>
#include <map>
#include <optional>
#include <set>
#include <string>
#include <string_view>
#include <vector>

#include "common/api/enum_text.h"
#include "common/core/errors.h"
#include "common/core/text.h"
#include "common/tabular/header_columns.h"
#include "common/tabular/source_table.h"
#include "crm/accounting/v1/budgets.pb.h"

// Project budgets, the pure part (services/accounting/README.md, "Budgets"): plan lines checked
// and priced, the plan workbook read, and plan against fact per month with deviations.
namespace crm::accounting::domain {

using BudgetLineKindText =
    common::api::EnumText<crm::accounting::v1::BudgetLineKind, common::api::TextCase::kLower>;
using CostArticleText =
    common::api::EnumText<crm::accounting::v1::BudgetCostArticle, common::api::TextCase::kLower>;
// "entered", "one_c".
using CostSourceText =
    common::api::EnumText<crm::accounting::v1::BudgetCostSource, common::api::TextCase::kLower>;

// The most lines a plan holds.
inline constexpr std::size_t kMaxPlanLines = 2000;

// "YYYY-MM" (months 01-12, years 2000-2100); nullopt for anything else.
std::optional<std::chrono::year_month> ParseMonth(std::string_view text);
std::string MonthText(std::chrono::year_month month);
// The first day of the month, "YYYY-MM-01", as the store keeps months.
std::string MonthStart(std::chrono::year_month month);

// common/core/text.h: "12,5" is 1250.
using common::ParseHundredths;

// area × price per m², rounded half up to the kopeck.
int64_t AreaAmount(int64_t area_dm2, int64_t price_per_m2_kopecks);

// An edition's price list as accounting's copy has it.
struct PriceList {
  std::optional<int64_t> base_kopecks;
  std::map<std::string, int64_t> by_stand_type;
  // The price of `stand_type`, or the base price; nullopt when neither is known.
  std::optional<int64_t> PriceOf(const std::string& stand_type) const;
};

// Whether `text` is a stand type registry knows ("linear", "corner", ...).
bool IsStandType(std::string_view text);

// A checked plan line as the store keeps it.
struct PlanLine {
  crm::accounting::v1::BudgetLineKind kind = crm::accounting::v1::BUDGET_LINE_KIND_UNSPECIFIED;
  std::chrono::year_month month;
  std::string stand_type;
  int64_t area_dm2 = 0;
  int64_t price_kopecks = 0;
  int64_t amount_kopecks = 0;
  crm::accounting::v1::BudgetCostArticle article =
      crm::accounting::v1::BUDGET_COST_ARTICLE_UNSPECIFIED;
  std::string description;
};

// Adds a violation of line `index`'s `field` ("month", "area_dm2", ...).
using LineViolation =
    std::function<void(std::size_t index, std::string_view field, std::string message)>;

// Checks every line and prices the area lines (a price not given comes from `prices`); each problem
// goes to `report`. The result is complete only when nothing was reported.
std::vector<PlanLine> CheckPlanLines(const std::vector<crm::accounting::v1::BudgetLine>& lines,
                                     const PriceList& prices, const LineViolation& report);

// Where the lines of a workbook came from, for the checks that follow its reading.
struct PlanTableRows {
  std::vector<int> row_of;  // each line's row number
  // The cells already reported unreadable, (row, column), so the line checks do not report them
  // a second time.
  common::tabular::BadCells bad_cells;
  // "row 3, amount: <message>" as a violation of "content", unless that cell was reported.
  void Report(common::Violations& violations, std::size_t index, std::string_view field,
              const std::string& message) const;
};

// The plan lines of a workbook's table: one per row, columns by header (kind, month, stand_type,
// area_m2, price_per_m2, amount, article, description; the Russian headers of the README too).
// Each cell that cannot be read is a violation of "content" naming its row and column.
std::vector<crm::accounting::v1::BudgetLine> ReadPlanTable(
    const common::tabular::SourceTable& table, common::Violations& violations, PlanTableRows& rows);

// The line as the API returns it.
crm::accounting::v1::BudgetLine LineMessage(const PlanLine& line);

// One month's sums, as the report statement returns them.
struct BudgetMonthSums {
  std::string month;  // "YYYY-MM"
  int64_t plan_area_dm2 = 0;
  int64_t fact_area_milli = 0;
  int64_t plan_space = 0;
  int64_t fact_space = 0;
  int64_t plan_other = 0;
  int64_t fact_other = 0;
  int64_t plan_costs = 0;
  int64_t fact_costs = 0;
  int64_t received = 0;
};

// (fact − plan) / plan × 100 rounded to hundredths; nullopt when the plan is zero.
std::optional<double> DeviationPercent(int64_t plan, int64_t fact);

// The report's months (in the order given) and total, every figure in rubles (RUB).
crm::accounting::v1::BudgetReport BudgetReportOf(const std::vector<BudgetMonthSums>& months);

// 1C's cost items (СтатьяЗатрат by its Наименование, compared exactly after trimming) → our
// articles, for the costs imported from 1C (docs/accounting-enterprise-data.md, "Costs from 1C").
using CostItemMapping = std::map<std::string, crm::accounting::v1::BudgetCostArticle, std::less<>>;

// The mapping a service starts with: 1C:Бухгалтерия's usual names of an organiser's cost items.
const CostItemMapping& DefaultCostItemMapping();

// `base` with the entries of `text`, "Наименование=article;Наименование=article" (article as
// CostArticleText: venue_rent, ...), added or replacing; throws std::invalid_argument naming a
// bad entry.
CostItemMapping WithCostItems(CostItemMapping base, std::string_view text);

// The article of 1C's cost item `item`; nullopt when the mapping does not name it.
std::optional<crm::accounting::v1::BudgetCostArticle> ArticleOfCostItem(
    const CostItemMapping& mapping, std::string_view item);

}  // namespace crm::accounting::domain
