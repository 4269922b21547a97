#pragma once

#include <chrono>
#include <string>

namespace crm::common::ru {

// A date as Russian documents and messages write it: "26.11.2026".
std::string FormatDateRu(std::chrono::year_month_day date);

}  // namespace crm::common::ru
