#include "services/planning/events/registry_projection.h"

#include <google/protobuf/util/time_util.h>

#include <chrono>
#include <cstdio>
#include <optional>
#include <string>

#include "common/core/ids.h"
#include "crm/events/v1/events.pb.h"
#include "services/planning/events/client_merge.h"
#include "services/planning/store/planning_store.h"

namespace crm::planning::projection {
namespace {

namespace ev = crm::events::v1;
using common::bus::InboundEvent;
using common::bus::PoisonEvent;

std::string Lower(std::string text) {
  for (char& c : text) {
    if (c >= 'A' && c <= 'Z') {
      c = static_cast<char>(c - 'A' + 'a');
    }
  }
  return text;
}

std::string IdOrPoison(const std::string& name, const char* collection, const char* what) {
  auto id = common::ParseResourceId(name, collection);
  if (!id) {
    throw PoisonEvent(std::string(what) + " is not a \"" + collection + "/{uuid}\" name: '" + name +
                      "'");
  }
  return Lower(*id);
}

std::pair<std::string, std::string> ChildIdsOrPoison(const std::string& name, const char* parent,
                                                     const char* child, const char* what) {
  auto ids = common::ParseChildResourceId(name, parent, child);
  if (!ids) {
    throw PoisonEvent(std::string(what) + " is not a \"" + parent + "/{uuid}/" + child +
                      "/{uuid}\" name: '" + name + "'");
  }
  return {Lower(ids->first), Lower(ids->second)};
}

// The event's ce-time for ordering upserts; an absent or unreadable time orders nothing (the
// delivery is applied).
std::optional<std::string> EventTime(const InboundEvent& meta) {
  google::protobuf::Timestamp t;
  if (meta.time.empty() || !google::protobuf::util::TimeUtil::FromString(meta.time, &t)) {
    return std::nullopt;
  }
  return google::protobuf::util::TimeUtil::ToString(t);
}

// "YYYY-MM-DD" for a set date, nullopt for an unset one (all zero).
std::optional<std::string> DateText(const google::type::Date& date, const char* what) {
  if (date.year() == 0 && date.month() == 0 && date.day() == 0) {
    return std::nullopt;
  }
  const std::chrono::year_month_day ymd{std::chrono::year{date.year()},
                                        std::chrono::month{static_cast<unsigned>(date.month())},
                                        std::chrono::day{static_cast<unsigned>(date.day())}};
  if (date.year() < 1 || date.month() < 1 || date.day() < 1 || !ymd.ok()) {
    throw PoisonEvent(std::string(what) + " is not a valid date");
  }
  char text[48];
  std::snprintf(text, sizeof text, "%04d-%02d-%02d", date.year(), date.month(), date.day());
  return std::string(text);
}

void OnClient(pqxx::work& tx, const ev::ClientSnapshot& client, const InboundEvent& meta) {
  const std::string id = IdOrPoison(client.client(), "clients", "client.client");
  store::UpsertClient(tx, id, client, EventTime(meta));
}

void OnContactPerson(pqxx::work& tx, const ev::ContactPersonCreated& person,
                     const InboundEvent& meta) {
  auto [client_id, person_id] =
      ChildIdsOrPoison(person.contact_person(), "clients", "contactPersons", "contact_person");
  // `client` repeats the parent in the name; an empty one is tolerated, a different one is not.
  if (!person.client().empty() && IdOrPoison(person.client(), "clients", "client") != client_id) {
    throw PoisonEvent("contact_person " + person.contact_person() + " is not a child of client " +
                      person.client());
  }
  store::UpsertContactPerson(tx, person_id, client_id, person, EventTime(meta));
}

void OnEdition(pqxx::work& tx, const ev::EditionCreated& created, const InboundEvent& meta) {
  ev::EditionSnapshot edition = created.edition();
  auto [project_id, edition_id] =
      ChildIdsOrPoison(edition.edition(), "projects", "editions", "edition.edition");
  if (!edition.project().empty() &&
      IdOrPoison(edition.project(), "projects", "edition.project") != project_id) {
    throw PoisonEvent("edition " + edition.edition() + " is not in project " + edition.project());
  }
  if (edition.price_per_m2().minor_units() < 0) {
    throw PoisonEvent("edition.price_per_m2 is negative");
  }
  // Every amount the system produces is in roubles; an unset currency means RUB.
  if (edition.price_per_m2().currency_code().empty()) {
    edition.mutable_price_per_m2()->set_currency_code("RUB");
  }
  store::UpsertEdition(tx, edition_id, project_id, edition,
                       DateText(edition.start_date(), "edition.start_date"),
                       DateText(edition.end_date(), "edition.end_date"), EventTime(meta));
}

void OnEmployee(pqxx::work& tx, const ev::EmployeeCreated& created, const InboundEvent& meta) {
  const std::string id =
      IdOrPoison(created.employee().employee(), "employees", "employee.employee");
  store::UpsertEmployee(tx, id, created.employee(), EventTime(meta));
}

}  // namespace

common::bus::ConsumerOptions RegistryConsumerOptions() {
  common::bus::ConsumerOptions options;
  options.durable = "planning-registry";
  options.filter_subject = "crm.registry.>";
  return options;
}

common::bus::EventRouter RegistryProjectionRouter() {
  common::bus::EventRouter router;
  router.On<ev::ClientCreated>("crm.registry.client.created",
                               [](pqxx::work& tx, const ev::ClientCreated& e,
                                  const InboundEvent& meta) { OnClient(tx, e.client(), meta); });
  router.On<ev::ClientUpdated>("crm.registry.client.updated",
                               [](pqxx::work& tx, const ev::ClientUpdated& e,
                                  const InboundEvent& meta) { OnClient(tx, e.client(), meta); });
  router.On<ev::ContactPersonCreated>("crm.registry.contact_person.created", OnContactPerson);
  router.On<ev::EditionCreated>("crm.registry.edition.created", OnEdition);
  router.On<ev::EmployeeCreated>("crm.registry.employee.created", OnEmployee);
  router.On<ev::ClientMerged>("crm.registry.client.merged", OnClientMerged);
  router.On<ev::ClientMergeUndone>("crm.registry.client.merge_undone", OnClientMergeUndone);
  return router;
}

}  // namespace crm::planning::projection
