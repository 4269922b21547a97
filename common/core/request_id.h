#pragma once

#include <string>
#include <string_view>

namespace crm::common {

// The request id to work under: `candidate` (a caller's x-request-id) when it is 1-128 letters,
// digits, '-', '_' or '.', else a new UUID. The services and the gateway take it alike.
std::string RequestIdOrNew(std::string_view candidate);

}  // namespace crm::common
