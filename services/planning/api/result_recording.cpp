#include "services/planning/api/result_recording.h"

#include <stdexcept>

#include "common/bus/outbox.h"
#include "common/core/errors.h"
#include "common/core/ids.h"
#include "services/planning/domain/contact_rules.h"
#include "services/planning/domain/result_rules.h"
#include "services/planning/domain/sale_pricing.h"
#include "services/planning/events/published.h"
#include "services/planning/store/catalogue_store.h"

namespace crm::planning {
namespace {

namespace ev = crm::events::v1;
using common::auth::Principal;
using google::protobuf::Timestamp;

std::optional<domain::CatalogueEntry> Entry(pqxx::transaction_base& tx, const std::string& id) {
  auto row = store::FindRefusalReason(tx, id);
  if (!row) {
    return std::nullopt;
  }
  return row->rule;
}

// The lower-case id of a (validated) "refusalReasons/{id}" name.
std::string ReasonId(const std::string& name) {
  common::Violations ignored;
  return domain::ParseIdField(name, "refusalReasons", "", ignored).value_or("");
}

}  // namespace

v1::ContactResult ResolveResultReferences(pqxx::transaction_base& tx,
                                          const v1::ContactResult& result) {
  v1::ContactResult resolved = result;
  common::Violations violations;
  if (result.has_refusal()) {
    v1::RefusalOutcome& refusal = *resolved.mutable_refusal();
    const std::string id = refusal.refusal_reason().empty()
                               ? domain::LegacyRefusalReasonId(refusal.reason())
                               : ReasonId(refusal.refusal_reason());
    const auto entry = Entry(tx, id);
    const std::string field = refusal.refusal_reason().empty() ? "result.refusal.reason"
                                                               : "result.refusal.refusal_reason";
    domain::CheckReasonUsable(entry, v1::REFUSAL_SCOPE_PARTICIPATION, field, violations);
    if (violations.empty()) {
      domain::CompleteRefusalReason(refusal, *entry, "result.refusal", violations);
    }
  } else if (result.has_visit_refusal()) {
    const auto entry = Entry(tx, ReasonId(result.visit_refusal().refusal_reason()));
    domain::CheckReasonUsable(entry, v1::REFUSAL_SCOPE_VISIT, "result.visit_refusal.refusal_reason",
                              violations);
    if (entry) {
      resolved.mutable_visit_refusal()->set_refusal_reason(
          common::ResourceName("refusalReasons", entry->id));
    }
  }
  violations.ThrowIfAny();
  return resolved;
}

store::SaleContent PriceSaleContent(const v1::SaleOutcome& sale, int64_t list_price,
                                    const std::string& currency, const Timestamp& sale_time,
                                    const std::string& path) {
  common::Violations violations;
  if (sale.has_price_per_m2()) {
    domain::ValidatePriceOverride(sale.price_per_m2(), sale.price_override_reason(), currency, path,
                                  violations);
  }
  domain::ValidateServiceLines(sale.service_lines(), currency, path + ".service_lines", violations);
  if (sale.has_discount()) {
    domain::ValidateDiscount(sale.discount(), currency, path + ".discount", violations);
  }
  violations.ThrowIfAny();

  store::SaleContent content;
  content.area_dm2 = sale.area_dm2();
  content.stand_number = sale.stand_number();
  content.stand_type = sale.stand_type();
  content.price_per_m2 = sale.has_price_per_m2() ? sale.price_per_m2().minor_units() : list_price;
  content.price_override_reason = sale.has_price_per_m2() ? sale.price_override_reason() : "";
  if (content.price_per_m2 <= 0) {
    // A zero price is how an edition without a price list looks; a sale at 0 would go on to a
    // zero invoice, so it waits until registry publishes the price (or the manager overrides).
    throw common::PreconditionError(
        "EDITION_PRICE_UNSET", "the edition has no price per m²; a sale cannot be priced without " +
                                   path + ".price_per_m2");
  }
  domain::SalePricingInput input;
  input.area_dm2 = content.area_dm2;
  input.price_per_m2 = content.price_per_m2;
  input.service_lines.assign(sale.service_lines().begin(), sale.service_lines().end());
  if (sale.has_discount()) {
    input.discount = sale.discount();
  }
  input.date = domain::LocalDate(sale_time);
  const domain::PricedSale priced = domain::PriceSale(input, path);

  for (std::size_t i = 0; i < input.service_lines.size(); ++i) {
    v1::ServiceLine line = input.service_lines[i];
    line.mutable_unit_price()->set_currency_code(currency);
    line.mutable_amount()->set_currency_code(currency);
    line.mutable_amount()->set_minor_units(priced.line_amounts[i]);
    content.service_lines.push_back(std::move(line));
  }
  if (input.discount) {
    content.discount = *input.discount;
    if (content.discount->has_amount()) {
      content.discount->mutable_amount()->set_currency_code(currency);
    }
  }
  content.space_amount = priced.space;
  content.services_amount = priced.services;
  content.discount_amount = priced.discount;
  content.net_amount = priced.net;
  content.vat_rate_bp = priced.vat_rate_bp;
  content.vat_amount = priced.vat;
  content.total_amount = priced.total;
  return content;
}

void EnqueueContactCompleted(pqxx::transaction_base& tx, const v1::Contact& c,
                             domain::ResultKind kind) {
  common::bus::EnqueueEvent(tx, ev::kContactCompleted, c.name(), ContactCompletedEvent(c, kind));
}

v1::CompleteContactResponse CompleteWithSale(pqxx::work& tx, const store::ContactRow& row,
                                             const v1::ContactResult& result, const Timestamp& now,
                                             const Principal& caller) {
  auto edition = store::FindEdition(tx, row.edition_id);
  if (!edition || !store::FindClient(tx, row.client_id)) {
    // Foreign keys make this impossible; say so loudly rather than record a partial sale.
    throw std::runtime_error("contact " + row.id +
                             " refers to a client or edition not in the projection");
  }
  const auto& price = edition->snapshot.price_per_m2();

  store::NewSale sale;
  sale.id = common::NewUuid();
  sale.contact_id = row.id;
  sale.client_id = row.client_id;
  sale.project_id = row.project_id;
  sale.edition_id = row.edition_id;
  sale.manager_id = row.owner_id;
  sale.currency_code = price.currency_code();
  sale.list_price_per_m2 = price.minor_units();
  sale.content = PriceSaleContent(result.sale(), price.minor_units(), price.currency_code(), now,
                                  "result.sale");
  sale.sale_time = now;

  v1::CompleteContactResponse response;
  const store::SaleRow stored = store::InsertSale(tx, sale);
  *response.mutable_sale() = stored.sale;
  *response.mutable_contact() = store::CompleteContact(tx, row.id, result, "sale", now).contact;
  EnqueueContactCompleted(tx, response.contact(), domain::ResultKind::kSale);
  // Everything a subscriber (documents, accounting, analytics) needs without calling back: the
  // parties as planning knows them at the moment of the sale.
  common::bus::EnqueueEvent(tx, ev::kSaleRecorded, stored.sale.name(),
                            SaleRecordedEvent(tx, stored, caller));
  return response;
}

}  // namespace crm::planning
