#pragma once

#include <string>
#include <string_view>

namespace crm::common {

// `bytes` in unpadded base64url (RFC 4648 section 5), as tokens carry bytes in URLs and headers.
std::string Base64Url(std::string_view bytes);

}  // namespace crm::common
