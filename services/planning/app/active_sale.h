#pragma once

#include <pqxx/pqxx>
#include <string>

#include "common/auth/auth.h"
#include "services/planning/store/sales_store.h"

// What AmendSale and CancelSale load first: the sale they change.
namespace crm::planning::app {

// The sale `id` (named `name`) locked, after the caller proved (by `etag`) to have seen this
// version of an active sale they may change. Throws NotFoundError, PermissionError,
// PreconditionError SALE_CANCELLED, and AbortedError ETAG_MISMATCH.
store::SaleRow LockActiveSale(pqxx::work& tx, const std::string& id, const std::string& name,
                              const std::string& etag, const common::auth::Principal& caller);

}  // namespace crm::planning::app
