#include "services/planning/api/planning_api.h"

#include <google/protobuf/util/time_util.h>

#include <optional>
#include <stdexcept>
#include <string>
#include <vector>

#include "common/api/idempotency.h"
#include "common/api/page_token.h"
#include "common/bus/outbox.h"
#include "common/core/errors.h"
#include "common/core/ids.h"
#include "common/core/paging.h"
#include "services/planning/api/actors.h"
#include "services/planning/api/calendar_api.h"
#include "services/planning/api/result_recording.h"
#include "services/planning/domain/contact_rules.h"
#include "services/planning/domain/sale_pricing.h"
#include "services/planning/events/published.h"
#include "services/planning/store/calendar_store.h"
#include "services/planning/store/planning_store.h"
#include "services/planning/store/sales_store.h"

namespace crm::planning {
namespace {

namespace ev = crm::events::v1;
using common::auth::Principal;
using common::auth::Role;
using google::protobuf::Timestamp;
using google::protobuf::util::TimeUtil;

void EnqueuePlanned(pqxx::work& tx, const v1::Contact& contact) {
  common::bus::EnqueueEvent(tx, ev::kContactPlanned, contact.name(), ContactPlannedEvent(contact));
}

// --- lookups in the registry projection --------------------------------------------------------

// Everything a contact refers to must be known to planning's projection of registry data.
//
// An unknown client is NOT_FOUND naming the client rather than FAILED_PRECONDITION
// ("CLIENT_UNKNOWN"): planning cannot tell a client registry never had from one whose
// client.created event has not arrived yet, and from the caller's side both mean "this name does
// not resolve here" — the standard AIP answer for a well-formed name, with the name in
// ResourceInfo. A client that was just created in registry resolves once the event lands (a
// retry succeeds), which the NOT_FOUND message says. The same holds for contact persons,
// editions and employees.
void CheckPlanReferences(pqxx::work& tx, const domain::PlanInput& in, const v1::Contact& requested,
                         const Principal& caller) {
  if (!store::FindClient(tx, in.client_id)) {
    throw common::NotFoundError(requested.client());
  }
  if (in.contact_person_id) {
    auto person = store::FindContactPerson(tx, *in.contact_person_id);
    if (!person || person->client_id != in.client_id) {
      throw common::NotFoundError(requested.contact_person());
    }
  }
  auto edition = store::FindEdition(tx, in.edition_id);
  if (!edition || edition->project_id != in.project_id) {
    throw common::NotFoundError(requested.edition());
  }
  // Planning for oneself needs no lookup (the token vouches for the employee); assigning a
  // contact to someone else must name an employee planning knows, so a typo cannot create
  // contacts nobody sees.
  if (common::auth::EmployeeIdOf(caller.subject) != in.owner_id &&
      !store::FindEmployee(tx, in.owner_id)) {
    throw common::NotFoundError(common::ResourceName("employees", in.owner_id));
  }
}

v1::CompleteContactResponse CompleteWithReschedule(pqxx::work& tx, const store::ContactRow& row,
                                                   const v1::ContactResult& result,
                                                   const Timestamp& now) {
  // The follow-up continues the same conversation: same client, person, edition, type, purpose
  // and owner, at the new time.
  store::NewContact next;
  next.id = common::NewUuid();
  next.client_id = row.client_id;
  if (!row.contact_person_id.empty()) {
    next.contact_person_id = row.contact_person_id;
  }
  next.project_id = row.project_id;
  next.edition_id = row.edition_id;
  next.type = row.contact.type();
  next.purpose = row.contact.purpose();
  next.scheduled_time = result.reschedule().new_time();
  next.owner_id = row.owner_id;
  next.rescheduled_from = row.id;
  next.create_time = now;
  next.task = ContinuedTask(row.contact);

  v1::CompleteContactResponse response;
  const store::ContactRow inserted = store::InsertContact(tx, next);
  *response.mutable_next_contact() = inserted.contact;
  PlanTaskReminders(tx, inserted, next.task, now);
  *response.mutable_contact() =
      store::CompleteContact(tx, row.id, result, "reschedule", now).contact;

  EnqueueContactCompleted(tx, response.contact(), domain::ResultKind::kReschedule);
  common::bus::EnqueueEvent(tx, ev::kContactRescheduled, response.contact().name(),
                            ContactRescheduledEvent(response.contact(), response.next_contact(),
                                                    result.reschedule().reason()));
  EnqueuePlanned(tx, response.next_contact());
  return response;
}

// --- list helpers ----------------------------------------------------------------------------

std::optional<Timestamp> OptionalTime(bool present, const Timestamp& t, const char* field,
                                      common::Violations& violations) {
  if (!present) {
    return std::nullopt;
  }
  if (!domain::IsPlausibleTime(t)) {
    violations.Add(field, "must be a valid time in the years 2000 to 2099");
    return std::nullopt;
  }
  return t;
}

// The contact `id` (named `name`) as the caller may read it: NOT_FOUND or PERMISSION_DENIED.
v1::Contact ReadableContact(pqxx::transaction_base& tx, const Principal& caller,
                            const std::string& id, const std::string& name) {
  auto row = store::FindContact(tx, id);
  if (!row) {
    throw common::NotFoundError(name);
  }
  CheckOwnerAccess(tx, LoadActor(tx, caller), common::auth::Records::kTasks,
                   common::auth::Action::kRead, row->owner_id);
  return row->contact;
}

}  // namespace

PlanningApi::Clock PlanningApi::SystemClock() {
  return [] { return TimeUtil::GetCurrentTime(); };
}

PlanningApi::PlanningApi(const common::rpc::RpcGuard& guard, common::db::Pool& pool, Clock clock)
    : guard_(guard), pool_(pool), clock_(std::move(clock)) {}

Timestamp PlanningApi::MicrosNow(const Clock& clock) {
  Timestamp now = clock();
  now.set_nanos(now.nanos() / 1000 * 1000);
  return now;
}

Timestamp PlanningApi::Now() const { return MicrosNow(clock_); }

grpc::Status PlanningApi::PlanContact(grpc::ServerContext* context,
                                      const v1::PlanContactRequest* request,
                                      v1::Contact* response) {
  return guard_.Run(
      context, "PlanContact", {Role::kSalesManager, Role::kSalesHead},
      [&](const Principal& caller) {
        const domain::PlanInput in = domain::ValidatePlanContact(*request, caller.subject);
        const Timestamp now = Now();
        *response = common::api::CreateOnce(
            pool_, common::api::KeyOf(caller.subject, "PlanContact", *request),
            [&](pqxx::work& tx) {
              CheckPlanReferences(tx, in, request->contact(), caller);
              CheckOwnerAccess(tx, LoadActor(tx, caller), common::auth::Records::kTasks,
                               common::auth::Action::kWrite, in.owner_id);
              store::NewContact contact;
              contact.id = common::NewUuid();
              contact.client_id = in.client_id;
              contact.contact_person_id = in.contact_person_id;
              contact.project_id = in.project_id;
              contact.edition_id = in.edition_id;
              contact.type = in.type;
              contact.purpose = in.purpose;
              contact.scheduled_time = in.scheduled_time;
              contact.owner_id = in.owner_id;
              contact.create_time = now;
              contact.task = NewTask(tx, in);
              const store::ContactRow inserted = store::InsertContact(tx, contact);
              PlanTaskReminders(tx, inserted, in.task, now);
              EnqueuePlanned(tx, inserted.contact);
              return inserted.contact;
            },
            [&](pqxx::transaction_base& tx, const std::string& name) {
              // The caller's own earlier contact, as far as they may still read it.
              return ReadableContact(tx, caller, common::ParseResourceId(name, "contacts").value(),
                                     name);
            });
      });
}

grpc::Status PlanningApi::GetContact(grpc::ServerContext* context,
                                     const v1::GetContactRequest* request, v1::Contact* response) {
  return guard_.Run(context, "GetContact", {}, [&](const Principal& caller) {
    common::Violations violations;
    auto id = domain::ParseIdField(request->name(), "contacts", "name", violations);
    violations.ThrowIfAny();
    *response = pool_.Read([&](pqxx::read_transaction& tx) {
      return ReadableContact(tx, caller, *id, request->name());
    });
  });
}

grpc::Status PlanningApi::ListContacts(grpc::ServerContext* context,
                                       const v1::ListContactsRequest* request,
                                       v1::ListContactsResponse* response) {
  return guard_.Run(context, "ListContacts", {}, [&](const Principal& caller) {
    common::Violations violations;
    store::ContactFilter filter;
    if (!request->owner().empty()) {
      filter.owner_id = domain::ParseIdField(request->owner(), "employees", "owner", violations);
    }
    filter.start_time =
        OptionalTime(request->has_start_time(), request->start_time(), "start_time", violations);
    filter.end_time =
        OptionalTime(request->has_end_time(), request->end_time(), "end_time", violations);
    if (filter.start_time && filter.end_time && *filter.end_time <= *filter.start_time) {
      violations.Add("end_time", "must be after start_time");
    }
    int page_size = 0;
    violations.Collect([&] { page_size = common::PageSize(request->page_size()); });
    const common::api::PageQuery query = common::api::PageQueryOf(*request, caller.subject);
    filter.after = common::api::ReadTimeKeyToken(violations, query, request->page_token());
    violations.ThrowIfAny();

    // One row more than the page tells whether another page follows.
    filter.limit = page_size + 1;
    auto rows = pool_.Read([&](pqxx::read_transaction& tx) {
      const common::auth::Actor actor = LoadActor(tx, caller);
      filter.scope = common::auth::ReadScope(actor, common::auth::Records::kTasks);
      if (filter.owner_id) {
        CheckOwnerAccess(tx, actor, common::auth::Records::kTasks, common::auth::Action::kRead,
                         *filter.owner_id);
      }
      return store::ListContacts(tx, filter);
    });
    const bool more = static_cast<int>(rows.size()) > page_size;
    if (more) {
      rows.resize(static_cast<std::size_t>(page_size));
    }
    for (const auto& row : rows) {
      *response->add_contacts() = row.contact;
    }
    if (more) {
      const auto& last = rows.back();
      response->set_next_page_token(common::api::IssuePageToken(
          query, common::api::TimeKey{
                     TimeUtil::TimestampToMicroseconds(last.contact.scheduled_time()), last.id}));
    }
  });
}

grpc::Status PlanningApi::CompleteContact(grpc::ServerContext* context,
                                          const v1::CompleteContactRequest* request,
                                          v1::CompleteContactResponse* response) {
  return guard_.Run(
      context, "CompleteContact", {Role::kSalesManager, Role::kSalesHead},
      [&](const Principal& caller) {
        const Timestamp now = Now();
        common::Violations violations;
        auto id = domain::ParseIdField(request->name(), "contacts", "name", violations);
        auto kind = domain::ValidateResult(request->result(), now, violations);
        violations.ThrowIfAny();

        *response = pool_.InTransaction([&](pqxx::work& tx) {
          auto row = store::FindContactForUpdate(tx, *id);
          if (!row) {
            throw common::NotFoundError(request->name());
          }
          CheckOwnerAccess(tx, LoadActor(tx, caller), common::auth::Records::kTasks,
                           common::auth::Action::kWrite, row->owner_id);
          if (row->contact.state() == v1::CONTACT_STATE_COMPLETED) {
            throw common::PreconditionError(
                "CONTACT_ALREADY_COMPLETED",
                request->name() + " was already completed at " +
                    TimeUtil::ToString(row->contact.complete_time()) +
                    "; a contact is completed once (plan a new contact instead)");
          }
          const v1::ContactResult result = ResolveResultReferences(tx, request->result());
          switch (*kind) {
            case domain::ResultKind::kSale:
              return CompleteWithSale(tx, *row, result, now, caller);
            case domain::ResultKind::kReschedule:
              return CompleteWithReschedule(tx, *row, result, now);
            default:
              break;
          }
          v1::CompleteContactResponse out;
          *out.mutable_contact() =
              store::CompleteContact(tx, row->id, result,
                                     std::string(domain::ResultKindName(*kind)), now)
                  .contact;
          EnqueueContactCompleted(tx, out.contact(), *kind);
          return out;
        });
      });
}

grpc::Status PlanningApi::GetSale(grpc::ServerContext* context, const v1::GetSaleRequest* request,
                                  v1::Sale* response) {
  return guard_.Run(context, "GetSale", {}, [&](const Principal& caller) {
    common::Violations violations;
    auto id = domain::ParseIdField(request->name(), "sales", "name", violations);
    violations.ThrowIfAny();
    pool_.Read([&](pqxx::read_transaction& tx) {
      auto sale = store::FindSale(tx, *id);
      if (!sale) {
        throw common::NotFoundError(request->name());
      }
      const common::auth::Actor actor = LoadActor(tx, caller);
      const auto manager = common::auth::EmployeeIdOf(sale->manager());
      common::auth::CheckAccess(actor, common::auth::Records::kSales, common::auth::Action::kRead,
                                LoadOwner(tx, manager.value_or("")));
      *response = *sale;
    });
  });
}

grpc::Status PlanningApi::ListSales(grpc::ServerContext* context,
                                    const v1::ListSalesRequest* request,
                                    v1::ListSalesResponse* response) {
  return guard_.Run(context, "ListSales", {}, [&](const Principal& caller) {
    common::Violations violations;
    std::optional<std::string> requested;
    if (!request->manager().empty()) {
      requested = domain::ParseIdField(request->manager(), "employees", "manager", violations);
    }
    const common::api::TimePage page =
        common::api::ReadTimePage(violations, *request, caller.subject);
    violations.ThrowIfAny();

    auto sales = pool_.Read([&](pqxx::read_transaction& tx) {
      const common::auth::Actor actor = LoadActor(tx, caller);
      const common::auth::ListScope scope =
          common::auth::ReadScope(actor, common::auth::Records::kSales);
      if (requested) {
        common::auth::CheckAccess(actor, common::auth::Records::kSales, common::auth::Action::kRead,
                                  LoadOwner(tx, *requested));
      }
      return store::ListSales(tx, requested, scope, page.after, page.page_size + 1);
    });
    const bool more = static_cast<int>(sales.size()) > page.page_size;
    if (more) {
      sales.resize(static_cast<std::size_t>(page.page_size));
    }
    for (const auto& sale : sales) {
      *response->add_sales() = sale;
    }
    if (more) {
      const auto& last = sales.back();
      auto sale_id = common::ParseResourceId(last.name(), "sales");
      response->set_next_page_token(common::api::IssuePageToken(
          page.query, common::api::TimeKey{TimeUtil::TimestampToMicroseconds(last.sale_time()),
                                           sale_id.value_or("")}));
    }
  });
}

}  // namespace crm::planning
