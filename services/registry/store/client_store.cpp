#include "services/registry/store/client_store.h"

#include <algorithm>
#include <stdexcept>
#include <string_view>
#include <utility>
#include <vector>

#include "common/bus/outbox.h"
#include "common/core/ids.h"
#include "common/db/lists.h"
#include "common/db/params.h"
#include "common/db/pool.h"
#include "common/db/row.h"
#include "services/registry/domain/bank_accounts.h"
#include "services/registry/domain/client_rules.h"
#include "services/registry/domain/search_text.h"
#include "services/registry/store/client_filter.h"
#include "services/registry/store/columns.h"

namespace crm::registry {
namespace {

using common::db::QuotedArrayLiteral;
using common::db::Row;

// The lists are stored joined by U+001F, a character validated text never holds.
std::vector<std::string> SplitList(const std::string& joined) {
  return common::db::SplitList(joined, '\x1f');
}

// The address whose columns are `prefix` + postal_code, region_code, city, street_line.
void DecodeAddress(const Row& row, const std::string& prefix, v1::Address* address) {
  address->set_postal_code(row.Text((prefix + "postal_code").c_str()));
  address->set_region_code(row.Text((prefix + "region_code").c_str()));
  address->set_city(row.Text((prefix + "city").c_str()));
  address->set_street_line(row.Text((prefix + "street_line").c_str()));
}

// The phones from the columns `phones` and `phone_digits`.
template <class Resource>
void DecodePhones(const Row& row, Resource* resource) {
  const std::vector<std::string> phones = SplitList(row.Text("phones"));
  const std::vector<std::string> digits = SplitList(row.Text("phone_digits"));
  for (std::size_t i = 0; i < phones.size(); ++i) {
    v1::Phone* phone = resource->add_phones();
    phone->set_number(phones[i]);
    phone->set_digits(i < digits.size() ? digits[i] : NormalizePhoneDigits(phones[i]));
  }
}

// A row of the client statements (store/sql/clients.sql).
v1::Client DecodeClient(const Row& row) {
  v1::Client client;
  client.set_name(common::ResourceName("clients", row.Text("id")));
  DecodeClientIdentity(row, client);
  client.set_ogrn(row.Text("ogrn"));
  client.set_legal_address(row.Text("legal_address"));
  client.set_phone(row.Text("phone"));
  client.set_email(row.Text("email"));
  // The version is opaque to callers; it changes with every write, as an etag must.
  DecodeTimesAndEtag(row, {"create_time_us", "update_time_us", "delete_time_us"}, client);
  client.set_legal_form(LegalFormText::Parse(row.Text("legal_form")));
  DecodeAddress(row, "legal_", client.mutable_legal_address_details());
  DecodeAddress(row, "postal_", client.mutable_postal_address());
  client.set_postal_address_valid(row.Bool("postal_address_valid"));
  client.set_industry_code(row.Text("industry_code"));
  for (std::string& code : SplitList(row.Text("okved_codes"))) {
    client.add_okved_codes(std::move(code));
  }
  DecodePhones(row, &client);
  for (std::string& email : SplitList(row.Text("emails"))) {
    client.add_emails(std::move(email));
  }
  client.set_website(row.Text("website"));
  client.set_lead_source(row.Text("lead_source"));
  if (const std::string kind = row.Text("lead_source_kind"); !kind.empty()) {
    client.set_lead_source_kind(LeadSourceKindText::Parse(kind));
  }
  client.set_notes(row.Text("notes"));
  if (auto head = row.OptionalText("head_client_id")) {
    client.set_head_client(common::ResourceName("clients", *head));
  }
  client.set_verification_state(VerificationStateText::Parse(row.Text("verification_state")));
  client.set_creator(row.Text("created_by"));
  AppendBankAccounts(row.Text("bank_accounts"), client.mutable_bank_accounts());
  *client.mutable_geography() = GeographyOf(client);
  return client;
}

// A row of the contact person statements (store/sql/clients.sql).
v1::ContactPerson DecodeContactPerson(const Row& row) {
  v1::ContactPerson person;
  person.set_name(common::ResourceName("clients", row.Text("client_id")) + "/" +
                  common::ResourceName("contactPersons", row.Text("id")));
  person.set_full_name(row.Text("full_name"));
  person.set_position(row.Text("position"));
  person.set_phone(row.Text("phone"));
  person.set_email(row.Text("email"));
  *person.mutable_create_time() = row.TimeFromMicros("create_time_us");
  DecodePhones(row, &person);
  for (std::string& email : SplitList(row.Text("emails"))) {
    person.add_emails(std::move(email));
  }
  person.set_mailing_consent(row.Bool("mailing_consent"));
  person.set_primary(row.Bool("is_primary"));
  person.set_status(ContactPersonStatusText::Parse(row.Text("status")));
  *person.mutable_update_time() = row.TimeFromMicros("update_time_us");
  person.set_etag(row.Text("version"));
  if (auto deleted = row.OptionalTimeFromMicros("delete_time_us")) {
    *person.mutable_delete_time() = *deleted;
  }
  return person;
}

// A stored snapshot, read as events are (common::bus::FromJson: the shared parser, built once per
// type, or protobuf's converter for what it leaves to it; unknown fields ignored).
v1::Client ParseSnapshot(const std::string& json) {
  v1::Client client;
  try {
    common::bus::FromJson(json, &client);
  } catch (const std::invalid_argument& e) {
    throw std::runtime_error(std::string("a client history snapshot does not parse: ") + e.what());
  }
  return client;
}

// One recorded version of a client (client_history_page, client_history_with_merged_page).
ClientHistoryEntry DecodeHistoryEntry(const Row& row) {
  ClientHistoryEntry entry;
  entry.version = row.Int32("version");
  entry.change = row.Text("change");
  entry.actor = row.Text("changed_by");
  entry.change_time_micros = row.Int64("change_time_us");
  entry.client = ParseSnapshot(row.Text("snapshot"));
  entry.merge_id = row.Text("merge_id");
  return entry;
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

// The editable record: $5..$36 of client_insert, $3..$34 of client_update (in this order).
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
          QuotedArrayLiteral(client.okved_codes()),
          QuotedArrayLiteral(PhoneNumbers(client.phones())),
          QuotedArrayLiteral(PhoneDigits(client.phones())),
          QuotedArrayLiteral(client.emails()),
          QuotedArrayLiteral(EmailKeys(client.emails())),
          client.website(),
          client.lead_source(),
          client.notes(),
          head_id,
          LeadSourceKindText::Of(client.lead_source_kind()),
          BankAccountsJson(client.bank_accounts())};
}

}  // namespace

