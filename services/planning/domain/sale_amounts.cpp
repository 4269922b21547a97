#include "services/planning/domain/sale_amounts.h"

#include <ctime>
#include <stdexcept>

#include "common/core/errors.h"
#include "common/ru/money.h"
#include "common/ru/vat.h"

namespace crm::planning::domain {

SaleAmounts ComputeSaleAmounts(int64_t area_dm2, int64_t price_per_m2_kopecks,
                               std::chrono::year_month_day sale_date) {
  SaleAmounts amounts;
  amounts.area_dm2 = area_dm2;
  amounts.price_per_m2 = price_per_m2_kopecks;
  try {
    amounts.net = common::ru::AreaAmountKopecks(area_dm2, price_per_m2_kopecks);
    const common::ru::VatBreakdown vat = common::ru::ComputeVat(amounts.net, sale_date);
    amounts.vat_rate_bp = vat.rate_bp;
    amounts.vat = vat.vat;
    amounts.total = vat.total;
  } catch (const std::overflow_error&) {
    throw common::ValidationError(
        "result.sale.area_dm2",
        "the amount for this area at the edition's price exceeds the supported range");
  }
  return amounts;
}

std::chrono::year_month_day LocalDate(const google::protobuf::Timestamp& t) {
  const std::time_t seconds = static_cast<std::time_t>(t.seconds());
  std::tm local{};
  if (localtime_r(&seconds, &local) == nullptr) {
    throw std::invalid_argument("LocalDate: time out of range");
  }
  return std::chrono::year_month_day{std::chrono::year{local.tm_year + 1900},
                                     std::chrono::month{static_cast<unsigned>(local.tm_mon + 1)},
                                     std::chrono::day{static_cast<unsigned>(local.tm_mday)}};
}

}  // namespace crm::planning::domain
