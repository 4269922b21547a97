#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "common/core/digest.h"

// Numbered SQL migrations, compiled into each binary (cmake/EmbedMigrations.cmake) and applied by
// its `migrate` command under an advisory lock, recorded with a SHA-256 checksum. `serve` calls
// CheckSchema and refuses to start on a database whose schema it does not know.
namespace crm::common::db {

struct Migration {
  int version;
  std::string name;
  std::string sql;
};

// One set of migrations with its own numbering: the shared bus tables ("bus") and the service's
// own schema ("registry", ...).
struct MigrationSet {
  std::string component;
  const std::vector<Migration>* migrations;
};

struct MigrationReport {
  int applied = 0;
  int already_present = 0;
};

// Applies what is missing, in order, each migration in its own transaction. Throws when an
// applied migration's checksum differs from the binary's (someone edited a released migration).
// With `last_set_up_to`, the last set (the service's own) stops after that version: the schema of
// an earlier release, for an upgrade drill. Migrations already applied beyond it stay.
MigrationReport ApplyMigrations(const std::string& url, const std::vector<MigrationSet>& sets,
                                std::optional<int> last_set_up_to = std::nullopt);

// Throws std::runtime_error unless the database has exactly the binary's migrations applied.
void CheckSchema(const std::string& url, const std::vector<MigrationSet>& sets);

using common::Sha256Hex;

}  // namespace crm::common::db
