#include "services/analytics/domain/projection.h"

#include <google/protobuf/descriptor.h>

#include <optional>

#include "common/api/date.h"
#include "common/core/errors.h"
#include "common/core/ids.h"
#include "crm/planning/v1/assessments.pb.h"
#include "crm/planning/v1/planning.pb.h"
#include "services/analytics/domain/timestamps.h"

namespace crm::analytics::domain {

std::string ResourceIdOf(const std::string& name, const char* collection, const char* field,
                         common::Violations& violations) {
  auto id = common::ParseResourceId(name, collection);
  if (!id) {
    violations.Add(field, std::string("must be ") + collection + "/{uuid}");
    return {};
  }
  return *id;
}

// An optional date as "YYYY-MM-DD": "" when unset.
std::string OptionalIsoDate(const google::type::Date& date, const char* field,
                            common::Violations& violations) {
  if (common::api::IsUnsetDate(date)) {
    return {};
  }
  const auto day = common::api::ReadDate(violations, field, date);
  return day ? common::api::IsoDate(*day) : std::string();
}

namespace {

std::string Time(bool present, const google::protobuf::Timestamp& t, const char* field,
                 common::Violations& violations) {
  if (!present || !IsValidTimestamp(t)) {
    violations.Add(field, "must be a valid timestamp");
    return {};
  }
  return Rfc3339(t);
}

// The value's (first) name; a value newer than this build is `prefix` + its number.
std::string EnumKey(const google::protobuf::EnumDescriptor* descriptor, int value,
                    const char* prefix) {
  if (const auto* known = descriptor->FindValueByNumber(value)) {
    return known->name();
  }
  return prefix + std::to_string(value);
}

// A client's UUID from an optional "clients/{uuid}": "" when the name is empty.
std::string OptionalClient(const std::string& name, const char* field,
                           common::Violations& violations) {
  return name.empty() ? std::string() : ResourceIdOf(name, "clients", field, violations);
}

// An optional edition name, checked: "" when empty.
std::string OptionalEdition(const std::string& name, const char* field,
                            common::Violations& violations) {
  if (!name.empty() && !IsEditionName(name)) {
    violations.Add(field, "must be projects/{uuid}/editions/{uuid}");
    return {};
  }
  return name;
}

// A contact's planned state (who, what, when; the type nullopt when the event does not tell)
// from the fields of an event; `*_field` are their
// paths in the event for the violations.
ContactRow PlannedState(const std::string& contact, const char* contact_field,
                        const std::string& owner, const char* owner_field, std::optional<int> type,
                        bool has_scheduled, const google::protobuf::Timestamp& scheduled,
                        const char* scheduled_field, const std::string& event_time) {
  common::Violations violations;
  ContactRow row;
  row.id = ResourceIdOf(contact, "contacts", contact_field, violations);
  row.owner_id = ResourceIdOf(owner, "employees", owner_field, violations);
  row.type = type ? ContactTypeKey(*type) : std::string();
  row.scheduled_rfc3339 = Time(has_scheduled, scheduled, scheduled_field, violations);
  violations.ThrowIfAny();
  row.event_rfc3339 = event_time;
  return row;
}

}  // namespace

bool IsEditionName(const std::string& name) {
  return common::ParseChildResourceId(name, "projects", "editions").has_value();
}

std::string ContactTypeKey(int type) {
  return EnumKey(crm::planning::v1::ContactType_descriptor(), type, "CONTACT_TYPE_");
}

std::string StandTypeKey(int type) {
  return EnumKey(crm::planning::v1::StandType_descriptor(), type, "STAND_TYPE_");
}

std::string ResultKindOf(const crm::events::v1::ContactCompleted& event) {
  if (!event.result_kind().empty()) {
    return event.result_kind();
  }
  switch (event.result().outcome_case()) {
    case crm::planning::v1::ContactResult::kSale:
      return "sale";
    case crm::planning::v1::ContactResult::kRefusal:
      return "refusal";
    case crm::planning::v1::ContactResult::kReschedule:
      return "reschedule";
    case crm::planning::v1::ContactResult::kNote:
      return "note";
    case crm::planning::v1::ContactResult::kVisitRefusal:
      return "visit_refusal";
    case crm::planning::v1::ContactResult::kInvitation:
      return "invitation";
    case crm::planning::v1::ContactResult::kManualSent:
      return "manual_sent";
    case crm::planning::v1::ContactResult::OUTCOME_NOT_SET:
      break;
  }
  return {};
}

ContactRow PlannedContactRow(const crm::events::v1::ContactPlanned& event,
                             const std::string& event_time) {
  ContactRow row = PlannedState(event.contact(), "contact", event.owner(), "owner", event.type(),
                                event.has_scheduled_time(), event.scheduled_time(),
                                "scheduled_time", event_time);
  common::Violations violations;
  row.client_id = OptionalClient(event.client(), "client", violations);
  row.edition = OptionalEdition(event.edition(), "edition", violations);
  violations.ThrowIfAny();
  return row;
}

ContactRow UpdatedContactRow(const crm::events::v1::ContactUpdated& event,
                             const std::string& event_time) {
  const auto& contact = event.contact();
  ContactRow row = PlannedState(contact.name(), "contact.name", contact.owner(), "contact.owner",
                                contact.type(), contact.has_scheduled_time(),
                                contact.scheduled_time(), "contact.scheduled_time", event_time);
  common::Violations violations;
  row.client_id = OptionalClient(contact.client(), "contact.client", violations);
  row.edition = OptionalEdition(contact.edition(), "contact.edition", violations);
  violations.ThrowIfAny();
  return row;
}

ContactRow ReassignedContactRow(const crm::events::v1::ContactReassigned& event,
                                const std::string& event_time) {
  ContactRow row = PlannedState(event.contact(), "contact", event.new_owner(), "new_owner",
                                std::nullopt, event.has_scheduled_time(), event.scheduled_time(),
                                "scheduled_time", event_time);
  common::Violations violations;
  row.client_id = OptionalClient(event.client(), "client", violations);
  violations.ThrowIfAny();
  return row;
}

ContactRow CancelledContactRow(const crm::events::v1::ContactCancelled& event,
                               const std::string& event_time) {
  ContactRow row = PlannedState(event.contact(), "contact", event.owner(), "owner", std::nullopt,
                                event.has_scheduled_time(), event.scheduled_time(),
                                "scheduled_time", event_time);
  common::Violations violations;
  row.client_id = OptionalClient(event.client(), "client", violations);
  violations.ThrowIfAny();
  return row;
}

ContactRow CompletedContactRow(const crm::events::v1::ContactCompleted& event) {
  common::Violations violations;
  ContactRow row;
  row.id = ResourceIdOf(event.contact(), "contacts", "contact", violations);
  row.owner_id = ResourceIdOf(event.owner(), "employees", "owner", violations);
  row.type = ContactTypeKey(event.type());
  row.scheduled_rfc3339 =
      Time(event.has_scheduled_time(), event.scheduled_time(), "scheduled_time", violations);
  row.complete_rfc3339 =
      Time(event.has_complete_time(), event.complete_time(), "complete_time", violations);
  row.client_id = OptionalClient(event.client(), "client", violations);
  row.edition = OptionalEdition(event.edition(), "edition", violations);
  row.result_kind = ResultKindOf(event);
  // Producers before the flag: the kinds planning counts as positive (its README).
  row.positive = event.positive() || row.result_kind == "sale" || row.result_kind == "invitation" ||
                 row.result_kind == "manual_sent";
  if (event.result().has_refusal()) {
    const auto& refusal = event.result().refusal();
    if (refusal.reason() != crm::planning::v1::REFUSAL_REASON_UNSPECIFIED) {
      row.refusal_reason = EnumKey(crm::planning::v1::RefusalReason_descriptor(), refusal.reason(),
                                   "REFUSAL_REASON_");
    } else if (!refusal.refusal_reason().empty()) {
      row.refusal_reason = refusal.refusal_reason();
    } else {
      row.refusal_reason = "REFUSAL_REASON_UNSPECIFIED";
    }
  }
  if (row.result_kind.empty()) {
    violations.Add("result_kind", "must be set (or the result's outcome)");
  }
  violations.ThrowIfAny();
  return row;
}

SaleRow SaleRowOf(const crm::events::v1::SaleRecorded& event, const std::string& event_time) {
  common::Violations violations;
  SaleRow row;
  row.id = ResourceIdOf(event.sale(), "sales", "sale", violations);
  row.manager_id =
      ResourceIdOf(event.manager().employee(), "employees", "manager.employee", violations);
  row.manager_full_name = event.manager().full_name();
  row.area_dm2 = event.area_dm2();
  row.net_kopecks = event.net_amount().minor_units();
  row.total_kopecks = event.total_amount().minor_units();
  for (const auto& [money, field] :
       {std::pair{&event.net_amount(), "net_amount.currency_code"},
        std::pair{&event.total_amount(), "total_amount.currency_code"}}) {
    // Sums are reported in roubles; an empty code is a producer's proto3 default.
    if (!money->currency_code().empty() && money->currency_code() != "RUB") {
      violations.Add(field, "must be RUB");
    }
  }
  row.sale_rfc3339 = Time(event.has_sale_time(), event.sale_time(), "sale_time", violations);
  row.stand_type = StandTypeKey(event.stand_type());
  row.cancelled = event.state() == "CANCELLED";
  row.client_id = OptionalClient(event.client().client(), "client.client", violations);
  row.edition = OptionalEdition(event.edition().edition(), "edition.edition", violations);
  violations.ThrowIfAny();
  row.event_rfc3339 = event_time;
  return row;
}

MembershipRow MembershipRowOf(const crm::events::v1::EmployeeUpdated& event,
                              const std::string& event_time) {
  common::Violations violations;
  MembershipRow row;
  row.id = ResourceIdOf(event.employee().employee(), "employees", "employee.employee", violations);
  row.full_name = event.employee().full_name();
  if (!event.department_unit().empty()) {
    row.department_id =
        ResourceIdOf(event.department_unit(), "departments", "department_unit", violations);
  }
  violations.ThrowIfAny();
  row.event_rfc3339 = event_time;
  return row;
}

ManagerRow ManagerRowOf(const crm::events::v1::EmployeeCreated& event) {
  common::Violations violations;
  ManagerRow row;
  row.id = ResourceIdOf(event.employee().employee(), "employees", "employee.employee", violations);
  row.full_name = event.employee().full_name();
  violations.ThrowIfAny();
  return row;
}

EditionRow EditionRowOf(const crm::events::v1::EditionSnapshot& snapshot, const char* field,
                        const std::string& status, const std::string& event_time) {
  common::Violations violations;
  const std::string prefix = std::string(field) + ".";
  EditionRow row;
  if (!IsEditionName(snapshot.edition())) {
    violations.Add(prefix + "edition", "must be projects/{uuid}/editions/{uuid}");
  }
  row.name = snapshot.edition();
  // The project is the name's first two segments; the snapshot's own field may be left out.
  row.project = row.name.substr(0, row.name.find("/editions/"));
  row.display_name = snapshot.display_name();
  row.project_display_name = snapshot.project_display_name();
  row.start_date =
      OptionalIsoDate(snapshot.start_date(), (prefix + "start_date").c_str(), violations);
  row.end_date = OptionalIsoDate(snapshot.end_date(), (prefix + "end_date").c_str(), violations);
  violations.ThrowIfAny();
  row.status = status;
  row.event_rfc3339 = event_time;
  return row;
}

ReadinessRow ReadinessRowOf(const crm::events::v1::ReadinessChanged& event) {
  common::Violations violations;
  const auto& readiness = event.readiness();
  ReadinessRow row;
  row.client_id = ResourceIdOf(readiness.client(), "clients", "readiness.client", violations);
  row.edition = OptionalEdition(readiness.edition(), "readiness.edition", violations);
  if (row.edition.empty() && readiness.edition().empty()) {
    violations.Add("readiness.edition", "must be set");
  }
  if (readiness.level() == crm::planning::v1::READINESS_LEVEL_UNSPECIFIED) {
    violations.Add("readiness.level", "must be set");
  }
  row.level = EnumKey(crm::planning::v1::ReadinessLevel_descriptor(), readiness.level(),
                      "READINESS_LEVEL_");
  row.record_rfc3339 = Time(readiness.has_record_time(), readiness.record_time(),
                            "readiness.record_time", violations);
  row.recorded_by = readiness.recorded_by();
  violations.ThrowIfAny();
  return row;
}

DepartmentRow DepartmentRowOf(const crm::events::v1::DepartmentSnapshot& snapshot,
                              const std::string& event_time) {
  common::Violations violations;
  DepartmentRow row;
  row.id = ResourceIdOf(snapshot.department(), "departments", "department.department", violations);
  row.display_name = snapshot.display_name();
  violations.ThrowIfAny();
  row.event_rfc3339 = event_time;
  return row;
}

}  // namespace crm::analytics::domain
