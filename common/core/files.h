#pragma once

#include <string>
#include <string_view>

namespace crm::common {

// The whole content of the file at `path`, read as bytes. Throws std::runtime_error "cannot read
// <what> <path>" when it cannot be opened or read; `what` names the file for the reader of the
// error (a variable such as CRM_JWT_JWKS_FILE, "the TLS file", "the descriptor set"). The content
// itself never appears in an error or a log: it may be a secret.
std::string ReadWholeFile(const std::string& path, std::string_view what);

}  // namespace crm::common
