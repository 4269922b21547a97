#pragma once

#include <optional>
#include <pqxx/pqxx>
#include <string>
#include <vector>

#include "crm/registry/v1/registry.pb.h"
#include "services/registry/domain/validation.h"
#include "services/registry/store/page.h"

// Clients, their change history and their contact persons. Every function runs inside the
// caller's transaction; `actor` is the principal subject recorded as author.
namespace crm::registry {

// Inserts a validated client under `id`. Throws pqxx::unique_violation when the INN and KPP are
// already taken.
v1::Client InsertClient(pqxx::transaction_base& tx, const std::string& id, const v1::Client& client,
                        const std::string& actor, v1::VerificationState state);
std::optional<v1::Client> FindClient(pqxx::transaction_base& tx, const std::string& id);
std::optional<v1::Client> FindClientByInnKpp(pqxx::transaction_base& tx, const std::string& inn,
                                             const std::string& kpp);
bool ClientExists(pqxx::transaction_base& tx, const std::string& id);

// The client, locked against concurrent writers until the transaction ends.
std::optional<v1::Client> LockClient(pqxx::transaction_base& tx, const std::string& id);
// Writes the editable fields of a validated client and bumps its version. Throws
// pqxx::unique_violation when the new KPP makes another client's INN and KPP. A changed lead
// source is recorded as set at `lead_source_time` (RFC 3339; "" for now).
v1::Client UpdateClientRecord(pqxx::transaction_base& tx, const std::string& id,
                              const v1::Client& client, const std::string& actor,
                              const std::string& lead_source_time = "");
// Whether the client's lead source was last set before `time` (RFC 3339), or never.
bool LeadSourceOlderThan(pqxx::transaction_base& tx, const std::string& id,
                         const std::string& time);
// Sets (deleted) or clears delete_time and bumps the version.
v1::Client SetClientDeleted(pqxx::transaction_base& tx, const std::string& id, bool deleted,
                            const std::string& actor);
// Whether `candidate_id` is `client_id` or one of its heads up the chain.
bool HeadChainContains(pqxx::transaction_base& tx, const std::string& client_id,
                       const std::string& candidate_id);

// Records the client's current version as `change` ("created", ...) with the full record;
// `merge_id` names the merge a merge or undo entry belongs to.
void AppendClientHistory(pqxx::transaction_base& tx, const v1::Client& client,
                         const std::string& change, const std::string& actor,
                         const std::string& request_id, const std::string& merge_id = "");

// One recorded version with the record after it.
struct ClientHistoryEntry {
  int version = 0;
  std::string change;
  std::string actor;
  int64_t change_time_micros = 0;
  v1::Client client;
  std::string merge_id;  // "" unless the entry records a merge or its undo
  // ReadMergedClientHistory only: whose version it is, and the record before it (nullopt for
  // the client's first version).
  std::string client_id;
  std::optional<v1::Client> previous;
};
// Up to `limit` versions below `before_version` (all when nullopt), newest first.
std::vector<ClientHistoryEntry> ReadClientHistory(pqxx::transaction_base& tx,
                                                  const std::string& client_id,
                                                  std::optional<int> before_version, int limit);
// Up to `limit` versions of the client and of every client merged into it (transitively, while
// the merge is in force), newest first by change time, after `after` (from the newest when
// nullopt); each with its client's previous version.
std::vector<ClientHistoryEntry> ReadMergedClientHistory(
    pqxx::transaction_base& tx, const std::string& client_id,
    const std::optional<MergedHistoryKey>& after, int limit);
std::optional<v1::Client> ReadClientVersion(pqxx::transaction_base& tx,
                                            const std::string& client_id, int version);

Page<v1::Client> SearchClients(pqxx::transaction_base& tx, const ClientSearch& search);
// How many clients the search's filter matches on all its pages (its window and order aside).
long CountClients(pqxx::transaction_base& tx, const ClientSearch& search);

// Throws pqxx::unique_violation when the client already has a primary contact.
v1::ContactPerson InsertContactPerson(pqxx::transaction_base& tx, const std::string& id,
                                      const std::string& client_id, const v1::ContactPerson& person,
                                      const std::string& actor);
std::optional<v1::ContactPerson> FindContactPerson(pqxx::transaction_base& tx,
                                                   const ContactPersonRef& ref);
std::optional<v1::ContactPerson> LockContactPerson(pqxx::transaction_base& tx,
                                                   const ContactPersonRef& ref);
// Throws pqxx::unique_violation when the person becomes a second primary contact.
v1::ContactPerson UpdateContactPersonRecord(pqxx::transaction_base& tx, const ContactPersonRef& ref,
                                            const v1::ContactPerson& person,
                                            const std::string& actor);
// Deleting a person also drops its primary mark.
v1::ContactPerson SetContactPersonDeleted(pqxx::transaction_base& tx, const ContactPersonRef& ref,
                                          bool deleted, const std::string& actor);
Page<v1::ContactPerson> ListContactPersons(pqxx::transaction_base& tx, const std::string& client_id,
                                           bool show_deleted, const ListWindow& window);

// Clients decoded from rows returning the client columns of store/sql/clients.sql (clients_by_ids).
std::vector<v1::Client> ClientsFromRows(const pqxx::result& rows);

}  // namespace crm::registry
