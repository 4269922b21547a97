// crm projects get|update, editions get|update, competitor-exhibitions, participations: the
// registry's ExhibitionService.
#include <algorithm>
#include <cctype>
#include <memory>
#include <string>
#include <vector>

#include "crm/registry/v1/exhibitions.grpc.pb.h"
#include "tools/cli/commands.h"
#include "tools/cli/parse.h"
#include "tools/cli/unary_command.h"

namespace crm::cli {
namespace {

namespace reg = crm::registry::v1;
using Exhibitions = reg::ExhibitionService::Stub;

// "open-for-sales" -> "OPEN_FOR_SALES", to look up an enum value by its name.
std::string UpperSnake(std::string text) {
  std::transform(text.begin(), text.end(), text.begin(), [](unsigned char c) {
    return c == '-' ? '_' : static_cast<char>(std::toupper(c));
  });
  return text;
}

// "open_for_sales" or "EDITION_STATUS_OPEN_FOR_SALES" -> the enum value.
reg::EditionStatus ParseStatus(const std::string& text) {
  reg::EditionStatus status;
  std::string name = UpperSnake(text);
  if (name.rfind("EDITION_STATUS_", 0) != 0) {
    name = "EDITION_STATUS_" + name;
  }
  if (!reg::EditionStatus_Parse(name, &status) || status == reg::EDITION_STATUS_UNSPECIFIED) {
    throw ArgumentError("--status: expected planned, open_for_sales, running, closed or cancelled");
  }
  return status;
}

// "corner=14000.00" -> a stand price in kopecks.
reg::StandPrice ParseStandPrice(const std::string& text) {
  auto eq = text.find('=');
  reg::StandType type;
  std::string name = eq == std::string::npos ? "" : "STAND_TYPE_" + UpperSnake(text.substr(0, eq));
  if (eq == std::string::npos || !reg::StandType_Parse(name, &type) ||
      type == reg::STAND_TYPE_UNSPECIFIED) {
    throw ArgumentError(
        "--stand-price: expected TYPE=ROUBLES, TYPE one of linear, corner, peninsula, island, "
        "open_area");
  }
  reg::StandPrice price;
  price.set_stand_type(type);
  price.mutable_price_per_m2()->set_currency_code("RUB");
  price.mutable_price_per_m2()->set_minor_units(ParseRublesToKopecks(text.substr(eq + 1)));
  return price;
}

reg::Periodicity ParsePeriodicity(const std::string& text) {
  reg::Periodicity periodicity;
  if (!reg::Periodicity_Parse("PERIODICITY_" + UpperSnake(text), &periodicity)) {
    throw ArgumentError("--periodicity: expected annual, biennial, twice_a_year or irregular");
  }
  return periodicity;
}

void AddProjectCommands(CLI::App& app, Globals& globals) {
  CLI::App* group = app.get_subcommand("projects");
  UnaryCommand<Exhibitions, reg::GetProjectRequest, reg::Project> get(
      group, globals, "get", "Show a project", &Exhibitions::GetProject,
      StubFor<reg::ExhibitionService>);
  get.command->add_option("name", *get.request->mutable_name(), "projects/<uuid>")->required();

  UnaryCommand<Exhibitions, reg::UpdateProjectRequest, reg::Project> update(
      group, globals, "update", "Rename a project or change its description",
      &Exhibitions::UpdateProject, StubFor<reg::ExhibitionService>);
  auto* p = update.request->mutable_project();
  auto masked = std::make_shared<MaskedOptions>();
  update.command->add_option("name", *p->mutable_name(), "projects/<uuid>")->required();
  masked->Add(update.command->add_option("--display-name", *p->mutable_display_name(), "Name"),
              "display_name");
  masked->Add(update.command->add_option("--description", *p->mutable_description(), "About"),
              "description");
  update.Then([masked](reg::UpdateProjectRequest& r) { masked->Fill(r.mutable_update_mask()); });
}

void AddEditionCommands(CLI::App& app, Globals& globals) {
  CLI::App* group = app.get_subcommand("editions");
  UnaryCommand<Exhibitions, reg::GetEditionRequest, reg::Edition> get(
      group, globals, "get", "Show an edition with its status and stand prices",
      &Exhibitions::GetEdition, StubFor<reg::ExhibitionService>);
  get.command->add_option("name", *get.request->mutable_name(), "projects/<uuid>/editions/<uuid>")
      ->required();

  UnaryCommand<Exhibitions, reg::UpdateEditionRequest, reg::Edition> update(
      group, globals, "update", "Change an edition's dates, venue, prices or status",
      &Exhibitions::UpdateEdition, StubFor<reg::ExhibitionService>);
  auto* e = update.request->mutable_edition();
  struct Texts {
    std::string start, end, price, status;
    std::vector<std::string> stand_prices;
  };
  auto texts = std::make_shared<Texts>();
  auto masked = std::make_shared<MaskedOptions>();
  update.command->add_option("name", *e->mutable_name(), "projects/<uuid>/editions/<uuid>")
      ->required();
  update.command->add_option("--etag", *e->mutable_etag(), "The etag as last read")->required();
  masked->Add(update.command->add_option("--display-name", *e->mutable_display_name(), "Name"),
              "display_name");
  masked->Add(update.command->add_option("--venue", *e->mutable_venue(), "Venue"), "venue");
  masked->Add(update.command->add_option("--start", texts->start, "YYYY-MM-DD"), "start_date");
  masked->Add(update.command->add_option("--end", texts->end, "YYYY-MM-DD"), "end_date");
  masked->Add(update.command->add_option("--price-per-m2", texts->price, "Roubles, excl. VAT"),
              "price_per_m2");
  masked->Add(update.command->add_option("--status", texts->status,
                                         "planned, open_for_sales, running, closed, cancelled"),
              "status");
  masked->Add(update.command->add_option("--stand-price", texts->stand_prices,
                                         "TYPE=ROUBLES per m² (repeat; none clears the list)"),
              "stand_prices");
  update.Then([masked, texts](reg::UpdateEditionRequest& r) {
    masked->Fill(r.mutable_update_mask());
    auto* edition = r.mutable_edition();
    if (!texts->start.empty()) {
      *edition->mutable_start_date() = ParseDate(texts->start);
    }
    if (!texts->end.empty()) {
      *edition->mutable_end_date() = ParseDate(texts->end);
    }
    if (!texts->price.empty()) {
      edition->mutable_price_per_m2()->set_currency_code("RUB");
      edition->mutable_price_per_m2()->set_minor_units(ParseRublesToKopecks(texts->price));
    }
    if (!texts->status.empty()) {
      edition->set_status(ParseStatus(texts->status));
    }
    edition->clear_stand_prices();
    for (const std::string& text : texts->stand_prices) {
      *edition->add_stand_prices() = ParseStandPrice(text);
    }
  });
}

// Options shared by create and update of a competitor's exhibition.
struct CompetitorTexts {
  std::string periodicity, start, end;

