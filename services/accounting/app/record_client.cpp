#include "services/accounting/app/record_client.h"

#include <algorithm>

#include "common/bus/consumer.h"
#include "common/core/ids.h"
#include "services/accounting/domain/enterprise_data.h"
#include "services/accounting/store/client_requisites_store.h"
#include "services/accounting/store/exchange_store.h"

namespace crm::accounting::app {
namespace {

using crm::events::v1::ClientSnapshot;

// What the exchange needs of a client, and no more of it is kept.
ClientSnapshot RequisitesOf(const ClientSnapshot& client) {
  ClientSnapshot requisites;
  requisites.set_client(client.client());
  requisites.set_display_name(client.display_name());
  requisites.set_legal_name(client.legal_name());
  requisites.set_inn(client.inn());
  requisites.set_kpp(client.kpp());
  *requisites.mutable_bank_accounts() = client.bank_accounts();
  return requisites;
}

bool HasAccount(const ClientSnapshot& client, const std::string& number) {
  return std::any_of(client.bank_accounts().begin(), client.bank_accounts().end(),
                     [&number](const auto& account) { return account.account() == number; });
}

// The client's accounts again for 1C, and the deletion of those it no longer has, when its
// counterparty went to 1C already (before that, the accounts go with it).
void QueueChangedAccounts(pqxx::work& tx, const ClientSnapshot& before,
                          const ClientSnapshot& after) {
  if (!ExchangeStore::Has(tx, domain::ObjectRef(after.client()))) {
    return;
  }
  for (const domain::ExchangeObject& object : domain::CounterpartyBankAccounts(after)) {
    ExchangeStore::Put(tx, object);
  }
  for (const auto& account : before.bank_accounts()) {
    const std::string source = domain::ClientBankAccountSource(after.client(), account.account());
    if (!HasAccount(after, account.account()) &&
        ExchangeStore::Has(tx, domain::ObjectRef(source))) {
      ExchangeStore::Put(tx, domain::BankAccountDeletion(after.client(), account.account()));
    }
  }
}

}  // namespace

void RecordClient(pqxx::work& tx, const ClientSnapshot& client,
                  const std::optional<std::string>& event_time) {
  const std::string id =
      common::bus::ResourceIdOrPoison(client.client(), "clients", "client.client");
  ClientRequisitesStore::Lock(tx, id);
  const ClientSnapshot before = ClientRequisitesStore::Find(tx, id).value_or(ClientSnapshot());
  const ClientSnapshot after = RequisitesOf(client);
  if (ClientRequisitesStore::Put(tx, id, after, event_time)) {
    QueueChangedAccounts(tx, before, after);
  }
}

void AddCopiedBankAccounts(pqxx::work& tx, ClientSnapshot* client) {
  const auto id = common::ParseResourceId(client->client(), "clients");
  if (!id) {
    return;  // the document's own validation refuses it
  }
  ClientRequisitesStore::Lock(tx, *id);
  if (auto copy = ClientRequisitesStore::Find(tx, *id)) {
    *client->mutable_bank_accounts() = copy->bank_accounts();
  }
}

}  // namespace crm::accounting::app