v1::Client InsertClient(pqxx::transaction_base& tx, const std::string& id, const v1::Client& client,
                        const std::string& actor, v1::VerificationState state) {
  return DecodeClient(Row(
      tx.exec_prepared1("client_insert", id, client.inn(), actor, VerificationStateText::Of(state),
                        pqxx::prepare::make_dynamic_params(ClientRecord(client)))));
}

std::optional<v1::Client> FindClient(pqxx::transaction_base& tx, const std::string& id) {
  return FirstRowOf(tx.exec_prepared("client_get", id), DecodeClient);
}

std::optional<v1::Client> FindClientByInnKpp(pqxx::transaction_base& tx, const std::string& inn,
                                             const std::string& kpp) {
  return FirstRowOf(tx.exec_prepared("client_by_inn_kpp", inn, kpp), DecodeClient);
}

std::optional<v1::Client> LockClient(pqxx::transaction_base& tx, const std::string& id) {
  return FirstRowOf(tx.exec_prepared("client_get_for_update", id), DecodeClient);
}

v1::Client UpdateClientRecord(pqxx::transaction_base& tx, const std::string& id,
                              const v1::Client& client, const std::string& actor,
                              const std::string& lead_source_time) {
  std::vector<std::string> record = ClientRecord(client);
  record.push_back(lead_source_time);
  return DecodeClient(Row(
      tx.exec_prepared1("client_update", id, actor, pqxx::prepare::make_dynamic_params(record))));
}

bool LeadSourceOlderThan(pqxx::transaction_base& tx, const std::string& id,
                         const std::string& time) {
  auto result = tx.exec_prepared("client_lead_source_older_than", id, time);
  return !result.empty() && Row(result[0]).Bool("older");
}