  void ApplyTo(reg::CompetitorExhibition* exhibition) const {
    if (!periodicity.empty()) {
      exhibition->set_periodicity(ParsePeriodicity(periodicity));
    }
    if (!start.empty()) {
      *exhibition->mutable_start_date() = ParseDate(start);
    }
    if (!end.empty()) {
      *exhibition->mutable_end_date() = ParseDate(end);
    }
  }
};

void AddCompetitorCommands(CLI::App& app, Globals& globals) {
  auto* group = app.add_subcommand("competitor-exhibitions", "Other organisers' exhibitions");
  group->require_subcommand(1);

  UnaryCommand<Exhibitions, reg::CreateCompetitorExhibitionRequest, reg::CompetitorExhibition>
      create(group, globals, "create", "Record a competitor's exhibition",
             &Exhibitions::CreateCompetitorExhibition, StubFor<reg::ExhibitionService>);
  auto* c = create.request->mutable_competitor_exhibition();
  auto create_texts = std::make_shared<CompetitorTexts>();
  create.command->add_option("--display-name", *c->mutable_display_name(), "Name")->required();
  create.command->add_option("--organizer", *c->mutable_organizer(), "Organiser")->required();
  create.command->add_option("--city", *c->mutable_city(), "City");
  create.command->add_option("--periodicity", create_texts->periodicity,
                             "annual, biennial, twice_a_year, irregular");
  create.command->add_option("--start", create_texts->start, "YYYY-MM-DD");
  create.command->add_option("--end", create_texts->end, "YYYY-MM-DD");
  create.command->add_option("--description", *c->mutable_description(), "Notes");
  create.command->add_option("--request-id", *create.request->mutable_request_id(),
                             "Idempotency key");
  create.Then([create_texts](reg::CreateCompetitorExhibitionRequest& r) {
    create_texts->ApplyTo(r.mutable_competitor_exhibition());
  });

  UnaryCommand<Exhibitions, reg::GetCompetitorExhibitionRequest, reg::CompetitorExhibition> get(
      group, globals, "get", "Show a competitor's exhibition",
      &Exhibitions::GetCompetitorExhibition, StubFor<reg::ExhibitionService>);
  get.command->add_option("name", *get.request->mutable_name(), "competitorExhibitions/<uuid>")
      ->required();

  UnaryCommand<Exhibitions, reg::UpdateCompetitorExhibitionRequest, reg::CompetitorExhibition>
      update(group, globals, "update", "Change a competitor's exhibition",
             &Exhibitions::UpdateCompetitorExhibition, StubFor<reg::ExhibitionService>);
  auto* u = update.request->mutable_competitor_exhibition();
  auto update_texts = std::make_shared<CompetitorTexts>();
  auto masked = std::make_shared<MaskedOptions>();
  update.command->add_option("name", *u->mutable_name(), "competitorExhibitions/<uuid>")
      ->required();
  update.command->add_option("--etag", *u->mutable_etag(), "The etag as last read")->required();
  masked->Add(update.command->add_option("--display-name", *u->mutable_display_name(), "Name"),
              "display_name");
  masked->Add(update.command->add_option("--organizer", *u->mutable_organizer(), "Organiser"),
              "organizer");
  masked->Add(update.command->add_option("--city", *u->mutable_city(), "City"), "city");
  masked->Add(update.command->add_option("--periodicity", update_texts->periodicity, "Periodicity"),
              "periodicity");
  masked->Add(update.command->add_option("--start", update_texts->start, "YYYY-MM-DD"),
              "start_date");
  masked->Add(update.command->add_option("--end", update_texts->end, "YYYY-MM-DD"), "end_date");
  masked->Add(update.command->add_option("--description", *u->mutable_description(), "Notes"),
              "description");
  update.Then([masked, update_texts](reg::UpdateCompetitorExhibitionRequest& r) {
    masked->Fill(r.mutable_update_mask());
    update_texts->ApplyTo(r.mutable_competitor_exhibition());
  });

  UnaryCommand<Exhibitions, reg::ListCompetitorExhibitionsRequest,
               reg::ListCompetitorExhibitionsResponse>
      list(group, globals, "list", "List competitors' exhibitions",
           &Exhibitions::ListCompetitorExhibitions, StubFor<reg::ExhibitionService>);
  list.WithPaging();
}

void AddParticipationCommands(CLI::App& app, Globals& globals) {
  auto* group = app.add_subcommand("participations", "Clients' participation in exhibitions");
  group->require_subcommand(1);

  UnaryCommand<Exhibitions, reg::CreateParticipationRequest, reg::Participation> create(
      group, globals, "create", "Record that a client took part in an exhibition",
      &Exhibitions::CreateParticipation, StubFor<reg::ExhibitionService>);
  struct Texts {
    std::string edition, competitor, area;
    int year = 0;
  };
  auto texts = std::make_shared<Texts>();
  create.command->add_option("--client", *create.request->mutable_parent(), "clients/<uuid>")
      ->required();
  create.command->add_option("--edition", texts->edition, "projects/<uuid>/editions/<uuid>");
  create.command->add_option("--competitor-exhibition", texts->competitor,
                             "competitorExhibitions/<uuid> (with --year)");
  create.command->add_option("--year", texts->year, "Year, for a competitor's exhibition");
  create.command->add_option("--area-m2", texts->area, "Stand area in m², e.g. 12.5");
  create.command->add_option("--request-id", *create.request->mutable_request_id(),
                             "Idempotency key");
  create.Then([texts](reg::CreateParticipationRequest& r) {
    auto* p = r.mutable_participation();
    if (!texts->edition.empty()) {
      p->set_edition(texts->edition);
    } else if (!texts->competitor.empty()) {
      p->set_competitor_exhibition(texts->competitor);
    }
    p->set_year(texts->year);
    if (!texts->area.empty()) {
      p->set_area_dm2(ParseSquareMetresToDm2(texts->area));
    }
  });

  UnaryCommand<Exhibitions, reg::DeleteParticipationRequest, reg::Participation> remove(
      group, globals, "delete", "Remove a participation record", &Exhibitions::DeleteParticipation,
      StubFor<reg::ExhibitionService>);
  remove.command
      ->add_option("name", *remove.request->mutable_name(), "clients/<uuid>/participations/<uuid>")
      ->required();

  UnaryCommand<Exhibitions, reg::ListParticipationsRequest, reg::ListParticipationsResponse> list(
      group, globals, "list", "A client's participation, newest first",
      &Exhibitions::ListParticipations, StubFor<reg::ExhibitionService>);
  list.command->add_option("--client", *list.request->mutable_parent(), "clients/<uuid>")
      ->required();
  list.WithPaging();
}

}  // namespace

void AddExhibitionCommands(CLI::App& app, Globals& globals) {
  AddProjectCommands(app, globals);
  AddEditionCommands(app, globals);
  AddCompetitorCommands(app, globals);
  AddParticipationCommands(app, globals);
}

}  // namespace crm::cli
