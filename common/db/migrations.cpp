#include "common/db/migrations.h"

#include <map>
#include <pqxx/pqxx>
#include <stdexcept>

#include "common/core/log.h"

namespace crm::common::db {
namespace {

// Arbitrary constant: the advisory lock key shared by every migrate run on a database.
constexpr long long kMigrationLockKey = 0x43524d4d4947;  // "CRMMIG"

constexpr const char* kCreateHistory = R"sql(
CREATE TABLE IF NOT EXISTS schema_migrations (
  component  text        NOT NULL,
  version    integer     NOT NULL,
  name       text        NOT NULL,
  checksum   text        NOT NULL,
  applied_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (component, version)
))sql";

using Applied = std::map<std::pair<std::string, int>, std::string>;

Applied ReadApplied(pqxx::transaction_base& tx) {
  Applied applied;
  auto exists = tx.exec1("SELECT to_regclass('schema_migrations') IS NOT NULL")[0].as<bool>();
  if (!exists) {
    return applied;
  }
  for (const auto& row : tx.exec("SELECT component, version, checksum FROM schema_migrations")) {
    applied[{row[0].c_str(), row[1].as<int>()}] = row[2].c_str();
  }
  return applied;
}

void CheckChecksum(const MigrationSet& set, const Migration& m, const std::string& recorded) {
  if (recorded != Sha256Hex(m.sql)) {
    throw std::runtime_error("migration " + set.component + "/" + std::to_string(m.version) + " (" +
                             m.name + ") was changed after it was applied: checksum mismatch");
  }
}
}  // namespace

MigrationReport ApplyMigrations(const std::string& url, const std::vector<MigrationSet>& sets,
                                std::optional<int> last_set_up_to) {
  pqxx::connection conn(url);
  // Session-level lock: concurrent migrate runs (two Jobs, two replicas) wait for each other.
  pqxx::nontransaction(conn).exec("SELECT pg_advisory_lock(" + std::to_string(kMigrationLockKey) +
                                  ")");
  MigrationReport report;
  try {
    {
      pqxx::work tx(conn);
      tx.exec(kCreateHistory);
      tx.commit();
    }
    Applied applied;
    {
      pqxx::read_transaction tx(conn);
      applied = ReadApplied(tx);
    }
    for (const auto& set : sets) {
      const bool limited = last_set_up_to.has_value() && &set == &sets.back();
      for (const auto& m : *set.migrations) {
        auto it = applied.find({set.component, m.version});
        if (it != applied.end()) {
          CheckChecksum(set, m, it->second);
          ++report.already_present;
          continue;
        }
        if (limited && m.version > *last_set_up_to) {
          break;
        }
        pqxx::work tx(conn);
        tx.exec(m.sql);
        tx.exec_params(
            "INSERT INTO schema_migrations (component, version, name, checksum) "
            "VALUES ($1, $2, $3, $4)",
            set.component, m.version, m.name, Sha256Hex(m.sql));
        tx.commit();
        ++report.applied;
        log::Info("migration applied",
                  {{"component", set.component}, {"version", m.version}, {"name", m.name}});
      }
    }
  } catch (...) {
    pqxx::nontransaction(conn).exec("SELECT pg_advisory_unlock_all()");
    throw;
  }
  pqxx::nontransaction(conn).exec("SELECT pg_advisory_unlock_all()");
  return report;
}

void CheckSchema(const std::string& url, const std::vector<MigrationSet>& sets) {
  pqxx::connection conn(url);
  pqxx::read_transaction tx(conn);
  Applied applied = ReadApplied(tx);
  std::size_t known = 0;
  for (const auto& set : sets) {
    for (const auto& m : *set.migrations) {
      auto it = applied.find({set.component, m.version});
      if (it == applied.end()) {
        throw std::runtime_error("database schema is behind: migration " + set.component + "/" +
                                 std::to_string(m.version) + " (" + m.name +
                                 ") is not applied; run the `migrate` command first");
      }
      CheckChecksum(set, m, it->second);
      ++known;
    }
  }
  if (applied.size() != known) {
    throw std::runtime_error(
        "database schema has migrations this binary does not know (a newer version applied "
        "them); refusing to serve");
  }
}

}  // namespace crm::common::db
