#pragma once

#include "common/db/pool.h"

// Registry owns a client's lead source. What planning recorded itself before (AssessmentService
// SetLeadSource wrote lead_source_changes) is handed over once: each client's latest lead source
// is published as crm.planning.lead_source.set, which registry applies unless the client's lead
// source was set there later, and marked handed over in the same transaction. Runs at start;
// any number of replicas may run it at once (the rows are locked SKIP LOCKED), and a second run
// hands nothing over again.
namespace crm::planning::app {

// Returns how many clients' lead sources were handed over.
int HandOverLeadSources(common::db::Pool& pool, int batch_size = 500);

}  // namespace crm::planning::app
