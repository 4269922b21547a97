#pragma once

#include <cstdint>
#include <string>

#include "common/core/errors.h"
#include "crm/events/v1/planning_contact_events.pb.h"
#include "crm/events/v1/planning_readiness_events.pb.h"
#include "crm/events/v1/planning_sale_events.pb.h"
#include "crm/events/v1/registry_department_events.pb.h"
#include "crm/events/v1/registry_edition_events.pb.h"
#include "crm/events/v1/registry_employee_events.pb.h"
#include "google/type/date.pb.h"

// From events to projection rows: which fields are kept, in which form, and what makes an event
// unusable. Pure; each function throws common::ValidationError (field paths of the event) for an
// event the projection cannot take, which the consumer dead-letters.
namespace crm::analytics::domain {

struct ContactRow {
  std::string id;        // UUID
  std::string owner_id;  // UUID
  std::string type;      // "CONTACT_TYPE_CALL"; "" when the event does not tell
  std::string scheduled_rfc3339;
  // Set only for a completed contact.
  std::string result_kind;
  std::string complete_rfc3339;
  std::string event_rfc3339;  // the event's ce-time; "" when it carries none
  // The client's UUID and the edition's name; "" when the event does not tell (then the row
  // keeps what it has).
  std::string client_id;
  std::string edition;
  // Completed contacts: whether the result counts towards effectiveness, and a refusal's reason
  // (the RefusalReason name, else the catalogue entry's name; "" for other results).
  bool positive = false;
  std::string refusal_reason;
};

struct SaleRow {
  std::string id;          // UUID
  std::string manager_id;  // UUID
  std::string manager_full_name;
  int64_t area_dm2 = 0;
  int64_t net_kopecks = 0;
  int64_t total_kopecks = 0;
  std::string sale_rfc3339;
  std::string stand_type;     // "STAND_TYPE_CORNER"
  bool cancelled = false;     // from the snapshot's state, or a sale.cancelled
  std::string event_rfc3339;  // the event's ce-time; "" when it carries none
  std::string client_id;      // UUID; "" when the snapshot has none
  // The edition's name ("projects/{project}/editions/{edition}"); "" when the snapshot has none.
  std::string edition;
};

// An edition as its snapshot tells it (edition.created, .updated, or a sale's snapshot).
struct EditionRow {
  std::string name;  // "projects/{project}/editions/{edition}"
  std::string project;
  std::string display_name;
  std::string project_display_name;
  std::string start_date;     // "YYYY-MM-DD"; "" when unset
  std::string end_date;       // "YYYY-MM-DD"; "" when unset
  std::string status;         // "" when the event does not tell (edition.created, a sale)
  std::string event_rfc3339;  // the event's ce-time; "" when it carries none
};

// A department unit's name, from crm.registry.department.*.
struct DepartmentRow {
  std::string id;  // UUID
  std::string display_name;
  bool deleted = false;
  std::string event_rfc3339;  // the event's ce-time; "" when it carries none
};

// One readiness assessment, from crm.planning.readiness.changed.
struct ReadinessRow {
  std::string client_id;  // UUID
  std::string edition;
  std::string level;  // "READINESS_LEVEL_HOT"
  std::string record_rfc3339;
  std::string recorded_by;
};

struct ManagerRow {
  std::string id;  // UUID
  std::string full_name;
};

// An employee with their department unit, from crm.registry.employee.updated.
struct MembershipRow {
  std::string id;  // UUID
  std::string full_name;
  std::string department_id;  // the unit's UUID; "" for none
  std::string event_rfc3339;  // the event's ce-time; "" when it carries none
};

// "projects/{uuid}/editions/{uuid}": the only edition names the projection keeps.
bool IsEditionName(const std::string& name);

// The enum name, the report's key; a value newer than this build is "CONTACT_TYPE_<number>" so
// it still counts apart from the others.
std::string ContactTypeKey(int type);

// The same for a sale's stand type ("STAND_TYPE_CORNER"; STAND_TYPE_OPEN_AREA for its alias).
std::string StandTypeKey(int type);

// The event's result_kind; when a producer left it out, the kind of the result's outcome.
// "" when neither tells.
std::string ResultKindOf(const crm::events::v1::ContactCompleted& event);

// `event_time` below is the event's ce-time in RFC 3339 ("" when it carries none).
ContactRow PlannedContactRow(const crm::events::v1::ContactPlanned& event,
                             const std::string& event_time);
// The planned contact as it is after the change (contact.updated's `contact`).
ContactRow UpdatedContactRow(const crm::events::v1::ContactUpdated& event,
                             const std::string& event_time);
// The contact under its new owner; its type is not in the event ("").
ContactRow ReassignedContactRow(const crm::events::v1::ContactReassigned& event,
                                const std::string& event_time);
// The contact called off; its type is not in the event ("").
ContactRow CancelledContactRow(const crm::events::v1::ContactCancelled& event,
                               const std::string& event_time);
ContactRow CompletedContactRow(const crm::events::v1::ContactCompleted& event);
// The sale as a snapshot tells it: sale.recorded's payload, sale.amended's `sale` (as it is now)
// or sale.cancelled's `sale`. `event_time` is the event's ce-time in RFC 3339 ("" when none).
SaleRow SaleRowOf(const crm::events::v1::SaleRecorded& event, const std::string& event_time);
ManagerRow ManagerRowOf(const crm::events::v1::EmployeeCreated& event);
// `field` is the snapshot's path in its event, for the violations; `status` "" when the event
// does not tell.
EditionRow EditionRowOf(const crm::events::v1::EditionSnapshot& snapshot, const char* field,
                        const std::string& status, const std::string& event_time);
ReadinessRow ReadinessRowOf(const crm::events::v1::ReadinessChanged& event);
DepartmentRow DepartmentRowOf(const crm::events::v1::DepartmentSnapshot& snapshot,
                              const std::string& event_time);
// `event_time` is the event's ce-time in RFC 3339 ("" when it carries none).
MembershipRow MembershipRowOf(const crm::events::v1::EmployeeUpdated& event,
                              const std::string& event_time);

// The id of `name`, a "{collection}/{uuid}" resource name at `field` of an event; "" and a
// violation when it is not one.
std::string ResourceIdOf(const std::string& name, const char* collection, const char* field,
                         common::Violations& violations);

// An optional date as "YYYY-MM-DD": "" when unset; a violation at `field` when invalid.
std::string OptionalIsoDate(const google::type::Date& date, const char* field,
                            common::Violations& violations);

}  // namespace crm::analytics::domain
