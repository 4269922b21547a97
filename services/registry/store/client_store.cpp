#include "services/registry/store/client_store.h"

#include <google/protobuf/util/json_util.h>
#include <google/protobuf/util/time_util.h>

#include <stdexcept>

#include "common/bus/outbox.h"
#include "common/core/ids.h"
#include "common/db/pool.h"
#include "services/registry/domain/client_rules.h"
#include "services/registry/domain/search_text.h"
#include "services/registry/store/client_filter.h"

namespace crm::registry {
namespace {

using google::protobuf::util::TimeUtil;

constexpr int kClientDisplayNameColumn = 1;
constexpr int kClientCreatedColumn = 9;
constexpr int kClientUpdatedColumn = 10;
constexpr int kClientScoreColumn = 34;
constexpr int kContactPersonSortColumn = 2;  // full_name

// The lists are stored joined by U+001F, a character validated text never holds.
std::vector<std::string> SplitList(const pqxx::field& field) {
  std::vector<std::string> values;
  const std::string joined = field.c_str();
  if (joined.empty()) {
    return values;
  }
  std::size_t start = 0;
  while (true) {
    const std::size_t end = joined.find('\x1f', start);
    values.push_back(joined.substr(start, end - start));
    if (end == std::string::npos) {
      return values;
    }
    start = end + 1;
  }
}

google::protobuf::Timestamp Micros(const pqxx::field& field) {
  return TimeUtil::MicrosecondsToTimestamp(field.as<int64_t>());
}

void DecodeAddress(const pqxx::row& row, int first, v1::Address* address) {
  address->set_postal_code(row[first].c_str());
  address->set_region_code(row[first + 1].c_str());
  address->set_city(row[first + 2].c_str());
  address->set_street_line(row[first + 3].c_str());
}

v1::Client DecodeClient(const pqxx::row& row) {
  v1::Client client;
  client.set_name(common::ResourceName("clients", row[0].c_str()));
  client.set_display_name(row[1].c_str());
  client.set_legal_name(row[2].c_str());
  client.set_inn(row[3].c_str());
  client.set_kpp(row[4].c_str());
  client.set_ogrn(row[5].c_str());
  client.set_legal_address(row[6].c_str());
  client.set_phone(row[7].c_str());
  client.set_email(row[8].c_str());
  *client.mutable_create_time() = Micros(row[9]);
  *client.mutable_update_time() = Micros(row[10]);
  // The version is opaque to callers; it changes with every write, as an etag must.
  client.set_etag(row[11].c_str());
  if (!row[12].is_null()) {
    *client.mutable_delete_time() = Micros(row[12]);
  }
  client.set_legal_form(LegalFormText::Parse(row[13].c_str()));
  DecodeAddress(row, 14, client.mutable_legal_address_details());
  DecodeAddress(row, 18, client.mutable_postal_address());
  client.set_postal_address_valid(row[22].as<bool>());
  client.set_industry_code(row[23].c_str());
  for (std::string& code : SplitList(row[24])) {
    client.add_okved_codes(std::move(code));
  }
  const std::vector<std::string> phones = SplitList(row[25]);
  const std::vector<std::string> digits = SplitList(row[26]);
  for (std::size_t i = 0; i < phones.size(); ++i) {
    v1::Phone* phone = client.add_phones();
    phone->set_number(phones[i]);
    phone->set_digits(i < digits.size() ? digits[i] : NormalizePhoneDigits(phones[i]));
  }
  for (std::string& email : SplitList(row[27])) {
    client.add_emails(std::move(email));
  }
  client.set_website(row[28].c_str());
  client.set_lead_source(row[29].c_str());
  client.set_notes(row[30].c_str());
  if (!row[31].is_null()) {
    client.set_head_client(common::ResourceName("clients", row[31].c_str()));
  }
  client.set_verification_state(VerificationStateText::Parse(row[32].c_str()));
  client.set_creator(row[33].c_str());
  *client.mutable_geography() = GeographyOf(client);
  return client;
}

v1::ContactPerson DecodeContactPerson(const pqxx::row& row) {
  v1::ContactPerson person;
  person.set_name(common::ResourceName("clients", row[1].c_str()) + "/" +
                  common::ResourceName("contactPersons", row[0].c_str()));
  person.set_full_name(row[2].c_str());
  person.set_position(row[3].c_str());
  person.set_phone(row[4].c_str());
  person.set_email(row[5].c_str());
  *person.mutable_create_time() = Micros(row[6]);
  const std::vector<std::string> phones = SplitList(row[7]);
  const std::vector<std::string> digits = SplitList(row[8]);
  for (std::size_t i = 0; i < phones.size(); ++i) {
    v1::Phone* phone = person.add_phones();
    phone->set_number(phones[i]);
    phone->set_digits(i < digits.size() ? digits[i] : NormalizePhoneDigits(phones[i]));
  }
  for (std::string& email : SplitList(row[9])) {
    person.add_emails(std::move(email));
  }
  person.set_mailing_consent(row[10].as<bool>());
  person.set_primary(row[11].as<bool>());
  person.set_status(ContactPersonStatusText::Parse(row[12].c_str()));
  *person.mutable_update_time() = Micros(row[13]);
  person.set_etag(row[14].c_str());
  if (!row[15].is_null()) {
    *person.mutable_delete_time() = Micros(row[15]);
  }
  return person;
}

template <class Phones>
std::vector<std::string> PhoneNumbers(const Phones& phones) {
  std::vector<std::string> numbers;
  for (const v1::Phone& phone : phones) {
    numbers.push_back(phone.number());
  }
  return numbers;
}

template <class Phones>
std::vector<std::string> PhoneDigits(const Phones& phones) {
  std::vector<std::string> digits;
  for (const v1::Phone& phone : phones) {
    digits.push_back(NormalizePhoneDigits(phone.number()));
  }
  return digits;
}

template <class Emails>
std::vector<std::string> EmailKeys(const Emails& emails) {
  std::vector<std::string> keys;
  for (const std::string& email : emails) {
    keys.push_back(NormalizeEmail(email));
  }
  return keys;
}

std::string Bool(bool value) { return value ? "true" : "false"; }

// The editable record in CRM_REGISTRY_CLIENT_RECORD order.
std::vector<std::string> ClientRecord(const v1::Client& client) {
  const v1::Address& legal = client.legal_address_details();
  const v1::Address& postal = client.postal_address();
  const v1::Geography geography = GeographyOf(client);
  std::string head_id;
  if (!client.head_client().empty()) {
    head_id = common::ParseResourceId(client.head_client(), "clients").value_or("");
  }
  return {client.display_name(),
          client.legal_name(),
          client.kpp(),
          client.ogrn(),
          client.legal_address(),
          client.phone(),
          client.email(),
          LegalFormText::Of(client.legal_form()),
          legal.postal_code(),
          legal.region_code(),
          legal.city(),
          legal.street_line(),
          postal.postal_code(),
          postal.region_code(),
          postal.city(),
          postal.street_line(),
          Bool(client.postal_address_valid()),
          geography.region_code(),
          geography.federal_district_code(),
          geography.city(),
          client.industry_code(),
          TextArrayLiteral({client.okved_codes().begin(), client.okved_codes().end()}),
          TextArrayLiteral(PhoneNumbers(client.phones())),
          TextArrayLiteral(PhoneDigits(client.phones())),
          TextArrayLiteral({client.emails().begin(), client.emails().end()}),
          TextArrayLiteral(EmailKeys(client.emails())),
          client.website(),
          client.lead_source(),
          client.notes(),
          head_id};
}

v1::Client ParseSnapshot(const std::string& json) {
  v1::Client client;
  google::protobuf::util::JsonParseOptions options;
  options.ignore_unknown_fields = true;
  auto status = google::protobuf::util::JsonStringToMessage(json, &client, options);
  if (!status.ok()) {
    throw std::runtime_error("a client history snapshot does not parse: " + status.ToString());
  }
  return client;
}

}  // namespace

v1::Client InsertClient(pqxx::transaction_base& tx, const std::string& id, const v1::Client& client,
                        const std::string& actor, v1::VerificationState state) {
  return DecodeClient(tx.exec_prepared1("client_insert", id, client.inn(), actor,
                                        VerificationStateText::Of(state),
                                        pqxx::prepare::make_dynamic_params(ClientRecord(client))));
}

std::optional<v1::Client> FindClient(pqxx::transaction_base& tx, const std::string& id) {
  return FirstOf(tx.exec_prepared("client_get", id), DecodeClient);
}

std::optional<v1::Client> FindClientByInnKpp(pqxx::transaction_base& tx, const std::string& inn,
                                             const std::string& kpp) {
  return FirstOf(tx.exec_prepared("client_by_inn_kpp", inn, kpp), DecodeClient);
}

std::optional<v1::Client> LockClient(pqxx::transaction_base& tx, const std::string& id) {
  return FirstOf(tx.exec_prepared("client_get_for_update", id), DecodeClient);
}

v1::Client UpdateClientRecord(pqxx::transaction_base& tx, const std::string& id,
                              const v1::Client& client, const std::string& actor) {
  return DecodeClient(tx.exec_prepared1("client_update", id, actor,
                                        pqxx::prepare::make_dynamic_params(ClientRecord(client))));
}

v1::Client SetClientDeleted(pqxx::transaction_base& tx, const std::string& id, bool deleted,
                            const std::string& actor) {
  return DecodeClient(tx.exec_prepared1("client_set_deleted", id, deleted, actor));
}

bool ClientExists(pqxx::transaction_base& tx, const std::string& id) {
  return !tx.exec_prepared("client_exists", id).empty();
}

bool HeadChainContains(pqxx::transaction_base& tx, const std::string& client_id,
                       const std::string& candidate_id) {
  return !tx.exec_prepared("client_head_chain_contains", client_id, candidate_id).empty();
}

void AppendClientHistory(pqxx::transaction_base& tx, const v1::Client& client,
                         const std::string& change, const std::string& actor,
                         const std::string& request_id, const std::string& merge_id) {
  auto id = common::ParseResourceId(client.name(), "clients");
  tx.exec_prepared0("client_history_append", id.value(), change, actor, request_id,
                    common::bus::ToJson(client), merge_id);
}

std::vector<ClientHistoryEntry> ReadClientHistory(pqxx::transaction_base& tx,
                                                  const std::string& client_id,
                                                  std::optional<int> before_version, int limit) {
  std::vector<ClientHistoryEntry> entries;
  for (const auto& row : tx.exec_prepared("client_history_page", client_id,
                                          before_version.value_or(INT32_MAX), limit)) {
    ClientHistoryEntry entry;
    entry.version = row[0].as<int>();
    entry.change = row[1].c_str();
    entry.actor = row[2].c_str();
    entry.change_time_micros = row[3].as<int64_t>();
    entry.client = ParseSnapshot(row[4].c_str());
    entry.merge_id = common::db::TextOr(row[5]);
    entries.push_back(std::move(entry));
  }
  return entries;
}

std::vector<ClientHistoryEntry> ReadMergedClientHistory(
    pqxx::transaction_base& tx, const std::string& client_id,
    const std::optional<MergedHistoryKey>& after, int limit) {
  // The first page starts after every real key: a time in year 9999 and the largest UUID.
  const MergedHistoryKey start{253402300800000000, "ffffffff-ffff-ffff-ffff-ffffffffffff",
                               INT32_MAX};
  const MergedHistoryKey& from = after ? *after : start;
  std::vector<ClientHistoryEntry> entries;
  for (const auto& row :
       tx.exec_prepared("client_history_with_merged_page", client_id, from.change_time_micros,
                        from.client_id, from.version, limit)) {
    ClientHistoryEntry entry;
    entry.client_id = row[0].c_str();
    entry.version = row[1].as<int>();
    entry.change = row[2].c_str();
    entry.actor = row[3].c_str();
    entry.change_time_micros = row[4].as<int64_t>();
    entry.client = ParseSnapshot(row[5].c_str());
    if (!row[6].is_null()) {
      entry.previous = ParseSnapshot(row[6].c_str());
    }
    entry.merge_id = common::db::TextOr(row[7]);
    entries.push_back(std::move(entry));
  }
  return entries;
}

std::optional<v1::Client> ReadClientVersion(pqxx::transaction_base& tx,
                                            const std::string& client_id, int version) {
  return FirstOf(tx.exec_prepared("client_history_version", client_id, version),
                 [](const pqxx::row& row) { return ParseSnapshot(row[0].c_str()); });
}

Page<v1::Client> SearchClients(pqxx::transaction_base& tx, const ClientSearch& search) {
  const ListWindow& w = search.window;
  const char* statement = "clients_search_by_display_name";
  int sort_column = kClientDisplayNameColumn;
  switch (search.sort) {
    case ClientSort::kDisplayName:
      break;
    case ClientSort::kCreateTime:
      statement = "clients_search_by_create_time";
      sort_column = kClientCreatedColumn;
      break;
    case ClientSort::kUpdateTime:
      statement = "clients_search_by_update_time";
      sort_column = kClientUpdatedColumn;
      break;
    case ClientSort::kRelevance:
      statement = "clients_search_by_relevance";
      sort_column = kClientScoreColumn;
      break;
  }
  tx.exec_prepared("use_custom_plans");
  const std::string after_sort = w.after ? w.after->sort : "";
  const std::vector<std::string> filter = ClientFilterParameters(search.filter);
  auto run = [&] {
    return tx.exec_prepared(statement, pqxx::prepare::make_dynamic_params(filter),
                            search.show_deleted, after_sort, AfterId(w), FetchLimit(w));
  };
  if (search.sort != ClientSort::kRelevance || search.filter.name_query.empty()) {
    return ReadPage(run(), w, sort_column, DecodeClient);
  }
  // By relevance, stricter name similarity first; the last tier is the default and is left set.
  pqxx::result rows;
  for (const char* threshold : kNameSimilarityTiers) {
    tx.exec_prepared("set_name_similarity_threshold", threshold);
    rows = run();
    if (rows.size() >= static_cast<std::size_t>(FetchLimit(w))) {
      if (threshold != kNameSimilarityTiers.back()) {
        tx.exec_prepared("set_name_similarity_threshold", kNameSimilarityTiers.back());
      }
      break;
    }
  }
  return ReadPage(rows, w, sort_column, DecodeClient);
}

v1::ContactPerson InsertContactPerson(pqxx::transaction_base& tx, const std::string& id,
                                      const std::string& client_id, const v1::ContactPerson& person,
                                      const std::string& actor) {
  return DecodeContactPerson(tx.exec_prepared1(
      "contact_person_insert", id, client_id, person.full_name(), person.position(), person.phone(),
      person.email(), actor, TextArrayLiteral(PhoneNumbers(person.phones())),
      TextArrayLiteral(PhoneDigits(person.phones())),
      TextArrayLiteral({person.emails().begin(), person.emails().end()}),
      TextArrayLiteral(EmailKeys(person.emails())), person.mailing_consent(), person.primary(),
      ContactPersonStatusText::Of(person.status())));
}

std::optional<v1::ContactPerson> FindContactPerson(pqxx::transaction_base& tx,
                                                   const ContactPersonRef& ref) {
  return FirstOf(tx.exec_prepared("contact_person_get", ref.id, ref.client_id),
                 DecodeContactPerson);
}

std::optional<v1::ContactPerson> LockContactPerson(pqxx::transaction_base& tx,
                                                   const ContactPersonRef& ref) {
  return FirstOf(tx.exec_prepared("contact_person_get_for_update", ref.id, ref.client_id),
                 DecodeContactPerson);
}

v1::ContactPerson UpdateContactPersonRecord(pqxx::transaction_base& tx, const ContactPersonRef& ref,
                                            const v1::ContactPerson& person,
                                            const std::string& actor) {
  return DecodeContactPerson(tx.exec_prepared1(
      "contact_person_update", ref.id, ref.client_id, person.full_name(), person.position(),
      person.phone(), person.email(), TextArrayLiteral(PhoneNumbers(person.phones())),
      TextArrayLiteral(PhoneDigits(person.phones())),
      TextArrayLiteral({person.emails().begin(), person.emails().end()}),
      TextArrayLiteral(EmailKeys(person.emails())), person.mailing_consent(), person.primary(),
      ContactPersonStatusText::Of(person.status()), actor));
}

v1::ContactPerson SetContactPersonDeleted(pqxx::transaction_base& tx, const ContactPersonRef& ref,
                                          bool deleted, const std::string& actor) {
  return DecodeContactPerson(
      tx.exec_prepared1("contact_person_set_deleted", ref.id, ref.client_id, deleted, actor));
}

Page<v1::ContactPerson> ListContactPersons(pqxx::transaction_base& tx, const std::string& client_id,
                                           bool show_deleted, const ListWindow& window) {
  return ReadPage(tx.exec_prepared("contact_persons_list", client_id, AfterSort(window),
                                   AfterId(window), FetchLimit(window), show_deleted),
                  window, kContactPersonSortColumn, DecodeContactPerson);
}

std::vector<v1::Client> ClientsFromRows(const pqxx::result& rows) {
  std::vector<v1::Client> clients;
  clients.reserve(rows.size());
  for (const auto& row : rows) {
    clients.push_back(DecodeClient(row));
  }
  return clients;
}

}  // namespace crm::registry
