#include "services/planning/store/planning_store.h"

#include <google/protobuf/util/time_util.h>

#include <cstdio>
#include <nlohmann/json.hpp>
#include <stdexcept>

#include "common/bus/outbox.h"
#include "common/core/ids.h"
#include "common/db/pool.h"
#include "services/planning/domain/task_rules.h"
#include "services/planning/store/row_helpers.h"

namespace crm::planning::store {
namespace {

using google::protobuf::Timestamp;
using google::protobuf::util::TimeUtil;
using rows::FromMicros;
using rows::OrNull;

std::optional<google::type::Date> DateOf(const pqxx::field& f) {
  if (f.is_null()) {
    return std::nullopt;
  }
  int y = 0;
  int m = 0;
  int d = 0;
  if (std::sscanf(f.c_str(), "%d-%d-%d", &y, &m, &d) != 3) {
    throw std::runtime_error(std::string("unexpected date text: ") + f.c_str());
  }
  google::type::Date date;
  date.set_year(y);
  date.set_month(m);
  date.set_day(d);
  return date;
}

// The channel snapshot ({"phone", "email", "address"}, written by ToJson). Read with a plain
// JSON parser: calendar views decode hundreds of rows, and the protobuf JSON parser costs
// several microseconds per call.
void ChannelFromJson(const char* text, v1::ContactChannel* channel) {
  if (text[0] == '\0' || std::string_view(text) == "{}") {
    return;
  }
  const auto json = nlohmann::json::parse(text);
  if (auto it = json.find("phone"); it != json.end() && it->is_string()) {
    channel->set_phone(it->get<std::string>());
  }
  if (auto it = json.find("email"); it != json.end() && it->is_string()) {
    channel->set_email(it->get<std::string>());
  }
  if (auto it = json.find("address"); it != json.end() && it->is_string()) {
    channel->set_address(it->get<std::string>());
  }
}

// Where the fields every view has sit in a row: the identifiers are always columns 0-4 (id,
// client, contact person, project, edition); the rest differ between the full and basic columns.
struct SummaryColumns {
  int type, scheduled_time, owner, state, purpose_kind, duration, version;
};
constexpr SummaryColumns kFullColumns{5, 7, 8, 9, 15, 16, 19};
constexpr SummaryColumns kBasicColumns{5, 6, 7, 8, 9, 10, 11};

ContactRow ReadSummary(const pqxx::row& r, const SummaryColumns& at) {
  ContactRow row;
  row.id = r[0].c_str();
  row.client_id = r[1].c_str();
  row.contact_person_id = common::db::TextOr(r[2]);
  row.project_id = r[3].c_str();
  row.edition_id = r[4].c_str();
  row.owner_id = r[at.owner].c_str();

  v1::Contact& c = row.contact;
  c.set_name(common::ResourceName("contacts", row.id));
  c.set_client(common::ResourceName("clients", row.client_id));
  if (!row.contact_person_id.empty()) {
    c.set_contact_person(c.client() + "/contactPersons/" + row.contact_person_id);
  }
  c.set_edition("projects/" + row.project_id + "/editions/" + row.edition_id);
  c.set_type(domain::ContactTypeText::Parse(r[at.type].c_str()));
  *c.mutable_scheduled_time() = FromMicros(r[at.scheduled_time]);
  c.set_owner(common::ResourceName("employees", row.owner_id));
  c.set_state(domain::ContactStateText::Parse(r[at.state].c_str()));
  c.set_purpose_kind(domain::PurposeKindText::Parse(r[at.purpose_kind].c_str()));
  if (const auto seconds = r[at.duration].as<int64_t>(); seconds > 0) {
    c.mutable_duration()->set_seconds(seconds);
  }
  c.set_etag(r[at.version].c_str());
  return row;
}

ContactRow ReadContact(const pqxx::row& r) {
  ContactRow row = ReadSummary(r, kFullColumns);
  v1::Contact& c = row.contact;
  c.set_purpose(r[6].c_str());
  if (!r[10].is_null()) {
    common::bus::FromJson(r[10].c_str(), c.mutable_result());
  }
  if (!r[11].is_null()) {
    *c.mutable_complete_time() = FromMicros(r[11]);
  }
  if (!r[12].is_null()) {
    c.set_rescheduled_from(common::ResourceName("contacts", r[12].c_str()));
  }
  *c.mutable_create_time() = FromMicros(r[13]);
  ChannelFromJson(r[17].c_str(), c.mutable_channel());
  for (auto& reminder : RemindersFromJson(r[18].c_str())) {
    *reminder.mutable_fire_time() = domain::FireTime(reminder, c.scheduled_time());
    *c.add_reminders() = std::move(reminder);
  }
  if (!r[20].is_null()) {
    *c.mutable_update_time() = FromMicros(r[20]);
  }
  if (!r[21].is_null()) {
    *c.mutable_cancel_time() = FromMicros(r[21]);
  }
  c.set_cancel_reason(r[22].c_str());
  return row;
}

std::optional<ContactRow> FirstContact(const pqxx::result& result) {
  if (result.empty()) {
    return std::nullopt;
  }
  return ReadContact(result[0]);
}

// The keyset bound as SQL parameters: NULLs for the first page.
struct KeyParams {
  std::optional<std::string> time;
  std::optional<std::string> id;
};
KeyParams KeyParamsOf(const std::optional<domain::TimeKey>& after) {
  if (!after) {
    return {};
  }
  return {SqlTime(TimeUtil::MicrosecondsToTimestamp(after->micros)), after->id};
}

}  // namespace

std::string SqlTime(const Timestamp& t) { return TimeUtil::ToString(t); }

ContactRow ContactFromRow(const pqxx::row& r) { return ReadContact(r); }

ContactRow BasicContactFromRow(const pqxx::row& r) { return ReadSummary(r, kBasicColumns); }

std::string RemindersJson(const std::vector<v1::TaskReminder>& reminders) {
  std::string json = "[";
  for (const auto& r : reminders) {
    if (json.size() > 1) {
      json += ",";
    }
    json += common::bus::ToJson(r);
  }
  return json + "]";
}

std::vector<v1::TaskReminder> RemindersFromJson(const std::string& json) {
  std::vector<v1::TaskReminder> reminders;
  if (json.empty() || json == "[]") {
    return reminders;
  }
  // [{"beforeStart": "900s"} | {"remindTime": "RFC 3339"}], as RemindersJson writes them.
  for (const auto& item : nlohmann::json::parse(json)) {
    v1::TaskReminder reminder;
    if (auto it = item.find("beforeStart"); it != item.end() && it->is_string()) {
      if (!TimeUtil::FromString(it->get<std::string>(), reminder.mutable_before_start())) {
        throw std::invalid_argument("malformed reminder: " + item.dump());
      }
    } else if (auto at = item.find("remindTime"); at != item.end() && at->is_string()) {
      if (!TimeUtil::FromString(at->get<std::string>(), reminder.mutable_remind_time())) {
        throw std::invalid_argument("malformed reminder: " + item.dump());
      }
    }
    reminders.push_back(std::move(reminder));
  }
  return reminders;
}

void UpsertClient(pqxx::transaction_base& tx, const std::string& id,
                  const crm::events::v1::ClientSnapshot& client,
                  const std::optional<std::string>& event_time) {
  tx.exec_prepared("upsert_client", id, client.display_name(), client.legal_name(), client.inn(),
                   client.kpp(), client.ogrn(), client.legal_address(), client.phone(),
                   client.email(), OrNull(event_time));
}

void UpsertContactPerson(pqxx::transaction_base& tx, const std::string& id,
                         const std::string& client_id,
                         const crm::events::v1::ContactPersonCreated& person,
                         const std::optional<std::string>& event_time) {
  tx.exec_prepared("upsert_contact_person", id, client_id, person.full_name(), person.position(),
                   person.phone(), person.email(), OrNull(event_time));
}

void UpsertEdition(pqxx::transaction_base& tx, const std::string& id, const std::string& project_id,
                   const crm::events::v1::EditionSnapshot& edition,
                   const std::optional<std::string>& start_date,
                   const std::optional<std::string>& end_date,
                   const std::optional<std::string>& event_time) {
  tx.exec_prepared("upsert_edition", id, project_id, edition.display_name(),
                   edition.project_display_name(), OrNull(start_date), OrNull(end_date),
                   edition.venue(), edition.price_per_m2().currency_code(),
                   edition.price_per_m2().minor_units(), OrNull(event_time));
}

void UpsertEmployee(pqxx::transaction_base& tx, const std::string& id,
                    const crm::events::v1::EmployeeSnapshot& employee,
                    const std::optional<std::string>& event_time) {
  tx.exec_prepared("upsert_employee", id, employee.full_name(), employee.email(),
                   employee.department(), OrNull(event_time));
}

std::optional<crm::events::v1::ClientSnapshot> FindClient(pqxx::transaction_base& tx,
                                                          const std::string& id) {
  auto result = tx.exec_prepared("find_client", id);
  if (result.empty()) {
    return std::nullopt;
  }
  const auto& r = result[0];
  crm::events::v1::ClientSnapshot c;
  c.set_client(common::ResourceName("clients", r[0].c_str()));
  c.set_display_name(r[1].c_str());
  c.set_legal_name(r[2].c_str());
  c.set_inn(r[3].c_str());
  c.set_kpp(r[4].c_str());
  c.set_ogrn(r[5].c_str());
  c.set_legal_address(r[6].c_str());
  c.set_phone(r[7].c_str());
  c.set_email(r[8].c_str());
  return c;
}

std::optional<ContactPersonRow> FindContactPerson(pqxx::transaction_base& tx,
                                                  const std::string& id) {
  auto result = tx.exec_prepared("find_contact_person", id);
  if (result.empty()) {
    return std::nullopt;
  }
  const auto& r = result[0];
  ContactPersonRow row;
  row.client_id = r[1].c_str();
  row.snapshot.set_contact_person("clients/" + row.client_id + "/contactPersons/" + r[0].c_str());
  row.snapshot.set_full_name(r[2].c_str());
  row.snapshot.set_position(r[3].c_str());
  row.snapshot.set_phone(r[4].c_str());
  row.snapshot.set_email(r[5].c_str());
  return row;
}

std::optional<EditionRow> FindEdition(pqxx::transaction_base& tx, const std::string& id) {
  auto result = tx.exec_prepared("find_edition", id);
  if (result.empty()) {
    return std::nullopt;
  }
  const auto& r = result[0];
  EditionRow row;
  row.project_id = r[1].c_str();
  auto& e = row.snapshot;
  e.set_edition("projects/" + row.project_id + "/editions/" + r[0].c_str());
  e.set_display_name(r[2].c_str());
  e.set_project(common::ResourceName("projects", row.project_id));
  e.set_project_display_name(r[3].c_str());
  if (auto d = DateOf(r[4])) {
    *e.mutable_start_date() = *d;
  }
  if (auto d = DateOf(r[5])) {
    *e.mutable_end_date() = *d;
  }
  e.set_venue(r[6].c_str());
  *e.mutable_price_per_m2() = rows::Money(r[7].c_str(), r[8].as<int64_t>());
  return row;
}

std::optional<crm::events::v1::EmployeeSnapshot> FindEmployee(pqxx::transaction_base& tx,
                                                              const std::string& id) {
  auto result = tx.exec_prepared("find_employee", id);
  if (result.empty()) {
    return std::nullopt;
  }
  const auto& r = result[0];
  crm::events::v1::EmployeeSnapshot e;
  e.set_employee(common::ResourceName("employees", r[0].c_str()));
  e.set_full_name(r[1].c_str());
  e.set_email(r[2].c_str());
  e.set_department(r[3].c_str());
  return e;
}

ContactRow InsertContact(pqxx::transaction_base& tx, const NewContact& c) {
  return ContactFromRow(tx.exec_prepared1(
      "insert_contact", c.id, c.client_id, OrNull(c.contact_person_id), c.project_id, c.edition_id,
      domain::ContactTypeText::Of(c.type), c.purpose, SqlTime(c.scheduled_time), c.owner_id,
      OrNull(c.rescheduled_from), SqlTime(c.create_time),
      OrNull(domain::StoredPurposeKind(c.task.purpose_kind)), c.task.duration_seconds,
      common::bus::ToJson(c.task.channel), RemindersJson(c.task.reminders)));
}

std::optional<ContactRow> FindContact(pqxx::transaction_base& tx, const std::string& id) {
  return FirstContact(tx.exec_prepared("find_contact", id));
}

std::optional<ContactRow> FindContactForUpdate(pqxx::transaction_base& tx, const std::string& id) {
  return FirstContact(tx.exec_prepared("find_contact_for_update", id));
}

ContactRow CompleteContact(pqxx::transaction_base& tx, const std::string& id,
                           const v1::ContactResult& result, const std::string& result_kind,
                           const Timestamp& complete_time) {
  auto row = FirstContact(tx.exec_prepared("complete_contact", id, common::bus::ToJson(result),
                                           result_kind, SqlTime(complete_time)));
  if (!row) {
    throw std::logic_error("CompleteContact: contact " + id + " is not planned");
  }
  return *row;
}

std::vector<ContactRow> ListContacts(pqxx::transaction_base& tx, const ContactFilter& filter) {
  std::optional<std::string> start;
  std::optional<std::string> end;
  if (filter.start_time) {
    start = SqlTime(*filter.start_time);
  }
  if (filter.end_time) {
    end = SqlTime(*filter.end_time);
  }
  KeyParams key = KeyParamsOf(filter.after);
  auto result = tx.exec_prepared("list_contacts", OrNull(filter.owner_id), OrNull(start),
                                 OrNull(end), filter.scope.all, OrNull(filter.scope.owner_id),
                                 OrNull(filter.scope.department_id), OrNull(key.time),
                                 OrNull(key.id), filter.limit);
  std::vector<ContactRow> rows;
  rows.reserve(result.size());
  for (const auto& r : result) {
    rows.push_back(ReadContact(r));
  }
  return rows;
}

}  // namespace crm::planning::store
