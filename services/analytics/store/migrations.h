#pragma once

#include <vector>

#include "common/db/migrations.h"

namespace crm::analytics {
// The analytics schema (services/analytics/migrations/*.sql), embedded at build time.
const std::vector<crm::common::db::Migration>& Migrations();
}  // namespace crm::analytics
