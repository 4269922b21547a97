#pragma once

#include <google/protobuf/timestamp.pb.h>

#include <string>

#include "common/auth/auth.h"
#include "common/db/pool.h"
#include "crm/planning/v1/sales.pb.h"

// A head of sales' decision on a sale priced beyond the edition's discount limit
// (ApproveSale, RejectSale).
namespace crm::planning::app {

// In one transaction: locks the sale (LockActiveSale: the head's reach over its manager, etag),
// requires it to be pending approval (FAILED_PRECONDITION SALE_NOT_PENDING otherwise), makes it
// active, approved by the caller, and enqueues crm.planning.sale.recorded: from now on it counts.
v1::Sale ApproveSale(common::db::Pool& pool, const common::auth::Principal& caller,
                     const std::string& sale_id, const v1::ApproveSaleRequest& request,
                     const google::protobuf::Timestamp& now);

// As ApproveSale, but cancels the sale with the reason and frees its stand
// (crm.planning.stand.released, "sale_rejected"). Nothing was published for the sale itself.
v1::Sale RejectSale(common::db::Pool& pool, const common::auth::Principal& caller,
                    const std::string& sale_id, const v1::RejectSaleRequest& request,
                    const google::protobuf::Timestamp& now);

}  // namespace crm::planning::app
