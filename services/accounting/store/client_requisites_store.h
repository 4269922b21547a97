#pragma once

#include <optional>
#include <pqxx/pqxx>
#include <string>

#include "crm/events/v1/registry_client_events.pb.h"

// Accounting's copy of registry's clients as the 1C exchange needs them: names, INN, KPP and bank
// accounts (the client_requisites table, through store/sql/client_requisites.sql).
namespace crm::accounting {

class ClientRequisitesStore {
 public:
  // Serialises, to the end of `tx`, the work on one client's requisites and its objects for 1C.
  static void Lock(pqxx::transaction_base& tx, const std::string& client_id);
  // The copy; nullopt when accounting has not heard of the client.
  static std::optional<crm::events::v1::ClientSnapshot> Find(pqxx::transaction_base& tx,
                                                             const std::string& client_id);
  // Stores `requisites` as of `event_time` (RFC 3339; nullopt applies it as the latest). False,
  // and nothing written, for an event older than the one stored.
  static bool Put(pqxx::transaction_base& tx, const std::string& client_id,
                  const crm::events::v1::ClientSnapshot& requisites,
                  const std::optional<std::string>& event_time);
};

}  // namespace crm::accounting
