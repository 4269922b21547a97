#pragma once

#include <vector>

#include "common/db/pool.h"

namespace crm::planning {

// The statements of store/sql/*.sql, embedded at build time (cmake: crm_embed_queries).
const std::vector<common::db::NamedQuery>& Queries();

// Every named statement of the service. The service host and the test fixtures prepare exactly
// this set.
inline std::vector<common::db::NamedQuery> AllQueries() { return Queries(); }

}  // namespace crm::planning
