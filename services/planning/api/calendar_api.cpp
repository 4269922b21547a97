#include "services/planning/api/calendar_api.h"

#include <google/protobuf/util/time_util.h>

#include <algorithm>
#include <chrono>
#include <stdexcept>
#include <string>
#include <thread>
#include <vector>

#include "common/api/date.h"
#include "common/api/etag.h"
#include "common/api/page_token.h"
#include "common/api/update_mask.h"
#include "common/auth/access.h"
#include "common/bus/outbox.h"
#include "common/core/errors.h"
#include "common/core/ids.h"
#include "common/core/paging.h"
#include "common/db/params.h"
#include "services/planning/app/actors.h"
#include "services/planning/app/contact_tasks.h"
#include "services/planning/app/reassign_contacts.h"
#include "services/planning/app/redirect_tasks.h"
#include "services/planning/app/reference_checks.h"
#include "services/planning/app/reminder_scheduler.h"
#include "services/planning/domain/contact_rules.h"
#include "services/planning/domain/task_rules.h"
#include "services/planning/events/published.h"
#include "services/planning/store/calendar_store.h"
#include "services/planning/store/planning_store.h"

namespace crm::planning {
namespace {

namespace ev = crm::events::v1;
using app::CheckOwnerAccess;
using app::LoadActor;
using common::api::CheckEtag;
using common::auth::Action;
using common::auth::Principal;
using common::auth::Records;
using common::auth::Role;
using google::protobuf::Timestamp;
using google::protobuf::util::TimeUtil;

constexpr const char* kSettingsSuffix = "/calendarSettings";
// An app reconnecting gets the reminders of at most this many days back.
constexpr int kReminderRetentionDays = 7;
// A month of a busy manager (25-30 tasks a working day) fits one ListCalendar page.
constexpr int kMaxCalendarPageSize = 1000;

// The caller's employee id; callers without one (service accounts) have no calendar of their own.
std::string SelfOrThrow(const Principal& caller, const char* field) {
  auto self = common::auth::EmployeeIdOf(caller.subject);
  if (!self) {
    throw common::ValidationError(field, "is required when the caller is not an employee");
  }
  return *self;
}

void CheckPlanned(const store::ContactRow& row) {
  if (row.contact.state() != v1::CONTACT_STATE_PLANNED) {
    throw common::PreconditionError("CONTACT_NOT_PLANNED",
                                    "the task " + row.contact.name() + " is " +
                                        v1::ContactState_Name(row.contact.state()) +
                                        "; only a planned task can be changed or cancelled");
  }
}

// "YYYY-MM-DD" of a valid google.type.Date in the years 2000 to 2099.
std::optional<std::string> DateText(const google::type::Date& date, const char* field,
                                    common::Violations& violations) {
  const auto ymd = common::api::CalendarDate(date);
  if (!ymd || date.year() < 2000 || date.year() > 2099) {
    violations.Add(field, "must be a valid date in the years 2000 to 2099");
    return std::nullopt;
  }
  return common::api::IsoDate(*ymd);
}

template <class Response>
void FillPage(std::vector<store::ContactRow> rows, int page_size,
              const common::api::PageQuery& query, Response* response) {
  response->set_next_page_token(
      common::api::NextPageToken(rows, page_size, query, store::ContactKey));
  for (auto& row : rows) {
    *response->add_contacts() = std::move(row.contact);
  }
}

// --- UpdateContact ------------------------------------------------------------------------------

struct MergedTask {
  store::TaskUpdate update;
  std::vector<std::string> changed;
  bool moved = false;          // scheduled_time or reminders changed
  bool owner_changed = false;  // reassigned to someone else
};

// Applies the masked fields of `patch` to the stored task and validates the result, collecting
// violations under "contact.<field>".
MergedTask MergeUpdate(const store::ContactRow& row, const v1::Contact& patch,
                       const std::vector<domain::TaskField>& fields,
                       common::Violations& violations) {
  using domain::TaskField;
  v1::Contact merged = row.contact;
  MergedTask out;
  for (TaskField f : fields) {
    out.changed.emplace_back(domain::TaskFieldPath(f));
    switch (f) {
      case TaskField::kContactPerson:
        merged.set_contact_person(patch.contact_person());
        break;
      case TaskField::kEdition:
        merged.set_edition(patch.edition());
        break;
      case TaskField::kType:
        merged.set_type(patch.type());
        break;
      case TaskField::kPurpose:
        merged.set_purpose(patch.purpose());
        break;
      case TaskField::kPurposeKind:
        merged.set_purpose_kind(patch.purpose_kind());
        break;
      case TaskField::kScheduledTime:
        *merged.mutable_scheduled_time() = patch.scheduled_time();
        out.moved = true;
        break;
      case TaskField::kDuration:
        *merged.mutable_duration() = patch.duration();
        break;
      case TaskField::kChannel:
        *merged.mutable_channel() = patch.channel();
        break;
      case TaskField::kReminders:
        *merged.mutable_reminders() = patch.reminders();
        out.moved = true;
        break;
      case TaskField::kOwner:
        merged.set_owner(patch.owner());
        break;
    }
  }

  // Re-validate the whole task as PlanContact would: a field left alone is valid already.
  v1::PlanContactRequest as_plan;
  *as_plan.mutable_contact() = merged;
  for (auto& r : *as_plan.mutable_contact()->mutable_reminders()) {
    r.clear_fire_time();
  }
  try {
    const domain::PlanInput in =
        domain::ValidatePlanContact(as_plan, merged.owner(), row.edition_id.empty());
    auto& u = out.update;
    u.id = row.id;
    u.contact_person_id = in.contact_person_id;
    u.project_id = in.project_id;
    u.edition_id = in.edition_id;
    u.type = in.type;
    u.purpose = in.purpose;
    u.task = in.task;
    u.scheduled_time = in.scheduled_time;
    u.owner_id = in.owner_id;
    out.owner_changed = u.owner_id != row.owner_id;
  } catch (const common::ValidationError& e) {
    for (const auto& v : e.violations()) {
      violations.Add(v.field, v.description);
    }
  }
  return out;
}

// Everything a changed task refers to must be known, as for PlanContact.
void CheckUpdateReferences(pqxx::work& tx, const store::ContactRow& row, const store::TaskUpdate& u,
                           const v1::Contact& merged_names) {
  if (u.contact_person_id && u.contact_person_id != row.contact_person_id) {
    auto person = store::FindContactPerson(tx, *u.contact_person_id);
    if (!person || person->client_id != row.client_id) {
      throw common::NotFoundError(merged_names.contact_person());
    }
    app::RequireContactPersonNotDeleted(*person);
  }
  if (!u.edition_id.empty() && u.edition_id != row.edition_id) {
    auto edition = store::FindEdition(tx, u.edition_id);
    if (!edition || edition->project_id != u.project_id) {
      throw common::NotFoundError(merged_names.edition());
    }
  }
  if (u.owner_id != row.owner_id && !store::FindEmployee(tx, u.owner_id)) {
    throw common::NotFoundError(common::ResourceName("employees", u.owner_id));
  }
}

}  // namespace

CalendarApi::CalendarApi(const common::rpc::RpcGuard& guard, common::db::Pool& pool, Clock clock,
                         app::ReminderHub* hub)
    : ApiParts(guard, pool, std::move(clock)), hub_(hub) {}

grpc::Status CalendarApi::UpdateContact(grpc::ServerContext* context,
                                        const v1::UpdateContactRequest* request,
                                        v1::Contact* response) {
  return guard_.Run(context, [&](const Principal& caller) {
    common::Violations violations;
    auto id =
        domain::ParseIdField(request->contact().name(), "contacts", "contact.name", violations);
    const auto fields = domain::ParseTaskMask(request->update_mask(), violations);
    violations.ThrowIfAny();
    const Timestamp now = Now();

    *response = pool_.InTransaction([&](pqxx::work& tx) {
      auto row = store::FindContactForUpdate(tx, *id);
      if (!row) {
        throw common::NotFoundError(request->contact().name());
      }
      const common::auth::Actor actor = LoadActor(tx, caller);
      CheckOwnerAccess(tx, actor, Records::kTasks, Action::kWrite, row->owner_id);
      CheckEtag(row->contact.name(), row->contact.etag(), request->contact().etag());
      CheckPlanned(*row);

      common::Violations merge_violations;
      MergedTask merged = MergeUpdate(*row, request->contact(), fields, merge_violations);
      merge_violations.ThrowIfAny();
      if (merged.owner_changed) {
        CheckOwnerAccess(tx, actor, Records::kTasks, Action::kWrite, merged.update.owner_id);
      }
      const v1::Contact& names = request->contact();
      CheckUpdateReferences(tx, *row, merged.update, names);

      merged.update.update_time = now;
      auto updated = store::UpdateContact(tx, merged.update);
      if (!updated) {
        throw std::logic_error("a locked planned task could not be updated");
      }
      if (merged.moved || merged.owner_changed) {
        store::ReplanReminders(
            tx, updated->id, updated->owner_id,
            domain::DueTimes(merged.update.task.reminders, merged.update.scheduled_time, now,
                             /*catch_up=*/false));
      }
      if (merged.owner_changed) {
        app::FollowTaskOwners(tx, {updated->id}, common::db::TimeParam(now));
      }
      common::bus::EnqueueEvent(tx, ev::kContactUpdated, updated->contact.name(),
                                ContactUpdatedEvent(updated->contact, merged.changed));
      return updated->contact;
    });
  });
}

grpc::Status CalendarApi::CancelContact(grpc::ServerContext* context,
                                        const v1::CancelContactRequest* request,
                                        v1::Contact* response) {
  return guard_.Run(context, [&](const Principal& caller) {
    common::Violations violations;
    auto id = domain::ParseIdField(request->name(), "contacts", "name", violations);
    if (domain::CharCount(request->reason()) > domain::kMaxCancelReasonChars) {
      violations.Add("reason", "must be at most " + std::to_string(domain::kMaxCancelReasonChars) +
                                   " characters");
    }
    violations.ThrowIfAny();
    const Timestamp now = Now();

    *response = pool_.InTransaction([&](pqxx::work& tx) {
      auto row = store::FindContactForUpdate(tx, *id);
      if (!row) {
        throw common::NotFoundError(request->name());
      }
      CheckOwnerAccess(tx, LoadActor(tx, caller), Records::kTasks, Action::kWrite, row->owner_id);
      CheckEtag(row->contact.name(), row->contact.etag(), request->etag());
      CheckPlanned(*row);
      v1::Contact cancelled = app::CancelPlannedTask(tx, row->id, now, request->reason());
      app::ReleaseRedirectTask(tx, row->id, caller.subject, now);
      return cancelled;
    });
  });
}

grpc::Status CalendarApi::ListCalendar(grpc::ServerContext* context,
                                       const v1::ListCalendarRequest* request,
                                       v1::ListCalendarResponse* response) {
  return guard_.Run(context, [&](const Principal& caller) {
    common::Violations violations;
    std::optional<std::string> owner;
    if (!request->owner().empty()) {
      owner = domain::ParseIdField(request->owner(), "employees", "owner", violations);
    } else if (!common::auth::EmployeeIdOf(caller.subject)) {
      violations.Add("owner", "is required when the caller is not an employee");
    } else {
      owner = common::auth::EmployeeIdOf(caller.subject);
    }
    const char* unit = nullptr;
    switch (request->period()) {
      case v1::CALENDAR_PERIOD_DAY:
        unit = "day";
        break;
      case v1::CALENDAR_PERIOD_WEEK:
        unit = "week";
        break;
      case v1::CALENDAR_PERIOD_MONTH:
        unit = "month";
        break;
      default:
        violations.Add("period", "must be DAY, WEEK or MONTH");
    }
    std::optional<std::string> date;
    if (!request->has_date()) {
      violations.Add("date", "is required");
    } else {
      date = DateText(request->date(), "date", violations);
    }
    int page_size = 0;
    violations.Collect(
        [&] { page_size = common::PageSizeUpTo(request->page_size(), kMaxCalendarPageSize); });
    if (!v1::CalendarView_IsValid(request->view())) {
      violations.Add("view", "must be BASIC or FULL");
    }
    const common::api::PageQuery query = common::api::PageQueryOf(*request, caller.subject);
    const std::optional<common::api::TimeKey> after =
        common::api::ReadTimeKeyToken(violations, query, request->page_token());
    violations.ThrowIfAny();

    pool_.Read([&](pqxx::read_transaction& tx) {
      CheckOwnerAccess(tx, LoadActor(tx, caller), Records::kTasks, Action::kRead, *owner);
      const std::string zone = store::FindCalendarSettings(tx, *owner).time_zone;
      store::CalendarFilter filter;
      filter.owner_id = *owner;
      filter.period = store::CalendarBounds(tx, *date, unit, zone);
      filter.show_cancelled = request->show_cancelled();
      filter.basic = request->view() == v1::CALENDAR_VIEW_BASIC;
      filter.after = after;
      filter.limit = page_size + 1;
      FillPage(store::ListCalendar(tx, filter), page_size, query, response);
      response->set_time_zone(zone);
      *response->mutable_start_time() = filter.period.start;
      *response->mutable_end_time() = filter.period.end;
    });
  });
}

grpc::Status CalendarApi::ListOverdueContacts(grpc::ServerContext* context,
                                              const v1::ListOverdueContactsRequest* request,
                                              v1::ListOverdueContactsResponse* response) {
  return guard_.Run(context, [&](const Principal& caller) {
    common::Violations violations;
    std::optional<std::string> owner;
    if (!request->owner().empty()) {
      owner = domain::ParseIdField(request->owner(), "employees", "owner", violations);
    }
    const common::api::TimePage page =
        common::api::ReadTimePage(violations, *request, caller.subject);
    violations.ThrowIfAny();
    const Timestamp now = Now();

    pool_.Read([&](pqxx::read_transaction& tx) {
      const common::auth::Actor actor = LoadActor(tx, caller);
      const common::auth::ListScope scope = common::auth::ReadScope(actor, Records::kTasks);
      if (owner) {
        CheckOwnerAccess(tx, actor, Records::kTasks, Action::kRead, *owner);
      }
      FillPage(store::ListOverdue(tx, now, scope, owner, page.after, page.page_size + 1),
               page.page_size, page.query, response);
    });
  });
}

grpc::Status CalendarApi::ListClientTimeline(grpc::ServerContext* context,
                                             const v1::ListClientTimelineRequest* request,
                                             v1::ListClientTimelineResponse* response) {
  return guard_.Run(context, [&](const Principal& caller) {
    common::Violations violations;
    std::optional<std::string> client;
    if (request->client().empty()) {
      violations.Add("client", "is required");
    } else {
      client = domain::ParseIdField(request->client(), "clients", "client", violations);
    }
    int page_size = 0;
    violations.Collect([&] { page_size = common::PageSize(request->page_size()); });
    const common::api::PageQuery query = common::api::PageQueryOf(*request, caller.subject);
    const std::optional<common::api::TimeKey> before =
        common::api::ReadTimeKeyToken(violations, query, request->page_token());
    violations.ThrowIfAny();

    pool_.Read([&](pqxx::read_transaction& tx) {
      const common::auth::ListScope scope =
          common::auth::ReadScope(LoadActor(tx, caller), Records::kTasks);
      if (!store::FindClient(tx, *client)) {
        throw common::NotFoundError(request->client());
      }
      FillPage(store::ListTimeline(tx, *client, scope, before, page_size + 1), page_size, query,
               response);
    });
  });
}

grpc::Status CalendarApi::ReassignContacts(grpc::ServerContext* context,
                                           const v1::ReassignContactsRequest* request,
                                           v1::ReassignContactsResponse* response) {
  return guard_.Run(context, [&](const Principal& caller) {
    common::Violations violations;
    std::optional<std::string> from;
    if (request->from_owner().empty()) {
      violations.Add("from_owner", "is required");
    } else {
      from = domain::ParseIdField(request->from_owner(), "employees", "from_owner", violations);
    }
    std::vector<std::string> to;
    if (request->to_owners().empty()) {
      violations.Add("to_owners", "must name at least one manager");
    }
    for (int i = 0; i < request->to_owners_size(); ++i) {
      const std::string field = "to_owners[" + std::to_string(i) + "]";
      if (auto id = domain::ParseIdField(request->to_owners(i), "employees", field, violations)) {
        if (from && *id == *from) {
          violations.Add(field, "must differ from from_owner");
        } else if (std::find(to.begin(), to.end(), *id) != to.end()) {
          violations.Add(field, "is named twice");
        } else {
          to.push_back(*id);
        }
      }
    }
    violations.ThrowIfAny();
    const Timestamp now = Now();

    response->set_reassigned_count(pool_.InTransaction([&](pqxx::work& tx) {
      const common::auth::Actor actor = LoadActor(tx, caller);
      CheckOwnerAccess(tx, actor, Records::kTasks, Action::kWrite, *from);
      for (const auto& employee : to) {
        if (!store::FindEmployee(tx, employee)) {
          throw common::NotFoundError(common::ResourceName("employees", employee));
        }
        CheckOwnerAccess(tx, actor, Records::kTasks, Action::kWrite, employee);
      }
      return app::ReassignPlannedContacts(tx, *from, to, now);
    }));
  });
}

grpc::Status CalendarApi::GetCalendarSettings(grpc::ServerContext* context,
                                              const v1::GetCalendarSettingsRequest* request,
                                              v1::CalendarSettings* response) {
  return guard_.Run(context, [&](const Principal& caller) {
    common::Violations violations;
    std::optional<std::string> id;
    const std::string& name = request->name();
    const std::size_t suffix = name.rfind(kSettingsSuffix);
    if (suffix == std::string::npos ||
        suffix + std::string_view(kSettingsSuffix).size() != name.size()) {
      violations.Add("name", "must be of the form \"employees/{uuid}/calendarSettings\"");
    } else {
      id = domain::ParseIdField(name.substr(0, suffix), "employees", "name", violations);
    }
    violations.ThrowIfAny();
    pool_.Read([&](pqxx::read_transaction& tx) {
      if (common::auth::EmployeeIdOf(caller.subject) != *id) {
        CheckOwnerAccess(tx, LoadActor(tx, caller), Records::kTasks, Action::kRead, *id);
      }
      const auto settings = store::FindCalendarSettings(tx, *id);
      response->set_name("employees/" + *id + kSettingsSuffix);
      response->set_time_zone(settings.time_zone);
      if (settings.update_time) {
        *response->mutable_update_time() = *settings.update_time;
      }
    });
  });
}

grpc::Status CalendarApi::UpdateCalendarSettings(grpc::ServerContext* context,
                                                 const v1::UpdateCalendarSettingsRequest* request,
                                                 v1::CalendarSettings* response) {
  return guard_.Run(context, [&](const Principal& caller) {
    common::Violations violations;
    const std::string& name = request->settings().name();
    const std::string self = SelfOrThrow(caller, "settings.name");
    const std::string own_name = "employees/" + self + kSettingsSuffix;
    static constexpr std::array<std::string_view, 1> kUpdatable = {"time_zone"};
    common::api::ReadUpdateMask(violations, request->update_mask(), kUpdatable);
    const std::string& zone = request->settings().time_zone();
    if (!domain::IsWellFormedTimeZone(zone)) {
      violations.Add("settings.time_zone", "must be an IANA time zone such as Europe/Samara");
    }
    const bool own = name == own_name;
    violations.ThrowIfAny();
    if (!own) {
      // Only the user sets their time zone; an admin may fix anyone's.
      auto target = common::ParseResourceId(name.substr(0, name.rfind('/')), "employees");
      if (!caller.Has(Role::kAdmin) || !target || name.substr(name.rfind('/')) != kSettingsSuffix) {
        throw common::PermissionError("a user sets only their own calendar settings");
      }
    }
    const Timestamp now = Now();
    const std::string id =
        own ? self : *common::ParseResourceId(name.substr(0, name.rfind('/')), "employees");
    pool_.InTransaction([&](pqxx::work& tx) {
      if (!store::TimeZoneKnown(tx, zone)) {
        throw common::ValidationError("settings.time_zone",
                                      "\"" + zone + "\" is not a time zone the server knows");
      }
      store::UpsertCalendarSettings(tx, id, zone, now);
    });
    response->set_name(name);
    response->set_time_zone(zone);
    *response->mutable_update_time() = now;
  });
}

grpc::Status CalendarApi::WatchReminders(grpc::ServerContext* context,
                                         const v1::WatchRemindersRequest* request,
                                         grpc::ServerWriter<v1::ReminderNotice>* writer) {
  return guard_.Run(context, [&](const Principal& caller) {
    const std::string self = SelfOrThrow(caller, "caller");
    if (request->after_sequence() < 0) {
      throw common::ValidationError("after_sequence", "must not be negative");
    }
    pool_.Read([&](pqxx::read_transaction& tx) {
      CheckOwnerAccess(tx, LoadActor(tx, caller), Records::kTasks, Action::kRead, self);
    });
    constexpr int kBatch = 200;
    constexpr auto kPoll = std::chrono::milliseconds(500);
    const Timestamp since = Now() - TimeUtil::HoursToDuration(24 * kReminderRetentionDays);
    int64_t cursor = request->after_sequence();
    while (!context->IsCancelled() && !(hub_ != nullptr && hub_->stopping())) {
      // The stream lives no longer than the token it was opened with: UNAUTHENTICATED
      // "token expired" tells the app to reconnect with a fresh one.
      common::auth::RequireUnexpired(caller);
      // Read the count before the query: a dispatch committing after it wakes the wait below.
      const uint64_t seen = hub_ != nullptr ? hub_->dispatched() : 0;
      const auto notices = pool_.Read([&](pqxx::read_transaction& tx) {
        return store::ListDispatchedReminders(tx, self, cursor, since, kBatch);
      });
      for (const auto& notice : notices) {
        if (!writer->Write(notice)) {
          return;  // the app went away
        }
        cursor = notice.sequence();
      }
      if (static_cast<int>(notices.size()) == kBatch) {
        continue;
      }
      const auto wait = std::clamp(std::chrono::ceil<std::chrono::milliseconds>(
                                       caller.expires_at - std::chrono::system_clock::now()),
                                   std::chrono::milliseconds(0), kPoll);
      if (hub_ != nullptr) {
        hub_->WaitDispatched(seen, wait);
      } else {
        std::this_thread::sleep_for(wait);
      }
    }
  });
}

}  // namespace crm::planning
