#include "services/planning/app/active_sale.h"

#include "common/api/etag.h"
#include "common/core/errors.h"
#include "services/planning/app/actors.h"

namespace crm::planning::app {

store::SaleRow ReadableSale(pqxx::transaction_base& tx, const common::auth::Principal& caller,
                            const std::string& id, const std::string& name) {
  auto row = store::FindSaleRow(tx, id);
  if (!row) {
    throw common::NotFoundError(name);
  }
  CheckOwnerAccess(tx, LoadActor(tx, caller), common::auth::Records::kSales,
                   common::auth::Action::kRead, row->manager_id);
  return *row;
}

store::SaleRow LockActiveSale(pqxx::work& tx, const std::string& id, const std::string& name,
                              const std::string& etag, const common::auth::Principal& caller) {
  auto row = store::FindSaleForUpdate(tx, id);
  if (!row) {
    throw common::NotFoundError(name);
  }
  CheckOwnerAccess(tx, LoadActor(tx, caller), common::auth::Records::kSales,
                   common::auth::Action::kWrite, row->manager_id);
  if (row->sale.state() == v1::SALE_STATE_CANCELLED) {
    throw common::PreconditionError("SALE_CANCELLED",
                                    name + " was cancelled; a cancelled sale does not change");
  }
  common::api::CheckEtag(name, row->sale.etag(), etag);
  return *row;
}

}  // namespace crm::planning::app
