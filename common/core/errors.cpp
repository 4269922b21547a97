#include "common/core/errors.h"

#include <utility>

namespace crm::common {
namespace {
std::string Summarise(const std::vector<FieldViolation>& violations) {
  std::string out = "invalid request";
  for (std::size_t i = 0; i < violations.size(); ++i) {
    out += i == 0 ? ": " : "; ";
    out += violations[i].field + ": " + violations[i].description;
  }
  return out;
}
}  // namespace

ValidationError::ValidationError(std::vector<FieldViolation> violations)
    : std::runtime_error(Summarise(violations)), violations_(std::move(violations)) {}

ValidationError::ValidationError(std::string field, std::string description)
    : ValidationError(std::vector<FieldViolation>{{std::move(field), std::move(description)}}) {}

NotFoundError::NotFoundError(std::string resource_name)
    : std::runtime_error(resource_name + " not found"), resource_name_(std::move(resource_name)) {}

AlreadyExistsError::AlreadyExistsError(std::string message, std::string existing_name)
    : std::runtime_error(std::move(message)), existing_name_(std::move(existing_name)) {}

PreconditionError::PreconditionError(std::string reason, std::string message)
    : std::runtime_error(std::move(message)), reason_(std::move(reason)) {}

PreconditionError::PreconditionError(std::string reason, std::string message, std::string subject)
    : std::runtime_error(std::move(message)),
      reason_(std::move(reason)),
      subject_(std::move(subject)) {}

ConflictError::ConflictError(std::string reason, std::string message)
    : std::runtime_error(std::move(message)), reason_(std::move(reason)) {}

void Violations::Add(std::string field, std::string description) {
  list_.push_back({std::move(field), std::move(description)});
}

void Violations::ThrowIfAny() {
  if (!list_.empty()) {
    throw ValidationError(std::move(list_));
  }
}

}  // namespace crm::common
