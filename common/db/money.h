#pragma once

#include <cstdint>
#include <string>

#include "crm/common/v1/money.pb.h"

namespace crm::common::db {

// A money value read back from its two columns: the ISO 4217 code and the amount in minor units.
inline crm::common::v1::Money MoneyOf(const std::string& currency_code, int64_t minor_units) {
  crm::common::v1::Money money;
  money.set_currency_code(currency_code);
  money.set_minor_units(minor_units);
  return money;
}

}  // namespace crm::common::db
