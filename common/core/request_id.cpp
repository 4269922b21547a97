#include "common/core/request_id.h"

#include <cctype>

#include "common/core/ids.h"

namespace crm::common {

std::string RequestIdOrNew(std::string_view candidate) {
  if (candidate.empty() || candidate.size() > 128) {
    return NewUuid();
  }
  for (char c : candidate) {
    if (!(std::isalnum(static_cast<unsigned char>(c)) || c == '-' || c == '_' || c == '.')) {
      return NewUuid();
    }
  }
  return std::string(candidate);
}

}  // namespace crm::common
