// crm contacts | sales: the planning service.
#include <google/protobuf/util/json_util.h>

#include "crm/planning/v1/planning.grpc.pb.h"
#include "tools/cli/commands.h"
#include "tools/cli/parse.h"

namespace crm::cli {
namespace {

namespace plan = crm::planning::v1;

void AddContacts(CLI::App& app, Globals& globals) {
  auto* group = app.add_subcommand("contacts", "Planned contacts with clients and their results");
  group->require_subcommand(1);

  struct Plan {
    plan::PlanContactRequest request;
    std::string type, at;
  };
  auto plan_opts = std::make_shared<Plan>();
  auto* c = plan_opts->request.mutable_contact();
  auto* plan_cmd = group->add_subcommand("plan", "Plan a contact");
  plan_cmd->add_option("--client", *c->mutable_client(), "clients/<uuid>")->required();
  plan_cmd
      ->add_option("--edition", *c->mutable_edition(),
                   "projects/<uuid>/editions/<uuid>: the exhibition it is about")
      ->required();
  plan_cmd
      ->add_option("--type", plan_opts->type,
                   "call | meeting | email | letter | visit | exhibition_meeting | other")
      ->required();
  plan_cmd->add_option("--purpose", *c->mutable_purpose(), "What the contact is for")->required();
  plan_cmd->add_option("--at", plan_opts->at, "When, RFC 3339 (2027-03-01T10:00:00+04:00)")
      ->required();
  plan_cmd->add_option("--contact-person", *c->mutable_contact_person(),
                       "clients/<uuid>/contactPersons/<uuid>");
  plan_cmd->add_option("--owner", *c->mutable_owner(),
                       "employees/<uuid>: the responsible manager (default: the caller)");
  plan_cmd->add_option("--request-id", *plan_opts->request.mutable_request_id(), "Idempotency key");
  plan_cmd->callback([&globals, plan_opts] {
    auto* contact = plan_opts->request.mutable_contact();
    contact->set_type(ParseContactType(plan_opts->type));
    *contact->mutable_scheduled_time() = ParseTimestamp(plan_opts->at, "--at");
    globals.action = [&globals, plan_opts] {
      plan::Contact response;
      auto stub = StubFor<plan::PlanningService>(globals);
      return RunCall(
          globals,
          [&](grpc::ClientContext& ctx) {
            return stub->PlanContact(&ctx, plan_opts->request, &response);
          },
          response);
    };
  });

  struct List {
    plan::ListContactsRequest request;
    std::string from, to;
    int page_size = 0;
  };
  auto list = std::make_shared<List>();
  auto* list_cmd = group->add_subcommand("list", "List contacts by scheduled time");
  list_cmd->add_option("--owner", *list->request.mutable_owner(),
                       "employees/<uuid> (default: every owner the caller may see)");
  list_cmd->add_option("--from", list->from, "Scheduled at or after (RFC 3339)");
  list_cmd->add_option("--to", list->to, "Scheduled before (RFC 3339)");
  AddPaging(list_cmd, &list->page_size, list->request.mutable_page_token());
  list_cmd->callback([&globals, list] {
    if (!list->from.empty()) {
      *list->request.mutable_start_time() = ParseTimestamp(list->from, "--from");
    }
    if (!list->to.empty()) {
      *list->request.mutable_end_time() = ParseTimestamp(list->to, "--to");
    }
    list->request.set_page_size(list->page_size);
    globals.action = [&globals, list] {
      plan::ListContactsResponse response;
      auto stub = StubFor<plan::PlanningService>(globals);
      return RunCall(
          globals,
          [&](grpc::ClientContext& ctx) {
            return stub->ListContacts(&ctx, list->request, &response);
          },
          response);
    };
  });

  auto get = std::make_shared<plan::GetContactRequest>();
  auto* get_cmd = group->add_subcommand("get", "Show a contact");
  get_cmd->add_option("name", *get->mutable_name(), "contacts/<uuid>")->required();
  get_cmd->callback([&globals, get] {
    globals.action = [&globals, get] {
      plan::Contact response;
      auto stub = StubFor<plan::PlanningService>(globals);
      return RunCall(
          globals,
          [&](grpc::ClientContext& ctx) { return stub->GetContact(&ctx, *get, &response); },
          response);
    };
  });

  struct Complete {
    plan::CompleteContactRequest request;
    std::string area, stand, refusal, details, reschedule_to, reason, note, result_json;
  };
  auto complete = std::make_shared<Complete>();
  auto* complete_cmd = group->add_subcommand(
      "complete",
      "Record the result of a contact: exactly one of a sale (--sale-area-m2), a refusal "
      "(--refusal), a reschedule (--reschedule-to with --reason) or a note (--note)");
  complete_cmd->add_option("name", *complete->request.mutable_name(), "contacts/<uuid>")
      ->required();
  auto* area = complete_cmd->add_option("--sale-area-m2", complete->area,
                                        "Sale: stand area in m², up to 2 decimals (12.5)");
  auto* stand = complete_cmd->add_option("--stand", complete->stand, "Sale: stand number");
  auto* refusal = complete_cmd->add_option(
      "--refusal", complete->refusal,
      "Refusal: no_budget | not_target_audience | chose_competitor | dates_do_not_suit | other");
  auto* details = complete_cmd->add_option("--details", complete->details, "Refusal: details");
  auto* reschedule = complete_cmd->add_option("--reschedule-to", complete->reschedule_to,
                                              "Reschedule: new time, RFC 3339");
  auto* reason = complete_cmd->add_option("--reason", complete->reason, "Reschedule: why");
  auto* note = complete_cmd->add_option("--note", complete->note, "Free-text result");
  auto* result_json = complete_cmd->add_option(
      "--result", complete->result_json,
      "Any result kind as a ContactResult in JSON, e.g. '{\"invitation\":{\"visitors\":"
      "[{\"fullName\":\"Смирнов Олег\"}]}}', '{\"manualSent\":{\"manual\":"
      "\"MANUAL_KIND_TECHNICAL\",\"channel\":\"DELIVERY_CHANNEL_EMAIL\"}}', "
      "'{\"visitRefusal\":{\"refusalReason\":\"refusalReasons/<uuid>\"}}' or a sale with "
      "serviceLines and discount");
  result_json->excludes(area)->excludes(refusal)->excludes(reschedule)->excludes(note);
  stand->needs(area);
  details->needs(refusal);
  reschedule->needs(reason);
  reason->needs(reschedule);
  area->excludes(refusal)->excludes(reschedule)->excludes(note);
  refusal->excludes(reschedule)->excludes(note);
  reschedule->excludes(note);
  complete_cmd->callback([&globals, complete, area, refusal, reschedule, note, result_json] {
    auto* result = complete->request.mutable_result();
    if (result_json->count() > 0) {
      if (!google::protobuf::util::JsonStringToMessage(complete->result_json, result).ok()) {
        throw ArgumentError("--result: not a ContactResult in JSON: " + complete->result_json);
      }
    } else if (area->count() > 0) {
      result->mutable_sale()->set_area_dm2(ParseSquareMetresToDm2(complete->area));
      result->mutable_sale()->set_stand_number(complete->stand);
    } else if (refusal->count() > 0) {
      result->mutable_refusal()->set_reason(ParseRefusalReason(complete->refusal));
      result->mutable_refusal()->set_details(complete->details);
    } else if (reschedule->count() > 0) {
      *result->mutable_reschedule()->mutable_new_time() =
          ParseTimestamp(complete->reschedule_to, "--reschedule-to");
      result->mutable_reschedule()->set_reason(complete->reason);
    } else if (note->count() > 0) {
      result->mutable_note()->set_text(complete->note);
    } else {
      throw ArgumentError(
          "contacts complete: give one result: --sale-area-m2, --refusal, --reschedule-to "
          "(with --reason) or --note");
    }
    globals.action = [&globals, complete] {
      plan::CompleteContactResponse response;
      auto stub = StubFor<plan::PlanningService>(globals);
      return RunCall(
          globals,
          [&](grpc::ClientContext& ctx) {
            return stub->CompleteContact(&ctx, complete->request, &response);
          },
          response);
    };
  });
}

void AddSales(CLI::App& app, Globals& globals) {
  auto* group = app.add_subcommand("sales", "Stand space sold");
  group->require_subcommand(1);

  struct List {
    plan::ListSalesRequest request;
    int page_size = 0;
  };
  auto list = std::make_shared<List>();
  auto* list_cmd = group->add_subcommand("list", "List sales");
  list_cmd->add_option("--manager", *list->request.mutable_manager(),
                       "employees/<uuid> (default: all managers)");
  AddPaging(list_cmd, &list->page_size, list->request.mutable_page_token());
  list_cmd->callback([&globals, list] {
    list->request.set_page_size(list->page_size);
    globals.action = [&globals, list] {
      plan::ListSalesResponse response;
      auto stub = StubFor<plan::PlanningService>(globals);
      return RunCall(
          globals,
          [&](grpc::ClientContext& ctx) { return stub->ListSales(&ctx, list->request, &response); },
          response);
    };
  });

  auto get = std::make_shared<plan::GetSaleRequest>();
  auto* get_cmd = group->add_subcommand("get", "Show a sale");
  get_cmd->add_option("name", *get->mutable_name(), "sales/<uuid>")->required();
  get_cmd->callback([&globals, get] {
    globals.action = [&globals, get] {
      plan::Sale response;
      auto stub = StubFor<plan::PlanningService>(globals);
      return RunCall(
          globals, [&](grpc::ClientContext& ctx) { return stub->GetSale(&ctx, *get, &response); },
          response);
    };
  });
}

}  // namespace

void AddPlanningCommands(CLI::App& app, Globals& globals) {
  AddContacts(app, globals);
  AddSales(app, globals);
}

}  // namespace crm::cli
