#pragma once

#include <string>
#include <utility>
#include <vector>

#include "common/core/errors.h"

// The field paths of validation violations, in the order they were reported, for assertions in
// rules tests.
namespace crm::testing {

inline std::vector<std::string> ViolatedFields(const common::ValidationError& error) {
  std::vector<std::string> fields;
  for (const auto& violation : error.violations()) {
    fields.push_back(violation.field);
  }
  return fields;
}

// What `violations` holds so far ({} when nothing).
inline std::vector<std::string> ViolatedFields(common::Violations violations) {
  try {
    violations.ThrowIfAny();
  } catch (const common::ValidationError& error) {
    return ViolatedFields(error);
  }
  return {};
}

// What the ValidationError thrown by `validate()` lists ({} when it throws none).
template <class Validate>
std::vector<std::string> ViolatedFieldsOf(Validate&& validate) {
  try {
    std::forward<Validate>(validate)();
  } catch (const common::ValidationError& error) {
    return ViolatedFields(error);
  }
  return {};
}

}  // namespace crm::testing
