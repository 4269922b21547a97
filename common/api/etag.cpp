#include "common/api/etag.h"

namespace crm::common::api {

void RequireEtag(Violations& violations, std::string field, std::string_view etag) {
  if (etag.empty()) {
    violations.Add(std::move(field), "is required: the etag of the resource as last read");
  }
}

void CheckEtag(std::string_view resource_name, std::string_view current, std::string_view given) {
  if (!given.empty() && given != current) {
    throw ConflictError("ETAG_MISMATCH", std::string(resource_name) + " has changed (etag " +
                                             std::string(current) + ", not " + std::string(given) +
                                             "); read it again and retry");
  }
}

}  // namespace crm::common::api
