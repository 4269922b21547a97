#pragma once

#include <vector>

#include "common/db/migrations.h"

namespace crm::planning {
// migrations/*.sql, embedded at build time (crm_embed_migrations in CMakeLists.txt).
const std::vector<common::db::Migration>& Migrations();
}  // namespace crm::planning
