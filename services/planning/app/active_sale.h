#pragma once

#include <pqxx/pqxx>
#include <string>

#include "common/auth/auth.h"
#include "services/planning/store/sales_store.h"

// What the sale use cases load first: the sale they change (AmendSale, CancelSale, ApproveSale,
// RejectSale) or read (GetSale, ListSaleHistory).
namespace crm::planning::app {

// The sale `id` (named `name`) if the caller may read it: the one access decision of every read
// of a sale (common::auth::Records::kSales, Action::kRead on the sale's manager). Throws
// NotFoundError naming `name`, or PermissionError.
store::SaleRow ReadableSale(pqxx::transaction_base& tx, const common::auth::Principal& caller,
                            const std::string& id, const std::string& name);

// The sale `id` (named `name`) locked, after the caller proved (by `etag`) to have seen this
// version of an active sale they may change. Throws NotFoundError, PermissionError,
// PreconditionError SALE_CANCELLED, and AbortedError ETAG_MISMATCH.
store::SaleRow LockActiveSale(pqxx::work& tx, const std::string& id, const std::string& name,
                              const std::string& etag, const common::auth::Principal& caller);

}  // namespace crm::planning::app
