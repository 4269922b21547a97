#pragma once

#include <google/protobuf/timestamp.pb.h>

#include <string>

#include "common/auth/auth.h"
#include "common/db/pool.h"
#include "crm/planning/v1/sales.pb.h"

// Cancelling a sale (CancelSale): the sale stays, marked cancelled with its reason, and
// documents annuls its invoice on sale.cancelled.
namespace crm::planning::app {

// In one transaction: locks the active sale (LockActiveSale), marks it cancelled by the caller
// and enqueues sale.cancelled. `request` is validated; `sale_id` is the id its name names.
v1::Sale CancelSale(common::db::Pool& pool, const common::auth::Principal& caller,
                    const std::string& sale_id, const v1::CancelSaleRequest& request,
                    const google::protobuf::Timestamp& now);

}  // namespace crm::planning::app
