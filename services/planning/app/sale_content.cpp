#include "services/planning/app/sale_content.h"

#include <utility>

#include "common/core/errors.h"
#include "services/planning/domain/contact_rules.h"
#include "services/planning/domain/result_rules.h"
#include "services/planning/domain/sale_pricing.h"

namespace crm::planning::app {

store::SaleContent PriceSaleContent(const v1::SaleOutcome& sale, int64_t list_price,
                                    const std::string& currency,
                                    const google::protobuf::Timestamp& sale_time,
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

}  // namespace crm::planning::app
