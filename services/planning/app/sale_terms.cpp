#include "services/planning/app/sale_terms.h"

#include <stdexcept>

#include "common/bus/outbox.h"
#include "common/core/errors.h"
#include "services/planning/domain/sale_pricing.h"
#include "services/planning/domain/stand_rules.h"
#include "services/planning/events/published.h"

namespace crm::planning::app {
namespace {

namespace ev = crm::events::v1;
using common::auth::Role;

bool ApprovesDiscounts(const common::auth::Principal& caller) {
  return caller.roles.contains(Role::kSalesHead) || caller.roles.contains(Role::kAdmin);
}

// The employee id of the caller's subject, "" for a service.
std::string EmployeeIdOf(const common::auth::Principal& caller) {
  return common::auth::EmployeeIdOf(caller.subject).value_or("");
}

}  // namespace

PlacedSale PlaceSale(pqxx::transaction_base& tx, const google::protobuf::Timestamp& now,
                     const std::string& edition_id, const std::string& client_id,
                     const v1::SaleOutcome& outcome, GivenStandFields given,
                     const std::string& own_sale_id, const std::string& path) {
  PlacedSale placed;
  placed.outcome = outcome;
  common::Violations violations;
  const std::string key = domain::StandNumberKey(outcome.stand_number());
  if (!key.empty() && store::EditionHasStands(tx, edition_id)) {
    placed.stand = store::LockStandByNumber(tx, now, edition_id, key);
    if (!placed.stand) {
      violations.Add(path + ".stand_number",
                     "stand " + outcome.stand_number() + " is not on the edition's floor plan");
      violations.ThrowIfAny();
    }
    const v1::Stand& stand = placed.stand->stand;
    domain::CheckStandAvailableForSale(placed.stand->state, client_id, own_sale_id);
    if (given.area && outcome.area_dm2() != stand.area_dm2()) {
      violations.Add(path + ".area_dm2", "stand " + stand.number() + " has " +
                                             std::to_string(stand.area_dm2()) +
                                             " dm²; leave the area out to take the stand's");
    }
    if (given.type && outcome.stand_type() != v1::STAND_TYPE_UNSPECIFIED &&
        outcome.stand_type() != stand.stand_type()) {
      violations.Add(path + ".stand_type", "stand " + stand.number() + " is " +
                                               domain::StandTypeText::Of(stand.stand_type()) +
                                               "; leave the type out to take the stand's");
    }
    violations.ThrowIfAny();
    placed.outcome.set_stand_number(stand.number());
    placed.outcome.set_area_dm2(stand.area_dm2());
    placed.outcome.set_stand_type(stand.stand_type());
    placed.list_price_per_m2 = placed.stand->list_price_per_m2;
    return placed;
  }
  if (placed.outcome.area_dm2() <= 0) {
    violations.Add(path + ".area_dm2",
                   "is required (the edition has no stand inventory to take "
                   "it from)");
    violations.ThrowIfAny();
  }
  const auto price =
      store::ListPriceOfType(tx, edition_id, domain::StandTypeText::Of(outcome.stand_type()));
  if (!price) {
    throw std::runtime_error("edition " + edition_id + " is not in the projection");
  }
  placed.list_price_per_m2 = *price;
  return placed;
}

void DecideApproval(pqxx::transaction_base& tx, const std::string& edition_id,
                    int64_t list_price_per_m2, const common::auth::Principal& caller,
                    const google::protobuf::Timestamp& now, bool pending_allowed,
                    const v1::SaleApproval* standing, store::SaleContent& content) {
  const store::SalesPolicyRow policy = store::FindSalesPolicy(tx, edition_id);
  content.discount_bp = domain::DiscountBelowListBp(content.area_dm2, list_price_per_m2,
                                                    content.services_amount, content.net_amount);
  content.max_discount_bp = policy.terms.max_discount_bp;
  content.approval_required = content.discount_bp > policy.terms.max_discount_bp;
  content.approved_by.clear();
  content.approve_time.reset();
  content.state = v1::SALE_STATE_ACTIVE;
  if (!content.approval_required) {
    return;
  }
  if (standing != nullptr && !standing->approver().empty() &&
      content.discount_bp <= standing->discount_bp()) {
    content.approved_by = common::auth::EmployeeIdOf(standing->approver()).value_or("");
    content.approve_time = standing->approve_time();
    return;
  }
  if (ApprovesDiscounts(caller)) {
    content.approved_by = EmployeeIdOf(caller);
    content.approve_time = now;
    return;
  }
  if (!pending_allowed) {
    throw common::PreconditionError(
        "DISCOUNT_NEEDS_APPROVAL",
        "the price is " + std::to_string(content.discount_bp / 100.0).substr(0, 5) +
            "% below the list, beyond the edition's limit of " +
            std::to_string(policy.terms.max_discount_bp / 100.0).substr(0, 5) +
            "%; a head of sales must make this change");
  }
  content.state = v1::SALE_STATE_PENDING_APPROVAL;
}

void EnqueueLapsedHold(pqxx::transaction_base& tx, const store::StandRow& stand) {
  if (stand.stored_status == "held" && stand.state.status == v1::STAND_STATUS_FREE) {
    common::bus::EnqueueEvent(
        tx, ev::kStandReleased, stand.stand.name(),
        StandReleasedEvent(stand, "hold_expired", stand.stored_hold_client_id, "", ""));
  }
}

void TakeStand(pqxx::transaction_base& tx, const store::StandRow& stand, const store::SaleRow& sale,
               const google::protobuf::Timestamp& now) {
  if (stand.state.sale_id == sale.id && stand.stored_status == "sold") {
    return;  // already this sale's
  }
  EnqueueLapsedHold(tx, stand);
  store::SellStand(tx, stand.id, sale.id, now);
  common::bus::EnqueueEvent(tx, ev::kStandSold, stand.stand.name(), StandSoldEvent(stand, sale));
}

void ReleaseSaleStand(pqxx::transaction_base& tx, const store::SaleRow& sale,
                      const std::string& reason, const common::auth::Principal& caller,
                      const google::protobuf::Timestamp& now) {
  if (sale.stand_id.empty()) {
    return;
  }
  const auto stand = store::LockStand(tx, now, sale.stand_id);
  if (!stand || stand->state.sale_id != sale.id) {
    return;  // the stand is no longer this sale's
  }
  store::FreeStand(tx, stand->id, now);
  common::bus::EnqueueEvent(
      tx, ev::kStandReleased, stand->stand.name(),
      StandReleasedEvent(*stand, reason, sale.client_id, sale.id, caller.subject));
}

}  // namespace crm::planning::app
