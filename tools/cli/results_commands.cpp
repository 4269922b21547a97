// crm sales amend|cancel|history, crm catalogues, crm redirects, crm readiness, crm lead-source,
// crm ratings, crm stats: the planning services around contact results.
#include <google/protobuf/descriptor.h>

#include <algorithm>
#include <cctype>

#include "crm/planning/v1/assessments.grpc.pb.h"
#include "crm/planning/v1/catalogues.grpc.pb.h"
#include "crm/planning/v1/redirects.grpc.pb.h"
#include "crm/planning/v1/sales.grpc.pb.h"
#include "crm/planning/v1/stats.grpc.pb.h"
#include "crm/registry/v1/registry.grpc.pb.h"
#include "tools/cli/commands.h"
#include "tools/cli/parse.h"

namespace crm::cli {
namespace {

namespace plan = crm::planning::v1;
namespace reg = crm::registry::v1;

template <class Response, class Call>
void Run(Globals& globals, Call call) {
  globals.action = [&globals, call] {
    Response response;
    return RunCall(
        globals, [&](grpc::ClientContext& ctx) { return call(ctx, &response); }, response);
  };
}

// "name|quantity|unit|unit price": "Стол|2|шт.|3500".
plan::ServiceLine ParseServiceLine(const std::string& text) {
  std::vector<std::string> parts;
  std::size_t start = 0;
  for (std::size_t bar = text.find('|'); bar != std::string::npos; bar = text.find('|', start)) {
    parts.push_back(text.substr(start, bar - start));
    start = bar + 1;
  }
  parts.push_back(text.substr(start));
  if (parts.size() != 4) {
    throw ArgumentError("--service: expected \"name|quantity|unit|unit price\", got '" + text +
                        "'");
  }
  plan::ServiceLine line;
  line.set_name(parts[0]);
  line.set_quantity_milli(ParseFixedPoint(parts[1], 3, "--service quantity"));
  line.set_unit(parts[2]);
  line.mutable_unit_price()->set_currency_code("RUB");
  line.mutable_unit_price()->set_minor_units(ParseRublesToKopecks(parts[3]));
  return line;
}

void AddSaleChanges(CLI::App& app, Globals& globals) {
  auto* sales = app.get_subcommand("sales");

  struct Amend {
    plan::AmendSaleRequest request;
    std::string area, price, stand_type, discount_percent, discount_amount;
    std::vector<std::string> services;
    bool clear_services = false, clear_discount = false, list_price = false;
  };
  auto amend = std::make_shared<Amend>();
  auto* s = amend->request.mutable_sale();
  auto* cmd = sales->add_subcommand(
      "amend", "Change a sale's area, price, services, discount or stand; amounts are recomputed");
  cmd->add_option("name", *s->mutable_name(), "sales/<uuid>")->required();
  cmd->add_option("--etag", *s->mutable_etag(), "The sale's current etag")->required();
  auto* area = cmd->add_option("--area-m2", amend->area, "New area in m² (12.5)");
  auto* price = cmd->add_option("--price", amend->price, "Price per m² in RUB overriding the list");
  auto* price_reason = cmd->add_option("--price-reason", *s->mutable_price_override_reason(),
                                       "Why the price differs");
  auto* list_price =
      cmd->add_flag("--list-price", amend->list_price, "Back to the edition's price");
  auto* stand = cmd->add_option("--stand", *s->mutable_stand_number(), "Stand number");
  auto* stand_type = cmd->add_option("--stand-type", amend->stand_type,
                                     "linear | corner | peninsula | island | open_area");
  auto* services = cmd->add_option("--service", amend->services,
                                   "A service line \"name|quantity|unit|unit price\" (repeat; "
                                   "replaces every line)");
  auto* clear_services = cmd->add_flag("--no-services", amend->clear_services, "Remove all lines");
  auto* percent = cmd->add_option("--discount-percent", amend->discount_percent, "10 or 7.5");
  auto* amount = cmd->add_option("--discount-amount", amend->discount_amount, "RUB");
  auto* clear_discount =
      cmd->add_flag("--no-discount", amend->clear_discount, "Remove the discount");
  cmd->add_option("--reason", *amend->request.mutable_reason(), "Why the sale changes");
  percent->excludes(amount)->excludes(clear_discount);
  amount->excludes(clear_discount);
  price->excludes(list_price);
  services->excludes(clear_services);
  cmd->callback([&globals, amend, area, price, price_reason, list_price, stand, stand_type,
                 services, clear_services, percent, amount, clear_discount] {
    auto* sale = amend->request.mutable_sale();
    auto* mask = amend->request.mutable_update_mask();
    if (area->count() > 0) {
      sale->set_area_dm2(ParseSquareMetresToDm2(amend->area));
      mask->add_paths("area_dm2");
    }
    if (price->count() > 0) {
      sale->mutable_price_per_m2()->set_currency_code("RUB");
      sale->mutable_price_per_m2()->set_minor_units(ParseRublesToKopecks(amend->price));
      mask->add_paths("price_per_m2");
    } else if (list_price->count() > 0) {
      mask->add_paths("price_per_m2");
    } else if (price_reason->count() > 0) {
      mask->add_paths("price_override_reason");
    }
    if (stand->count() > 0) {
      mask->add_paths("stand_number");
    }
    if (stand_type->count() > 0) {
      sale->set_stand_type(ParseEnum<plan::StandType>(plan::StandType_descriptor(), "STAND_TYPE_",
                                                      amend->stand_type, "--stand-type"));
      mask->add_paths("stand_type");
    }
    if (services->count() > 0 || clear_services->count() > 0) {
      for (const auto& text : amend->services) {
        *sale->add_service_lines() = ParseServiceLine(text);
      }
      mask->add_paths("service_lines");
    }
    if (percent->count() > 0) {
      sale->mutable_discount()->set_percent_bp(
          static_cast<int32_t>(ParseFixedPoint(amend->discount_percent, 2, "--discount-percent")));
      mask->add_paths("discount");
    } else if (amount->count() > 0) {
      sale->mutable_discount()->mutable_amount()->set_currency_code("RUB");
      sale->mutable_discount()->mutable_amount()->set_minor_units(
          ParseRublesToKopecks(amend->discount_amount));
      mask->add_paths("discount");
    } else if (clear_discount->count() > 0) {
      mask->add_paths("discount");
    }
    if (mask->paths_size() == 0) {
      throw ArgumentError("sales amend: name at least one change");
    }
    Run<plan::Sale>(globals, [&globals, amend](grpc::ClientContext& ctx, plan::Sale* out) {
      return StubFor<plan::SaleService>(globals)->AmendSale(&ctx, amend->request, out);
    });
  });

  auto cancel = std::make_shared<plan::CancelSaleRequest>();
  auto* cancel_cmd = sales->add_subcommand("cancel", "Cancel a sale with a reason");
  cancel_cmd->add_option("name", *cancel->mutable_name(), "sales/<uuid>")->required();
  cancel_cmd->add_option("--etag", *cancel->mutable_etag(), "The sale's current etag")->required();
  cancel_cmd->add_option("--reason", *cancel->mutable_reason(), "Why")->required();
  cancel_cmd->callback([&globals, cancel] {
    Run<plan::Sale>(globals, [&globals, cancel](grpc::ClientContext& ctx, plan::Sale* out) {
      return StubFor<plan::SaleService>(globals)->CancelSale(&ctx, *cancel, out);
    });
  });

  struct History {
    plan::ListSaleHistoryRequest request;
    int page_size = 0;
  };
  auto history = std::make_shared<History>();
  auto* history_cmd = sales->add_subcommand(
      "history", "Every change of a sale, newest first: who, when, why and the fields it changed");
  history_cmd->add_option("name", *history->request.mutable_name(), "sales/<uuid>")->required();
  AddPaging(history_cmd, &history->page_size, history->request.mutable_page_token());
  history_cmd->callback([&globals, history] {
    history->request.set_page_size(history->page_size);
    Run<plan::ListSaleHistoryResponse>(
        globals, [&globals, history](grpc::ClientContext& ctx, plan::ListSaleHistoryResponse* out) {
          return StubFor<plan::SaleService>(globals)->ListSaleHistory(&ctx, history->request, out);
        });
  });
}

void AddCatalogues(CLI::App& app, Globals& globals) {
  auto* group = app.add_subcommand("catalogues", "Reason catalogues of contact results");
  group->require_subcommand(1);
  auto* reasons = group->add_subcommand("refusal-reasons", "Reasons for refusing");
  reasons->require_subcommand(1);
  const auto stub = [&globals] { return StubFor<plan::CatalogueService>(globals); };

  struct List {
    plan::ListRefusalReasonsRequest request;
    std::string scope;
    int page_size = 0;
  };
  auto list = std::make_shared<List>();
  auto* list_cmd = reasons->add_subcommand("list", "List the reasons");
  list_cmd->add_option("--scope", list->scope, "participation | visit");
  list_cmd->add_flag(
      "--show-inactive", [list](std::int64_t) { list->request.set_show_inactive(true); },
      "Deactivated ones too");
  AddPaging(list_cmd, &list->page_size, list->request.mutable_page_token());
  list_cmd->callback([&globals, list, stub] {
    if (!list->scope.empty()) {
      list->request.set_scope(ParseEnum<plan::RefusalScope>(
          plan::RefusalScope_descriptor(), "REFUSAL_SCOPE_", list->scope, "--scope"));
    }
    list->request.set_page_size(list->page_size);
    Run<plan::ListRefusalReasonsResponse>(
        globals, [list, stub](grpc::ClientContext& ctx, plan::ListRefusalReasonsResponse* out) {
          return stub()->ListRefusalReasons(&ctx, list->request, out);
        });
  });

  auto get = std::make_shared<plan::GetRefusalReasonRequest>();
  auto* get_cmd = reasons->add_subcommand("get", "Show a reason");
  get_cmd->add_option("name", *get->mutable_name(), "refusalReasons/<uuid>")->required();
  get_cmd->callback([&globals, get, stub] {
    Run<plan::RefusalReasonEntry>(
        globals, [get, stub](grpc::ClientContext& ctx, plan::RefusalReasonEntry* out) {
          return stub()->GetRefusalReason(&ctx, *get, out);
        });
  });

  struct Create {
    plan::CreateRefusalReasonRequest request;
    std::string scope;
  };
  auto create = std::make_shared<Create>();
  auto* create_cmd = reasons->add_subcommand("create", "Add a reason (admins)");
  create_cmd->add_option("--scope", create->scope, "participation | visit")->required();
  create_cmd
      ->add_option("--name", *create->request.mutable_refusal_reason()->mutable_display_name(),
                   "What managers see")
      ->required();
  create_cmd->add_option("--request-id", *create->request.mutable_request_id(), "Idempotency key");
  create_cmd->callback([&globals, create, stub] {
    create->request.mutable_refusal_reason()->set_scope(ParseEnum<plan::RefusalScope>(
        plan::RefusalScope_descriptor(), "REFUSAL_SCOPE_", create->scope, "--scope"));
    Run<plan::RefusalReasonEntry>(
        globals, [create, stub](grpc::ClientContext& ctx, plan::RefusalReasonEntry* out) {
          return stub()->CreateRefusalReason(&ctx, create->request, out);
        });
  });

  auto rename = std::make_shared<plan::UpdateRefusalReasonRequest>();
  auto* rename_cmd = reasons->add_subcommand("rename", "Rename a reason (admins)");
  auto* entry = rename->mutable_refusal_reason();
  rename_cmd->add_option("name", *entry->mutable_name(), "refusalReasons/<uuid>")->required();
  rename_cmd->add_option("--etag", *entry->mutable_etag(), "Current etag")->required();
  rename_cmd->add_option("--to", *entry->mutable_display_name(), "The new name")->required();
  rename_cmd->callback([&globals, rename, stub] {
    rename->mutable_update_mask()->add_paths("display_name");
    Run<plan::RefusalReasonEntry>(
        globals, [rename, stub](grpc::ClientContext& ctx, plan::RefusalReasonEntry* out) {
          return stub()->UpdateRefusalReason(&ctx, *rename, out);
        });
  });

  for (const bool active : {false, true}) {
    auto request = std::make_shared<std::pair<std::string, std::string>>();
    auto* toggle = reasons->add_subcommand(
        active ? "reactivate" : "deactivate",
        active ? "Offer a reason again (admins)" : "Stop offering a reason (admins)");
    toggle->add_option("name", request->first, "refusalReasons/<uuid>")->required();
    toggle->add_option("--etag", request->second, "Current etag")->required();
    toggle->callback([&globals, request, stub, active] {
      Run<plan::RefusalReasonEntry>(
          globals,
          [request, stub, active](grpc::ClientContext& ctx, plan::RefusalReasonEntry* out) {
            if (active) {
              plan::ReactivateRefusalReasonRequest r;
              r.set_name(request->first);
              r.set_etag(request->second);
              return stub()->ReactivateRefusalReason(&ctx, r, out);
            }
            plan::DeactivateRefusalReasonRequest r;
            r.set_name(request->first);
            r.set_etag(request->second);
            return stub()->DeactivateRefusalReason(&ctx, r, out);
          });
    });
  }
}

void AddRedirects(CLI::App& app, Globals& globals) {
  auto* group = app.add_subcommand("redirects", "Client requests handed to colleagues");
  group->require_subcommand(1);
  const auto stub = [&globals] { return StubFor<plan::RedirectService>(globals); };

  struct Create {
    plan::CreateRedirectRequest request;
    std::string deadline;
  };
  auto create = std::make_shared<Create>();
  auto* r = create->request.mutable_redirect();
  auto* create_cmd = group->add_subcommand("create", "Hand a client's request over");
  create_cmd->add_option("--client", *r->mutable_client(), "clients/<uuid>")->required();
  auto* to_employee =
      create_cmd->add_option("--to-employee", *r->mutable_to_employee(), "employees/<uuid>");
  auto* to_department = create_cmd->add_option("--to-department", *r->mutable_to_department(),
                                               "departments/<uuid> (crm departments list)");
  to_employee->excludes(to_department);
  create_cmd->add_option("--deadline", create->deadline, "RFC 3339")->required();
  create_cmd->add_option("--goal", *r->mutable_goal(), "What the client needs")->required();
  create_cmd->add_option("--responsible", *r->mutable_responsible(), "employees/<uuid>");
  create_cmd->add_option("--contact", *r->mutable_contact(), "contacts/<uuid>");
  create_cmd->add_option("--request-id", *create->request.mutable_request_id(), "Idempotency key");
  create_cmd->callback([&globals, create, stub] {
    *create->request.mutable_redirect()->mutable_deadline() =
        ParseTimestamp(create->deadline, "--deadline");
    Run<plan::Redirect>(globals, [create, stub](grpc::ClientContext& ctx, plan::Redirect* out) {
      return stub()->CreateRedirect(&ctx, create->request, out);
    });
  });

  auto get = std::make_shared<plan::GetRedirectRequest>();
  auto* get_cmd = group->add_subcommand("get", "Show a redirect");
  get_cmd->add_option("name", *get->mutable_name(), "redirects/<uuid>")->required();
  get_cmd->callback([&globals, get, stub] {
    Run<plan::Redirect>(globals, [get, stub](grpc::ClientContext& ctx, plan::Redirect* out) {
      return stub()->GetRedirect(&ctx, *get, out);
    });
  });

  struct List {
    plan::ListRedirectsRequest request;
    std::string box, status;
    int page_size = 0;
  };
  auto list = std::make_shared<List>();
  auto* list_cmd = group->add_subcommand("list", "A box of redirects, by deadline");
  list_cmd->add_option("--box", list->box, "sent | received | department")->required();
  list_cmd->add_option("--employee", *list->request.mutable_employee(),
                       "employees/<uuid> (default: the caller)");
  list_cmd->add_option("--department", *list->request.mutable_department(),
                       "departments/<uuid> (default: the caller's)");
  list_cmd->add_option("--status", list->status, "open | in_progress | done | declined");
  list_cmd->add_flag(
      "--overdue", [list](std::int64_t) { list->request.set_overdue_only(true); },
      "Only those past their deadline");
  AddPaging(list_cmd, &list->page_size, list->request.mutable_page_token());
  list_cmd->callback([&globals, list, stub] {
    list->request.set_box(ParseEnum<plan::RedirectBox>(plan::RedirectBox_descriptor(),
                                                       "REDIRECT_BOX_", list->box, "--box"));
    if (!list->status.empty()) {
      list->request.set_status(ParseEnum<plan::RedirectStatus>(
          plan::RedirectStatus_descriptor(), "REDIRECT_STATUS_", list->status, "--status"));
    }
    list->request.set_page_size(list->page_size);
    Run<plan::ListRedirectsResponse>(
        globals, [list, stub](grpc::ClientContext& ctx, plan::ListRedirectsResponse* out) {
          return stub()->ListRedirects(&ctx, list->request, out);
        });
  });

  struct Status {
    plan::UpdateRedirectStatusRequest request;
    std::string status;
  };
  auto status = std::make_shared<Status>();
  auto* status_cmd = group->add_subcommand("status", "Move a redirect along");
  status_cmd->add_option("name", *status->request.mutable_name(), "redirects/<uuid>")->required();
  status_cmd->add_option("--to", status->status, "open | in_progress | done | declined")
      ->required();
  status_cmd->add_option("--etag", *status->request.mutable_etag(), "Current etag")->required();
  status_cmd->add_option("--comment", *status->request.mutable_comment(),
                         "Required when declining");
  status_cmd->callback([&globals, status, stub] {
    status->request.set_status(ParseEnum<plan::RedirectStatus>(
        plan::RedirectStatus_descriptor(), "REDIRECT_STATUS_", status->status, "--to"));
    Run<plan::Redirect>(globals, [status, stub](grpc::ClientContext& ctx, plan::Redirect* out) {
      return stub()->UpdateRedirectStatus(&ctx, status->request, out);
    });
  });

  auto claim = std::make_shared<plan::ClaimRedirectRequest>();
  auto* claim_cmd = group->add_subcommand(
      "claim", "Take a redirect of your department's queue: you answer for it, its task is yours");
  claim_cmd->add_option("name", *claim->mutable_name(), "redirects/<uuid>")->required();
  claim_cmd->add_option("--etag", *claim->mutable_etag(), "Current etag")->required();
  claim_cmd->callback([&globals, claim, stub] {
    Run<plan::Redirect>(globals, [claim, stub](grpc::ClientContext& ctx, plan::Redirect* out) {
      return stub()->ClaimRedirect(&ctx, *claim, out);
    });
  });
}

void AddAssessments(CLI::App& app, Globals& globals) {
  const auto stub = [&globals] { return StubFor<plan::AssessmentService>(globals); };

  auto* readiness = app.add_subcommand("readiness", "A client's readiness to buy per edition");
  readiness->require_subcommand(1);
  struct Set {
    plan::SetReadinessRequest request;
    std::string level;
  };
  auto set = std::make_shared<Set>();
  auto* set_cmd = readiness->add_subcommand("set", "Record the level: cold | cool | warm | hot");
  set_cmd->add_option("--client", *set->request.mutable_client(), "clients/<uuid>")->required();
  set_cmd
      ->add_option("--edition", *set->request.mutable_edition(), "projects/<uuid>/editions/<uuid>")
      ->required();
  set_cmd->add_option("--level", set->level, "cold | cool | warm | hot")->required();
  set_cmd->add_option("--comment", *set->request.mutable_comment(), "Why");
  set_cmd->callback([&globals, set, stub] {
    set->request.set_level(ParseEnum<plan::ReadinessLevel>(
        plan::ReadinessLevel_descriptor(), "READINESS_LEVEL_", set->level, "--level"));
    Run<plan::Readiness>(globals, [set, stub](grpc::ClientContext& ctx, plan::Readiness* out) {
      return stub()->SetReadiness(&ctx, set->request, out);
    });
  });
  auto get = std::make_shared<plan::GetReadinessRequest>();
  auto* get_cmd = readiness->add_subcommand("get", "The current level");
  get_cmd->add_option("--client", *get->mutable_client(), "clients/<uuid>")->required();
  get_cmd->add_option("--edition", *get->mutable_edition(), "projects/<uuid>/editions/<uuid>")
      ->required();
  get_cmd->callback([&globals, get, stub] {
    Run<plan::Readiness>(globals, [get, stub](grpc::ClientContext& ctx, plan::Readiness* out) {
      return stub()->GetReadiness(&ctx, *get, out);
    });
  });
  struct History {
    plan::ListReadinessHistoryRequest request;
    int page_size = 0;
  };
  auto history = std::make_shared<History>();
  auto* history_cmd = readiness->add_subcommand("history", "Every change, newest first");
  history_cmd->add_option("--client", *history->request.mutable_client(), "clients/<uuid>")
      ->required();
  history_cmd->add_option("--edition", *history->request.mutable_edition(),
                          "projects/<uuid>/editions/<uuid> (default: every edition)");
  AddPaging(history_cmd, &history->page_size, history->request.mutable_page_token());
  history_cmd->callback([&globals, history, stub] {
    history->request.set_page_size(history->page_size);
    Run<plan::ListReadinessHistoryResponse>(
        globals,
        [history, stub](grpc::ClientContext& ctx, plan::ListReadinessHistoryResponse* out) {
          return stub()->ListReadinessHistory(&ctx, history->request, out);
        });
  });

  // Registry owns a client's lead source: these read and edit the client there.
  auto* lead = app.add_subcommand("lead-source", "How a client came to the company (registry)");
  lead->require_subcommand(1);
  struct Lead {
    std::string client;
    std::string source;
    std::string detail;
  };
  auto lead_set = std::make_shared<Lead>();
  auto* lead_set_cmd =
      lead->add_subcommand("set", "Set the client's lead source (a new version of the client)");
  lead_set_cmd->add_option("--client", lead_set->client, "clients/<uuid>")->required();
  lead_set_cmd
      ->add_option("--source", lead_set->source,
                   "exhibition_visitor | website | incoming_call | referral | outbound | "
                   "email_campaign | social_media | other")
      ->required();
  auto* detail_option =
      lead_set_cmd->add_option("--detail", lead_set->detail, "Which exhibition, referrer, ...");
  lead_set_cmd->callback([&globals, lead_set, detail_option] {
    globals.action = [&globals, lead_set, detail_option] {
      reg::UpdateClientRequest request;
      reg::Client* changes = request.mutable_client();
      changes->set_name(lead_set->client);
      changes->set_lead_source_kind(ParseEnum<reg::LeadSourceKind>(
          reg::LeadSourceKind_descriptor(), "LEAD_SOURCE_KIND_", lead_set->source, "--source"));
      request.mutable_update_mask()->add_paths("lead_source_kind");
      if (detail_option->count() > 0) {
        changes->set_lead_source(lead_set->detail);
        request.mutable_update_mask()->add_paths("lead_source");
      }
      auto registry = StubFor<reg::RegistryService>(globals);
      reg::GetClientRequest get_client;
      get_client.set_name(lead_set->client);
      reg::Client current;
      reg::Client updated;
      return RunCallWith(
          globals,
          [&](grpc::ClientContext& ctx) { return registry->GetClient(&ctx, get_client, &current); },
          [&] {
            changes->set_etag(current.etag());
            return RunCall(
                globals,
                [&](grpc::ClientContext& ctx) {
                  return registry->UpdateClient(&ctx, request, &updated);
                },
                updated);
          });
    };
  });
  auto lead_get = std::make_shared<reg::GetClientRequest>();
  auto* lead_get_cmd = lead->add_subcommand("get", "Show the client's lead source");
  lead_get_cmd->add_option("--client", *lead_get->mutable_name(), "clients/<uuid>")->required();
  lead_get_cmd->callback([&globals, lead_get] {
    globals.action = [&globals, lead_get] {
      auto registry = StubFor<reg::RegistryService>(globals);
      reg::Client client;
      return RunCallWith(
          globals,
          [&](grpc::ClientContext& ctx) { return registry->GetClient(&ctx, *lead_get, &client); },
          [&] {
            reg::Client shown;
            shown.set_name(client.name());
            shown.set_display_name(client.display_name());
            shown.set_lead_source_kind(client.lead_source_kind());
            shown.set_lead_source(client.lead_source());
            return PrintResponse(globals, shown);
          });
    };
  });

  auto* ratings =
      app.add_subcommand("ratings", "A client's ratings of the manager, project, company");
  ratings->require_subcommand(1);
  struct Record {
    plan::RecordRatingRequest request;
    std::string target;
    int score = 0;
  };
  auto record = std::make_shared<Record>();
  auto* record_cmd = ratings->add_subcommand("record", "Record a rating 1-5");
  record_cmd->add_option("--client", *record->request.mutable_client(), "clients/<uuid>")
      ->required();
  record_cmd->add_option("--target", record->target, "manager | project | company")->required();
  record_cmd->add_option("--subject", *record->request.mutable_rating()->mutable_subject(),
                         "employees/<uuid> or projects/<uuid>");
  record_cmd->add_option("--score", record->score, "1 to 5")->required();
  record_cmd->add_option("--comment", *record->request.mutable_rating()->mutable_comment(),
                         "What the client said");
  record_cmd->callback([&globals, record, stub] {
    auto* rating = record->request.mutable_rating();
    rating->set_target(ParseEnum<plan::RatingTarget>(plan::RatingTarget_descriptor(),
                                                     "RATING_TARGET_", record->target, "--target"));
    rating->set_score(record->score);
    Run<plan::Rating>(globals, [record, stub](grpc::ClientContext& ctx, plan::Rating* out) {
      return stub()->RecordRating(&ctx, record->request, out);
    });
  });
  struct ListRatings {
    plan::ListRatingsRequest request;
    std::string target;
    int page_size = 0;
  };
  auto list = std::make_shared<ListRatings>();
  auto* list_cmd = ratings->add_subcommand("list", "A client's ratings, newest first");
  list_cmd->add_option("--client", *list->request.mutable_client(), "clients/<uuid>")->required();
  list_cmd->add_option("--target", list->target, "manager | project | company");
  AddPaging(list_cmd, &list->page_size, list->request.mutable_page_token());
  list_cmd->callback([&globals, list, stub] {
    if (!list->target.empty()) {
      list->request.set_target(ParseEnum<plan::RatingTarget>(
          plan::RatingTarget_descriptor(), "RATING_TARGET_", list->target, "--target"));
    }
    list->request.set_page_size(list->page_size);
    Run<plan::ListRatingsResponse>(
        globals, [list, stub](grpc::ClientContext& ctx, plan::ListRatingsResponse* out) {
          return stub()->ListRatings(&ctx, list->request, out);
        });
  });
}

void AddStats(CLI::App& app, Globals& globals) {
  auto* group = app.add_subcommand("stats", "Figures of the work with clients");
  group->require_subcommand(1);
  struct Contacts {
    plan::GetContactStatsRequest request;
    std::string from, to;
    int client_limit = 0;
  };
  auto contacts = std::make_shared<Contacts>();
  auto* cmd = group->add_subcommand(
      "contacts", "Contacts by type and result, effectiveness, reschedules, relationships");
  cmd->add_option("--manager", *contacts->request.mutable_manager(), "employees/<uuid>");
  cmd->add_option("--department", *contacts->request.mutable_department(), "departments/<uuid>");
  cmd->add_option("--edition", *contacts->request.mutable_edition(),
                  "projects/<uuid>/editions/<uuid>");
  cmd->add_option("--from", contacts->from, "Scheduled at or after (RFC 3339)");
  cmd->add_option("--to", contacts->to, "Scheduled before (RFC 3339)");
  cmd->add_option("--clients", contacts->client_limit, "Clients per list (default 20)");
  cmd->callback([&globals, contacts] {
    if (!contacts->from.empty()) {
      *contacts->request.mutable_start_time() = ParseTimestamp(contacts->from, "--from");
    }
    if (!contacts->to.empty()) {
      *contacts->request.mutable_end_time() = ParseTimestamp(contacts->to, "--to");
    }
    contacts->request.set_client_limit(contacts->client_limit);
    Run<plan::ContactStats>(
        globals, [&globals, contacts](grpc::ClientContext& ctx, plan::ContactStats* out) {
          return StubFor<plan::ContactStatsService>(globals)->GetContactStats(
              &ctx, contacts->request, out);
        });
  });
}

}  // namespace

void AddResultsCommands(CLI::App& app, Globals& globals) {
  AddSaleChanges(app, globals);
  AddCatalogues(app, globals);
  AddRedirects(app, globals);
  AddAssessments(app, globals);
  AddStats(app, globals);
}

}  // namespace crm::cli
