#include "services/registry/store/client_store.h"

#include <google/protobuf/util/time_util.h>

#include "common/bus/outbox.h"
#include "common/core/ids.h"

namespace crm::registry {
namespace {

using google::protobuf::util::TimeUtil;

constexpr int kClientSortColumn = 1;         // display_name
constexpr int kContactPersonSortColumn = 2;  // full_name

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
  *client.mutable_create_time() = TimeUtil::MicrosecondsToTimestamp(row[9].as<int64_t>());
  *client.mutable_update_time() = TimeUtil::MicrosecondsToTimestamp(row[10].as<int64_t>());
  // The version is opaque to callers; it changes with every write, as an etag must.
  client.set_etag(row[11].c_str());
  if (!row[12].is_null()) {
    *client.mutable_delete_time() = TimeUtil::MicrosecondsToTimestamp(row[12].as<int64_t>());
  }
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
  *person.mutable_create_time() = TimeUtil::MicrosecondsToTimestamp(row[6].as<int64_t>());
  return person;
}

// A name fragment as an ILIKE pattern: the caller's '%', '_' and '\' match themselves.
std::string ContainsPattern(const std::string& fragment) {
  std::string pattern = "%";
  for (char c : fragment) {
    if (c == '%' || c == '_' || c == '\\') {
      pattern += '\\';
    }
    pattern += c;
  }
  pattern += '%';
  return pattern;
}

}  // namespace

v1::Client InsertClient(pqxx::transaction_base& tx, const std::string& id, const v1::Client& client,
                        const std::string& request_id, const std::string& actor) {
  return DecodeClient(tx.exec_prepared1(
      "client_insert", id, client.display_name(), client.legal_name(), client.inn(), client.kpp(),
      client.ogrn(), client.legal_address(), client.phone(), client.email(), request_id, actor));
}

std::optional<v1::Client> FindClient(pqxx::transaction_base& tx, const std::string& id) {
  return FirstOf(tx.exec_prepared("client_get", id), DecodeClient);
}

std::optional<v1::Client> FindClientByRequestId(pqxx::transaction_base& tx,
                                                const std::string& request_id) {
  return FirstOf(tx.exec_prepared("client_by_request_id", request_id), DecodeClient);
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
  return DecodeClient(tx.exec_prepared1(
      "client_update", id, client.display_name(), client.legal_name(), client.kpp(), client.ogrn(),
      client.legal_address(), client.phone(), client.email(), actor));
}

v1::Client SetClientDeleted(pqxx::transaction_base& tx, const std::string& id, bool deleted,
                            const std::string& actor) {
  return DecodeClient(tx.exec_prepared1("client_set_deleted", id, deleted, actor));
}

bool ClientExists(pqxx::transaction_base& tx, const std::string& id) {
  return !tx.exec_prepared("client_exists", id).empty();
}

void AppendClientHistory(pqxx::transaction_base& tx, const v1::Client& client,
                         const std::string& change, const std::string& actor,
                         const std::string& request_id) {
  auto id = common::ParseResourceId(client.name(), "clients");
  tx.exec_prepared0("client_history_append", id.value(), change, actor, request_id,
                    common::bus::ToJson(client));
}

Page<v1::Client> SearchClients(pqxx::transaction_base& tx, const ClientSearch& search) {
  const ListWindow& w = search.window;
  pqxx::result rows;
  if (search.query.empty() && search.inn.empty()) {
    rows = tx.exec_prepared("clients_list", AfterSort(w), AfterId(w), FetchLimit(w),
                            search.show_deleted);
  } else if (search.inn.empty()) {
    rows = tx.exec_prepared("clients_search_by_name", ContainsPattern(search.query), AfterSort(w),
                            AfterId(w), FetchLimit(w), search.show_deleted);
  } else if (search.query.empty()) {
    rows = tx.exec_prepared("clients_search_by_inn", search.inn, AfterSort(w), AfterId(w),
                            FetchLimit(w), search.show_deleted);
  } else {
    rows = tx.exec_prepared("clients_search_by_name_and_inn", search.inn,
                            ContainsPattern(search.query), AfterSort(w), AfterId(w), FetchLimit(w),
                            search.show_deleted);
  }
  return ReadPage(rows, w, kClientSortColumn, DecodeClient);
}

v1::ContactPerson InsertContactPerson(pqxx::transaction_base& tx, const std::string& id,
                                      const std::string& client_id, const v1::ContactPerson& person,
                                      const std::string& request_id, const std::string& actor) {
  return DecodeContactPerson(tx.exec_prepared1("contact_person_insert", id, client_id,
                                               person.full_name(), person.position(),
                                               person.phone(), person.email(), request_id, actor));
}

std::optional<v1::ContactPerson> FindContactPersonByRequestId(pqxx::transaction_base& tx,
                                                              const std::string& request_id) {
  return FirstOf(tx.exec_prepared("contact_person_by_request_id", request_id), DecodeContactPerson);
}

Page<v1::ContactPerson> ListContactPersons(pqxx::transaction_base& tx, const std::string& client_id,
                                           const ListWindow& window) {
  return ReadPage(tx.exec_prepared("contact_persons_list", client_id, AfterSort(window),
                                   AfterId(window), FetchLimit(window)),
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
