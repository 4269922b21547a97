// crm budgets show | report | import | add-line | costs list|add|delete: an edition's budget in
// accounting — its plan per month, the costs entered or imported from 1C and plan against fact
// (services/accounting/README.md, "Budgets").

#include <cctype>
#include <cmath>
#include <cstdio>
#include <memory>
#include <string>
#include <vector>

#include "crm/accounting/v1/accounting.grpc.pb.h"
#include "tools/cli/commands.h"
#include "tools/cli/display.h"
#include "tools/cli/parse.h"
#include "tools/cli/table.h"
#include "tools/cli/unary_command.h"

namespace crm::cli {
namespace {

namespace acc = crm::accounting::v1;

std::string Rubles(const crm::common::v1::Money& money) {
  return MoneyText(money.minor_units(), "RUB");
}

// A deviation in percent as the other tables print percentages ("+25%", "-26,67%"); a dash when
// there was no plan to compare with.
std::string Percent(bool has, double percent) {
  if (!has) {
    return "—";
  }
  const auto basis_points = static_cast<int64_t>(std::llround(percent * 100.0));
  return (basis_points > 0 ? "+" : "") + PercentText(basis_points);
}

// A period's figures as rows: what, plan, fact, deviation, deviation %.
void AddFigureRows(const std::string& period, const acc::BudgetReportFigures& f,
                   std::vector<std::vector<std::string>>& rows) {
  const acc::BudgetAreaFigure& area = f.area();
  rows.push_back({period, "area, m²", AreaText(area.plan_dm2()), AreaText(area.fact_dm2()),
                  AreaText(area.deviation_dm2()),
                  Percent(area.has_deviation_percent(), area.deviation_percent())});
  const std::pair<const char*, const acc::BudgetMoneyFigure*> money[] = {
      {"space income", &f.space_income()},
      {"other income", &f.other_income()},
      {"costs", &f.costs()},
      {"margin", &f.margin()}};
  for (const auto& [what, figure] : money) {
    rows.push_back({"", what, Rubles(figure->plan()), Rubles(figure->fact()),
                    Rubles(figure->deviation()),
                    Percent(figure->has_deviation_percent(), figure->deviation_percent())});
  }
  rows.push_back({"", "payments received", "", Rubles(f.payments_received()), "", ""});
}

int PrintReport(const Globals& globals, const acc::BudgetReport& report) {
  if (globals.output != "table") {
    return PrintResponse(globals, report);
  }
  const std::vector<TableColumn> columns = {{"MONTH"},
                                            {"FIGURE"},
                                            {"PLAN", Align::kRight},
                                            {"FACT", Align::kRight},
                                            {"DEVIATION", Align::kRight},
                                            {"%", Align::kRight}};
  std::vector<std::vector<std::string>> rows;
  for (const acc::BudgetReportMonth& month : report.months()) {
    AddFigureRows(month.month(), month.figures(), rows);
  }
  AddFigureRows("TOTAL", report.total(), rows);
  std::printf("Budget of %s: plan vs fact (without VAT; payments with VAT)\n%s",
              report.edition_display_name().c_str(), RenderTable(columns, rows).c_str());
  return 0;
}

std::string BudgetOf(const Globals& globals, const std::string& edition) {
  return EditionNamed(globals, edition) + "/budget";
}

acc::BudgetCostArticle ArticleOf(const std::string& text) {
  std::string upper = text;
  for (char& c : upper) {
    c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
  }
  const auto* value =
      acc::BudgetCostArticle_descriptor()->FindValueByName("BUDGET_COST_ARTICLE_" + upper);
  if (value == nullptr || value->number() == 0) {
    throw ArgumentError("--article " + text +
                        ": expected venue_rent, stand_construction, advertising, printing, "
                        "staff, travel or other");
  }
  return static_cast<acc::BudgetCostArticle>(value->number());
}

struct LineOptions {
  std::string edition;
  std::string kind;
  std::string month;
  std::string stand_type;
  std::string area;
  std::string price;
  std::string amount;
  std::string article;
  std::string description;
};

acc::BudgetLine LineOf(const LineOptions& o) {
  acc::BudgetLine line;
  line.set_kind(o.kind == "area"           ? acc::BUDGET_LINE_KIND_AREA
                : o.kind == "other_income" ? acc::BUDGET_LINE_KIND_OTHER_INCOME
                                           : acc::BUDGET_LINE_KIND_COST);
  line.set_month(o.month);
  line.set_stand_type(o.stand_type);
  if (!o.area.empty()) {
    line.set_area_dm2(ParseSquareMetresToDm2(o.area));
  }
  if (!o.price.empty()) {
    line.mutable_price_per_m2()->set_currency_code("RUB");
    line.mutable_price_per_m2()->set_minor_units(ParseRublesToKopecks(o.price));
  }
  if (!o.amount.empty()) {
    line.mutable_amount()->set_currency_code("RUB");
    line.mutable_amount()->set_minor_units(ParseRublesToKopecks(o.amount));
  }
  if (!o.article.empty()) {
    line.set_article(ArticleOf(o.article));
  }
  line.set_description(o.description);
  return line;
}

}  // namespace

void AddBudgetCommands(CLI::App& app, Globals& globals) {
  auto* budgets =
      app.add_subcommand("budgets", "Edition budgets: plan per month, costs entered, plan vs fact");
  budgets->require_subcommand(1);

  auto shown = std::make_shared<std::string>();
  auto* show = budgets->add_subcommand("show", "Show an edition's plan lines and etag");
  show->add_option("edition", *shown, "projects/<uuid>/editions/<uuid> or a display name")
      ->required();
  show->callback([&globals, shown] {
    globals.action = [&globals, shown] {
      acc::GetBudgetRequest request;
      request.set_name(BudgetOf(globals, *shown));
      acc::Budget response;
      auto stub = StubFor<acc::AccountingService>(globals);
      return RunCall(
          globals,
          [&](grpc::ClientContext& ctx) { return stub->GetBudget(&ctx, request, &response); },
          response);
    };
  });

  auto reported = std::make_shared<std::string>();
  auto* report = budgets->add_subcommand(
      "report", "Plan vs fact per month and in total: m², income, costs, margin, deviations");
  report->add_option("edition", *reported, "projects/<uuid>/editions/<uuid> or a display name")
      ->required();
  report->callback([&globals, reported] {
    globals.action = [&globals, reported] {
      acc::GetBudgetReportRequest request;
      request.set_name(BudgetOf(globals, *reported));
      acc::BudgetReport response;
      auto stub = StubFor<acc::AccountingService>(globals);
      return RunCallWith(
          globals,
          [&](grpc::ClientContext& ctx) { return stub->GetBudgetReport(&ctx, request, &response); },
          [&] { return PrintReport(globals, response); });
    };
  });

  struct ImportOptions {
    std::string edition;
    std::string file;
    std::string etag;
  };
  auto imported = std::make_shared<ImportOptions>();
  auto* import = budgets->add_subcommand(
      "import", "Replace an edition's plan with an xlsx workbook's lines (all or nothing)");
  import->add_option("edition", imported->edition, "projects/<uuid>/editions/<uuid> or a name")
      ->required();
  import
      ->add_option("file", imported->file,
                   "xlsx: kind, month, stand_type, area_m2, price_per_m2, amount, article, "
                   "description")
      ->required();
  import->add_option("--etag", imported->etag, "Refuse when the plan changed since this etag");
  import->callback([&globals, imported] {
    globals.action = [&globals, imported] {
      acc::ImportBudgetPlanRequest request;
  request.set_name(BudgetOf(globals, imported->edition));
  request.set_content(ReadFile(imported->file));
  request.set_etag(imported->etag);
  acc::Budget response;
  auto stub = StubFor<acc::AccountingService>(globals);
  return RunCall(
      globals,
      [&](grpc::ClientContext& ctx) { return stub->ImportBudgetPlan(&ctx, request, &response); },
      response);
};
}  // namespace crm::cli
);

auto line = std::make_shared<LineOptions>();
auto* add_line =
    budgets->add_subcommand("add-line", "Add a line to an edition's plan (keeps the others)");
add_line->add_option("edition", line->edition, "projects/<uuid>/editions/<uuid> or a name")
    ->required();
add_line->add_option("--kind", line->kind, "area, other_income or cost")
    ->required()
    ->check(CLI::IsMember({"area", "other_income", "cost"}));
add_line->add_option("--month", line->month, "YYYY-MM")->required();
add_line->add_option("--stand-type", line->stand_type,
                     "area: linear, corner, peninsula, island, open_area; none: the base price");
add_line->add_option("--area", line->area, "area: m², e.g. 50 or 12.5");
add_line->add_option("--price", line->price,
                     "area: rubles per m² without VAT; the edition's price list when left out");
add_line->add_option("--amount", line->amount, "other_income, cost: rubles without VAT");
add_line->add_option("--article", line->article,
                     "cost: venue_rent, stand_construction, advertising, printing, staff, "
                     "travel or other");
add_line->add_option("--description", line->description, "A note");
add_line->callback([&globals, line] {
  globals.action = [&globals, line] {
    auto stub = StubFor<acc::AccountingService>(globals);
    acc::GetBudgetRequest get;
    get.set_name(BudgetOf(globals, line->edition));
    acc::Budget current;
    acc::Budget response;
    return RunCallWith(
        globals, [&](grpc::ClientContext& ctx) { return stub->GetBudget(&ctx, get, &current); },
        [&] {
          acc::UpdateBudgetRequest update;
          *update.mutable_budget() = current;
          *update.mutable_budget()->add_plan_lines() = LineOf(*line);
          update.mutable_update_mask()->add_paths("plan_lines");
          return RunCall(
              globals,
              [&](grpc::ClientContext& ctx) { return stub->UpdateBudget(&ctx, update, &response); },
              response);
        });
  };
});

auto* costs = budgets->add_subcommand(
    "costs", "An edition's costs: entered by hand or imported from 1C (list, add, delete)");
costs->require_subcommand(1);
const auto connect = [](const Globals& g) { return StubFor<acc::AccountingService>(g); };
using Stub = acc::AccountingService::Stub;

UnaryCommand<Stub, acc::ListBudgetCostsRequest, acc::ListBudgetCostsResponse> list(
    costs, globals, "list", "List an edition's costs, oldest first", &Stub::ListBudgetCosts,
    connect);
list.WithPaging();
auto listed = std::make_shared<std::string>();
list.command->add_option("edition", *listed, "projects/<uuid>/editions/<uuid> or a name")
    ->required();
list.command->add_option("--month", *list.request->mutable_month(), "Only this month, YYYY-MM");
auto list_article = std::make_shared<std::string>();
list.command->add_option("--article", *list_article, "Only this article (venue_rent, ...)");
auto list_source = std::make_shared<std::string>();
list.command->add_option("--source", *list_source, "Only these: entered or one_c")
    ->check(CLI::IsMember({"entered", "one_c"}));
auto show_deleted = std::make_shared<bool>(false);
list.command->add_flag("--show-deleted", *show_deleted, "Also the deleted costs");
list.Then([&globals, listed, list_article, list_source,
           show_deleted](acc::ListBudgetCostsRequest& r) {
  r.set_parent(BudgetOf(globals, *listed));
  if (!list_article->empty()) {
    r.set_article(ArticleOf(*list_article));
  }
  if (!list_source->empty()) {
    r.set_source(*list_source == "entered" ? acc::BUDGET_COST_SOURCE_ENTERED
                                           : acc::BUDGET_COST_SOURCE_ONE_C);
  }
  r.set_show_deleted(*show_deleted);
});

UnaryCommand<Stub, acc::CreateBudgetCostRequest, acc::BudgetCost> add(
    costs, globals, "add", "Enter a cost incurred for an edition", &Stub::CreateBudgetCost,
    connect);
auto added = std::make_shared<std::string>();
add.command->add_option("edition", *added, "projects/<uuid>/editions/<uuid> or a name")->required();
auto add_article = std::make_shared<std::string>();
add.command
    ->add_option("--article", *add_article,
                 "venue_rent, stand_construction, advertising, printing, staff, travel, other")
    ->required();
add.command->add_option("--month", *add.request->mutable_budget_cost()->mutable_month(), "YYYY-MM")
    ->required();
auto amount = std::make_shared<std::string>();
add.command->add_option("--amount", *amount, "Rubles without VAT")->required();
add.command->add_option("--description", *add.request->mutable_budget_cost()->mutable_description(),
                        "What it was (contract, invoice)");
add.command->add_option("--request-id", *add.request->mutable_request_id(),
                        "Idempotency key: a repeated add with it enters the cost once");
add.Then([&globals, added, add_article, amount](acc::CreateBudgetCostRequest& r) {
  r.set_parent(BudgetOf(globals, *added));
  r.mutable_budget_cost()->set_article(ArticleOf(*add_article));
  r.mutable_budget_cost()->mutable_amount()->set_currency_code("RUB");
  r.mutable_budget_cost()->mutable_amount()->set_minor_units(ParseRublesToKopecks(*amount));
});

UnaryCommand<Stub, acc::DeleteBudgetCostRequest, acc::BudgetCost> remove(
    costs, globals, "delete",
    "Delete an entered cost (kept, out of the fact); costs from 1C are deleted in 1C",
    &Stub::DeleteBudgetCost, connect);
remove.command
    ->add_option("name", *remove.request->mutable_name(),
                 "projects/<uuid>/editions/<uuid>/budget/costs/<uuid>")
    ->required();
remove.command->add_option("--etag", *remove.request->mutable_etag(), "The cost's etag")
    ->required();
}

}  // namespace crm::cli