v1::Client SetClientDeleted(pqxx::transaction_base& tx, const std::string& id, bool deleted,
                            const std::string& actor) {
  return DecodeClient(Row(tx.exec_prepared1("client_set_deleted", id, deleted, actor)));
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
    entries.push_back(DecodeHistoryEntry(Row(row)));
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
    const Row fields(row);
    ClientHistoryEntry entry = DecodeHistoryEntry(fields);
    entry.client_id = fields.Text("client_id");
    if (auto previous = fields.OptionalText("previous")) {
      entry.previous = ParseSnapshot(*previous);
    }
    entries.push_back(std::move(entry));
  }
  return entries;
}

std::optional<v1::Client> ReadClientVersion(pqxx::transaction_base& tx,
                                            const std::string& client_id, int version) {
  return FirstRowOf(tx.exec_prepared("client_history_version", client_id, version),
                    [](const Row& row) { return ParseSnapshot(row.Text("snapshot")); });
}

namespace {

// The relevance order of clients_search_by_relevance, read in two disjoint parts: the names
// containing the fragment (score 1 or more, one GIN substring scan) and the names only similar to
// it (score at most 1). When the containing part fills the page with scores above 1, no similar
// name can be on it and the similarity scan, the costly one, is not run. Otherwise the similar
// part runs at stricter thresholds first (SimilarNameTiers), and the page is the first rows of
// both parts merged; the last tier is the default and is left set. Returns the rows in page order,
// at most FetchLimit of them.
std::vector<pqxx::row> SearchByRelevance(pqxx::transaction_base& tx, const ClientSearch& search) {
  const ListWindow& w = search.window;
  const auto limit = static_cast<std::size_t>(FetchLimit(w));
  std::vector<std::string> filter = ClientFilterParameters(search.filter);
  // The name condition is the statements' own ($23, $24), not the filter's.
  const std::string pattern = std::exchange(filter[0], "");
  const std::string fragment = std::exchange(filter[1], "");
  const std::string after_sort = w.after ? w.after->sort : "";
  auto run = [&](bool containing) {
    return tx.exec_prepared("clients_search_name_part", pqxx::prepare::make_dynamic_params(filter),
                            search.show_deleted, after_sort, AfterId(w), FetchLimit(w), pattern,
                            fragment, containing);
  };
  const pqxx::result containing = run(true);
  std::vector<pqxx::row> rows(containing.begin(), containing.end());
  auto score = [](const pqxx::row& row) { return row["score"].as<double>(); };
  if (rows.size() >= limit && score(rows.back()) > 1) {
    return rows;
  }
  pqxx::result similar;
  const std::span<const char* const> tiers = SimilarNameTiers(fragment);
  for (std::size_t tier = 0; tier < tiers.size(); ++tier) {
    tx.exec_prepared("set_name_similarity_threshold", tiers[tier]);
    similar = run(false);
    if (rows.size() + similar.size() >= limit) {
      // A stricter tier filled the page: the statements after this one expect the default back.
      if (tier + 1 < tiers.size()) {
        tx.exec_prepared("set_name_similarity_threshold", tiers.back());
      }
      break;
    }
  }
  rows.insert(rows.end(), similar.begin(), similar.end());
  // Score descending, then id ascending (the canonical text of a UUID sorts as the UUID does).
  std::stable_sort(rows.begin(), rows.end(), [&](const pqxx::row& a, const pqxx::row& b) {
    const double sa = score(a);
    const double sb = score(b);
    if (sa != sb) {
      return sa > sb;
    }
    return std::string_view(a["id"].c_str()) < std::string_view(b["id"].c_str());
  });
  if (rows.size() > limit) {
    rows.resize(limit);
  }
  return rows;
}

}  // namespace

Page<v1::Client> SearchClients(pqxx::transaction_base& tx, const ClientSearch& search) {
  const ListWindow& w = search.window;
  const char* statement = "clients_search_by_display_name";
  const char* sort_column = "display_name";
  switch (search.sort) {
    case ClientSort::kDisplayName:
      break;
    case ClientSort::kCreateTime:
      statement = "clients_search_by_create_time";
      sort_column = "create_time_us";
      break;
    case ClientSort::kUpdateTime:
      statement = "clients_search_by_update_time";
      sort_column = "update_time_us";
      break;
    case ClientSort::kRelevance:
      statement = "clients_search_by_relevance";
      sort_column = "score";
      break;
  }
  common::db::UseCustomPlans(tx);
  const std::string after_sort = w.after ? w.after->sort : "";
  const std::vector<std::string> filter = ClientFilterParameters(search.filter);
  auto run = [&] {
    return tx.exec_prepared(statement, pqxx::prepare::make_dynamic_params(filter),
                            search.show_deleted, after_sort, AfterId(w), FetchLimit(w));
  };
  if (search.sort != ClientSort::kRelevance || search.filter.name_query.empty()) {
    return ReadPageByName(run(), w, sort_column, DecodeClient);
  }
  return ReadPageByName(SearchByRelevance(tx, search), w, sort_column, DecodeClient);
}

