#pragma once

#include <google/protobuf/timestamp.pb.h>
#include <google/protobuf/util/time_util.h>

#include <cstdint>
#include <optional>
#include <pqxx/pqxx>
#include <string>
#include <vector>

#include "common/api/page_token.h"
#include "common/auth/access.h"
#include "common/db/row.h"
#include "crm/events/v1/planning_sale_events.pb.h"
#include "crm/events/v1/registry_client_events.pb.h"
#include "crm/events/v1/registry_contact_person_events.pb.h"
#include "crm/events/v1/registry_edition_events.pb.h"
#include "crm/events/v1/registry_employee_events.pb.h"
#include "crm/planning/v1/planning.pb.h"
#include "services/planning/domain/edition_terms.h"
#include "services/planning/domain/task_rules.h"

// Registry's projection and the contacts: the statements of store/sql/projection.sql and
// store/sql/contacts.sql, executed by name. Functions take the caller's transaction so
// that a change and its outbox event commit together. Ids are lower-case uuid text.
namespace crm::planning::store {

// --- registry projection -----------------------------------------------------------------------
// `event_time` is the event's ce-time (RFC 3339), nullopt when the event carries none.

void UpsertClient(pqxx::transaction_base& tx, const std::string& id,
                  const crm::events::v1::ClientSnapshot& client,
                  const std::optional<std::string>& event_time);
// client.deleted (`deleted` true) / client.undeleted (false): the mark follows the newest of them.
void MarkClientDeleted(pqxx::transaction_base& tx, const std::string& id, bool deleted,
                       const std::optional<std::string>& event_time);

// A contact person's fields as planning keeps them (contact_person.created / updated /
// undeleted).
struct ContactPersonFields {
  std::string full_name;
  std::string position;
  std::string phone;
  std::string email;
};
void UpsertContactPerson(pqxx::transaction_base& tx, const std::string& id,
                         const std::string& client_id, const ContactPersonFields& person,
                         const std::optional<std::string>& event_time);
// contact_person.deleted / undeleted, as MarkClientDeleted.
void MarkContactPersonDeleted(pqxx::transaction_base& tx, const std::string& id,
                              const std::string& client_id, bool deleted,
                              const std::optional<std::string>& event_time);

// `start_date` / `end_date` are "YYYY-MM-DD" or nullopt.
void UpsertEdition(pqxx::transaction_base& tx, const std::string& id, const std::string& project_id,
                   const crm::events::v1::EditionSnapshot& edition,
                   const std::optional<std::string>& start_date,
                   const std::optional<std::string>& end_date,
                   const std::optional<std::string>& event_time);

// One entry of an edition's stand price list.
struct StandPrice {
  std::string stand_type;    // stored text: "LINEAR", ..., "OPEN_AREA" (domain::StoredStandType)
  int64_t price_per_m2 = 0;  // kopecks, in the edition's currency
};
// edition.updated: UpsertEdition's snapshot with the status and the whole stand price list,
// which replaces the stored one; nothing when a newer event already wrote the edition.
void UpsertEditionTerms(pqxx::transaction_base& tx, const std::string& id,
                        const std::string& project_id,
                        const crm::events::v1::EditionSnapshot& edition,
                        const std::optional<std::string>& start_date,
                        const std::optional<std::string>& end_date, domain::EditionStatus status,
                        const std::vector<StandPrice>& stand_prices,
                        const std::optional<std::string>& event_time);

// project.updated: the project's name, and the copy of it beside the project's editions.
void UpsertProjectName(pqxx::transaction_base& tx, const std::string& id,
                       const std::string& display_name,
                       const std::optional<std::string>& event_time);
void UpsertEmployee(pqxx::transaction_base& tx, const std::string& id,
                    const crm::events::v1::EmployeeSnapshot& employee,
                    const std::optional<std::string>& event_time);

std::optional<crm::events::v1::ClientSnapshot> FindClient(pqxx::transaction_base& tx,
                                                          const std::string& id);

// Whether registry deleted the client (false for one planning does not know).
bool ClientDeleted(pqxx::transaction_base& tx, const std::string& id);

struct ContactPersonRow {
  std::string client_id;
  crm::events::v1::ContactPersonSnapshot snapshot;
  bool deleted = false;  // registry deleted the person
};
std::optional<ContactPersonRow> FindContactPerson(pqxx::transaction_base& tx,
                                                  const std::string& id);

struct EditionRow {
  std::string project_id;
  crm::events::v1::EditionSnapshot snapshot;  // price_per_m2 included
};
std::optional<EditionRow> FindEdition(pqxx::transaction_base& tx, const std::string& id);

// What an edition sells on: its status, base price and stand price list (ordered by type).
struct EditionTerms {
  domain::EditionStatus status = domain::EditionStatus::kPlanned;
  std::string currency_code;
  int64_t price_per_m2 = 0;  // the base price, for stand types the list does not name
  std::vector<StandPrice> stand_prices;
};
std::optional<EditionTerms> FindEditionTerms(pqxx::transaction_base& tx, const std::string& id);

std::optional<crm::events::v1::EmployeeSnapshot> FindEmployee(pqxx::transaction_base& tx,
                                                              const std::string& id);

// --- contacts ----------------------------------------------------------------------------------

// A contact as stored: the API message plus the ids its names were built from.
struct ContactRow {
  v1::Contact contact;
  std::string id;
  std::string client_id;
  std::string contact_person_id;  // "" when none
  std::string project_id;         // "" for a task about no edition (a redirect's)
  std::string edition_id;         // "" for a task about no edition
  std::string owner_id;
};

// The key lists of tasks page by: the scheduled time, then the id.
inline common::api::TimeKey ContactKey(const ContactRow& row) {
  return {google::protobuf::util::TimeUtil::TimestampToMicroseconds(row.contact.scheduled_time()),
          row.id};
}

struct NewContact {
  std::string id;
  std::string client_id;
  std::optional<std::string> contact_person_id;
  std::string project_id;
  std::string edition_id;
  v1::ContactType type = v1::CONTACT_TYPE_UNSPECIFIED;
  std::string purpose;
  google::protobuf::Timestamp scheduled_time;
  std::string owner_id;
  std::optional<std::string> rescheduled_from;
  google::protobuf::Timestamp create_time;
  domain::TaskAttributes task;
};

// A row of the statements returning contacts (store/sql/contacts.sql, calendar.sql).
ContactRow ContactFromRow(const common::db::Row& row);
// A row of list_calendar_basic: the calendar view's fields only (CALENDAR_VIEW_BASIC), which every
// contact row has too.
ContactRow ContactSummaryFromRow(const common::db::Row& row);

ContactRow InsertContact(pqxx::transaction_base& tx, const NewContact& contact);
std::optional<ContactRow> FindContact(pqxx::transaction_base& tx, const std::string& id);
// Locks the row until the transaction ends.
std::optional<ContactRow> FindContactForUpdate(pqxx::transaction_base& tx, const std::string& id);
// Marks a planned contact completed; throws std::logic_error if it is not planned (callers lock
// and check first).
ContactRow CompleteContact(pqxx::transaction_base& tx, const std::string& id,
                           const v1::ContactResult& result, const std::string& result_kind,
                           const google::protobuf::Timestamp& complete_time);

struct ContactFilter {
  std::optional<std::string> owner_id;
  std::optional<google::protobuf::Timestamp> start_time;  // inclusive
  std::optional<google::protobuf::Timestamp> end_time;    // exclusive
  std::optional<common::api::TimeKey> after;              // (scheduled_time, id) keyset
  common::auth::ListScope scope;                          // whose contacts the caller may read
  int limit = 50;
};
std::vector<ContactRow> ListContacts(pqxx::transaction_base& tx, const ContactFilter& filter);

// The reminder specs as the JSON array contacts.reminders holds, and back.
std::string RemindersJson(const std::vector<v1::TaskReminder>& reminders);
std::vector<v1::TaskReminder> RemindersFromJson(const std::string& json);

}  // namespace crm::planning::store
