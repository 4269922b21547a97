#pragma once

#include <vector>

#include "common/db/migrations.h"

namespace crm::registry {
// The registry's schema (services/registry/migrations/*.sql), embedded at build time.
const std::vector<common::db::Migration>& Migrations();
}  // namespace crm::registry
