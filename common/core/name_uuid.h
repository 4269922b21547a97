#pragma once

#include <string>
#include <string_view>

namespace crm::common {

// The name-based (version 5, SHA-1) UUID of `name` in the namespace `namespace_uuid` (RFC 4122
// section 4.3), lower case: the same name always gives the same UUID. Throws
// std::invalid_argument when `namespace_uuid` is not a UUID. (Defined in ids.cpp.)
std::string NameUuid(std::string_view namespace_uuid, std::string_view name);

}  // namespace crm::common
