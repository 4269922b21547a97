#pragma once

#include <string>
#include <string_view>

namespace crm::common {

// SHA-256 of `data`: 32 raw bytes, or 64 lower-case hex digits.
std::string Sha256(std::string_view data);
std::string Sha256Hex(std::string_view data);

}  // namespace crm::common
