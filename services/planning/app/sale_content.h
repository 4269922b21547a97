#pragma once

#include <google/protobuf/timestamp.pb.h>

#include <cstdint>
#include <string>

#include "crm/planning/v1/planning.pb.h"
#include "services/planning/store/sales_store.h"

// A sale's content priced (services, discount, VAT) as it is stored: when CompleteContact
// records a sale and when AmendSale changes one.
namespace crm::planning::app {

// The content of a sale priced from `sale` (area, stand, price override, services, discount)
// at `list_price` (the edition's) in `currency`, VAT at `sale_time`'s local date. Violations on
// `path` ("result.sale", "sale"): currencies other than the edition's, a discount above the
// amount. Throws common::ValidationError, and PreconditionError EDITION_PRICE_UNSET when neither
// the edition nor the sale gives a price.
store::SaleContent PriceSaleContent(const v1::SaleOutcome& sale, int64_t list_price,
                                    const std::string& currency,
                                    const google::protobuf::Timestamp& sale_time,
                                    const std::string& path);

}  // namespace crm::planning::app
