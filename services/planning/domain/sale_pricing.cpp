#include "services/planning/domain/sale_pricing.h"

#include <ctime>
#include <stdexcept>

#include "common/ru/money.h"
#include "common/ru/vat.h"
#include "services/planning/domain/contact_rules.h"

namespace crm::planning::domain {
namespace {

// a × b / divisor rounded half-up (non-negative operands). Throws std::overflow_error.
int64_t MulDivRound(int64_t a, int64_t b, int64_t divisor) {
  int64_t product = 0;
  if (__builtin_mul_overflow(a, b, &product)) {
    throw std::overflow_error("amount overflows int64");
  }
  int64_t quotient = product / divisor;
  if (product % divisor * 2 >= divisor) {
    ++quotient;
  }
  return quotient;
}

int64_t Add(int64_t a, int64_t b) {
  int64_t sum = 0;
  if (__builtin_add_overflow(a, b, &sum)) {
    throw std::overflow_error("amount overflows int64");
  }
  return sum;
}

void CheckCurrency(const crm::common::v1::Money& money, const std::string& currency,
                   const std::string& field, common::Violations& violations) {
  // An empty `currency` means "not known yet": the API checks again once it has the edition.
  if (!currency.empty() && !money.currency_code().empty() && money.currency_code() != currency) {
    violations.Add(field, "must be in " + currency + ", the edition's currency");
  }
}

}  // namespace

int64_t LineAmount(int64_t quantity_milli, int64_t unit_price) {
  return common::ru::QuantityAmountKopecks(quantity_milli, unit_price);
}

PricedSale PriceSale(const SalePricingInput& input, const std::string& path) {
  PricedSale priced;
  try {
    priced.space = common::ru::AreaAmountKopecks(input.area_dm2, input.price_per_m2);
    for (const auto& line : input.service_lines) {
      const int64_t amount = LineAmount(line.quantity_milli(), line.unit_price().minor_units());
      priced.line_amounts.push_back(amount);
      priced.services = Add(priced.services, amount);
    }
  } catch (const std::overflow_error&) {
    throw common::ValidationError(path + ".area_dm2",
                                  "the sale's amount exceeds the supported range");
  }
  const int64_t gross = Add(priced.space, priced.services);
  if (input.discount) {
    if (input.discount->value_case() == v1::Discount::kPercentBp) {
      priced.discount = MulDivRound(gross, input.discount->percent_bp(), 10'000);
    } else if (input.discount->value_case() == v1::Discount::kAmount) {
      priced.discount = input.discount->amount().minor_units();
      if (priced.discount > gross) {
        throw common::ValidationError(
            path + ".discount.amount",
            "must be at most the amount before discount (" + common::ru::FormatRubles(gross) + ")");
      }
    }
  }
  priced.net = gross - priced.discount;
  const common::ru::VatBreakdown vat = common::ru::ComputeVat(priced.net, input.date);
  priced.vat_rate_bp = vat.rate_bp;
  priced.vat = vat.vat;
  priced.total = vat.total;
  return priced;
}

void ValidateArea(int64_t area_dm2, const std::string& field, common::Violations& violations) {
  if (area_dm2 <= 0) {
    violations.Add(field, "must be a positive number of square decimetres");
  } else if (area_dm2 > kMaxSaleAreaDm2) {
    violations.Add(field,
                   "must be at most " + std::to_string(kMaxSaleAreaDm2) + " dm² (10 000 m²)");
  }
}

void ValidateServiceLines(const google::protobuf::RepeatedPtrField<v1::ServiceLine>& lines,
                          const std::string& currency, const std::string& path,
                          common::Violations& violations) {
  if (lines.size() > kMaxServiceLines) {
    violations.Add(path, "must hold at most " + std::to_string(kMaxServiceLines) + " lines");
    return;
  }
  for (int i = 0; i < lines.size(); ++i) {
    const v1::ServiceLine& line = lines[i];
    const std::string p = path + "[" + std::to_string(i) + "]";
    if (!HasContent(line.name())) {
      violations.Add(p + ".name", "is required");
    } else if (CharCount(line.name()) > kMaxServiceNameChars) {
      violations.Add(p + ".name",
                     "must be at most " + std::to_string(kMaxServiceNameChars) + " characters");
    }
    if (line.quantity_milli() <= 0 || line.quantity_milli() > kMaxQuantityMilli) {
      violations.Add(p + ".quantity_milli", "must be between 1 and " +
                                                std::to_string(kMaxQuantityMilli) +
                                                " thousandths of the unit");
    }
    if (!HasContent(line.unit())) {
      violations.Add(p + ".unit", "is required");
    } else if (CharCount(line.unit()) > kMaxUnitChars) {
      violations.Add(p + ".unit",
                     "must be at most " + std::to_string(kMaxUnitChars) + " characters");
    }
    if (!line.has_unit_price()) {
      violations.Add(p + ".unit_price", "is required");
    } else if (line.unit_price().minor_units() < 0 ||
               line.unit_price().minor_units() > kMaxUnitPriceKopecks) {
      violations.Add(p + ".unit_price.minor_units",
                     "must be between 0 and " + std::to_string(kMaxUnitPriceKopecks));
    } else {
      CheckCurrency(line.unit_price(), currency, p + ".unit_price.currency_code", violations);
    }
  }
}

void ValidateDiscount(const v1::Discount& discount, const std::string& currency,
                      const std::string& path, common::Violations& violations) {
  switch (discount.value_case()) {
    case v1::Discount::kPercentBp:
      if (discount.percent_bp() <= 0 || discount.percent_bp() > 10'000) {
        violations.Add(path + ".percent_bp",
                       "must be between 1 and 10000 basis points (0.01% to 100%)");
      }
      break;
    case v1::Discount::kAmount:
      if (discount.amount().minor_units() <= 0) {
        violations.Add(path + ".amount.minor_units", "must be positive");
      } else {
        CheckCurrency(discount.amount(), currency, path + ".amount.currency_code", violations);
      }
      break;
    case v1::Discount::VALUE_NOT_SET:
      violations.Add(path, "must hold percent_bp or amount");
      break;
  }
  if (CharCount(discount.reason()) > kMaxReasonChars) {
    violations.Add(path + ".reason",
                   "must be at most " + std::to_string(kMaxReasonChars) + " characters");
  }
}

void ValidatePriceOverride(const crm::common::v1::Money& price, const std::string& reason,
                           const std::string& currency, const std::string& path,
                           common::Violations& violations) {
  if (price.minor_units() <= 0 || price.minor_units() > kMaxUnitPriceKopecks) {
    violations.Add(path + ".price_per_m2.minor_units",
                   "must be between 1 and " + std::to_string(kMaxUnitPriceKopecks));
  } else {
    CheckCurrency(price, currency, path + ".price_per_m2.currency_code", violations);
  }
  if (!HasContent(reason)) {
    violations.Add(path + ".price_override_reason",
                   "is required when price_per_m2 overrides the edition's price");
  } else if (CharCount(reason) > kMaxReasonChars) {
    violations.Add(path + ".price_override_reason",
                   "must be at most " + std::to_string(kMaxReasonChars) + " characters");
  }
}

}  // namespace crm::planning::domain
