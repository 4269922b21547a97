#include "services/planning/app/approve_sale.h"

#include "common/bus/outbox.h"
#include "common/core/errors.h"
#include "services/planning/app/active_sale.h"
#include "services/planning/app/sale_history.h"
#include "services/planning/app/sale_terms.h"
#include "services/planning/events/published.h"
#include "services/planning/store/sales_store.h"

namespace crm::planning::app {
namespace {

store::SaleRow LockPendingSale(pqxx::work& tx, const std::string& sale_id, const std::string& name,
                               const std::string& etag, const common::auth::Principal& caller) {
  store::SaleRow current = LockActiveSale(tx, sale_id, name, etag, caller);
  if (current.sale.state() != v1::SALE_STATE_PENDING_APPROVAL) {
    throw common::PreconditionError("SALE_NOT_PENDING",
                                    name + " is not waiting for approval; it already counts");
  }
  return current;
}

}  // namespace

v1::Sale ApproveSale(common::db::Pool& pool, const common::auth::Principal& caller,
                     const std::string& sale_id, const v1::ApproveSaleRequest& request,
                     const google::protobuf::Timestamp& now) {
  return pool.InTransaction([&](pqxx::work& tx) {
    const store::SaleRow current =
        LockPendingSale(tx, sale_id, request.name(), request.etag(), caller);
    const store::SaleRow approved = store::ApproveSale(
        tx, sale_id, common::auth::EmployeeIdOf(caller.subject).value_or(""), now);
    RecordSaleChange(tx, SaleChange::kApproved, &current.sale, approved, caller, now, "");
    common::bus::EnqueueEvent(tx, crm::events::v1::kSaleRecorded, approved.sale.name(),
                              SaleRecordedEvent(tx, approved, caller));
    return approved.sale;
  });
}

v1::Sale RejectSale(common::db::Pool& pool, const common::auth::Principal& caller,
                    const std::string& sale_id, const v1::RejectSaleRequest& request,
                    const google::protobuf::Timestamp& now) {
  return pool.InTransaction([&](pqxx::work& tx) {
    const store::SaleRow current =
        LockPendingSale(tx, sale_id, request.name(), request.etag(), caller);
    const store::SaleRow rejected =
        store::CancelSale(tx, sale_id, request.reason(), caller.subject, now);
    ReleaseSaleStand(tx, current, "sale_rejected", caller, now);
    RecordSaleChange(tx, SaleChange::kRejected, &current.sale, rejected, caller, now,
                     request.reason());
    return rejected.sale;
  });
}

}  // namespace crm::planning::app
