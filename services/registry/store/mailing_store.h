#pragma once

#include <optional>
#include <pqxx/pqxx>
#include <string>
#include <vector>

#include "crm/registry/v1/mailing.pb.h"
#include "services/registry/domain/client_filter.h"
#include "services/registry/domain/list_window.h"
#include "services/registry/domain/mailing_files.h"
#include "services/registry/store/page.h"

// Mailing selections and exports. Every function runs inside the caller's transaction; `actor`
// is the principal subject recorded as author.
namespace crm::registry {

// `owner` is "" for a shared one.
v1::MailingSelection InsertMailingSelection(pqxx::transaction_base& tx, const std::string& id,
                                            const v1::MailingSelection& selection,
                                            const std::string& owner, const std::string& actor);
std::optional<v1::MailingSelection> FindMailingSelection(pqxx::transaction_base& tx,
                                                         const std::string& id);
// The selection, locked until the transaction ends.
std::optional<v1::MailingSelection> LockMailingSelection(pqxx::transaction_base& tx,
                                                         const std::string& id);
// Writes the editable fields of `selection` as a new version.
v1::MailingSelection UpdateMailingSelectionRecord(pqxx::transaction_base& tx, const std::string& id,
                                                  const v1::MailingSelection& selection,
                                                  const std::string& actor);
v1::MailingSelection MarkMailingSelectionDeleted(pqxx::transaction_base& tx, const std::string& id,
                                                 const std::string& actor);
// The live shared selections and `caller`'s personal ones, by display name.
Page<v1::MailingSelection> ListMailingSelections(pqxx::transaction_base& tx,
                                                 const ListWindow& window,
                                                 const std::string& caller);

// Records the export and its recipients, found by `filter` and the selection's switches, in one
// statement.
v1::MailingExport InsertMailingExport(pqxx::transaction_base& tx, const std::string& id,
                                      const v1::MailingSelection& selection,
                                      const ClientFilterSpec& filter, const std::string& actor);
std::optional<v1::MailingExport> FindMailingExport(pqxx::transaction_base& tx,
                                                   const std::string& id);
std::vector<MailingRecipient> ReadMailingRecipients(pqxx::transaction_base& tx,
                                                    const std::string& export_id);

// The clients of the export named by `row_numbers` and `client_ids`, each once, in the order
// named; what the export does not hold is returned in `unknown_rows` / `unknown_clients`.
struct ReturnedMailTargets {
  std::vector<std::string> client_ids;
  std::vector<int> unknown_rows;
  std::vector<std::string> unknown_clients;
};
ReturnedMailTargets ResolveReturnedMail(pqxx::transaction_base& tx, const std::string& export_id,
                                        const std::vector<int>& row_numbers,
                                        const std::vector<std::string>& client_ids);
// Marks every row of the client in the export as returned; returns how many rows it has.
int MarkExportRowsReturned(pqxx::transaction_base& tx, const std::string& export_id,
                           const std::string& client_id, const std::string& item_id);

}  // namespace crm::registry
