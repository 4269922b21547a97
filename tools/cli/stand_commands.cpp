// crm stands import|list|get|board|update|block|unblock|hold|release, crm stands policy get|set,
// crm sales approve|reject: an edition's stand inventory (planning's StandService) and a head of
// sales' decision on a discount beyond the edition's limit.
#include <fstream>
#include <iterator>
#include <memory>
#include <string>

#include "crm/planning/v1/sales.grpc.pb.h"
#include "crm/planning/v1/stands.grpc.pb.h"
#include "crm/registry/v1/registry.grpc.pb.h"
#include "tools/cli/commands.h"
#include "tools/cli/parse.h"
#include "tools/cli/unary_command.h"

namespace crm::cli {

std::string EditionNamed(const Globals& globals, const std::string& text) {
  if (text.rfind("projects/", 0) == 0) {
    return text;
  }
  namespace reg = crm::registry::v1;
  auto registry = StubFor<reg::RegistryService>(globals);
  const auto call = [&](auto method, const auto& request, auto* response) {
    grpc::ClientContext context;
    PrepareContext(context, globals.ResolveToken(), "");
    const grpc::Status status = ((*registry).*method)(&context, request, response);
    if (!status.ok()) {
      throw ArgumentError("--edition: cannot look editions up: " + status.error_message());
    }
  };
  std::vector<std::string> matches;
  reg::ListProjectsRequest projects;
  projects.set_page_size(500);
  do {
    reg::ListProjectsResponse page;
    call(&reg::RegistryService::Stub::ListProjects, projects, &page);
    for (const auto& project : page.projects()) {
      reg::ListEditionsRequest editions;
      editions.set_parent(project.name());
      editions.set_page_size(500);
      reg::ListEditionsResponse found;
      call(&reg::RegistryService::Stub::ListEditions, editions, &found);
      for (const auto& edition : found.editions()) {
        if (edition.display_name() == text) {
          return edition.name();
        }
        if (edition.display_name().find(text) != std::string::npos) {
          matches.push_back(edition.name() + " (" + edition.display_name() + ")");
        }
      }
    }
    projects.set_page_token(page.next_page_token());
  } while (!projects.page_token().empty());
  if (matches.size() == 1) {
    return matches.front().substr(0, matches.front().find(' '));
  }
  if (matches.empty()) {
    throw ArgumentError("--edition: no edition is called '" + text + "'");
  }
  std::string all;
  for (const auto& match : matches) {
    all += (all.empty() ? "" : ", ") + match;
  }
  throw ArgumentError("--edition: several editions match '" + text + "': " + all);
}

namespace {

namespace plan = crm::planning::v1;
using Stands = plan::StandService::Stub;
using Sales = plan::SaleService::Stub;

plan::StandType ParseStandType(const std::string& text, const char* option) {
  return ParseEnum<plan::StandType>(plan::StandType_descriptor(), "STAND_TYPE_", text, option);
}

void AddInventoryCommands(CLI::App* group, Globals& globals) {
  UnaryCommand<Stands, plan::ImportStandsRequest, plan::ImportStandsResponse> plan_import(
      group, globals, "import",
      "Read a floor plan (CSV or xlsx: number, hall, type, area in m², open sides) into an "
      "edition (heads of sales)",
      &Stands::ImportStands, StubFor<plan::StandService>);
  auto file = std::make_shared<std::string>();
  plan_import.command->add_option("file", *file, "The floor plan: .csv or .xlsx")->required();
  plan_import.command
      ->add_option("--edition", *plan_import.request->mutable_parent(),
                   "projects/<uuid>/editions/<uuid>, or the edition's display name")
      ->required();
  auto validate_only = std::make_shared<bool>(false);
  plan_import.command->add_flag("--validate-only", *validate_only,
                                "Check and count, change nothing");
  plan_import.Then([&globals, file, validate_only](plan::ImportStandsRequest& r) {
    r.set_parent(EditionNamed(globals, r.parent()));
    r.set_content(ReadFile(*file));
    r.set_validate_only(*validate_only);
  });

  struct ListFilter {
    std::string status, type;
  };
  UnaryCommand<Stands, plan::ListStandsRequest, plan::ListStandsResponse> list(
      group, globals, "list", "An edition's stands by number", &Stands::ListStands,
      StubFor<plan::StandService>);
  auto filter = std::make_shared<ListFilter>();
  list.command
      ->add_option("--edition", *list.request->mutable_parent(),
                   "projects/<uuid>/editions/<uuid>, or the edition's display name")
      ->required();
  list.command->add_option("--status", filter->status, "free | held | sold | blocked");
  list.command->add_option("--type", filter->type,
                           "linear | corner | peninsula | island | open_area");
  list.command->add_option("--hall", *list.request->mutable_hall(), "Hall or pavilion");
  list.WithPaging();
  list.Then([&globals, filter](plan::ListStandsRequest& r) {
    r.set_parent(EditionNamed(globals, r.parent()));
    if (!filter->status.empty()) {
      r.set_status(ParseEnum<plan::StandStatus>(plan::StandStatus_descriptor(), "STAND_STATUS_",
                                                filter->status, "--status"));
    }
    if (!filter->type.empty()) {
      r.set_stand_type(ParseStandType(filter->type, "--type"));
    }
  });

  UnaryCommand<Stands, plan::GetStandRequest, plan::Stand> get(
      group, globals, "get", "Show a stand", &Stands::GetStand, StubFor<plan::StandService>);
  get.command
      ->add_option("name", *get.request->mutable_name(),
                   "projects/<uuid>/editions/<uuid>/stands/<uuid>")
      ->required();

  UnaryCommand<Stands, plan::GetSalesBoardRequest, plan::SalesBoard> board(
      group, globals, "board",
      "The sales board: stands and m² by status and type, free stands with their prices",
      &Stands::GetSalesBoard, StubFor<plan::StandService>);
  board.command
      ->add_option("--edition", *board.request->mutable_edition(),
                   "projects/<uuid>/editions/<uuid>, or the edition's display name")
      ->required();
  board.Then([&globals](plan::GetSalesBoardRequest& r) {
    r.set_edition(EditionNamed(globals, r.edition()));
  });

  struct Edit {
    std::string area, type;
    int open_sides = 0;
  };
  UnaryCommand<Stands, plan::UpdateStandRequest, plan::Stand> update(
      group, globals, "update", "Change a stand's hall, type, area or open sides (heads of sales)",
      &Stands::UpdateStand, StubFor<plan::StandService>);
  auto edit = std::make_shared<Edit>();
  auto* s = update.request->mutable_stand();
  update.command->add_option("name", *s->mutable_name(), "The stand's name")->required();
  update.command->add_option("--etag", *s->mutable_etag(), "The stand's current etag")->required();
  auto* hall = update.command->add_option("--hall", *s->mutable_hall(), "Hall or pavilion");
  auto* type = update.command->add_option("--type", edit->type, "Stand type");
  auto* area = update.command->add_option("--area-m2", edit->area, "Area in m² (18.5)");
  auto* sides = update.command->add_option("--open-sides", edit->open_sides, "1 to 4");
  update.Then([edit, hall, type, area, sides](plan::UpdateStandRequest& r) {
    auto* mask = r.mutable_update_mask();
    if (hall->count() > 0) {
      mask->add_paths("hall");
    }
    if (type->count() > 0) {
      r.mutable_stand()->set_stand_type(ParseStandType(edit->type, "--type"));
      mask->add_paths("stand_type");
    }
    if (area->count() > 0) {
      r.mutable_stand()->set_area_dm2(ParseSquareMetresToDm2(edit->area));
      mask->add_paths("area_dm2");
    }
    if (sides->count() > 0) {
      r.mutable_stand()->set_open_sides(edit->open_sides);
      mask->add_paths("open_sides");
    }
    if (mask->paths_size() == 0) {
      throw ArgumentError("stands update: name at least one change");
    }
  });

  UnaryCommand<Stands, plan::BlockStandRequest, plan::Stand> block(
      group, globals, "block", "Take a free stand off sale (heads of sales)", &Stands::BlockStand,
      StubFor<plan::StandService>);
  block.command->add_option("name", *block.request->mutable_name(), "The stand's name")->required();
  block.command->add_option("--reason", *block.request->mutable_reason(), "Why")->required();

  UnaryCommand<Stands, plan::UnblockStandRequest, plan::Stand> unblock(
      group, globals, "unblock", "Put a blocked stand back on sale (heads of sales)",
      &Stands::UnblockStand, StubFor<plan::StandService>);
  unblock.command->add_option("name", *unblock.request->mutable_name(), "The stand's name")
      ->required();

  UnaryCommand<Stands, plan::HoldStandRequest, plan::Stand> hold(
      group, globals, "hold", "Hold a free stand for a client for a while", &Stands::HoldStand,
      StubFor<plan::StandService>);
  hold.command->add_option("name", *hold.request->mutable_name(), "The stand's name")->required();
  hold.command->add_option("--client", *hold.request->mutable_client(), "clients/<uuid>")
      ->required();
  auto hours = std::make_shared<int>(0);
  hold.command->add_option("--hours", *hours, "How long (the edition's default when left out)");
  hold.command->add_option("--note", *hold.request->mutable_note(), "What the hold waits for");
  hold.Then([hours](plan::HoldStandRequest& r) {
    if (*hours > 0) {
      r.mutable_duration()->set_seconds(static_cast<int64_t>(*hours) * 3600);
    }
  });

  UnaryCommand<Stands, plan::ReleaseStandRequest, plan::Stand> release(
      group, globals, "release", "End a hold before it expires", &Stands::ReleaseStand,
      StubFor<plan::StandService>);
  release.command->add_option("name", *release.request->mutable_name(), "The stand's name")
      ->required();
}  // namespace

void AddPolicyCommands(CLI::App* stands, Globals& globals) {
  CLI::App* group = stands->add_subcommand("policy", "An edition's sales policy");
  group->require_subcommand(1);
  UnaryCommand<Stands, plan::GetSalesPolicyRequest, plan::SalesPolicy> get(
      group, globals, "get", "The discount limit and hold lengths", &Stands::GetSalesPolicy,
      StubFor<plan::StandService>);
  auto edition = std::make_shared<std::string>();
  get.command->add_option("--edition", *edition, "The edition's name or display name")->required();
  get.Then([&globals, edition](plan::GetSalesPolicyRequest& r) {
    r.set_name(EditionNamed(globals, *edition) + "/salesPolicy");
  });

  struct Set {
    std::string edition, max_discount;
    int default_hours = 0, max_hours = 0;
  };
  UnaryCommand<Stands, plan::UpdateSalesPolicyRequest, plan::SalesPolicy> set(
      group, globals, "set", "Set the discount limit or hold lengths (heads of sales)",
      &Stands::UpdateSalesPolicy, StubFor<plan::StandService>);
  auto values = std::make_shared<Set>();
  auto* p = set.request->mutable_sales_policy();
  set.command->add_option("--edition", values->edition, "The edition's name or display name")
      ->required();
  set.command->add_option("--etag", *p->mutable_etag(), "The policy's current etag")->required();
  auto* discount = set.command->add_option(
      "--max-discount-percent", values->max_discount,
      "How far below the list a manager may sell without approval (10 or 7.5)");
  auto* default_hold = set.command->add_option("--default-hold-hours", values->default_hours, "");
  auto* max_hold = set.command->add_option("--max-hold-hours", values->max_hours, "");
  set.Then([&globals, values, discount, default_hold, max_hold](plan::UpdateSalesPolicyRequest& r) {
    auto* policy = r.mutable_sales_policy();
    policy->set_name(EditionNamed(globals, values->edition) + "/salesPolicy");
    if (discount->count() > 0) {
      policy->set_max_discount_bp(
          static_cast<int32_t>(ParseFixedPoint(values->max_discount, 2, "--max-discount-percent")));
      r.mutable_update_mask()->add_paths("max_discount_bp");
    }
    if (default_hold->count() > 0) {
      policy->mutable_default_hold()->set_seconds(static_cast<int64_t>(values->default_hours) *
                                                  3600);
      r.mutable_update_mask()->add_paths("default_hold");
    }
    if (max_hold->count() > 0) {
      policy->mutable_max_hold()->set_seconds(static_cast<int64_t>(values->max_hours) * 3600);
      r.mutable_update_mask()->add_paths("max_hold");
    }
    if (r.update_mask().paths_size() == 0) {
      throw ArgumentError("stands policy set: name at least one change");
    }
  });
}

void AddApprovalCommands(CLI::App& app, Globals& globals) {
  CLI::App* sales = app.get_subcommand("sales");
  UnaryCommand<Sales, plan::ApproveSaleRequest, plan::Sale> approve(
      sales, globals, "approve",
      "Approve a sale priced beyond the edition's discount limit (heads of sales)",
      &Sales::ApproveSale, StubFor<plan::SaleService>);
  approve.command->add_option("name", *approve.request->mutable_name(), "sales/<uuid>")->required();
  approve.command->add_option("--etag", *approve.request->mutable_etag(), "The sale's etag")
      ->required();

  UnaryCommand<Sales, plan::RejectSaleRequest, plan::Sale> reject(
      sales, globals, "reject", "Reject a sale waiting for approval; its stand is freed",
      &Sales::RejectSale, StubFor<plan::SaleService>);
  reject.command->add_option("name", *reject.request->mutable_name(), "sales/<uuid>")->required();
  reject.command->add_option("--etag", *reject.request->mutable_etag(), "The sale's etag")
      ->required();
  reject.command->add_option("--reason", *reject.request->mutable_reason(), "Why")->required();
}

}  // namespace

void AddStandCommands(CLI::App& app, Globals& globals) {
  CLI::App* stands =
      app.add_subcommand("stands", "An edition's stands: floor plan, holds, sales board");
  stands->require_subcommand(1);
  AddInventoryCommands(stands, globals);
  AddPolicyCommands(stands, globals);
  AddApprovalCommands(app, globals);
}

}  // namespace crm::cli
