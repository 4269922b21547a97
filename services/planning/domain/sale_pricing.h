#pragma once

#include <google/protobuf/timestamp.pb.h>

#include <chrono>
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "common/api/date.h"
#include "common/api/enum_text.h"
#include "common/core/errors.h"
#include "crm/planning/v1/planning.pb.h"

// The price of a sale with its details: stand space at a (possibly overridden) price per m²,
// service lines, a discount on the whole, VAT on what is left. Integer kopecks only.
namespace crm::planning::domain {

// Upper bound of one sale's area: 10 000 m², the floor of a whole large exhibition hall. A
// bigger number is a unit mistake (m² typed as cm², an extra zero) rather than a stand, and the
// bound keeps area * price far inside int64 for any realistic price.
inline constexpr int64_t kMaxSaleAreaDm2 = 1'000'000;
inline constexpr int kMaxServiceLines = 50;
inline constexpr std::size_t kMaxServiceNameChars = 200;
inline constexpr std::size_t kMaxUnitChars = 16;
inline constexpr std::size_t kMaxReasonChars = 1000;
// 1 000 000 units: more is a unit mistake.
inline constexpr int64_t kMaxQuantityMilli = 1'000'000'000;
// 100 000 000,00 RUB per unit or per m².
inline constexpr int64_t kMaxUnitPriceKopecks = 10'000'000'000;

// What a sale is priced from.
struct SalePricingInput {
  int64_t area_dm2 = 0;
  int64_t price_per_m2 = 0;                    // kopecks, the price applied
  std::vector<v1::ServiceLine> service_lines;  // quantity and unit price set
  std::optional<v1::Discount> discount;
  std::chrono::year_month_day date;  // the sale's local date: the VAT rate
};

struct PricedSale {
  std::vector<int64_t> line_amounts;  // per service line
  int64_t space = 0;                  // area × price
  int64_t services = 0;               // sum of the lines
  int64_t discount = 0;
  int64_t net = 0;  // space + services − discount
  int32_t vat_rate_bp = 0;
  int64_t vat = 0;
  int64_t total = 0;
};

// The sale's local date decides its VAT rate (common::api::LocalDate).
using common::api::LocalDate;

// quantity_milli × unit price / 1000, rounded half-up. Throws std::overflow_error.
int64_t LineAmount(int64_t quantity_milli, int64_t unit_price);

// Prices a validated input. A discount larger than space + services, or amounts out of int64,
// throw common::ValidationError on `path` + ".discount" / ".area_dm2".
PricedSale PriceSale(const SalePricingInput& input, const std::string& path);

// Validation of the detail fields of a sale (path "result.sale" or "sale"). `currency` is the
// edition's: money fields given with another currency are rejected.
void ValidateServiceLines(const google::protobuf::RepeatedPtrField<v1::ServiceLine>& lines,
                          const std::string& currency, const std::string& path,
                          common::Violations& violations);
void ValidateDiscount(const v1::Discount& discount, const std::string& currency,
                      const std::string& path, common::Violations& violations);
// An overriding price must be positive, in the edition's currency and come with a reason.
void ValidatePriceOverride(const crm::common::v1::Money& price, const std::string& reason,
                           const std::string& currency, const std::string& path,
                           common::Violations& violations);
void ValidateArea(int64_t area_dm2, const std::string& field, common::Violations& violations);

// The stored text of a sale's stand type ("ISLAND"); "" for none.
using StandTypeText = common::api::EnumText<v1::StandType>;

}  // namespace crm::planning::domain
