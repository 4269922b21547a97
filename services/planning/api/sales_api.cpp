#include "services/planning/api/sales_api.h"

#include <google/protobuf/util/field_mask_util.h>
#include <google/protobuf/util/message_differencer.h>

#include <array>
#include <string>
#include <vector>

#include "common/api/etag.h"
#include "common/api/update_mask.h"
#include "common/bus/outbox.h"
#include "common/core/errors.h"
#include "services/planning/api/actors.h"
#include "services/planning/api/result_recording.h"
#include "services/planning/domain/contact_rules.h"
#include "services/planning/domain/sale_pricing.h"
#include "services/planning/events/published.h"
#include "services/planning/store/sales_store.h"

namespace crm::planning {
namespace {

namespace ev = crm::events::v1;
using common::auth::Principal;
using common::auth::Role;
using google::protobuf::Timestamp;
using google::protobuf::util::FieldMaskUtil;
using google::protobuf::util::MessageDifferencer;

// The fields of a sale AmendSale changes; the amounts follow from them.
constexpr std::array<std::string_view, 7> kAmendable = {
    "area_dm2",     "discount",  "price_override_reason", "price_per_m2", "service_lines",
    "stand_number", "stand_type"};

// What an amendment may change besides the masked fields: the amounts derived from them.
const std::vector<std::string>& DerivedFields() {
  static const std::vector<std::string> fields = {"space_amount",    "services_amount",
                                                  "discount_amount", "net_amount",
                                                  "vat_amount",      "total_amount"};
  return fields;
}

std::string CheckedId(const std::string& name, const std::string& field,
                      common::Violations& violations) {
  if (name.empty()) {
    violations.Add(field, "is required");
    return "";
  }
  return domain::ParseIdField(name, "sales", field, violations).value_or("");
}

void CheckReason(const std::string& reason, bool required, const std::string& field,
                 common::Violations& violations) {
  if (required && !domain::HasContent(reason)) {
    violations.Add(field, "is required");
  } else if (domain::CharCount(reason) > domain::kMaxReasonChars) {
    violations.Add(field,
                   "must be at most " + std::to_string(domain::kMaxReasonChars) + " characters");
  }
}

void ValidateAmendment(const v1::AmendSaleRequest& request, common::Violations& violations) {
  const v1::Sale& sale = request.sale();
  for (const std::string& path :
       common::api::ReadUpdateMask(violations, request.update_mask(), kAmendable)) {
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
  CheckReason(request.reason(), false, "reason", violations);
}

// The sale as a SaleOutcome (what pricing reads), with the masked fields taken from `amended`.
v1::SaleOutcome AmendedOutcome(const v1::Sale& current, const v1::Sale& amended,
                               const google::protobuf::FieldMask& mask) {
  const auto masked = [&](const char* field) {
    for (const auto& path : mask.paths()) {
      if (path == field) {
        return true;
      }
    }
    return false;
  };
  const v1::Sale& area = masked("area_dm2") ? amended : current;
  const v1::Sale& stand = masked("stand_number") ? amended : current;
  const v1::Sale& type = masked("stand_type") ? amended : current;
  const v1::Sale& lines = masked("service_lines") ? amended : current;
  const v1::Sale& discount = masked("discount") ? amended : current;

  v1::SaleOutcome outcome;
  outcome.set_area_dm2(area.area_dm2());
  outcome.set_stand_number(stand.stand_number());
  outcome.set_stand_type(type.stand_type());
  *outcome.mutable_service_lines() = lines.service_lines();
  if (discount.has_discount()) {
    *outcome.mutable_discount() = discount.discount();
  }
  if (masked("price_per_m2")) {
    // Unset returns to the edition's price.
    if (amended.has_price_per_m2()) {
      *outcome.mutable_price_per_m2() = amended.price_per_m2();
      outcome.set_price_override_reason(amended.price_override_reason());
    }
  } else if (current.price_per_m2().minor_units() != current.list_price_per_m2().minor_units() ||
             !current.price_override_reason().empty()) {
    *outcome.mutable_price_per_m2() = current.price_per_m2();
    outcome.set_price_override_reason(masked("price_override_reason")
                                          ? amended.price_override_reason()
                                          : current.price_override_reason());
  }
  // Service lines are re-priced: the stored amounts are outputs.
  for (auto& line : *outcome.mutable_service_lines()) {
    line.clear_amount();
  }
  return outcome;
}

// The fields of the sale whose values differ between `before` and `after`.
std::vector<std::string> ChangedFields(const v1::Sale& before, const v1::Sale& after) {
  std::vector<std::string> changed;
  std::vector<std::string> candidates(kAmendable.begin(), kAmendable.end());
  candidates.insert(candidates.end(), DerivedFields().begin(), DerivedFields().end());
  for (const std::string& field : candidates) {
    google::protobuf::FieldMask mask;
    mask.add_paths(field);
    v1::Sale a = before;
    v1::Sale b = after;
    FieldMaskUtil::TrimMessage(mask, &a);
    FieldMaskUtil::TrimMessage(mask, &b);
    if (!MessageDifferencer::Equals(a, b)) {
      changed.push_back(field);
    }
  }
  return changed;
}

// The sale locked, after the caller proved (by its etag) to have seen this version of an active
// sale they may change.
store::SaleRow LockActiveSale(pqxx::work& tx, const std::string& id, const std::string& name,
                              const std::string& etag, const Principal& caller) {
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

}  // namespace

SalesApi::SalesApi(const common::rpc::RpcGuard& guard, common::db::Pool& pool,
                   PlanningApi::Clock clock)
    : guard_(guard), pool_(pool), clock_(std::move(clock)) {}

Timestamp SalesApi::Now() const { return PlanningApi::MicrosNow(clock_); }

grpc::Status SalesApi::AmendSale(grpc::ServerContext* context, const v1::AmendSaleRequest* request,
                                 v1::Sale* response) {
  return guard_.Run(
      context, "AmendSale", {Role::kSalesManager, Role::kSalesHead}, [&](const Principal& caller) {
        common::Violations violations;
        const std::string id = CheckedId(request->sale().name(), "sale.name", violations);
        ValidateAmendment(*request, violations);
        violations.ThrowIfAny();
        const Timestamp now = Now();
        *response = pool_.InTransaction([&](pqxx::work& tx) {
          const store::SaleRow current =
              LockActiveSale(tx, id, request->sale().name(), request->sale().etag(), caller);
          const v1::SaleOutcome outcome =
              AmendedOutcome(current.sale, request->sale(), request->update_mask());
          const store::SaleContent content = PriceSaleContent(
              outcome, current.sale.list_price_per_m2().minor_units(),
              current.sale.net_amount().currency_code(), current.sale.sale_time(), "sale");
          const store::SaleRow amended = store::AmendSale(tx, id, content, now);

          common::bus::EnqueueEvent(
              tx, ev::kSaleAmended, amended.sale.name(),
              SaleAmendedEvent(tx, current, amended, ChangedFields(current.sale, amended.sale),
                               caller, now, request->reason()));
          return amended.sale;
        });
      });
}

grpc::Status SalesApi::CancelSale(grpc::ServerContext* context,
                                  const v1::CancelSaleRequest* request, v1::Sale* response) {
  return guard_.Run(context, "CancelSale", {Role::kSalesManager, Role::kSalesHead},
                    [&](const Principal& caller) {
                      common::Violations violations;
                      const std::string id = CheckedId(request->name(), "name", violations);
                      common::api::RequireEtag(violations, "etag", request->etag());
                      CheckReason(request->reason(), true, "reason", violations);
                      violations.ThrowIfAny();
                      const Timestamp now = Now();
                      *response = pool_.InTransaction([&](pqxx::work& tx) {
                        LockActiveSale(tx, id, request->name(), request->etag(), caller);
                        const store::SaleRow cancelled =
                            store::CancelSale(tx, id, request->reason(), caller.subject, now);
                        common::bus::EnqueueEvent(
                            tx, ev::kSaleCancelled, cancelled.sale.name(),
                            SaleCancelledEvent(tx, cancelled, caller, now, request->reason()));
                        return cancelled.sale;
                      });
                    });
}

}  // namespace crm::planning
