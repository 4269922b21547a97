#include "services/planning/events/handlers.h"

#include <google/protobuf/util/time_util.h>

#include <optional>
#include <string>
#include <tuple>
#include <utility>
#include <vector>

#include "common/api/date.h"
#include "common/bus/event_time.h"
#include "common/core/ids.h"
#include "common/ru/date_text.h"
#include "services/planning/app/clock.h"
#include "services/planning/app/follow_client_merge.h"
#include "services/planning/app/payment_reminder.h"
#include "services/planning/app/reassign_contacts.h"
#include "services/planning/domain/edition_terms.h"
#include "services/planning/store/org_store.h"
#include "services/planning/store/planning_store.h"

namespace crm::planning::projection {
namespace {

namespace ev = crm::events::v1;
using common::bus::EventTimeOf;
using common::bus::InboundEvent;
using common::bus::PoisonEvent;
using common::bus::ResourceIdOrPoison;

// "YYYY-MM-DD" for a set date, nullopt for an unset one (all zero).
std::optional<std::string> DateText(const google::type::Date& date, const char* what) {
  if (common::api::IsUnsetDate(date)) {
    return std::nullopt;
  }
  const auto ymd = common::api::CalendarDate(date);
  if (!ymd) {
    throw PoisonEvent(std::string(what) + " is not a valid date");
  }
  return common::api::IsoDate(*ymd);
}

void OnClient(pqxx::work& tx, const ev::ClientSnapshot& client, const InboundEvent& meta) {
  const std::string id = ResourceIdOrPoison(client.client(), "clients", "client.client");
  store::UpsertClient(tx, id, client, EventTimeOf(meta));
}

void OnClientDeleted(pqxx::work& tx, const ev::ClientDeleted& deleted, const InboundEvent& meta) {
  store::MarkClientDeleted(tx, ResourceIdOrPoison(deleted.client(), "clients", "client"),
                           /*deleted=*/true, EventTimeOf(meta));
}

// The client as it is now, and no longer deleted.
void OnClientUndeleted(pqxx::work& tx, const ev::ClientUndeleted& undeleted,
                       const InboundEvent& meta) {
  OnClient(tx, undeleted.client(), meta);
  store::MarkClientDeleted(
      tx, ResourceIdOrPoison(undeleted.client().client(), "clients", "client.client"),
      /*deleted=*/false, EventTimeOf(meta));
}

// The client and person ids of a contact person's name; `client` repeats the parent in the name:
// an empty one is tolerated, a different one is not.
std::pair<std::string, std::string> PersonIdsOrPoison(const std::string& person,
                                                      const std::string& client, const char* what) {
  auto ids = common::bus::ChildResourceIdsOrPoison(person, "clients", "contactPersons", what);
  if (!client.empty() && ResourceIdOrPoison(client, "clients", "client") != ids.first) {
    throw PoisonEvent(std::string(what) + " " + person + " is not a child of client " + client);
  }
  return ids;
}

void OnContactPerson(pqxx::work& tx, const ev::ContactPersonCreated& person,
                     const InboundEvent& meta) {
  auto [client_id, person_id] =
      PersonIdsOrPoison(person.contact_person(), person.client(), "contact_person");
  store::UpsertContactPerson(tx, person_id, client_id,
                             {.full_name = person.full_name(),
                              .position = person.position(),
                              .phone = person.phone(),
                              .email = person.email()},
                             EventTimeOf(meta));
}

// contact_person.updated and undeleted: the full state; the first phone and e-mail are the ones
// tasks use.
void OnContactPersonState(pqxx::work& tx, const ev::ContactPersonState& person,
                          const InboundEvent& meta, std::optional<bool> deleted) {
  auto [client_id, person_id] =
      PersonIdsOrPoison(person.contact_person(), person.client(), "contact_person.contact_person");
  store::UpsertContactPerson(tx, person_id, client_id,
                             {.full_name = person.full_name(),
                              .position = person.position(),
                              .phone = person.phones().empty() ? std::string() : person.phones(0),
                              .email = person.emails().empty() ? std::string() : person.emails(0)},
                             EventTimeOf(meta));
  if (deleted) {
    store::MarkContactPersonDeleted(tx, person_id, client_id, *deleted, EventTimeOf(meta));
  }
}

void OnContactPersonDeleted(pqxx::work& tx, const ev::ContactPersonDeleted& deleted,
                            const InboundEvent& meta) {
  auto [client_id, person_id] =
      PersonIdsOrPoison(deleted.contact_person(), deleted.client(), "contact_person");
  store::MarkContactPersonDeleted(tx, person_id, client_id, /*deleted=*/true, EventTimeOf(meta));
}

// An edition snapshot checked against the contract, by ids.
struct EditionCopy {
  std::string project_id;
  std::string edition_id;
  ev::EditionSnapshot snapshot;  // with the currency filled in
  std::optional<std::string> start_date;
  std::optional<std::string> end_date;
};

EditionCopy EditionOrPoison(const ev::EditionSnapshot& edition) {
  EditionCopy copy;
  copy.snapshot = edition;
  std::tie(copy.project_id, copy.edition_id) = common::bus::ChildResourceIdsOrPoison(
      edition.edition(), "projects", "editions", "edition.edition");
  if (!edition.project().empty() &&
      ResourceIdOrPoison(edition.project(), "projects", "edition.project") != copy.project_id) {
    throw PoisonEvent("edition " + edition.edition() + " is not in project " + edition.project());
  }
  if (edition.price_per_m2().minor_units() < 0) {
    throw PoisonEvent("edition.price_per_m2 is negative");
  }
  // Every amount the system produces is in roubles; an unset currency means RUB.
  if (edition.price_per_m2().currency_code().empty()) {
    copy.snapshot.mutable_price_per_m2()->set_currency_code("RUB");
  }
  copy.start_date = DateText(edition.start_date(), "edition.start_date");
  copy.end_date = DateText(edition.end_date(), "edition.end_date");
  return copy;
}

void OnEdition(pqxx::work& tx, const ev::EditionCreated& created, const InboundEvent& meta) {
  const EditionCopy e = EditionOrPoison(created.edition());
  store::UpsertEdition(tx, e.edition_id, e.project_id, e.snapshot, e.start_date, e.end_date,
                       EventTimeOf(meta));
}

// The price list of an edition.updated: each stand type once, at a positive price in the
// edition's currency (an unset one means it).
std::vector<store::StandPrice> StandPricesOrPoison(
    const google::protobuf::RepeatedPtrField<ev::StandPriceSnapshot>& prices,
    const std::string& currency) {
  std::vector<store::StandPrice> list;
  for (const ev::StandPriceSnapshot& price : prices) {
    const auto type = domain::StoredStandType(price.stand_type());
    if (!type) {
      throw PoisonEvent("stand_prices names the stand type \"" + price.stand_type() + "\"");
    }
    for (const store::StandPrice& earlier : list) {
      if (earlier.stand_type == *type) {
        throw PoisonEvent("stand_prices prices " + price.stand_type() + " twice");
      }
    }
    if (price.price_per_m2().minor_units() <= 0) {
      throw PoisonEvent("stand_prices: the " + price.stand_type() + " price is not positive");
    }
    if (!price.price_per_m2().currency_code().empty() &&
        price.price_per_m2().currency_code() != currency) {
      throw PoisonEvent("stand_prices: the " + price.stand_type() + " price is not in " + currency);
    }
    list.push_back({*type, price.price_per_m2().minor_units()});
  }
  return list;
}

void OnEditionUpdated(pqxx::work& tx, const ev::EditionUpdated& updated, const InboundEvent& meta) {
  const EditionCopy e = EditionOrPoison(updated.edition());
  const auto status = domain::ParseEditionStatus(updated.status());
  if (!status) {
    throw PoisonEvent("edition status \"" + updated.status() + "\" is not an edition status");
  }
  store::UpsertEditionTerms(
      tx, e.edition_id, e.project_id, e.snapshot, e.start_date, e.end_date, *status,
      StandPricesOrPoison(updated.stand_prices(), e.snapshot.price_per_m2().currency_code()),
      EventTimeOf(meta));
}

void OnProjectUpdated(pqxx::work& tx, const ev::ProjectUpdated& updated, const InboundEvent& meta) {
  store::UpsertProjectName(
      tx, ResourceIdOrPoison(updated.project().project(), "projects", "project.project"),
      updated.project().display_name(), EventTimeOf(meta));
}

void OnEmployee(pqxx::work& tx, const ev::EmployeeCreated& created, const InboundEvent& meta) {
  const std::string id =
      ResourceIdOrPoison(created.employee().employee(), "employees", "employee.employee");
  store::UpsertEmployee(tx, id, created.employee(), EventTimeOf(meta));
}

// The full snapshot with the department unit: a move between departments changes the reach of
// both departments' heads from this event on.
void OnEmployeeUpdated(pqxx::work& tx, const ev::EmployeeUpdated& updated,
                       const InboundEvent& meta) {
  const std::string id =
      ResourceIdOrPoison(updated.employee().employee(), "employees", "employee.employee");
  const std::string unit =
      updated.department_unit().empty()
          ? std::string()
          : ResourceIdOrPoison(updated.department_unit(), "departments", "department_unit");
  store::UpsertEmployeeMembership(tx, id, updated.employee(), unit, EventTimeOf(meta));
}

void OnDepartment(pqxx::work& tx, const ev::DepartmentSnapshot& department,
                  const InboundEvent& meta) {
  const std::string id =
      ResourceIdOrPoison(department.department(), "departments", "department.department");
  std::optional<std::string> head;
  if (!department.head().empty()) {
    head = ResourceIdOrPoison(department.head(), "employees", "department.head");
  }
  store::UpsertDepartment(tx, id, department.display_name(), head, EventTimeOf(meta));
}

// A term of registry's by ids; the parts of its name must agree with its fields.
store::CuratorTermRow TermOrPoison(const ev::CuratorTerm& term) {
  auto [client_id, term_id] =
      common::bus::ChildResourceIdsOrPoison(term.curator(), "clients", "curators", "curator");
  if (!term.client().empty() &&
      ResourceIdOrPoison(term.client(), "clients", "client") != client_id) {
    throw PoisonEvent("curator " + term.curator() + " is not a term of client " + term.client());
  }
  store::CuratorTermRow row;
  row.id = term_id;
  row.client_id = client_id;
  row.project_id = ResourceIdOrPoison(term.project(), "projects", "project");
  if (!term.contact_person().empty()) {
    auto [owner, person] = common::bus::ChildResourceIdsOrPoison(
        term.contact_person(), "clients", "contactPersons", "contact_person");
    if (owner != client_id) {
      throw PoisonEvent("contact_person " + term.contact_person() + " is not of " + term.client());
    }
    row.contact_person_id = person;
  }
  row.employee_id = ResourceIdOrPoison(term.employee(), "employees", "employee");
  if (!term.has_start_time()) {
    throw PoisonEvent("curator " + term.curator() + " has no start_time");
  }
  row.start_time = google::protobuf::util::TimeUtil::ToString(term.start_time());
  return row;
}

void OnCuratorAssigned(pqxx::work& tx, const ev::CuratorAssigned& assigned,
                       const InboundEvent& /*meta*/) {
  store::ApplyCuratorTerm(tx, TermOrPoison(assigned.curator()));
}

void OnCuratorEnded(pqxx::work& tx, const ev::CuratorEnded& ended, const InboundEvent& /*meta*/) {
  store::EndCuratorTerm(tx, TermOrPoison(ended.curator()));
}

// The departing employee's terms are replaced by the new ones (same clients, projects and
// contact persons, later starts), and their planned tasks of those clients follow.
void OnCuratorsReassigned(pqxx::work& tx, const ev::CuratorsReassigned& reassigned,
                          const InboundEvent& meta) {
  std::vector<store::CuratorTermRow> terms;
  for (const ev::CuratorTerm& term : reassigned.curators()) {
    terms.push_back(TermOrPoison(term));
  }
  app::FollowCuratorReassignment(
      tx, ResourceIdOrPoison(reassigned.from_employee(), "employees", "from_employee"), terms,
      EventTimeOf(meta));
}

void OnDepartmentDeleted(pqxx::work& tx, const ev::DepartmentDeleted& deleted,
                         const InboundEvent& meta) {
  store::MarkDepartmentDeleted(
      tx, ResourceIdOrPoison(deleted.department(), "departments", "department"), EventTimeOf(meta));
}

std::vector<std::string> ClientIds(const google::protobuf::RepeatedPtrField<std::string>& names,
                                   const std::string& survivor_id, const char* what) {
  std::vector<std::string> ids;
  for (const auto& name : names) {
    std::string id = ResourceIdOrPoison(name, "clients", what);
    if (id == survivor_id) {
      throw PoisonEvent(std::string(what) + " names the survivor itself: " + name);
    }
    ids.push_back(std::move(id));
  }
  if (ids.empty()) {
    throw PoisonEvent(std::string(what) + " is empty");
  }
  return ids;
}

void OnClientMerged(pqxx::work& tx, const ev::ClientMerged& merged, const InboundEvent&) {
  const std::string survivor = ResourceIdOrPoison(merged.survivor(), "clients", "survivor");
  const std::string merge = ResourceIdOrPoison(merged.merge(), "merges", "merge");
  app::FollowClientMerge(tx, merge, survivor, ClientIds(merged.merged(), survivor, "merged"));
}

void OnClientMergeUndone(pqxx::work& tx, const ev::ClientMergeUndone& undone, const InboundEvent&) {
  const std::string survivor = ResourceIdOrPoison(undone.survivor(), "clients", "survivor");
  app::FollowClientMergeUndo(tx, ResourceIdOrPoison(undone.merge(), "merges", "merge"), survivor);
}

// The sale's manager calls the client about the overdue invoice (app/payment_reminder.h).
void OnInvoiceOverdue(pqxx::work& tx, const ev::InvoiceOverdue& overdue, const InboundEvent&) {
  domain::OverdueInvoice invoice;
  invoice.number = overdue.number();
  invoice.total_kopecks = overdue.total().minor_units();
  invoice.outstanding_kopecks = overdue.outstanding().minor_units();
  invoice.days_overdue = overdue.days_overdue();
  invoice.edition_display_name = overdue.edition_display_name();
  if (const auto due = common::api::CalendarDate(overdue.payment_due_date())) {
    invoice.due_date = common::ru::FormatDateRu(*due);
  }
  if (invoice.number.empty() || invoice.outstanding_kopecks <= 0) {
    throw PoisonEvent("an overdue invoice needs its number and a positive outstanding amount");
  }
  app::PlanPaymentReminder(tx, ResourceIdOrPoison(overdue.sale(), "sales", "sale"), invoice,
                           app::MicrosNow(app::SystemClock()));
}

}  // namespace

common::bus::ConsumerOptions AccountingConsumerOptions() {
  return {.durable = "planning-accounting",
          .filter_subject = std::string(ev::kInvoiceOverdue.subject)};
}

common::bus::EventRouter AccountingRouter() {
  common::bus::EventRouter router;
  router.On(ev::kInvoiceOverdue, OnInvoiceOverdue);
  return router;
}

common::bus::ConsumerOptions RegistryConsumerOptions() {
  return {.durable = "planning-registry", .filter_subject = "crm.registry.>"};
}

common::bus::EventRouter RegistryProjectionRouter() {
  common::bus::EventRouter router;
  router.On(ev::kClientCreated, [](pqxx::work& tx, const ev::ClientCreated& e,
                                   const InboundEvent& meta) { OnClient(tx, e.client(), meta); });
  router.On(ev::kClientUpdated, [](pqxx::work& tx, const ev::ClientUpdated& e,
                                   const InboundEvent& meta) { OnClient(tx, e.client(), meta); });
  router.On(ev::kClientDeleted, OnClientDeleted);
  router.On(ev::kClientUndeleted, OnClientUndeleted);
  router.On(ev::kClientRestored, [](pqxx::work& tx, const ev::ClientRestored& e,
                                    const InboundEvent& meta) { OnClient(tx, e.client(), meta); });
  router.On(ev::kContactPersonCreated, OnContactPerson);
  router.On(ev::kContactPersonUpdated,
            [](pqxx::work& tx, const ev::ContactPersonUpdated& e, const InboundEvent& meta) {
              OnContactPersonState(tx, e.contact_person(), meta, std::nullopt);
            });
  router.On(ev::kContactPersonDeleted, OnContactPersonDeleted);
  router.On(ev::kContactPersonUndeleted,
            [](pqxx::work& tx, const ev::ContactPersonUndeleted& e, const InboundEvent& meta) {
              OnContactPersonState(tx, e.contact_person(), meta, /*deleted=*/false);
            });
  router.On(ev::kProjectUpdated, OnProjectUpdated);
  router.On(ev::kEditionCreated, OnEdition);
  router.On(ev::kEditionUpdated, OnEditionUpdated);
  router.On(ev::kEmployeeCreated, OnEmployee);
  router.On(ev::kEmployeeUpdated, OnEmployeeUpdated);
  router.On(ev::kDepartmentCreated,
            [](pqxx::work& tx, const ev::DepartmentCreated& e, const InboundEvent& meta) {
              OnDepartment(tx, e.department(), meta);
            });
  router.On(ev::kDepartmentUpdated,
            [](pqxx::work& tx, const ev::DepartmentUpdated& e, const InboundEvent& meta) {
              OnDepartment(tx, e.department(), meta);
            });
  router.On(ev::kDepartmentDeleted, OnDepartmentDeleted);
  router.On(ev::kCuratorAssigned, OnCuratorAssigned);
  router.On(ev::kCuratorEnded, OnCuratorEnded);
  router.On(ev::kCuratorsReassigned, OnCuratorsReassigned);
  router.On(ev::kClientMerged, OnClientMerged);
  router.On(ev::kClientMergeUndone, OnClientMergeUndone);
  return router;
}

std::vector<common::bus::Subscription> Subscriptions() {
  std::vector<common::bus::Subscription> all;
  all.push_back({RegistryConsumerOptions(), RegistryProjectionRouter()});
  all.push_back({AccountingConsumerOptions(), AccountingRouter()});
  return all;
}

}  // namespace crm::planning::projection
