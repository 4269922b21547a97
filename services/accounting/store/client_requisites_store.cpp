#include "services/accounting/store/client_requisites_store.h"

#include "common/bus/outbox.h"
#include "common/db/pool.h"
#include "common/db/row.h"
#include "common/db/rows.h"

namespace crm::accounting {

void ClientRequisitesStore::Lock(pqxx::transaction_base& tx, const std::string& client_id) {
  tx.exec_prepared("accounting_client_requisites_lock", client_id);
}

std::optional<crm::events::v1::ClientSnapshot> ClientRequisitesStore::Find(
    pqxx::transaction_base& tx, const std::string& client_id) {
  return common::db::FirstRowOf(tx.exec_prepared("accounting_client_requisites_get", client_id),
                                [](const common::db::Row& row) {
                                  crm::events::v1::ClientSnapshot requisites;
                                  common::bus::FromJson(row.Text("requisites"), &requisites);
                                  return requisites;
                                });
}

bool ClientRequisitesStore::Put(pqxx::transaction_base& tx, const std::string& client_id,
                                const crm::events::v1::ClientSnapshot& requisites,
                                const std::optional<std::string>& event_time) {
  return !tx.exec_prepared("accounting_client_requisites_put", client_id,
                           common::bus::ToJson(requisites), common::db::OrNull(event_time))
              .empty();
}

}  // namespace crm::accounting
