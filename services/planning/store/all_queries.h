#pragma once

#include <vector>

#include "common/db/pool.h"
#include "services/planning/store/assessment_queries.h"
#include "services/planning/store/calendar_queries.h"
#include "services/planning/store/catalogue_queries.h"
#include "services/planning/store/merge_queries.h"
#include "services/planning/store/org_queries.h"
#include "services/planning/store/queries.h"
#include "services/planning/store/redirect_queries.h"
#include "services/planning/store/sales_queries.h"
#include "services/planning/store/stats_queries.h"

namespace crm::planning {

// The statements of store/sql/*.sql, embedded at build time (cmake: crm_embed_queries).
const std::vector<common::db::NamedQuery>& Queries();

// Every named statement of the service: the base list in queries.h plus one list per area
// (store/<area>_queries.h). The service host and the test fixtures prepare exactly this set.
inline std::vector<common::db::NamedQuery> AllQueries() {
  std::vector<common::db::NamedQuery> all = Queries();
  for (const std::vector<common::db::NamedQuery>* part :
       {&kQueries, &kCalendarQueries, &kSalesQueries, &kCatalogueQueries, &kMergeQueries,
        &kRedirectQueries, &kAssessmentQueries, &kStatsQueries, &kOrgQueries}) {
    all.insert(all.end(), part->begin(), part->end());
  }
  return all;
}

}  // namespace crm::planning
