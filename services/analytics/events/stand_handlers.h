#pragma once

#include "common/bus/consumer.h"

// The stand inventory's history for the forecast (which stands were held, for whom, until
// when): planning's crm.planning.stand.held, .sold and .released, each kept as one row of
// stand_changes (store/forecast_store.h) on the projection's consumer.
namespace crm::analytics {

// Adds the three routes to the projection's router.
void AddStandRoutes(common::bus::EventRouter& router);

}  // namespace crm::analytics
