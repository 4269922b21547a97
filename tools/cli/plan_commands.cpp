// crm plans show | set | import | vs-fact: an edition's sales plans in analytics — per month for
// the edition, a department and a manager, in m² and money — and plan vs fact with attainment
// (services/analytics/README.md, "Sales plans").

#include <memory>
#include <string>
#include <vector>

#include "crm/analytics/v1/plans.grpc.pb.h"
#include "tools/cli/commands.h"
#include "tools/cli/display.h"
#include "tools/cli/parse.h"
#include "tools/cli/report_export.h"
#include "tools/cli/table.h"

namespace crm::cli {
namespace {

namespace ana = crm::analytics::v1;

std::string PlanOf(const Globals& globals, const std::string& edition) {
  return EditionNamed(globals, edition) + "/salesPlan";
}

// An attainment in percent ("98,5%"); a dash when nothing was planned.
std::string Attainment(bool has, int64_t basis_points) {
  return has ? PercentText(basis_points) : "—";
}

std::string WhoOf(const ana::PlanFactRow& row, const std::string& edition_display_name) {
  switch (row.level()) {
    case ana::PLAN_LEVEL_EDITION:
      return edition_display_name;
    default:  // a manager's or a department's name, when analytics knows it
      return row.display_name().empty() ? row.target() : row.display_name();
  }
}

void AddFigures(const std::string& who, const std::string& month, const ana::PlanFactFigures& f,
                std::vector<std::vector<std::string>>& rows) {
  rows.push_back({who, month, AreaText(f.plan_area_dm2()), AreaText(f.fact_area_dm2()),
                  Attainment(f.has_area_attainment_bp(), f.area_attainment_bp()),
                  MoneyText(f.plan_net_amount().minor_units(), "RUB"),
                  MoneyText(f.fact_net_amount().minor_units(), "RUB"),
                  Attainment(f.has_attainment_bp(), f.attainment_bp())});
}

int PrintVsFact(const Globals& globals, const ana::PlanVsFact& report) {
  if (globals.output != "table") {
    return PrintResponse(globals, report);
  }
  const std::vector<TableColumn> columns = {{"WHO"},
                                            {"MONTH"},
                                            {"PLAN M²", Align::kRight},
                                            {"FACT M²", Align::kRight},
                                            {"M² %", Align::kRight},
                                            {"PLAN NET", Align::kRight},
                                            {"FACT NET", Align::kRight},
                                            {"ATTAINMENT", Align::kRight}};
  std::vector<std::vector<std::string>> rows;
  for (const ana::PlanFactRow& row : report.rows()) {
    const std::string who = WhoOf(row, report.edition_display_name());
    for (const ana::PlanFactMonth& month : row.months()) {
      AddFigures(who, month.month(), month.figures(), rows);
    }
    AddFigures(who, "TOTAL", row.total(), rows);
  }
  std::printf(
      "Sales plan of %s: plan vs fact (money without VAT; attainment = fact ÷ plan of money)\n%s",
      report.edition_display_name().c_str(), RenderTable(columns, rows).c_str());
  return 0;
}

ana::PlanLevel LevelOf(const std::string& text) {
  return text == "edition"      ? ana::PLAN_LEVEL_EDITION
         : text == "department" ? ana::PLAN_LEVEL_DEPARTMENT
                                : ana::PLAN_LEVEL_MANAGER;
}

struct CellOptions {
  std::string edition;
  std::string level;
  std::string target;
  std::string month;
  std::string area;
  std::string amount;
};

// The target's cells of `plan` with the month of `o` set (added or replaced): what
// SetSalesPlanCells takes to change one month and keep the target's others.
std::vector<ana::SalesPlanCell> WithCell(const ana::SalesPlan& plan, const CellOptions& o) {
  ana::SalesPlanCell cell;
  cell.set_level(LevelOf(o.level));
  cell.set_target(o.target);
  cell.set_month(o.month);
  cell.set_area_dm2(o.area.empty() ? 0 : ParseSquareMetresToDm2(o.area));
  cell.mutable_net_amount()->set_currency_code("RUB");
  cell.mutable_net_amount()->set_minor_units(o.amount.empty() ? 0 : ParseRublesToKopecks(o.amount));
  std::vector<ana::SalesPlanCell> cells;
  for (const ana::SalesPlanCell& kept : plan.cells()) {
    if (kept.level() == cell.level() && kept.target() == cell.target() &&
        kept.month() != cell.month()) {
      ana::SalesPlanCell copy = kept;
      copy.clear_updated_by();
      copy.clear_update_time();
      cells.push_back(std::move(copy));
    }
  }
  cells.push_back(std::move(cell));
  return cells;
}

}  // namespace

void AddPlanCommands(CLI::App& app, Globals& globals) {
  auto* plans = app.add_subcommand(
      "plans", "Sales plans per edition, department and manager (m², money) and plan vs fact");
  plans->require_subcommand(1);

  auto shown = std::make_shared<std::string>();
  auto* show = plans->add_subcommand("show", "Show an edition's plan cells you may read, and etag");
  show->add_option("edition", *shown, "projects/<uuid>/editions/<uuid> or a display name")
      ->required();
  show->callback([&globals, shown] {
    globals.action = [&globals, shown] {
      ana::GetSalesPlanRequest request;
      request.set_name(PlanOf(globals, *shown));
      ana::SalesPlan response;
      auto stub = StubFor<ana::SalesPlanService>(globals);
      return RunCall(
          globals,
          [&](grpc::ClientContext& ctx) { return stub->GetSalesPlan(&ctx, request, &response); },
          response);
    };
  });

  auto cell = std::make_shared<CellOptions>();
  auto* set = plans->add_subcommand(
      "set", "Set one month of a target's plan (the target's other months are kept)");
  set->add_option("edition", cell->edition, "projects/<uuid>/editions/<uuid> or a display name")
      ->required();
  set->add_option("--level", cell->level, "edition, department or manager")
      ->required()
      ->check(CLI::IsMember({"edition", "department", "manager"}));
  set->add_option("--target", cell->target,
                  "department: departments/<uuid>; manager: employees/<uuid>; edition: none");
  set->add_option("--month", cell->month, "YYYY-MM")->required();
  set->add_option("--area", cell->area, "m², e.g. 120 or 12.5");
  set->add_option("--amount", cell->amount, "Rubles without VAT");
  set->callback([&globals, cell] {
    globals.action = [&globals, cell] {
      auto stub = StubFor<ana::SalesPlanService>(globals);
      ana::GetSalesPlanRequest get;
      get.set_name(PlanOf(globals, cell->edition));
      ana::SalesPlan current;
      ana::SalesPlan response;
      return RunCallWith(
          globals,
          [&](grpc::ClientContext& ctx) { return stub->GetSalesPlan(&ctx, get, &current); },
          [&] {
            ana::SetSalesPlanCellsRequest request;
            request.set_name(get.name());
            request.set_etag(current.etag());
            for (ana::SalesPlanCell& given : WithCell(current, *cell)) {
              *request.add_cells() = std::move(given);
            }
            return RunCall(
                globals,
                [&](grpc::ClientContext& ctx) {
                  return stub->SetSalesPlanCells(&ctx, request, &response);
                },
                response);
          });
    };
  });

  struct ImportOptions {
    std::string edition;
    std::string file;
    std::string etag;
  };
  auto imported = std::make_shared<ImportOptions>();
  auto* import = plans->add_subcommand(
      "import", "Set the targets of an xlsx workbook, one row per month (all or nothing)");
  import->add_option("edition", imported->edition, "projects/<uuid>/editions/<uuid> or a name")
      ->required();
  import->add_option("file", imported->file, "xlsx: level, target, month, area_m2, amount")
      ->required();
  import->add_option("--etag", imported->etag, "Refuse when the plan changed since this etag");
  import->callback([&globals, imported] {
    globals.action = [&globals, imported] {
      ana::ImportSalesPlanRequest request;
  request.set_name(PlanOf(globals, imported->edition));
  request.set_content(ReadFile(imported->file));
  request.set_etag(imported->etag);
  ana::SalesPlan response;
  auto stub = StubFor<ana::SalesPlanService>(globals);
  return RunCall(
      globals,
      [&](grpc::ClientContext& ctx) { return stub->ImportSalesPlan(&ctx, request, &response); },
      response);
};
}  // namespace crm::cli
);

struct VsFactOptions {
  std::string edition;
  ana::GetPlanVsFactRequest request;
  ExportFiles files;
};
auto compared = std::make_shared<VsFactOptions>();
auto* vs_fact = plans->add_subcommand(
    "vs-fact", "Plan vs fact by month and in total, with attainment, at every level you may see");
vs_fact->add_option("edition", compared->edition, "projects/<uuid>/editions/<uuid> or a name")
    ->required();
vs_fact->add_option("--department", *compared->request.mutable_department(),
                    "departments/<uuid>: that unit and its managers");
vs_fact->add_option("--manager", *compared->request.mutable_manager(),
                    "employees/<uuid>: that manager only");
AddExportOptions(vs_fact, &compared->files);
vs_fact->callback([&globals, compared] {
  globals.action = [&globals, compared] {
    compared->request.set_name(PlanOf(globals, compared->edition));
    ana::PlanVsFact response;
    auto stub = StubFor<ana::SalesPlanService>(globals);
    return RunCallWith(
        globals,
        [&](grpc::ClientContext& ctx) {
          return stub->GetPlanVsFact(&ctx, compared->request, &response);
        },
        [&] {
          WriteExports(compared->files, PlanVsFactTable(response), PlanVsFactChart(response));
          return PrintVsFact(globals, response);
        });
  };
});
}

}  // namespace crm::cli
