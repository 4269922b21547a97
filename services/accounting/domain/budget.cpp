#include "services/accounting/domain/budget.h"

#include <algorithm>
#include <cmath>
#include <cstdio>

#include "common/core/text.h"
#include "common/db/lists.h"
#include "common/db/money.h"
#include "common/tabular/header_columns.h"

namespace crm::accounting::domain {
namespace {

namespace v1 = crm::accounting::v1;

constexpr char kRub[] = "RUB";
constexpr std::string_view kStandTypes[] = {"linear", "corner", "peninsula", "island", "open_area"};
// Money and areas a plan may hold: up to 10^13 kopecks (a hundred billion rubles).
constexpr int64_t kMaxAmount = 10'000'000'000'000;

bool AllDigits(std::string_view text) {
  return std::all_of(text.begin(), text.end(), [](char c) { return c >= '0' && c <= '9'; });
}

// The columns of the plan workbook and the headers that name each.
enum class Column { kKind, kMonth, kStandType, kArea, kPrice, kAmount, kArticle, kDescription };

constexpr common::tabular::KnownColumn<Column> kColumns[] = {
    {Column::kKind, "kind", "вид"},
    {Column::kMonth, "month", "месяц"},
    {Column::kStandType, "stand_type", "тип стенда"},
    {Column::kArea, "area_m2", "площадь"},
    {Column::kPrice, "price_per_m2", "цена за м²"},
    {Column::kAmount, "amount", "сумма"},
    {Column::kArticle, "article", "статья"},
    {Column::kDescription, "description", "описание"},
};

// The kind of a workbook cell: the API's text ("area") or the Russian word of the README.
std::optional<v1::BudgetLineKind> KindOf(const std::string& text) {
  const std::string lower = common::LowerAscii(text);
  if (lower == "area" || lower == "площадь") {
    return v1::BUDGET_LINE_KIND_AREA;
  }
  if (lower == "other_income" || lower == "прочий доход") {
    return v1::BUDGET_LINE_KIND_OTHER_INCOME;
  }
  if (lower == "cost" || lower == "расход") {
    return v1::BUDGET_LINE_KIND_COST;
  }
  return std::nullopt;
}

std::optional<v1::BudgetCostArticle> ArticleOf(const std::string& text) {
  try {
    const v1::BudgetCostArticle article = CostArticleText::Parse(common::LowerAscii(text));
    if (article != v1::BUDGET_COST_ARTICLE_UNSPECIFIED) {
      return article;
    }
  } catch (const common::api::StoredEnumError&) {
  }
  return std::nullopt;
}

crm::common::v1::Money Rub(int64_t kopecks) { return common::db::MoneyOf(kRub, kopecks); }

bool IsRubles(const crm::common::v1::Money& money) {
  return money.currency_code().empty() || money.currency_code() == kRub;
}

void SetMoneyFigure(int64_t plan, int64_t fact, v1::BudgetMoneyFigure* out) {
  *out->mutable_plan() = Rub(plan);
  *out->mutable_fact() = Rub(fact);
  *out->mutable_deviation() = Rub(fact - plan);
  if (const auto percent = DeviationPercent(plan, fact)) {
    out->set_deviation_percent(*percent);
  }
}

void SetFigures(const BudgetMonthSums& sums, v1::BudgetReportFigures* out) {
  v1::BudgetAreaFigure* area = out->mutable_area();
  const int64_t fact_dm2 = (sums.fact_area_milli + 5) / 10;
  area->set_plan_dm2(sums.plan_area_dm2);
  area->set_fact_dm2(fact_dm2);
  area->set_deviation_dm2(fact_dm2 - sums.plan_area_dm2);
  if (const auto percent = DeviationPercent(sums.plan_area_dm2, fact_dm2)) {
    area->set_deviation_percent(*percent);
  }
  SetMoneyFigure(sums.plan_space, sums.fact_space, out->mutable_space_income());
  SetMoneyFigure(sums.plan_other, sums.fact_other, out->mutable_other_income());
  SetMoneyFigure(sums.plan_costs, sums.fact_costs, out->mutable_costs());
  SetMoneyFigure(sums.plan_space + sums.plan_other - sums.plan_costs,
                 sums.fact_space + sums.fact_other - sums.fact_costs, out->mutable_margin());
  *out->mutable_payments_received() = Rub(sums.received);
}

}  // namespace

std::optional<std::chrono::year_month> ParseMonth(std::string_view text) {
  if (text.size() != 7 || text[4] != '-' || !AllDigits(text.substr(0, 4)) ||
      !AllDigits(text.substr(5, 2))) {
    return std::nullopt;
  }
  const int year = std::stoi(std::string(text.substr(0, 4)));
  const unsigned month = static_cast<unsigned>(std::stoi(std::string(text.substr(5, 2))));
  if (year < 2000 || year > 2100 || month < 1 || month > 12) {
    return std::nullopt;
  }
  return std::chrono::year_month{std::chrono::year{year}, std::chrono::month{month}};
}

std::string MonthText(std::chrono::year_month month) {
  char text[16];
  std::snprintf(text, sizeof text, "%04d-%02u", static_cast<int>(month.year()),
                static_cast<unsigned>(month.month()));
  return text;
}

std::string MonthStart(std::chrono::year_month month) { return MonthText(month) + "-01"; }

int64_t AreaAmount(int64_t area_dm2, int64_t price_per_m2_kopecks) {
  return (area_dm2 * price_per_m2_kopecks + 50) / 100;
}

std::optional<int64_t> PriceList::PriceOf(const std::string& stand_type) const {
  if (const auto found = by_stand_type.find(stand_type); found != by_stand_type.end()) {
    return found->second;
  }
  return base_kopecks;
}

bool IsStandType(std::string_view text) {
  return std::find(std::begin(kStandTypes), std::end(kStandTypes), text) != std::end(kStandTypes);
}

std::vector<PlanLine> CheckPlanLines(const std::vector<v1::BudgetLine>& lines,
                                     const PriceList& prices, const LineViolation& report) {
  std::vector<PlanLine> checked;
  checked.reserve(lines.size());
  for (std::size_t i = 0; i < lines.size(); ++i) {
    const v1::BudgetLine& line = lines[i];
    PlanLine out;
    out.kind = line.kind();
    out.description = line.description();
    if (out.description.size() > 500) {
      report(i, "description", "must be at most 500 bytes");
    }
    if (const auto month = ParseMonth(line.month())) {
      out.month = *month;
    } else {
      report(i, "month", "must be a month YYYY-MM");
    }
    switch (line.kind()) {
      case v1::BUDGET_LINE_KIND_AREA: {
        out.stand_type = line.stand_type();
        if (!out.stand_type.empty() && !IsStandType(out.stand_type)) {
          report(i, "stand_type",
                 "must be linear, corner, peninsula, island, open_area or empty for the base "
                 "price");
        }
        out.area_dm2 = line.area_dm2();
        if (out.area_dm2 <= 0 || out.area_dm2 > 100'000'000) {
          report(i, "area_dm2", "must be more than zero and at most 1 000 000 m²");
        }
        if (line.has_price_per_m2()) {
          out.price_kopecks = line.price_per_m2().minor_units();
          if (!IsRubles(line.price_per_m2()) || out.price_kopecks < 0 ||
              out.price_kopecks > 100'000'000) {
            report(i, "price_per_m2", "must be rubles, from zero to 1 000 000 ₽ per m²");
          }
        } else if (const auto price = prices.PriceOf(out.stand_type)) {
          out.price_kopecks = *price;
        } else {
          report(
              i, "price_per_m2",
              "must be given: the edition's price list has no price for " +
                  (out.stand_type.empty() ? std::string("its base") : out.stand_type + " stands"));
        }
        if (line.article() != v1::BUDGET_COST_ARTICLE_UNSPECIFIED) {
          report(i, "article", "must be unset for an area line");
        }
        out.amount_kopecks = AreaAmount(out.area_dm2, out.price_kopecks);
        break;
      }
      case v1::BUDGET_LINE_KIND_OTHER_INCOME:
      case v1::BUDGET_LINE_KIND_COST: {
        out.amount_kopecks = line.amount().minor_units();
        if (!line.has_amount() || !IsRubles(line.amount()) || out.amount_kopecks <= 0 ||
            out.amount_kopecks > kMaxAmount) {
          report(i, "amount", "must be rubles, more than zero");
        }
        if (!line.stand_type().empty() || line.area_dm2() != 0 || line.has_price_per_m2()) {
          report(i, "stand_type", "stand type, area and price are for area lines only");
        }
        if (line.kind() == v1::BUDGET_LINE_KIND_COST) {
          out.article = line.article();
          if (!v1::BudgetCostArticle_IsValid(line.article()) ||
              line.article() == v1::BUDGET_COST_ARTICLE_UNSPECIFIED) {
            report(i, "article",
                   "must be a cost article: venue_rent, stand_construction, advertising, "
                   "printing, staff, travel or other");
          }
        } else if (line.article() != v1::BUDGET_COST_ARTICLE_UNSPECIFIED) {
          report(i, "article", "must be unset for an income line");
        }
        break;
      }
      default:
        report(i, "kind", "must be AREA, OTHER_INCOME or COST");
        break;
    }
    checked.push_back(std::move(out));
  }
  return checked;
}

std::vector<v1::BudgetLine> ReadPlanTable(const common::tabular::SourceTable& table,
                                          common::Violations& violations, PlanTableRows& rows) {
  const common::tabular::HeaderColumns<Column> columns(kColumns, table.header,
                                                       {Column::kKind, Column::kMonth}, violations);
  if (table.rows.size() > kMaxPlanLines) {
    violations.Add("content", "holds " + std::to_string(table.rows.size()) +
                                  " lines; a plan has at most " + std::to_string(kMaxPlanLines));
  }
  if (!violations.empty()) {
    return {};
  }
  std::vector<v1::BudgetLine> lines;
  lines.reserve(table.rows.size());
  rows = {};
  for (const common::tabular::SourceRow& row : table.rows) {
    const auto cell = [&](Column column) { return columns.Text(row, column); };
    const auto bad = [&](Column column, const std::string& value, const std::string& what) {
      columns.Bad(row, column, value, what, rows.bad_cells, violations);
    };
    v1::BudgetLine line;
    const std::string kind = cell(Column::kKind);
    if (const auto parsed = KindOf(kind)) {
      line.set_kind(*parsed);
    } else {
      bad(Column::kKind, kind, "is not a line kind (area, other_income, cost)");
    }
    line.set_month(cell(Column::kMonth));
    line.set_stand_type(common::LowerAscii(cell(Column::kStandType)));
    line.set_description(cell(Column::kDescription));
    if (const std::string area = cell(Column::kArea); !area.empty()) {
      if (const auto dm2 = ParseHundredths(area)) {
        line.set_area_dm2(*dm2);
      } else {
        bad(Column::kArea, area, "is not an area in m² with at most two decimals");
      }
    }
    if (const std::string price = cell(Column::kPrice); !price.empty()) {
      if (const auto kopecks = ParseHundredths(price)) {
        *line.mutable_price_per_m2() = Rub(*kopecks);
      } else {
        bad(Column::kPrice, price, "is not an amount in rubles with at most two decimals");
      }
    }
    if (const std::string amount = cell(Column::kAmount); !amount.empty()) {
      if (const auto kopecks = ParseHundredths(amount)) {
        *line.mutable_amount() = Rub(*kopecks);
      } else {
        bad(Column::kAmount, amount, "is not an amount in rubles with at most two decimals");
      }
    }
    if (const std::string article = cell(Column::kArticle); !article.empty()) {
      if (const auto parsed = ArticleOf(article)) {
        line.set_article(*parsed);
      } else {
        bad(Column::kArticle, article,
            "is not a cost article (venue_rent, stand_construction, advertising, printing, staff, "
            "travel, other)");
      }
    }
    rows.row_of.push_back(row.number);
    lines.push_back(std::move(line));
  }
  return lines;
}

void PlanTableRows::Report(common::Violations& violations, std::size_t index,
                           std::string_view field, const std::string& message) const {
  // The line's fields as the workbook's columns name them.
  const std::string column = field == "area_dm2" ? "area_m2" : std::string(field);
  common::tabular::ReportCell(violations, bad_cells, row_of.at(index), column, message);
}

v1::BudgetLine LineMessage(const PlanLine& line) {
  v1::BudgetLine out;
  out.set_kind(line.kind);
  out.set_month(MonthText(line.month));
  out.set_stand_type(line.stand_type);
  if (line.kind == v1::BUDGET_LINE_KIND_AREA) {
    out.set_area_dm2(line.area_dm2);
    *out.mutable_price_per_m2() = Rub(line.price_kopecks);
  }
  *out.mutable_amount() = Rub(line.amount_kopecks);
  out.set_article(line.article);
  out.set_description(line.description);
  return out;
}

std::optional<double> DeviationPercent(int64_t plan, int64_t fact) {
  if (plan == 0) {
    return std::nullopt;
  }
  const double percent =
      static_cast<double>(fact - plan) * 100.0 / static_cast<double>(std::llabs(plan));
  return std::round(percent * 100.0) / 100.0;
}

v1::BudgetReport BudgetReportOf(const std::vector<BudgetMonthSums>& months) {
  v1::BudgetReport report;
  BudgetMonthSums total;
  for (const BudgetMonthSums& sums : months) {
    v1::BudgetReportMonth* month = report.add_months();
    month->set_month(sums.month);
    SetFigures(sums, month->mutable_figures());
    total.plan_area_dm2 += sums.plan_area_dm2;
    total.fact_area_milli += sums.fact_area_milli;
    total.plan_space += sums.plan_space;
    total.fact_space += sums.fact_space;
    total.plan_other += sums.plan_other;
    total.fact_other += sums.fact_other;
    total.plan_costs += sums.plan_costs;
    total.fact_costs += sums.fact_costs;
    total.received += sums.received;
  }
  SetFigures(total, report.mutable_total());
  return report;
}

const CostItemMapping& DefaultCostItemMapping() {
  static const CostItemMapping mapping = {
      {"Аренда", v1::BUDGET_COST_ARTICLE_VENUE_RENT},
      {"Аренда выставочных площадей", v1::BUDGET_COST_ARTICLE_VENUE_RENT},
      {"Аренда помещений", v1::BUDGET_COST_ARTICLE_VENUE_RENT},
      {"Застройка стендов", v1::BUDGET_COST_ARTICLE_STAND_CONSTRUCTION},
      {"Строительство стендов", v1::BUDGET_COST_ARTICLE_STAND_CONSTRUCTION},
      {"Реклама", v1::BUDGET_COST_ARTICLE_ADVERTISING},
      {"Расходы на рекламу", v1::BUDGET_COST_ARTICLE_ADVERTISING},
      {"Полиграфия", v1::BUDGET_COST_ARTICLE_PRINTING},
      {"Типографские услуги", v1::BUDGET_COST_ARTICLE_PRINTING},
      {"Персонал", v1::BUDGET_COST_ARTICLE_STAFF},
      {"Охрана", v1::BUDGET_COST_ARTICLE_STAFF},
      {"Уборка", v1::BUDGET_COST_ARTICLE_STAFF},
      {"Командировочные расходы", v1::BUDGET_COST_ARTICLE_TRAVEL},
      {"Командировки", v1::BUDGET_COST_ARTICLE_TRAVEL},
      {"Прочие расходы", v1::BUDGET_COST_ARTICLE_OTHER},
      {"Прочие затраты", v1::BUDGET_COST_ARTICLE_OTHER},
  };
  return mapping;
}

CostItemMapping WithCostItems(CostItemMapping base, std::string_view text) {
  for (const std::string& raw : common::db::SplitList(text, ';')) {
    const std::string entry = common::Trim(raw);
    if (entry.empty()) {
      continue;
    }
    const auto equals = entry.rfind('=');
    const std::string item =
        equals == std::string::npos ? "" : common::Trim(entry.substr(0, equals));
    const auto parsed = equals == std::string::npos
                            ? std::nullopt
                            : ArticleOf(common::Trim(entry.substr(equals + 1)));
    if (item.empty() || !parsed) {
      throw std::invalid_argument(
          "\"" + entry +
          "\" is not Наименование=article with an article of venue_rent, "
          "stand_construction, advertising, printing, staff, travel or other");
    }
    base[item] = *parsed;
  }
  return base;
}

std::optional<v1::BudgetCostArticle> ArticleOfCostItem(const CostItemMapping& mapping,
                                                       std::string_view item) {
  const auto found = mapping.find(common::Trim(item));
  if (found == mapping.end()) {
    return std::nullopt;
  }
  return found->second;
}

}  // namespace crm::accounting::domain
