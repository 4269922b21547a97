#include "common/ru/date_text.h"

#include <cstdio>

namespace crm::common::ru {

std::string FormatDateRu(std::chrono::year_month_day date) {
  char buffer[32];
  std::snprintf(buffer, sizeof buffer, "%02u.%02u.%04d", static_cast<unsigned>(date.day()),
                static_cast<unsigned>(date.month()), static_cast<int>(date.year()));
  return buffer;
}

}  // namespace crm::common::ru
