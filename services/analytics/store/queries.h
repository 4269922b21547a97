#pragma once

#include <vector>

#include "common/db/pool.h"

namespace crm::analytics {
// Every SQL statement of the service (services/analytics/store/sql/*.sql), embedded at build time
// and prepared by name on each pooled connection.
const std::vector<common::db::NamedQuery>& Queries();
}  // namespace crm::analytics
