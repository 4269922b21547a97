// Project budgets, the pure part: months and amounts read, plan lines checked and priced from the
// price list, the plan workbook's table read with row and column, the report's deviations, and who
// may reach budgets.

#include "services/accounting/domain/budget.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "common/auth/access.h"
#include "common/db/money.h"

namespace crm::accounting::domain {
namespace {

namespace v1 = crm::accounting::v1;
using ::testing::ElementsAre;
using ::testing::IsEmpty;

crm::common::v1::Money Rub(int64_t kopecks) { return common::db::MoneyOf("RUB", kopecks); }

v1::BudgetLine Area(const std::string& month, const std::string& type, int64_t dm2) {
  v1::BudgetLine line;
  line.set_kind(v1::BUDGET_LINE_KIND_AREA);
  line.set_month(month);
  line.set_stand_type(type);
  line.set_area_dm2(dm2);
  return line;
}

v1::BudgetLine Cost(const std::string& month, v1::BudgetCostArticle article, int64_t kopecks) {
  v1::BudgetLine line;
  line.set_kind(v1::BUDGET_LINE_KIND_COST);
  line.set_month(month);
  line.set_article(article);
  *line.mutable_amount() = Rub(kopecks);
  return line;
}

// Collects "index.field" of every problem reported.
struct Problems {
  std::vector<std::string> fields;
  LineViolation Reporter() {
    return [this](std::size_t index, std::string_view field, const std::string&) {
      fields.push_back(std::to_string(index) + "." + std::string(field));
    };
  }
};

TEST(Budget, MonthsAndAmountsAreRead) {
  ASSERT_TRUE(ParseMonth("2026-03"));
  EXPECT_EQ(MonthText(*ParseMonth("2026-03")), "2026-03");
  EXPECT_EQ(MonthStart(*ParseMonth("2026-11")), "2026-11-01");
  for (const char* bad : {"2026-13", "2026-3", "26-03", "2026-03-01", "", "abcd-ef"}) {
    EXPECT_FALSE(ParseMonth(bad)) << bad;
  }
  EXPECT_EQ(ParseHundredths("12,5"), 1250);
  EXPECT_EQ(ParseHundredths("12.50"), 1250);
  EXPECT_EQ(ParseHundredths("1 500 000"), 150000000);
  EXPECT_EQ(ParseHundredths("1\xC2\xA0"
                            "200,75"),
            120075);
  for (const char* bad : {"-1", "1.234", "12a", "", ",5"}) {
    EXPECT_FALSE(ParseHundredths(bad)) << bad;
  }
  // 12.5 m² at 9 760.00 ₽ = 122 000.00 ₽; a third of a kopeck rounds half up.
  EXPECT_EQ(AreaAmount(1250, 976000), 12200000);
  EXPECT_EQ(AreaAmount(1, 150), 2);
}

TEST(Budget, AreaLinesArePricedFromThePriceListUnlessAPriceIsGiven) {
  const PriceList prices{1000000, {{"corner", 1200000}}};
  v1::BudgetLine own_price = Area("2026-04", "island", 1000);
  *own_price.mutable_price_per_m2() = Rub(900000);
  Problems problems;
  const auto lines =
      CheckPlanLines({Area("2026-03", "corner", 5000), Area("2026-03", "linear", 2000), own_price,
                      Cost("2026-05", v1::BUDGET_COST_ARTICLE_VENUE_RENT, 300000000)},
                     prices, problems.Reporter());
  EXPECT_THAT(problems.fields, IsEmpty());
  ASSERT_EQ(lines.size(), 4U);
  EXPECT_EQ(lines[0].price_kopecks, 1200000);    // the corner price
  EXPECT_EQ(lines[0].amount_kopecks, 60000000);  // 50 m² × 12 000 ₽
  EXPECT_EQ(lines[1].price_kopecks, 1000000);    // no linear price: the base price
  EXPECT_EQ(lines[2].price_kopecks, 900000);
  EXPECT_EQ(lines[2].amount_kopecks, 9000000);
  EXPECT_EQ(lines[3].amount_kopecks, 300000000);
  EXPECT_EQ(lines[3].article, v1::BUDGET_COST_ARTICLE_VENUE_RENT);
}

TEST(Budget, BadLinesAreReportedByIndexAndField) {
  v1::BudgetLine income;
  income.set_kind(v1::BUDGET_LINE_KIND_OTHER_INCOME);
  income.set_month("2026-03");
  income.set_article(v1::BUDGET_COST_ARTICLE_STAFF);  // income has no article, and no amount
  v1::BudgetLine no_kind;
  no_kind.set_month("2026-03");
  Problems problems;
  CheckPlanLines(
      {Area("2026-3", "tent", 0), Cost("2026-03", v1::BUDGET_COST_ARTICLE_UNSPECIFIED, 5), income,
       no_kind, Area("2026-03", "", 100)},
      PriceList{}, problems.Reporter());
  EXPECT_THAT(problems.fields,
              ElementsAre("0.month", "0.stand_type", "0.area_dm2", "0.price_per_m2", "1.article",
                          "2.amount", "2.article", "3.kind", "4.price_per_m2"));
}

TEST(Budget, TheWorkbookTableIsReadWithRowAndColumn) {
  common::tabular::SourceTable table;
  table.header = {"Kind",         "month",  "stand_type", "area_m2",
                  "price_per_m2", "amount", "article",    "description"};
  table.rows = {{2, {"area", "2026-03", "Corner", "50,5", "", "", "", "Зал 1"}},
                {3, {"расход", "2026-04", "", "", "", "1 000 000", "venue_rent", ""}},
                {4, {"bonus", "2026-04", "", "abc", "", "", "rent", ""}}};
  common::Violations violations;
  PlanTableRows rows;
  const auto lines = ReadPlanTable(table, violations, rows);
  ASSERT_EQ(lines.size(), 3U);
  EXPECT_THAT(rows.row_of, ElementsAre(2, 3, 4));
  // A cell reported unreadable is not reported again by the line checks; another field is.
  common::Violations checks;
  rows.Report(checks, 2, "kind", "must be AREA, OTHER_INCOME or COST");
  rows.Report(checks, 2, "area_dm2", "must be more than zero");
  rows.Report(checks, 2, "month", "must be a month YYYY-MM");
  try {
    checks.ThrowIfAny();
    FAIL() << "the month was reported";
  } catch (const common::ValidationError& e) {
    ASSERT_EQ(e.violations().size(), 1U);
    EXPECT_EQ(e.violations()[0].description, "row 4, month: must be a month YYYY-MM");
  }
  EXPECT_EQ(lines[0].kind(), v1::BUDGET_LINE_KIND_AREA);
  EXPECT_EQ(lines[0].stand_type(), "corner");
  EXPECT_EQ(lines[0].area_dm2(), 5050);
  EXPECT_FALSE(lines[0].has_price_per_m2());
  EXPECT_EQ(lines[1].kind(), v1::BUDGET_LINE_KIND_COST);
  EXPECT_EQ(lines[1].amount().minor_units(), 100000000);
  EXPECT_EQ(lines[1].article(), v1::BUDGET_COST_ARTICLE_VENUE_RENT);
  try {
    violations.ThrowIfAny();
    FAIL() << "row 4 is bad";
  } catch (const common::ValidationError& e) {
    ASSERT_EQ(e.violations().size(), 3U);
    EXPECT_THAT(e.violations()[0].description, ::testing::StartsWith("row 4, kind: \"bonus\""));
    EXPECT_THAT(e.violations()[1].description, ::testing::StartsWith("row 4, area_m2: \"abc\""));
    EXPECT_THAT(e.violations()[2].description, ::testing::StartsWith("row 4, article: \"rent\""));
  }

  common::tabular::SourceTable headless;
  headless.header = {"kind", "amount"};
  common::Violations missing;
  EXPECT_THAT(ReadPlanTable(headless, missing, rows), IsEmpty());
  EXPECT_FALSE(missing.empty());
}

TEST(Budget, TheReportSumsMonthsAndComputesDeviations) {
  BudgetMonthSums march{.month = "2026-03",
                        .plan_area_dm2 = 10000,
                        .fact_area_milli = 80000,
                        .plan_space = 100000000,
                        .fact_space = 80000000,
                        .plan_other = 0,
                        .fact_other = 500000,
                        .plan_costs = 30000000,
                        .fact_costs = 33000000,
                        .received = 48800000};
  BudgetMonthSums april{.month = "2026-04", .plan_costs = 10000000};
  const v1::BudgetReport report = BudgetReportOf({march, april});
  ASSERT_EQ(report.months_size(), 2);
  const auto& m = report.months(0).figures();
  EXPECT_EQ(m.area().fact_dm2(), 8000);
  EXPECT_EQ(m.area().deviation_dm2(), -2000);
  EXPECT_DOUBLE_EQ(m.area().deviation_percent(), -20.0);
  EXPECT_EQ(m.space_income().deviation().minor_units(), -20000000);
  EXPECT_FALSE(m.other_income().has_deviation_percent());  // nothing planned
  EXPECT_DOUBLE_EQ(m.costs().deviation_percent(), 10.0);
  EXPECT_EQ(m.margin().plan().minor_units(), 70000000);
  EXPECT_EQ(m.margin().fact().minor_units(), 47500000);
  EXPECT_DOUBLE_EQ(m.margin().deviation_percent(), -32.14);
  EXPECT_EQ(m.payments_received().minor_units(), 48800000);
  const auto& total = report.total();
  EXPECT_EQ(total.costs().plan().minor_units(), 40000000);
  EXPECT_EQ(total.margin().plan().minor_units(), 60000000);
  EXPECT_EQ(total.margin().deviation().minor_units(), -12500000);
  EXPECT_EQ(DeviationPercent(-100, -50), 50.0);
}

TEST(Budget, HeadsOfSalesAndAccountantsWriteAnalystsReadManagersNothing) {
  using common::auth::Action;
  using common::auth::Records;
  using common::auth::Role;
  const auto actor = [](Role role) {
    return common::auth::ActorOf(
        {.subject = "employees/0b5e3f4c-1c3a-4a53-9b1e-6f0a9c1d2e3f", .name = "", .roles = {role}});
  };
  for (Role role : {Role::kSalesHead, Role::kAccountant, Role::kAdmin}) {
    EXPECT_TRUE(common::auth::MayAccess(actor(role), Records::kBudgets, Action::kWrite, {}));
  }
  EXPECT_TRUE(common::auth::MayAccess(actor(Role::kAnalyst), Records::kBudgets, Action::kRead, {}));
  EXPECT_FALSE(
      common::auth::MayAccess(actor(Role::kAnalyst), Records::kBudgets, Action::kWrite, {}));
  for (Role role : {Role::kSalesManager, Role::kService}) {
    EXPECT_FALSE(common::auth::MayAccess(actor(role), Records::kBudgets, Action::kRead, {}));
  }
}

TEST(Budget, CostItemsFrom1CMapToArticlesByTheDefaultAndTheSetting) {
  const CostItemMapping& defaults = DefaultCostItemMapping();
  EXPECT_EQ(ArticleOfCostItem(defaults, " Аренда выставочных площадей "),
            v1::BUDGET_COST_ARTICLE_VENUE_RENT);
  EXPECT_EQ(ArticleOfCostItem(defaults, "Полиграфия"), v1::BUDGET_COST_ARTICLE_PRINTING);
  EXPECT_EQ(ArticleOfCostItem(defaults, "Представительские расходы"), std::nullopt);
  EXPECT_EQ(ArticleOfCostItem(defaults, ""), std::nullopt);

  const CostItemMapping set =
      WithCostItems(defaults, " Представительские расходы = other ;Полиграфия=advertising;");
  EXPECT_EQ(ArticleOfCostItem(set, "Представительские расходы"), v1::BUDGET_COST_ARTICLE_OTHER);
  EXPECT_EQ(ArticleOfCostItem(set, "Полиграфия"), v1::BUDGET_COST_ARTICLE_ADVERTISING);
  EXPECT_EQ(ArticleOfCostItem(set, "Реклама"), v1::BUDGET_COST_ARTICLE_ADVERTISING);
  EXPECT_EQ(WithCostItems(defaults, "").size(), defaults.size());
  for (const char* bad : {"Кейтеринг", "Кейтеринг=catering", "=other", "Кейтеринг=unspecified"}) {
    EXPECT_THROW(WithCostItems(defaults, bad), std::invalid_argument) << bad;
  }
}

}  // namespace
}  // namespace crm::accounting::domain