long CountClients(pqxx::transaction_base& tx, const ClientSearch& search) {
  common::db::UseCustomPlans(tx);
  // At the default name similarity, the one every page of the search is cut at.
  tx.exec_prepared("set_name_similarity_threshold", kNameSimilarityTiers.back());
  return static_cast<long>(Row(tx.exec_prepared1("clients_count",
                                                 pqxx::prepare::make_dynamic_params(
                                                     ClientFilterParameters(search.filter)),
                                                 search.show_deleted))
                               .Int64("total"));
}

v1::ContactPerson InsertContactPerson(pqxx::transaction_base& tx, const std::string& id,
                                      const std::string& client_id, const v1::ContactPerson& person,
                                      const std::string& actor) {
  return DecodeContactPerson(Row(tx.exec_prepared1(
      "contact_person_insert", id, client_id, person.full_name(), person.position(), person.phone(),
      person.email(), actor, QuotedArrayLiteral(PhoneNumbers(person.phones())),
      QuotedArrayLiteral(PhoneDigits(person.phones())), QuotedArrayLiteral(person.emails()),
      QuotedArrayLiteral(EmailKeys(person.emails())), person.mailing_consent(), person.primary(),
      ContactPersonStatusText::Of(person.status()))));
}

std::optional<v1::ContactPerson> FindContactPerson(pqxx::transaction_base& tx,
                                                   const ContactPersonRef& ref) {
  return FirstRowOf(tx.exec_prepared("contact_person_get", ref.id, ref.client_id),
                    DecodeContactPerson);
}

std::optional<v1::ContactPerson> LockContactPerson(pqxx::transaction_base& tx,
                                                   const ContactPersonRef& ref) {
  return FirstRowOf(tx.exec_prepared("contact_person_get_for_update", ref.id, ref.client_id),
                    DecodeContactPerson);
}

v1::ContactPerson UpdateContactPersonRecord(pqxx::transaction_base& tx, const ContactPersonRef& ref,
                                            const v1::ContactPerson& person,
                                            const std::string& actor) {
  return DecodeContactPerson(Row(tx.exec_prepared1(
      "contact_person_update", ref.id, ref.client_id, person.full_name(), person.position(),
      person.phone(), person.email(), QuotedArrayLiteral(PhoneNumbers(person.phones())),
      QuotedArrayLiteral(PhoneDigits(person.phones())), QuotedArrayLiteral(person.emails()),
      QuotedArrayLiteral(EmailKeys(person.emails())), person.mailing_consent(), person.primary(),
      ContactPersonStatusText::Of(person.status()), actor)));
}

v1::ContactPerson SetContactPersonDeleted(pqxx::transaction_base& tx, const ContactPersonRef& ref,
                                          bool deleted, const std::string& actor) {
  return DecodeContactPerson(
      Row(tx.exec_prepared1("contact_person_set_deleted", ref.id, ref.client_id, deleted, actor)));
}

Page<v1::ContactPerson> ListContactPersons(pqxx::transaction_base& tx, const std::string& client_id,
                                           bool show_deleted, const ListWindow& window) {
  return ReadPageByName(tx.exec_prepared("contact_persons_list", client_id, AfterSort(window),
                                         AfterId(window), FetchLimit(window), show_deleted),
                        window, "full_name", DecodeContactPerson);
}

std::vector<v1::Client> ClientsFromRows(const pqxx::result& rows) {
  std::vector<v1::Client> clients;
  clients.reserve(rows.size());
  for (const auto& row : rows) {
    clients.push_back(DecodeClient(Row(row)));
  }
  return clients;
}

}  // namespace crm::registry
