#pragma once

#include <string>
#include <vector>

#include "common/core/errors.h"

namespace crm::common::api::testing {

// What `violations` holds, in order (empty when nothing).
inline std::vector<FieldViolation> Thrown(Violations& violations) {
  try {
    violations.ThrowIfAny();
  } catch (const ValidationError& e) {
    return e.violations();
  }
  return {};
}

inline std::vector<std::string> FieldsOf(Violations& violations) {
  std::vector<std::string> fields;
  for (const FieldViolation& violation : Thrown(violations)) {
    fields.push_back(violation.field);
  }
  return fields;
}

inline std::vector<std::string> DescriptionsOf(Violations& violations) {
  std::vector<std::string> descriptions;
  for (const FieldViolation& violation : Thrown(violations)) {
    descriptions.push_back(violation.description);
  }
  return descriptions;
}

}  // namespace crm::common::api::testing
