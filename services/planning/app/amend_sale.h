#pragma once

#include <google/protobuf/timestamp.pb.h>

#include <array>
#include <string>
#include <string_view>

#include "common/auth/auth.h"
#include "common/db/pool.h"
#include "crm/planning/v1/sales.pb.h"

// Amending a sale (AmendSale): its area, stand, price override, services or discount change, its
// amounts are priced again, and documents replaces the invoice on sale.amended.
namespace crm::planning::app {

// The fields of a sale AmendSale changes (its update_mask paths); the amounts follow from them.
inline constexpr std::array<std::string_view, 7> kAmendableSaleFields = {
    "area_dm2",     "discount",  "price_override_reason", "price_per_m2", "service_lines",
    "stand_number", "stand_type"};

// In one transaction: locks the active sale (LockActiveSale), prices it again with the masked
// fields of `request.sale()` taken over (list price, currency and VAT date stay the sale's),
// stores it and enqueues sale.amended with the fields that changed. `request` is validated;
// `sale_id` is the id its sale.name names.
v1::Sale AmendSale(common::db::Pool& pool, const common::auth::Principal& caller,
                   const std::string& sale_id, const v1::AmendSaleRequest& request,
                   const google::protobuf::Timestamp& now);

}  // namespace crm::planning::app
