#pragma once

#include <vector>

#include "common/db/migrations.h"

namespace crm::accounting {
// The accounting schema (services/accounting/migrations/*.sql), embedded at build time.
const std::vector<crm::common::db::Migration>& Migrations();
}  // namespace crm::accounting
