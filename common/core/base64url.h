#pragma once

#include <optional>
#include <string>
#include <string_view>

// Base64url without padding (RFC 4648 §5), as JSON Web Tokens, JSON Web Keys and the API's page
// tokens write bytes into text.
namespace crm::common {

std::string Base64UrlEncode(std::string_view bytes);

// The bytes `text` encodes; nullopt when it holds a character outside the URL-safe alphabet or
// cannot be a base64url length. Padding ('=') is refused: every writer of ours omits it.
std::optional<std::string> Base64UrlDecode(std::string_view text);

}  // namespace crm::common
