#include "services/registry/app/client_support.h"

#include <cstring>

#include "common/api/etag.h"
#include "common/core/ids.h"
#include "services/registry/store/client_store.h"
#include "services/registry/store/staff_store.h"

namespace crm::registry::app {

std::string ExistingClientMessage(const v1::Client& client, const v1::Client& existing) {
  std::string message = "a client with INN " + client.inn();
  if (!client.kpp().empty()) {
    message += " and KPP " + client.kpp();
  }
  return message + " already exists: " + existing.name();
}

v1::Client LockCurrentClient(pqxx::transaction_base& tx, const std::string& id,
                             const std::string& etag) {
  auto client = LockClient(tx, id);
  if (!client) {
    throw common::NotFoundError(common::ResourceName("clients", id));
  }
  common::api::CheckEtag(client->name(), client->etag(), etag);
  return *client;
}

void CheckHeadClient(pqxx::transaction_base& tx, const v1::Client& client,
                     const std::string& self_id) {
  if (client.head_client().empty()) {
    return;
  }
  constexpr char kField[] = "client.head_client";
  const std::string head_id = common::ParseResourceId(client.head_client(), "clients").value();
  auto head = FindClient(tx, head_id);
  if (!head) {
    throw common::ValidationError(kField, "names no client: " + client.head_client());
  }
  if (head->has_delete_time()) {
    throw common::ValidationError(kField, "names a deleted client: " + head->name());
  }
  if (head->inn() != client.inn()) {
    throw common::ValidationError(
        kField, "must have the same INN as its branch (" + client.inn() + "), not " + head->inn());
  }
  if (!self_id.empty() && HeadChainContains(tx, head_id, self_id)) {
    throw common::ValidationError(kField, "is a branch of this client: that would make a cycle");
  }
}

ClientResponsibility LoadClientResponsibility(pqxx::transaction_base& tx,
                                              const v1::Client& client) {
  ClientResponsibility responsibility;
  const std::string id = common::ParseResourceId(client.name(), "clients").value();
  responsibility.curator_ids = CurrentCuratorEmployees(tx, id);
  return responsibility;
}

v1::Client LockLiveClient(pqxx::transaction_base& tx, const std::string& id,
                          std::string_view etag) {
  auto client = LockClient(tx, id);
  if (!client) {
    throw common::NotFoundError(common::ResourceName("clients", id));
  }
  common::api::CheckEtag(client->name(), client->etag(), etag);
  if (client->has_delete_time()) {
    throw common::PreconditionError(
        "CLIENT_DELETED", "the client " + client->name() + " is deleted or merged into another");
  }
  return *client;
}

v1::Client RecordClientChange(pqxx::transaction_base& tx, const std::string& id,
                              const std::string& change, const common::auth::Principal& caller,
                              const std::string& request_id, const std::string& merge_id) {
  v1::Client client = FindClient(tx, id).value();
  AppendClientHistory(tx, client, change, caller.subject, request_id, merge_id);
  return client;
}

common::PreconditionError PrimaryContactTaken(const std::string& client_id) {
  return common::PreconditionError(
      "PRIMARY_CONTACT_EXISTS", "the client " + common::ResourceName("clients", client_id) +
                                    " already has a primary contact person; unmark that one first");
}

bool IsPrimaryContactViolation(const pqxx::unique_violation& error) {
  return std::strstr(error.what(), "contact_persons_one_primary") != nullptr;
}

}  // namespace crm::registry::app
