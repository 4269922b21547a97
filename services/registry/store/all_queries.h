#pragma once

#include <vector>

#include "common/db/pool.h"
#include "services/registry/store/exhibition_queries.h"
#include "services/registry/store/group_queries.h"
#include "services/registry/store/organisation_queries.h"
#include "services/registry/store/queries.h"
#include "services/registry/store/staff_queries.h"

namespace crm::registry {

// The statements of store/sql/*.sql, embedded at build time (cmake: crm_embed_queries).
const std::vector<common::db::NamedQuery>& Queries();

// Every named statement of the service: the base list in queries.h plus one list per area
// (store/<area>_queries.h). The service host and the test fixtures prepare exactly this set.
inline std::vector<common::db::NamedQuery> AllQueries() {
  std::vector<common::db::NamedQuery> all = Queries();
  for (const std::vector<common::db::NamedQuery>* part :
       {&kQueries, &kStaffQueries, &kExhibitionQueries, &kGroupQueries, &kOrganisationQueries}) {
    all.insert(all.end(), part->begin(), part->end());
  }
  return all;
}

}  // namespace crm::registry
