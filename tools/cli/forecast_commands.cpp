// crm forecast show | backtest: an edition's sales forecast with its 80% range and the backtest of
// the method on past editions beside its two baselines (services/analytics/README.md,
// "Forecast").

#include <cstdio>
#include <memory>
#include <string>
#include <vector>

#include "crm/analytics/v1/forecast.grpc.pb.h"
#include "tools/cli/commands.h"
#include "tools/cli/display.h"
#include "tools/cli/parse.h"
#include "tools/cli/table.h"

namespace crm::cli {
namespace {

namespace ana = crm::analytics::v1;

std::string Rubles(const crm::common::v1::Money& money) {
  return MoneyText(money.minor_units(), "RUB");
}

int PrintForecast(const Globals& globals, const ana::EditionForecast& f) {
  if (globals.output != "table") {
    return PrintResponse(globals, f);
  }
  std::printf(
      "Forecast of %s as of %s, %d weeks before the opening on %s\n", f.edition().c_str(),
      LocalTimeText(f.as_of().seconds()).c_str(), f.weeks_before_opening(),
      DateText(f.start_date().year(), f.start_date().month(), f.start_date().day()).c_str());
  std::printf(
      "%s",
      RenderFields(
          {{"Area:", AreaText(f.area().area_dm2()) + "  (80%: " + AreaText(f.area().low_dm2()) +
                         " – " + AreaText(f.area().high_dm2()) + ")"},
           {"Net amount:", Rubles(f.amount().amount()) + "  (80%: " + Rubles(f.amount().low()) +
                               " – " + Rubles(f.amount().high()) + ")"}})
          .c_str());
  std::vector<std::vector<std::string>> rows;
  for (const auto& c : f.components()) {
    rows.push_back({c.key(), std::to_string(c.count()), PercentText(c.conversion_bp()),
                    std::to_string(c.observations()), AreaText(c.area_dm2()), Rubles(c.amount())});
  }
  std::printf("\n%s", RenderTable({{"PART"},
                                   {"COUNT", Align::kRight},
                                   {"CONVERSION", Align::kRight},
                                   {"LEARNT FROM", Align::kRight},
                                   {"AREA", Align::kRight},
                                   {"NET", Align::kRight}},
                                  rows)
                          .c_str());
  rows.clear();
  for (const auto& b : f.baselines()) {
    rows.push_back({b.method(), AreaText(b.area_dm2()), Rubles(b.amount()), b.basis()});
  }
  std::printf(
      "\nBaselines\n%s",
      RenderTable({{"METHOD"}, {"AREA", Align::kRight}, {"NET", Align::kRight}, {"BASIS"}}, rows)
          .c_str());
  std::printf("\nConversion learnt from %d editions (%s)\n", f.learnt_from_size(),
              f.conversion_source().c_str());
  return 0;
}

int PrintBacktest(const Globals& globals, const ana::ForecastBacktest& bt) {
  if (globals.output != "table") {
    return PrintResponse(globals, bt);
  }
  std::vector<std::vector<std::string>> rows;
  for (const auto& h : bt.horizons()) {
    rows.push_back(
        {std::to_string(h.weeks_before_opening()), std::to_string(h.editions()),
         PercentText(h.model_wape_area_bp()), PercentText(h.last_edition_wape_area_bp()),
         PercentText(h.stage_weighted_wape_area_bp()), PercentText(h.area_coverage_bp()),
         PercentText(h.model_wape_amount_bp()), PercentText(h.last_edition_wape_amount_bp()),
         PercentText(h.stage_weighted_wape_amount_bp()), PercentText(h.amount_coverage_bp())});
  }
  std::printf(
      "Backtest of the forecast (%s): WAPE of the model and of the baselines, and how often "
      "the actual fell inside the 80%% range\n%s",
      bt.project().empty() ? "every project" : bt.project().c_str(),
      RenderTable({{"WEEKS", Align::kRight},
                   {"EDITIONS", Align::kRight},
                   {"M² MODEL", Align::kRight},
                   {"M² LAST", Align::kRight},
                   {"M² STAGE", Align::kRight},
                   {"M² IN 80%", Align::kRight},
                   {"NET MODEL", Align::kRight},
                   {"NET LAST", Align::kRight},
                   {"NET STAGE", Align::kRight},
                   {"NET IN 80%", Align::kRight}},
                  rows)
          .c_str());
  return 0;
}

}  // namespace

void AddForecastCommands(CLI::App& app, Globals& globals) {
  auto* group = app.add_subcommand(
      "forecast", "An edition's sales forecast with its 80% range, and its backtest");
  group->require_subcommand(1);

  struct Show {
    std::string edition;
    std::string as_of;
  };
  auto show = std::make_shared<Show>();
  auto* show_cmd = group->add_subcommand(
      "show", "Forecast of an edition's m² and money: parts, 80% range, baselines");
  show_cmd->add_option("edition", show->edition, "projects/<uuid>/editions/<uuid> or a name")
      ->required();
  show_cmd->add_option("--as-of", show->as_of, "Forecast as of this moment (RFC 3339; now)");
  show_cmd->callback([&globals, show] {
    globals.action = [&globals, show] {
      ana::GetEditionForecastRequest request;
      request.set_edition(EditionNamed(globals, show->edition));
      if (!show->as_of.empty()) {
        *request.mutable_as_of() = ParseTimestamp(show->as_of, "--as-of");
      }
      ana::EditionForecast response;
      auto stub = StubFor<ana::ForecastService>(globals);
      return RunCallWith(
          globals,
          [&](grpc::ClientContext& ctx) {
            return stub->GetEditionForecast(&ctx, request, &response);
          },
          [&] { return PrintForecast(globals, response); });
    };
  });

  auto project = std::make_shared<std::string>();
  auto* backtest_cmd = group->add_subcommand(
      "backtest", "Forecasts 12, 8, 4 and 2 weeks before past openings against what was sold");
  backtest_cmd->add_option("--project", *project, "projects/<uuid> (default: every project)");
  backtest_cmd->callback([&globals, project] {
    globals.action = [&globals, project] {
      ana::GetForecastBacktestRequest request;
      request.set_project(*project);
      ana::ForecastBacktest response;
      auto stub = StubFor<ana::ForecastService>(globals);
      return RunCallWith(
          globals,
          [&](grpc::ClientContext& ctx) {
            return stub->GetForecastBacktest(&ctx, request, &response);
          },
          [&] { return PrintBacktest(globals, response); });
    };
  });
}

}  // namespace crm::cli
