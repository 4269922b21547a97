// crm tasks: the managers' calendar in the planning service (CalendarService, and PlanContact for
// new tasks).
#include <google/protobuf/util/time_util.h>

#include <algorithm>
#include <cctype>
#include <iostream>

#include "crm/planning/v1/calendar.grpc.pb.h"
#include "crm/planning/v1/planning.grpc.pb.h"
#include "tools/cli/commands.h"
#include "tools/cli/parse.h"

namespace crm::cli {
namespace {

namespace plan = crm::planning::v1;
using google::protobuf::util::TimeUtil;

std::string Upper(std::string text) {
  for (char& c : text) {
    c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
  }
  return text;
}

plan::ContactPurpose ParsePurposeKind(const std::string& text) {
  plan::ContactPurpose kind = plan::CONTACT_PURPOSE_UNSPECIFIED;
  std::string key = Upper(text);
  if (!key.starts_with("CONTACT_PURPOSE_")) {
    key = "CONTACT_PURPOSE_" + key;
  }
  if (!plan::ContactPurpose_Parse(key, &kind) || kind == plan::CONTACT_PURPOSE_UNSPECIFIED) {
    throw ArgumentError(
        "--purpose-kind: expected invite_to_participate | invite_to_visit | send_offer | "
        "follow_up | collect_documents | payment_reminder | other, got \"" +
        text + "\"");
  }
  return kind;
}

// The options shared by `plan` and `update` that describe a task.
struct TaskOptions {
  std::string type, purpose_kind, at;
  int duration_min = -1;
  std::vector<int> remind_before_min;
  std::vector<std::string> remind_at;
  bool clear_reminders = false;
};

void AddTaskOptions(CLI::App* cmd, plan::Contact* c, TaskOptions* o) {
  cmd->add_option("--type", o->type,
                  "call | meeting | email | letter | visit | exhibition_meeting | other");
  cmd->add_option("--purpose-kind", o->purpose_kind,
                  "invite_to_participate | invite_to_visit | send_offer | follow_up | "
                  "collect_documents | payment_reminder | other");
  cmd->add_option("--purpose", *c->mutable_purpose(),
                  "Description (optional when --purpose-kind is given)");
  cmd->add_option("--at", o->at, "Start, RFC 3339 (2027-03-01T10:00:00+04:00)");
  cmd->add_option("--duration-min", o->duration_min, "Planned duration in minutes")
      ->check(CLI::Range(0, 7 * 24 * 60));
  cmd->add_option("--contact-person", *c->mutable_contact_person(),
                  "clients/<uuid>/contactPersons/<uuid>");
  cmd->add_option("--phone", *c->mutable_channel()->mutable_phone(), "Phone used");
  cmd->add_option("--email", *c->mutable_channel()->mutable_email(), "E-mail used");
  cmd->add_option("--address", *c->mutable_channel()->mutable_address(), "Address used");
  cmd->add_option("--remind-before-min", o->remind_before_min,
                  "A reminder this many minutes before the start (repeatable)");
  cmd->add_option("--remind-at", o->remind_at, "A reminder at this time, RFC 3339 (repeatable)");
}

// Fills `c` from the options and returns the update_mask paths they stand for.
std::vector<std::string> ApplyTaskOptions(const TaskOptions& o, plan::Contact* c, CLI::App* cmd) {
  std::vector<std::string> paths;
  if (!o.type.empty()) {
    c->set_type(ParseContactType(o.type));
    paths.emplace_back("type");
  }
  if (!o.purpose_kind.empty()) {
    c->set_purpose_kind(ParsePurposeKind(o.purpose_kind));
    paths.emplace_back("purpose_kind");
  }
  if (cmd->count("--purpose") > 0) {
    paths.emplace_back("purpose");
  }
  if (!o.at.empty()) {
    *c->mutable_scheduled_time() = ParseTimestamp(o.at, "--at");
    paths.emplace_back("scheduled_time");
  }
  if (o.duration_min >= 0) {
    c->mutable_duration()->set_seconds(static_cast<int64_t>(o.duration_min) * 60);
    paths.emplace_back("duration");
  }
  if (cmd->count("--contact-person") > 0) {
    paths.emplace_back("contact_person");
  }
  if (cmd->count("--phone") + cmd->count("--email") + cmd->count("--address") > 0) {
    paths.emplace_back("channel");
  }
  for (int minutes : o.remind_before_min) {
    c->add_reminders()->mutable_before_start()->set_seconds(static_cast<int64_t>(minutes) * 60);
  }
  for (const auto& at : o.remind_at) {
    *c->add_reminders()->mutable_remind_time() = ParseTimestamp(at, "--remind-at");
  }
  if (!o.remind_before_min.empty() || !o.remind_at.empty() || o.clear_reminders) {
    paths.emplace_back("reminders");
  }
  return paths;
}

template <class Response, class Call>
void SetUnary(Globals& globals, Call call) {
  globals.action = [&globals, call] {
    Response response;
    return RunCall(
        globals, [&](grpc::ClientContext& ctx) { return call(globals, ctx, &response); }, response);
  };
}

void AddPlanUpdateCancel(CLI::App* group, Globals& globals) {
  struct Plan {
    plan::PlanContactRequest request;
    TaskOptions task;
  };
  auto p = std::make_shared<Plan>();
  auto* c = p->request.mutable_contact();
  auto* plan_cmd = group->add_subcommand("plan", "Plan a task (a contact with a client)");
  plan_cmd->add_option("--client", *c->mutable_client(), "clients/<uuid>")->required();
  plan_cmd->add_option("--edition", *c->mutable_edition(), "projects/<uuid>/editions/<uuid>")
      ->required();
  plan_cmd->add_option("--owner", *c->mutable_owner(), "employees/<uuid> (default: the caller)");
  plan_cmd->add_option("--request-id", *p->request.mutable_request_id(), "Idempotency key");
  AddTaskOptions(plan_cmd, c, &p->task);
  plan_cmd->callback([&globals, p, plan_cmd] {
    if (p->task.type.empty() || p->task.at.empty()) {
      throw ArgumentError("tasks plan: --type and --at are required");
    }
    ApplyTaskOptions(p->task, p->request.mutable_contact(), plan_cmd);
    SetUnary<plan::Contact>(
        globals, [p](const Globals& g, grpc::ClientContext& ctx, plan::Contact* out) {
          return StubFor<plan::PlanningService>(g)->PlanContact(&ctx, p->request, out);
        });
  });

  struct Update {
    plan::UpdateContactRequest request;
    TaskOptions task;
  };
  auto u = std::make_shared<Update>();
  auto* uc = u->request.mutable_contact();
  auto* update_cmd = group->add_subcommand(
      "update",
      "Change a planned task: only the options given change (moving it re-plans its "
      "reminders)");
  update_cmd->add_option("name", *uc->mutable_name(), "contacts/<uuid>")->required();
  update_cmd->add_option("--etag", *uc->mutable_etag(), "The etag read last (optional)");
  update_cmd->add_option("--owner", *uc->mutable_owner(), "employees/<uuid>: hand it over");
  update_cmd->add_flag("--clear-reminders", u->task.clear_reminders, "Remove every reminder");
  AddTaskOptions(update_cmd, uc, &u->task);
  update_cmd->callback([&globals, u, update_cmd] {
    auto paths = ApplyTaskOptions(u->task, u->request.mutable_contact(), update_cmd);
    if (update_cmd->count("--owner") > 0) {
      paths.emplace_back("owner");
    }
    if (paths.empty()) {
      throw ArgumentError("tasks update: give at least one field to change");
    }
    for (const auto& path : paths) {
      u->request.mutable_update_mask()->add_paths(path);
    }
    SetUnary<plan::Contact>(
        globals, [u](const Globals& g, grpc::ClientContext& ctx, plan::Contact* out) {
          return StubFor<plan::CalendarService>(g)->UpdateContact(&ctx, u->request, out);
        });
  });

  auto cancel = std::make_shared<plan::CancelContactRequest>();
  auto* cancel_cmd = group->add_subcommand("cancel", "Call off a planned task");
  cancel_cmd->add_option("name", *cancel->mutable_name(), "contacts/<uuid>")->required();
  cancel_cmd->add_option("--etag", *cancel->mutable_etag(), "The etag read last (optional)");
  cancel_cmd->add_option("--reason", *cancel->mutable_reason(), "Why");
  cancel_cmd->callback([&globals, cancel] {
    SetUnary<plan::Contact>(
        globals, [cancel](const Globals& g, grpc::ClientContext& ctx, plan::Contact* out) {
          return StubFor<plan::CalendarService>(g)->CancelContact(&ctx, *cancel, out);
        });
  });
}

void AddViews(CLI::App* group, Globals& globals) {
  for (const auto& [name, period] : std::vector<std::pair<const char*, plan::CalendarPeriod>>{
           {"day", plan::CALENDAR_PERIOD_DAY},
           {"week", plan::CALENDAR_PERIOD_WEEK},
           {"month", plan::CALENDAR_PERIOD_MONTH}}) {
    struct View {
      plan::ListCalendarRequest request;
      std::string date;
      int page_size = 0;
    };
    auto v = std::make_shared<View>();
    v->request.set_period(period);
    auto* cmd = group->add_subcommand(
        name, std::string("A manager's ") + name + " in their time zone, by start time");
    cmd->add_option("--date", v->date, "A local date in the period, YYYY-MM-DD")->required();
    cmd->add_option("--owner", *v->request.mutable_owner(), "employees/<uuid> (default: caller)");
    cmd->add_flag(
        "--show-cancelled", [v](std::int64_t n) { v->request.set_show_cancelled(n > 0); },
        "Include cancelled tasks");
    cmd->add_flag(
        "--basic",
        [v](std::int64_t n) {
          v->request.set_view(n > 0 ? plan::CALENDAR_VIEW_BASIC : plan::CALENDAR_VIEW_FULL);
        },
        "Only what a calendar grid shows (type, purpose kind, client, start, duration, state)");
    AddPaging(cmd, &v->page_size, v->request.mutable_page_token());
    cmd->callback([&globals, v] {
      *v->request.mutable_date() = ParseDate(v->date);
      v->request.set_page_size(v->page_size);
      SetUnary<plan::ListCalendarResponse>(globals, [v](const Globals& g, grpc::ClientContext& ctx,
                                                        plan::ListCalendarResponse* out) {
        return StubFor<plan::CalendarService>(g)->ListCalendar(&ctx, v->request, out);
      });
    });
  }

  struct Overdue {
    plan::ListOverdueContactsRequest request;
    int page_size = 0;
  };
  auto o = std::make_shared<Overdue>();
  auto* overdue = group->add_subcommand("overdue", "Planned tasks whose start has passed");
  overdue->add_option("--owner", *o->request.mutable_owner(),
                      "employees/<uuid> (default: every task the caller may see)");
  AddPaging(overdue, &o->page_size, o->request.mutable_page_token());
  overdue->callback([&globals, o] {
    o->request.set_page_size(o->page_size);
    SetUnary<plan::ListOverdueContactsResponse>(
        globals,
        [o](const Globals& g, grpc::ClientContext& ctx, plan::ListOverdueContactsResponse* out) {
          return StubFor<plan::CalendarService>(g)->ListOverdueContacts(&ctx, o->request, out);
        });
  });

  struct Timeline {
    plan::ListClientTimelineRequest request;
    int page_size = 0;
  };
  auto t = std::make_shared<Timeline>();
  auto* timeline =
      group->add_subcommand("timeline", "A client's contacts and results, newest first");
  timeline->add_option("client", *t->request.mutable_client(), "clients/<uuid>")->required();
  AddPaging(timeline, &t->page_size, t->request.mutable_page_token());
  timeline->callback([&globals, t] {
    t->request.set_page_size(t->page_size);
    SetUnary<plan::ListClientTimelineResponse>(
        globals,
        [t](const Globals& g, grpc::ClientContext& ctx, plan::ListClientTimelineResponse* out) {
          return StubFor<plan::CalendarService>(g)->ListClientTimeline(&ctx, t->request, out);
        });
  });
}

void AddReassignAndSettings(CLI::App* group, Globals& globals) {
  auto r = std::make_shared<plan::ReassignContactsRequest>();
  std::shared_ptr<std::vector<std::string>> to = std::make_shared<std::vector<std::string>>();
  auto* reassign = group->add_subcommand(
      "reassign", "Hand a departing manager's planned tasks to one manager, or to several in turn");
  reassign->add_option("--from", *r->mutable_from_owner(), "employees/<uuid>")->required();
  reassign->add_option("--to", *to, "employees/<uuid> (repeatable)")->required();
  reassign->callback([&globals, r, to] {
    r->clear_to_owners();
    for (const auto& owner : *to) {
      r->add_to_owners(owner);
    }
    SetUnary<plan::ReassignContactsResponse>(
        globals,
        [r](const Globals& g, grpc::ClientContext& ctx, plan::ReassignContactsResponse* out) {
          return StubFor<plan::CalendarService>(g)->ReassignContacts(&ctx, *r, out);
        });
  });

  struct Zone {
    std::string employee;
    std::string zone;
  };
  auto z = std::make_shared<Zone>();
  auto* timezone = group->add_subcommand(
      "timezone", "Show a user's calendar time zone, or set one's own with --set");
  timezone->add_option("employee", z->employee, "employees/<uuid>")->required();
  timezone->add_option("--set", z->zone, "IANA time zone, e.g. Europe/Samara");
  timezone->callback([&globals, z] {
    const std::string name = z->employee + "/calendarSettings";
    if (z->zone.empty()) {
      SetUnary<plan::CalendarSettings>(
          globals, [name](const Globals& g, grpc::ClientContext& ctx, plan::CalendarSettings* out) {
            plan::GetCalendarSettingsRequest request;
            request.set_name(name);
            return StubFor<plan::CalendarService>(g)->GetCalendarSettings(&ctx, request, out);
          });
      return;
    }
    SetUnary<plan::CalendarSettings>(globals, [name, z](const Globals& g, grpc::ClientContext& ctx,
                                                        plan::CalendarSettings* out) {
      plan::UpdateCalendarSettingsRequest request;
      request.mutable_settings()->set_name(name);
      request.mutable_settings()->set_time_zone(z->zone);
      request.mutable_update_mask()->add_paths("time_zone");
      return StubFor<plan::CalendarService>(g)->UpdateCalendarSettings(&ctx, request, out);
    });
  });
}

void AddWatch(CLI::App* group, Globals& globals) {
  auto request = std::make_shared<plan::WatchRemindersRequest>();
  auto* watch = group->add_subcommand(
      "watch-reminders",
      "Print the caller's reminders as they fall due, one JSON object per line; first those "
      "after --after (the last sequence received), then live ones until interrupted");
  watch->add_option(
      "--after",
      [request](const CLI::results_t& r) {
        request->set_after_sequence(std::stoll(r.at(0)));
        return true;
      },
      "Last sequence received (default 0: everything of the last 7 days)");
  watch->callback([&globals, request] {
    globals.action = [&globals, request] {
      grpc::ClientContext context;
      const std::string token = globals.ResolveToken();
      if (!token.empty()) {
        context.AddMetadata("authorization", "Bearer " + token);
      }
      auto stub = StubFor<plan::CalendarService>(globals);
      auto reader = stub->WatchReminders(&context, *request);
      plan::ReminderNotice notice;
      while (reader->Read(&notice)) {
        std::string line = ToPrettyJson(notice);
        line.erase(std::remove(line.begin(), line.end(), '\n'), line.end());
        std::cout << line << std::endl;
      }
      const grpc::Status status = reader->Finish();
      if (!status.ok()) {
        std::cerr << DescribeStatus(status);
        return 1;
      }
      return 0;
    };
  });
}

}  // namespace

void AddCalendarCommands(CLI::App& app, Globals& globals) {
  auto* group = app.add_subcommand(
      "tasks", "The managers' calendar: tasks, views, overdue, timelines, reminders");
  group->require_subcommand(1);
  AddPlanUpdateCancel(group, globals);
  AddViews(group, globals);
  AddReassignAndSettings(group, globals);
  AddWatch(group, globals);
}

}  // namespace crm::cli
