#pragma once

#include <stdexcept>
#include <string>
#include <vector>

// Domain errors: thrown by domain and store code, mapped to gRPC status codes in exactly one
// place (common/grpc/error_mapping). Domain code never sees gRPC.
namespace crm::common {

struct FieldViolation {
  std::string field;        // e.g. "client.inn"
  std::string description;  // what is wrong, for a person
};

// Bad input: INVALID_ARGUMENT with a google.rpc.BadRequest listing every violation.
class ValidationError : public std::runtime_error {
 public:
  explicit ValidationError(std::vector<FieldViolation> violations);
  ValidationError(std::string field, std::string description);
  const std::vector<FieldViolation>& violations() const { return violations_; }

 private:
  std::vector<FieldViolation> violations_;
};

// NOT_FOUND; `resource_name` goes into google.rpc.ResourceInfo.
class NotFoundError : public std::runtime_error {
 public:
  explicit NotFoundError(std::string resource_name);
  const std::string& resource_name() const { return resource_name_; }

 private:
  std::string resource_name_;
};

// ALREADY_EXISTS; `existing_name` names the resource that is already there.
class AlreadyExistsError : public std::runtime_error {
 public:
  AlreadyExistsError(std::string message, std::string existing_name);
  const std::string& existing_name() const { return existing_name_; }

 private:
  std::string existing_name_;
};

// FAILED_PRECONDITION: the request is valid but the resource's state does not allow it.
// `reason` is a stable UPPER_SNAKE identifier for google.rpc.ErrorInfo. `subject`, when given,
// names the resource whose state refuses the request ("clients/{uuid}"); it goes into a
// google.rpc.PreconditionFailure violation of type `reason`, so a client can tell which of the
// request's references to fix.
class PreconditionError : public std::runtime_error {
 public:
  PreconditionError(std::string reason, std::string message);
  PreconditionError(std::string reason, std::string message, std::string subject);
  const std::string& reason() const { return reason_; }
  const std::string& subject() const { return subject_; }

 private:
  std::string reason_;
  std::string subject_;
};

// ABORTED: a concurrency conflict the caller resolves by reading again and retrying (a stale
// etag). `reason` is a stable UPPER_SNAKE identifier for google.rpc.ErrorInfo.
class ConflictError : public std::runtime_error {
 public:
  ConflictError(std::string reason, std::string message);
  const std::string& reason() const { return reason_; }

 private:
  std::string reason_;
};

// PERMISSION_DENIED from domain rules (e.g. a manager touching another manager's contact).
class PermissionError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

// Collects violations while validating a request, then throws them all at once.
class Violations {
 public:
  void Add(std::string field, std::string description);
  // Adds a violation when `error` holds a message.
  template <class OptionalMessage>
  void AddIf(std::string field, const OptionalMessage& error) {
    if (error) {
      Add(std::move(field), *error);
    }
  }
  // Runs `check`; the violations of a ValidationError it throws are added here instead, so a
  // check that throws at its first problem still reports alongside the request's others.
  template <class Check>
  void Collect(Check&& check) {
    try {
      check();
    } catch (const ValidationError& e) {
      for (const auto& violation : e.violations()) {
        Add(violation.field, violation.description);
      }
    }
  }
  bool empty() const { return list_.empty(); }
  void ThrowIfAny();

 private:
  std::vector<FieldViolation> list_;
};

}  // namespace crm::common
