#pragma once

#include "common/bus/consumer.h"

namespace crm::analytics {

// The market analysis's part of the projection: registry's clients (created, updated, deleted,
// undeleted, restored, merged, merge undone), participations and competitors' exhibitions.
void AddMarketRoutes(common::bus::EventRouter& router);

}  // namespace crm::analytics
