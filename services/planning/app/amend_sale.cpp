#include "services/planning/app/amend_sale.h"

#include <algorithm>
#include <vector>

#include "common/bus/outbox.h"
#include "services/planning/app/active_sale.h"
#include "services/planning/app/sale_content.h"
#include "services/planning/app/sale_history.h"
#include "services/planning/app/sale_terms.h"
#include "services/planning/domain/sale_history.h"
#include "services/planning/events/published.h"
#include "services/planning/store/sales_store.h"

namespace crm::planning::app {
namespace {

// What sale.amended names as changed: the masked fields and the amounts derived from them.
const std::vector<std::string_view>& AmendedEventFields() {
  static const std::vector<std::string_view> fields = [] {
    std::vector<std::string_view> all(kAmendableSaleFields.begin(), kAmendableSaleFields.end());
    for (const std::string_view derived : {"space_amount", "services_amount", "discount_amount",
                                           "net_amount", "vat_amount", "total_amount"}) {
      all.push_back(derived);
    }
    return all;
  }();
  return fields;
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

// The fields of the sale whose values differ between `before` and `after` (sale.amended).
std::vector<std::string> ChangedFields(const v1::Sale& before, const v1::Sale& after) {
  std::vector<std::string> changed;
  for (const v1::SaleFieldChange& change : domain::DiffSales(before, after, AmendedEventFields())) {
    changed.push_back(change.field());
  }
  return changed;
}

}  // namespace

v1::Sale AmendSale(common::db::Pool& pool, const common::auth::Principal& caller,
                   const std::string& sale_id, const v1::AmendSaleRequest& request,
                   const google::protobuf::Timestamp& now) {
  const auto masked = [&](const char* field) {
    const auto& paths = request.update_mask().paths();
    return std::find(paths.begin(), paths.end(), field) != paths.end();
  };
  return pool.InTransaction([&](pqxx::work& tx) {
    const store::SaleRow current =
        LockActiveSale(tx, sale_id, request.sale().name(), request.sale().etag(), caller);
    const v1::SaleOutcome outcome =
        AmendedOutcome(current.sale, request.sale(), request.update_mask());

    // A sale recorded before its edition had a stand inventory keeps its free-text number until
    // an amendment names a stand.
    const bool moves_stand = masked("stand_number");
    v1::SaleOutcome to_place = outcome;
    if (!moves_stand && current.stand_id.empty()) {
      to_place.clear_stand_number();
    }
    PlacedSale placed =
        PlaceSale(tx, now, current.edition_id, current.client_id, to_place,
                  {masked("area_dm2") || !moves_stand, masked("stand_type") || !moves_stand},
                  current.id, "sale");
    placed.outcome.set_stand_number(placed.stand ? placed.stand->stand.number()
                                                 : outcome.stand_number());
    const std::string new_stand_id = placed.stand ? placed.stand->id : "";
    // The list price follows the price list only when the stand or its type changes.
    const bool repriced = new_stand_id != current.stand_id ||
                          placed.outcome.stand_type() != current.sale.stand_type();
    const int64_t list_price =
        repriced ? placed.list_price_per_m2 : current.sale.list_price_per_m2().minor_units();

    store::SaleContent content =
        PriceSaleContent(placed.outcome, list_price, current.sale.net_amount().currency_code(),
                         current.sale.sale_time(), "sale");
    if (!new_stand_id.empty()) {
      content.stand_id = new_stand_id;
    }
    const bool was_pending = current.sale.state() == v1::SALE_STATE_PENDING_APPROVAL;
    DecideApproval(tx, current.edition_id, list_price, caller, now, was_pending,
                   &current.sale.approval(), content);

    if (new_stand_id != current.stand_id) {
      ReleaseSaleStand(tx, current, "sale_moved", caller, now);
    }
    const store::SaleRow amended = store::AmendSale(tx, sale_id, content, now);
    if (placed.stand) {
      TakeStand(tx, *placed.stand, amended, now);
    }

    RecordSaleChange(tx, SaleChange::kAmended, &current.sale, amended, caller, now,
                     request.reason());

    if (amended.sale.state() != v1::SALE_STATE_ACTIVE) {
      return amended.sale;  // still waiting for approval: nothing counts yet
    }
    if (was_pending) {
      // Brought within the limit: the sale counts from now on.
      common::bus::EnqueueEvent(tx, crm::events::v1::kSaleRecorded, amended.sale.name(),
                                SaleRecordedEvent(tx, amended, caller));
      return amended.sale;
    }
    common::bus::EnqueueEvent(
        tx, crm::events::v1::kSaleAmended, amended.sale.name(),
        SaleAmendedEvent(tx, current, amended, ChangedFields(current.sale, amended.sale), caller,
                         now, request.reason()));
    return amended.sale;
  });
}

}  // namespace crm::planning::app
