#pragma once

#include <vector>

#include "common/db/pool.h"

namespace crm::registry {

// Every statement of the service, one file per area in store/sql/*.sql, embedded at build time
// (cmake: crm_embed_queries) and prepared by name on each pooled connection.
const std::vector<common::db::NamedQuery>& Queries();

// The set the service host and the test fixtures prepare: all of Queries().
inline std::vector<common::db::NamedQuery> AllQueries() { return Queries(); }

}  // namespace crm::registry
