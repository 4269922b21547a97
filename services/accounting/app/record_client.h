#pragma once

#include <optional>
#include <pqxx/pqxx>
#include <string>

#include "crm/events/v1/registry_client_events.pb.h"

// Accounting's copy of registry's clients (store/client_requisites_store.h), from
// client.created, updated, undeleted and restored: a newer event (by ce-time) wins, an older one
// changes nothing. Once a client's counterparty went to 1C, its bank accounts follow every change:
// a new or changed account is queued for the next exchange message, one no longer the client's
// is queued as a deletion.
namespace crm::accounting::app {

// An event that names no client is a common::bus::PoisonEvent (dead-lettered at once).
void RecordClient(pqxx::work& tx, const crm::events::v1::ClientSnapshot& client,
                  const std::optional<std::string>& event_time);

// The client's bank accounts as accounting's copy holds them put into `client` (a document's
// buyer); `client` unchanged when accounting has not heard of the client. Holds the client's lock
// (ClientRequisitesStore::Lock) to the end of `tx`, so that a document for a client and a change
// of the client applied at once both reach 1C.
void AddCopiedBankAccounts(pqxx::work& tx, crm::events::v1::ClientSnapshot* client);

}  // namespace crm::accounting::app
