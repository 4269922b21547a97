#include "services/planning/app/cancel_sale.h"

#include "common/bus/outbox.h"
#include "services/planning/app/active_sale.h"
#include "services/planning/app/sale_history.h"
#include "services/planning/app/sale_terms.h"
#include "services/planning/events/published.h"
#include "services/planning/store/sales_store.h"

namespace crm::planning::app {

v1::Sale CancelSale(common::db::Pool& pool, const common::auth::Principal& caller,
                    const std::string& sale_id, const v1::CancelSaleRequest& request,
                    const google::protobuf::Timestamp& now) {
  return pool.InTransaction([&](pqxx::work& tx) {
    const store::SaleRow current =
        LockActiveSale(tx, sale_id, request.name(), request.etag(), caller);
    const store::SaleRow cancelled =
        store::CancelSale(tx, sale_id, request.reason(), caller.subject, now);
    ReleaseSaleStand(tx, current, "sale_cancelled", caller, now);
    RecordSaleChange(tx, SaleChange::kCancelled, &current.sale, cancelled, caller, now,
                     request.reason());
    // A sale still waiting for approval never counted: nobody outside heard of it.
    if (current.sale.state() == v1::SALE_STATE_ACTIVE) {
      common::bus::EnqueueEvent(tx, crm::events::v1::kSaleCancelled, cancelled.sale.name(),
                                SaleCancelledEvent(tx, cancelled, caller, now, request.reason()));
    }
    return cancelled.sale;
  });
}

}  // namespace crm::planning::app
