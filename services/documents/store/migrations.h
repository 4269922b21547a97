#pragma once

#include <vector>

#include "common/db/migrations.h"

namespace crm::documents {
// The service's schema (services/documents/migrations/*.sql), embedded at build time.
const std::vector<common::db::Migration>& Migrations();
}  // namespace crm::documents
