#pragma once

#include <vector>

#include "common/db/migrations.h"

namespace crm::common::bus {
// The outbox and processed-event tables every service has (common/bus/migrations/*.sql).
const std::vector<db::Migration>& Migrations();
}  // namespace crm::common::bus
