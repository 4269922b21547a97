#include "services/planning/api/sales_api.h"

#include <string>

#include "common/api/etag.h"
#include "common/api/page_token.h"
#include "common/api/update_mask.h"
#include "common/core/errors.h"
#include "common/core/paging.h"
#include "services/planning/app/amend_sale.h"
#include "services/planning/app/approve_sale.h"
#include "services/planning/app/cancel_sale.h"
#include "services/planning/app/sale_history.h"
#include "services/planning/domain/contact_rules.h"
#include "services/planning/domain/sale_pricing.h"

namespace crm::planning {
namespace {

using common::auth::Principal;
using google::protobuf::Timestamp;

std::string CheckedId(const std::string& name, const std::string& field,
                      common::Violations& violations) {
  if (name.empty()) {
    violations.Add(field, "is required");
    return "";
  }
  return domain::ParseIdField(name, "sales", field, violations).value_or("");
}

void ValidateAmendment(const v1::AmendSaleRequest& request, common::Violations& violations) {
  const v1::Sale& sale = request.sale();
  for (const std::string& path :
       common::api::ReadUpdateMask(violations, request.update_mask(), app::kAmendableSaleFields)) {
    if (path == "area_dm2") {
      domain::ValidateArea(sale.area_dm2(), "sale.area_dm2", violations);
    } else if (path == "stand_number") {
      if (domain::CharCount(sale.stand_number()) > domain::kMaxStandNumberChars) {
        violations.Add(
            "sale.stand_number",
            "must be at most " + std::to_string(domain::kMaxStandNumberChars) + " characters");
      }
    } else if (path == "stand_type") {
      if (!v1::StandType_IsValid(sale.stand_type())) {
        violations.Add("sale.stand_type", "is not a known stand type");
      }
    } else if (path == "price_per_m2" && sale.has_price_per_m2()) {
      domain::ValidatePriceOverride(sale.price_per_m2(), sale.price_override_reason(), "", "sale",
                                    violations);
    } else if (path == "service_lines") {
      domain::ValidateServiceLines(sale.service_lines(), "", "sale.service_lines", violations);
    } else if (path == "discount" && sale.has_discount()) {
      domain::ValidateDiscount(sale.discount(), "", "sale.discount", violations);
    }
  }
  common::api::RequireEtag(violations, "sale.etag", sale.etag());
  domain::CheckText(request.reason(), false, domain::kMaxReasonChars, "reason", violations);
}

// A decision on a sale (cancel, approve, reject): the sale's name, its etag and, where the request
// has one, the required reason. Returns the sale's id; throws what is wrong, field by field.
template <typename Request>
std::string CheckedDecision(const Request& request) {
  common::Violations violations;
  std::string id = CheckedId(request.name(), "name", violations);
  common::api::RequireEtag(violations, "etag", request.etag());
  if constexpr (requires { request.reason(); }) {
    domain::CheckText(request.reason(), true, domain::kMaxReasonChars, "reason", violations);
  }
  violations.ThrowIfAny();
  return id;
}

}  // namespace

SalesApi::SalesApi(const common::rpc::RpcGuard& guard, common::db::Pool& pool,
                   PlanningApi::Clock clock)
    : ApiParts(guard, pool, std::move(clock)) {}

grpc::Status SalesApi::AmendSale(grpc::ServerContext* context, const v1::AmendSaleRequest* request,
                                 v1::Sale* response) {
  return guard_.Run(context, [&](const Principal& caller) {
    common::Violations violations;
    const std::string id = CheckedId(request->sale().name(), "sale.name", violations);
    ValidateAmendment(*request, violations);
    violations.ThrowIfAny();
    *response = app::AmendSale(pool_, caller, id, *request, Now());
  });
}

grpc::Status SalesApi::CancelSale(grpc::ServerContext* context,
                                  const v1::CancelSaleRequest* request, v1::Sale* response) {
  return guard_.Run(context, [&](const Principal& caller) {
    const std::string id = CheckedDecision(*request);
    *response = app::CancelSale(pool_, caller, id, *request, Now());
  });
}

grpc::Status SalesApi::ApproveSale(grpc::ServerContext* context,
                                   const v1::ApproveSaleRequest* request, v1::Sale* response) {
  return guard_.Run(context, [&](const Principal& caller) {
    const std::string id = CheckedDecision(*request);
    *response = app::ApproveSale(pool_, caller, id, *request, Now());
  });
}

grpc::Status SalesApi::RejectSale(grpc::ServerContext* context,
                                  const v1::RejectSaleRequest* request, v1::Sale* response) {
  return guard_.Run(context, [&](const Principal& caller) {
    const std::string id = CheckedDecision(*request);
    *response = app::RejectSale(pool_, caller, id, *request, Now());
  });
}

grpc::Status SalesApi::ListSaleHistory(grpc::ServerContext* context,
                                       const v1::ListSaleHistoryRequest* request,
                                       v1::ListSaleHistoryResponse* response) {
  // Open to every role: who reads a sale's history is who reads the sale (app::ReadableSale).
  return guard_.Run(context, [&](const Principal& caller) {
    common::Violations violations;
    const std::string id = CheckedId(request->name(), "name", violations);
    int page_size = 0;
    violations.Collect([&] { page_size = common::PageSize(request->page_size()); });
    const common::api::PageQuery query = common::api::PageQueryOf(*request, caller.subject);
    const std::optional<int64_t> before =
        common::api::ReadSeqToken(violations, query, request->page_token());
    violations.ThrowIfAny();
    *response = app::ListSaleHistory(pool_, caller, id, request->name(), query, page_size, before);
  });
}

}  // namespace crm::planning
