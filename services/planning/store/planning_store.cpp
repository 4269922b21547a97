#include "services/planning/store/planning_store.h"

#include <google/protobuf/util/time_util.h>

#include <cstdio>
#include <nlohmann/json.hpp>
#include <stdexcept>

#include "common/api/enum_text.h"
#include "common/bus/outbox.h"
#include "common/core/ids.h"
#include "common/db/money.h"
#include "common/db/params.h"
#include "common/db/pool.h"
#include "common/db/rows.h"
#include "services/planning/domain/task_rules.h"
#include "services/planning/store/key_params.h"

namespace crm::planning::store {
namespace {

using common::db::OrNull;
using common::db::Row;
using common::db::TimeParam;
using google::protobuf::Timestamp;
using google::protobuf::util::TimeUtil;

// A "YYYY-MM-DD" column (to_char of a date), nullopt when it is NULL.
std::optional<google::type::Date> DateOf(const std::optional<std::string>& text) {
  if (!text) {
    return std::nullopt;
  }
  int y = 0;
  int m = 0;
  int d = 0;
  if (std::sscanf(text->c_str(), "%d-%d-%d", &y, &m, &d) != 3) {
    throw std::runtime_error("unexpected date text: " + *text);
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
void ChannelFromJson(const std::string& text, v1::ContactChannel* channel) {
  if (text.empty() || text == "{}") {
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

}  // namespace

ContactRow ContactSummaryFromRow(const Row& r) {
  ContactRow row;
  row.id = r.Text("id");
  row.client_id = r.Text("client_id");
  row.contact_person_id = r.Text("contact_person_id");
  // A task without an exhibition (a redirect's) has neither.
  row.project_id = r.OptionalText("project_id").value_or("");
  row.edition_id = r.OptionalText("edition_id").value_or("");
  row.owner_id = r.Text("owner_id");

  v1::Contact& c = row.contact;
  c.set_name(common::ResourceName("contacts", row.id));
  c.set_client(common::ResourceName("clients", row.client_id));
  if (!row.contact_person_id.empty()) {
    c.set_contact_person(c.client() + "/contactPersons/" + row.contact_person_id);
  }
  if (!row.edition_id.empty()) {
    c.set_edition("projects/" + row.project_id + "/editions/" + row.edition_id);
  }
  c.set_type(domain::ContactTypeText::Parse(r.Text("type")));
  *c.mutable_scheduled_time() = r.TimeFromMicros("scheduled_time_us");
  c.set_owner(common::ResourceName("employees", row.owner_id));
  c.set_state(domain::ContactStateText::Parse(r.Text("state")));
  c.set_purpose_kind(domain::PurposeKindText::Parse(r.Text("purpose_kind")));
  if (const auto seconds = r.Int64("duration_s"); seconds > 0) {
    c.mutable_duration()->set_seconds(seconds);
  }
  c.set_etag(r.Text("version"));
  return row;
}

ContactRow ContactFromRow(const Row& r) {
  ContactRow row = ContactSummaryFromRow(r);
  v1::Contact& c = row.contact;
  c.set_purpose(r.Text("purpose"));
  if (auto result = r.OptionalText("result")) {
    common::bus::FromJson(*result, c.mutable_result());
  }
  if (auto completed = r.OptionalTimeFromMicros("complete_time_us")) {
    *c.mutable_complete_time() = *completed;
  }
  if (auto rescheduled_from = r.OptionalText("rescheduled_from")) {
    c.set_rescheduled_from(common::ResourceName("contacts", *rescheduled_from));
  }
  *c.mutable_create_time() = r.TimeFromMicros("create_time_us");
  ChannelFromJson(r.Text("channel"), c.mutable_channel());
  for (auto& reminder : RemindersFromJson(r.Text("reminders"))) {
    *reminder.mutable_fire_time() = domain::FireTime(reminder, c.scheduled_time());
    *c.add_reminders() = std::move(reminder);
  }
  if (auto updated = r.OptionalTimeFromMicros("update_time_us")) {
    *c.mutable_update_time() = *updated;
  }
  if (auto cancelled = r.OptionalTimeFromMicros("cancel_time_us")) {
    *c.mutable_cancel_time() = *cancelled;
  }
  c.set_cancel_reason(r.Text("cancel_reason"));
  return row;
}

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
                   client.email(), OrNull(event_time), client.lead_source_kind(),
                   client.lead_source());
}

void MarkClientDeleted(pqxx::transaction_base& tx, const std::string& id, bool deleted,
                       const std::optional<std::string>& event_time) {
  tx.exec_prepared("mark_client_deleted", id, deleted, OrNull(event_time));
}

void UpsertContactPerson(pqxx::transaction_base& tx, const std::string& id,
                         const std::string& client_id, const ContactPersonFields& person,
                         const std::optional<std::string>& event_time) {
  tx.exec_prepared("upsert_contact_person", id, client_id, person.full_name, person.position,
                   person.phone, person.email, OrNull(event_time));
}

void MarkContactPersonDeleted(pqxx::transaction_base& tx, const std::string& id,
                              const std::string& client_id, bool deleted,
                              const std::optional<std::string>& event_time) {
  tx.exec_prepared("mark_contact_person_deleted", id, client_id, deleted, OrNull(event_time));
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

void UpsertEditionTerms(pqxx::transaction_base& tx, const std::string& id,
                        const std::string& project_id,
                        const crm::events::v1::EditionSnapshot& edition,
                        const std::optional<std::string>& start_date,
                        const std::optional<std::string>& end_date, domain::EditionStatus status,
                        const std::vector<StandPrice>& stand_prices,
                        const std::optional<std::string>& event_time) {
  std::vector<std::string> types;
  std::vector<int64_t> prices;
  for (const StandPrice& price : stand_prices) {
    types.push_back(price.stand_type);
    prices.push_back(price.price_per_m2);
  }
  tx.exec_prepared("upsert_edition_terms", id, project_id, edition.display_name(),
                   edition.project_display_name(), OrNull(start_date), OrNull(end_date),
                   edition.venue(), edition.price_per_m2().currency_code(),
                   edition.price_per_m2().minor_units(), OrNull(event_time),
                   domain::EditionStatusText(status), common::db::ArrayLiteral(types),
                   common::db::NumberArrayLiteral(prices));
}

void UpsertProjectName(pqxx::transaction_base& tx, const std::string& id,
                       const std::string& display_name,
                       const std::optional<std::string>& event_time) {
  tx.exec_prepared("upsert_project_name", id, display_name, OrNull(event_time));
}

void UpsertEmployee(pqxx::transaction_base& tx, const std::string& id,
                    const crm::events::v1::EmployeeSnapshot& employee,
                    const std::optional<std::string>& event_time) {
  tx.exec_prepared("upsert_employee", id, employee.full_name(), employee.email(),
                   employee.department(), OrNull(event_time));
}

std::optional<crm::events::v1::ClientSnapshot> FindClient(pqxx::transaction_base& tx,
                                                          const std::string& id) {
  return common::db::FirstRowOf(tx.exec_prepared("find_client", id), [](const Row& r) {
    crm::events::v1::ClientSnapshot c;
    c.set_client(common::ResourceName("clients", r.Text("id")));
    c.set_display_name(r.Text("display_name"));
    c.set_legal_name(r.Text("legal_name"));
    c.set_inn(r.Text("inn"));
    c.set_kpp(r.Text("kpp"));
    c.set_ogrn(r.Text("ogrn"));
    c.set_legal_address(r.Text("legal_address"));
    c.set_phone(r.Text("phone"));
    c.set_email(r.Text("email"));
    return c;
  });
}

bool ClientDeleted(pqxx::transaction_base& tx, const std::string& id) {
  auto result = tx.exec_prepared("client_deleted", id);
  return !result.empty() && Row(result[0]).Bool("deleted");
}

std::optional<ContactPersonRow> FindContactPerson(pqxx::transaction_base& tx,
                                                  const std::string& id) {
  return common::db::FirstRowOf(tx.exec_prepared("find_contact_person", id), [](const Row& r) {
    ContactPersonRow row;
    row.client_id = r.Text("client_id");
    row.snapshot.set_contact_person("clients/" + row.client_id + "/contactPersons/" + r.Text("id"));
    row.snapshot.set_full_name(r.Text("full_name"));
    row.snapshot.set_position(r.Text("position"));
    row.snapshot.set_phone(r.Text("phone"));
    row.snapshot.set_email(r.Text("email"));
    row.deleted = r.Bool("deleted");
    return row;
  });
}

std::optional<EditionRow> FindEdition(pqxx::transaction_base& tx, const std::string& id) {
  return common::db::FirstRowOf(tx.exec_prepared("find_edition", id), [](const Row& r) {
    EditionRow row;
    row.project_id = r.Text("project_id");
    auto& e = row.snapshot;
    e.set_edition("projects/" + row.project_id + "/editions/" + r.Text("id"));
    e.set_display_name(r.Text("display_name"));
    e.set_project(common::ResourceName("projects", row.project_id));
    e.set_project_display_name(r.Text("project_display_name"));
    if (auto d = DateOf(r.OptionalText("start_date"))) {
      *e.mutable_start_date() = *d;
    }
    if (auto d = DateOf(r.OptionalText("end_date"))) {
      *e.mutable_end_date() = *d;
    }
    e.set_venue(r.Text("venue"));
    *e.mutable_price_per_m2() =
        common::db::MoneyOf(r.Text("currency_code"), r.Int64("price_per_m2"));
    return row;
  });
}

std::optional<EditionTerms> FindEditionTerms(pqxx::transaction_base& tx, const std::string& id) {
  const pqxx::result result = tx.exec_prepared("find_edition_terms", id);
  if (result.empty()) {
    return std::nullopt;
  }
  const Row first(result[0]);
  const std::string status = first.Text("status");
  const auto parsed = domain::ParseEditionStatus(status);
  if (!parsed) {
    throw common::api::StoredEnumError("editions.status holds \"" + status + "\"");
  }
  EditionTerms terms{.status = *parsed,
                     .currency_code = first.Text("currency_code"),
                     .price_per_m2 = first.Int64("price_per_m2"),
                     .stand_prices = {}};
  for (const auto& r : result) {
    const Row row(r);
    if (auto type = row.OptionalText("stand_type")) {
      terms.stand_prices.push_back({*type, row.Int64("stand_price_per_m2")});
    }
  }
  return terms;
}

std::optional<crm::events::v1::EmployeeSnapshot> FindEmployee(pqxx::transaction_base& tx,
                                                              const std::string& id) {
  return common::db::FirstRowOf(tx.exec_prepared("find_employee", id), [](const Row& r) {
    crm::events::v1::EmployeeSnapshot e;
    e.set_employee(common::ResourceName("employees", r.Text("id")));
    e.set_full_name(r.Text("full_name"));
    e.set_email(r.Text("email"));
    e.set_department(r.Text("department"));
    return e;
  });
}

ContactRow InsertContact(pqxx::transaction_base& tx, const NewContact& c) {
  return ContactFromRow(Row(tx.exec_prepared1(
      "insert_contact", c.id, c.client_id, OrNull(c.contact_person_id), IdOrNull(c.project_id),
      IdOrNull(c.edition_id), domain::ContactTypeText::Of(c.type), c.purpose,
      TimeParam(c.scheduled_time), c.owner_id, OrNull(c.rescheduled_from), TimeParam(c.create_time),
      OrNull(domain::StoredPurposeKind(c.task.purpose_kind)), c.task.duration_seconds,
      common::bus::ToJson(c.task.channel), RemindersJson(c.task.reminders))));
}

std::optional<ContactRow> FindContact(pqxx::transaction_base& tx, const std::string& id) {
  return common::db::FirstRowOf(tx.exec_prepared("find_contact", id), ContactFromRow);
}

std::optional<ContactRow> FindContactForUpdate(pqxx::transaction_base& tx, const std::string& id) {
  return common::db::FirstRowOf(tx.exec_prepared("find_contact_for_update", id), ContactFromRow);
}

ContactRow CompleteContact(pqxx::transaction_base& tx, const std::string& id,
                           const v1::ContactResult& result, const std::string& result_kind,
                           const Timestamp& complete_time) {
  auto row =
      common::db::FirstRowOf(tx.exec_prepared("complete_contact", id, common::bus::ToJson(result),
                                              result_kind, TimeParam(complete_time)),
                             ContactFromRow);
  if (!row) {
    throw std::logic_error("CompleteContact: contact " + id + " is not planned");
  }
  return *row;
}

std::vector<ContactRow> ListContacts(pqxx::transaction_base& tx, const ContactFilter& filter) {
  const std::optional<std::string> start = common::db::OptionalTimeParam(filter.start_time);
  const std::optional<std::string> end = common::db::OptionalTimeParam(filter.end_time);
  const KeyParams key = KeyParamsOf(filter.after);
  // The owner filter and the scope are ORs of parameters: a generic plan keeps them all.
  common::db::UseCustomPlans(tx);
  return common::db::RowsOf(
      tx.exec_prepared("list_contacts", OrNull(filter.owner_id), OrNull(start), OrNull(end),
                       filter.scope.all, OrNull(filter.scope.owner_id),
                       OrNull(filter.scope.department_id), OrNull(key.time), OrNull(key.id),
                       filter.limit),
      ContactFromRow);
}

}  // namespace crm::planning::store
