#pragma once

#include <google/protobuf/timestamp.pb.h>

#include <pqxx/pqxx>
#include <string>

#include "common/auth/auth.h"
#include "crm/planning/v1/planning.pb.h"
#include "services/planning/domain/contact_rules.h"
#include "services/planning/store/planning_store.h"
#include "services/planning/store/sales_store.h"

// What CompleteContact does for the result kinds with details: refusal reasons resolved against
// the catalogue, and a sale priced (services, discount, VAT) and announced. SaleService reuses
// the pricing.
namespace crm::planning {

// Checks the catalogue references of a refusal / visit refusal (an active entry of the right
// scope) and fills the refusal's enum and catalogue name from each other. Other kinds pass
// unchanged. Throws common::ValidationError.
v1::ContactResult ResolveResultReferences(pqxx::transaction_base& tx,
                                          const v1::ContactResult& result);

// The content of a sale priced from `sale` (area, stand, price override, services, discount)
// at `list_price` (the edition's) in `currency`, VAT at `sale_time`'s local date. Violations on
// `path` ("result.sale", "sale"): currencies other than the edition's, a discount above the
// amount. Throws common::ValidationError.
store::SaleContent PriceSaleContent(const v1::SaleOutcome& sale, int64_t list_price,
                                    const std::string& currency,
                                    const google::protobuf::Timestamp& sale_time,
                                    const std::string& path);

// Enqueues crm.planning.contact.completed for a just completed contact: its result, the kind
// and whether it counts as positive (domain::IsPositive).
void EnqueueContactCompleted(pqxx::transaction_base& tx, const v1::Contact& contact,
                             domain::ResultKind kind);

// Completes `row` with a sale result: inserts the sale, completes the contact, enqueues
// contact.completed and sale.recorded. Throws PreconditionError EDITION_PRICE_UNSET when the
// edition has no price and no override is given.
v1::CompleteContactResponse CompleteWithSale(pqxx::work& tx, const store::ContactRow& row,
                                             const v1::ContactResult& result,
                                             const google::protobuf::Timestamp& now,
                                             const common::auth::Principal& caller);

}  // namespace crm::planning
