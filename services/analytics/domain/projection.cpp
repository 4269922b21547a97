#include "services/analytics/domain/projection.h"

#include <google/protobuf/descriptor.h>

#include <optional>

#include "common/core/errors.h"
#include "common/core/ids.h"
#include "crm/planning/v1/planning.pb.h"
#include "services/analytics/domain/timestamps.h"

namespace crm::analytics::domain {
namespace {

std::string Id(const std::string& name, const char* collection, const char* field,
               common::Violations& violations) {
  auto id = common::ParseResourceId(name, collection);
  if (!id) {
    violations.Add(field, std::string("must be ") + collection + "/{uuid}");
    return {};
  }
  return *id;
}

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

// A contact's planned state (who, what, when; the type nullopt when the event does not tell)
// from the fields of an event; `*_field` are their
// paths in the event for the violations.
ContactRow PlannedState(const std::string& contact, const char* contact_field,
                        const std::string& owner, const char* owner_field, std::optional<int> type,
                        bool has_scheduled, const google::protobuf::Timestamp& scheduled,
                        const char* scheduled_field, const std::string& event_time) {
  common::Violations violations;
  ContactRow row;
  row.id = Id(contact, "contacts", contact_field, violations);
  row.owner_id = Id(owner, "employees", owner_field, violations);
  row.type = type ? ContactTypeKey(*type) : std::string();
  row.scheduled_rfc3339 = Time(has_scheduled, scheduled, scheduled_field, violations);
  violations.ThrowIfAny();
  row.event_rfc3339 = event_time;
  return row;
}

}  // namespace

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
  return PlannedState(event.contact(), "contact", event.owner(), "owner", event.type(),
                      event.has_scheduled_time(), event.scheduled_time(), "scheduled_time",
                      event_time);
}

ContactRow UpdatedContactRow(const crm::events::v1::ContactUpdated& event,
                             const std::string& event_time) {
  const auto& contact = event.contact();
  return PlannedState(contact.name(), "contact.name", contact.owner(), "contact.owner",
                      contact.type(), contact.has_scheduled_time(), contact.scheduled_time(),
                      "contact.scheduled_time", event_time);
}

ContactRow ReassignedContactRow(const crm::events::v1::ContactReassigned& event,
                                const std::string& event_time) {
  return PlannedState(event.contact(), "contact", event.new_owner(), "new_owner", std::nullopt,
                      event.has_scheduled_time(), event.scheduled_time(), "scheduled_time",
                      event_time);
}

ContactRow CancelledContactRow(const crm::events::v1::ContactCancelled& event,
                               const std::string& event_time) {
  return PlannedState(event.contact(), "contact", event.owner(), "owner", std::nullopt,
                      event.has_scheduled_time(), event.scheduled_time(), "scheduled_time",
                      event_time);
}

ContactRow CompletedContactRow(const crm::events::v1::ContactCompleted& event) {
  common::Violations violations;
  ContactRow row;
  row.id = Id(event.contact(), "contacts", "contact", violations);
  row.owner_id = Id(event.owner(), "employees", "owner", violations);
  row.type = ContactTypeKey(event.type());
  row.scheduled_rfc3339 =
      Time(event.has_scheduled_time(), event.scheduled_time(), "scheduled_time", violations);
  row.complete_rfc3339 =
      Time(event.has_complete_time(), event.complete_time(), "complete_time", violations);
  row.result_kind = ResultKindOf(event);
  if (row.result_kind.empty()) {
    violations.Add("result_kind", "must be set (or the result's outcome)");
  }
  violations.ThrowIfAny();
  return row;
}

SaleRow SaleRowOf(const crm::events::v1::SaleRecorded& event, const std::string& event_time) {
  common::Violations violations;
  SaleRow row;
  row.id = Id(event.sale(), "sales", "sale", violations);
  row.manager_id = Id(event.manager().employee(), "employees", "manager.employee", violations);
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
  violations.ThrowIfAny();
  row.event_rfc3339 = event_time;
  return row;
}

MembershipRow MembershipRowOf(const crm::events::v1::EmployeeUpdated& event,
                              const std::string& event_time) {
  common::Violations violations;
  MembershipRow row;
  row.id = Id(event.employee().employee(), "employees", "employee.employee", violations);
  row.full_name = event.employee().full_name();
  if (!event.department_unit().empty()) {
    row.department_id = Id(event.department_unit(), "departments", "department_unit", violations);
  }
  violations.ThrowIfAny();
  row.event_rfc3339 = event_time;
  return row;
}

ManagerRow ManagerRowOf(const crm::events::v1::EmployeeCreated& event) {
  common::Violations violations;
  ManagerRow row;
  row.id = Id(event.employee().employee(), "employees", "employee.employee", violations);
  row.full_name = event.employee().full_name();
  violations.ThrowIfAny();
  return row;
}

}  // namespace crm::analytics::domain
