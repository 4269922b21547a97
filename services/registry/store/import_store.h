#pragma once

#include <optional>
#include <pqxx/pqxx>
#include <string>
#include <vector>

#include "common/db/pool.h"
#include "crm/registry/v1/import.pb.h"
#include "services/registry/domain/import/column_mapping.h"
#include "services/registry/store/page.h"

// Client imports and their rows (migrations/0040). Every function runs inside the caller's
// transaction unless it takes the pool.
namespace crm::registry {

struct NewImport {
  std::string id;
  v1::ClientImport import;  // file_name, format, encoding, delimiter, mapping, policy, columns
  std::string file_sha256;
  long long file_bytes = 0;
  std::string actor;
};

// Writes the import and its rows (one COPY), then marks rows repeating an earlier row's INN and
// KPP. Rows with problems get their ERROR result now.
void InsertImport(pqxx::transaction_base& tx, const NewImport& in,
                  const std::vector<MappedRow>& rows);
std::optional<v1::ClientImport> FindImport(pqxx::transaction_base& tx, const std::string& id);
// Whether the import exists (one index probe; FindImport also counts its rows by outcome).
bool ImportExists(pqxx::transaction_base& tx, const std::string& id);
// "uploaded", "dry_run_done", "running" or "completed".
void SetImportState(pqxx::transaction_base& tx, const std::string& id, const std::string& state);

// Holds the run lock of one import (a session advisory lock on its own pooled connection).
class ImportRunLock {
 public:
  // nullopt when another run of the import holds it.
  static std::optional<ImportRunLock> TryAcquire(common::db::Pool& pool, const std::string& id);
  ImportRunLock(ImportRunLock&& other) noexcept;
  ImportRunLock& operator=(ImportRunLock&&) = delete;
  ImportRunLock(const ImportRunLock&) = delete;
  ImportRunLock& operator=(const ImportRunLock&) = delete;
  ~ImportRunLock();

 private:
  ImportRunLock(common::db::Pool::Lease lease, std::string id);
  std::optional<common::db::Pool::Lease> lease_;
  std::string id_;
};

// Clears the results that depend on the client base (not those of the file alone), before a run.
void ResetImportRows(pqxx::transaction_base& tx, const std::string& id);
// The first and last row number of the import (last < first when it has no rows).
std::pair<int, int> ImportRowBounds(pqxx::transaction_base& tx, const std::string& id);

struct ImportBatch {
  std::string import_id;
  int first_row = 0;  // inclusive
  int end_row = 0;    // exclusive
  bool skip_existing = false;
  bool validate_only = false;
  std::string actor;
};

struct BatchChanges {
  std::vector<v1::Client> created;
  std::vector<v1::Client> updated;
};

// Gives every row of the batch without a result its result: matched to an existing client by
// INN and KPP (updated, unchanged, duplicate, or an error for a deleted client), else created. A
// dry run writes the results only. Returns the clients created and updated, as they are now.
BatchChanges RunImportBatch(pqxx::transaction_base& tx, const ImportBatch& batch);

// The clients with these ids, in no particular order.
std::vector<v1::Client> FindClientsByIds(pqxx::transaction_base& tx,
                                         const std::vector<std::string>& ids);
// History rows ("created", "updated") for many clients in one statement.
void AppendClientHistoryMany(pqxx::transaction_base& tx, const std::vector<v1::Client>& clients,
                             const std::string& change, const std::string& actor,
                             const std::string& request_id);

struct ImportRowsQuery {
  std::string import_id;
  std::vector<std::string> outcomes;  // "pending", "created", ...; empty: every row
  int page_size = 50;
  int after_row = 0;
};
struct ImportRowsPage {
  std::vector<v1::ImportRow> rows;
  std::optional<int> next_after_row;
};
ImportRowsPage ListImportRows(pqxx::transaction_base& tx, const ImportRowsQuery& query);

}  // namespace crm::registry
