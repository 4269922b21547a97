#pragma once

#include <string>
#include <string_view>

#include "common/core/errors.h"

// Etags (AIP-154), one rule for every service:
//
// - An update or delete whose contract requires the etag refuses an empty one as INVALID_ARGUMENT
//   naming the field, together with the request's other violations (RequireEtag). That is every
//   etag-checked RPC except the two whose contract makes it optional (planning's UpdateContact
//   and CancelContact).
// - An empty etag that got past that rule is a request without a precondition: nothing to check.
// - A given etag that is not the resource's current one is ABORTED with the google.rpc.ErrorInfo
//   reason ETAG_MISMATCH (CheckEtag); nothing changes and the caller reads the resource again.
//
//   RequireEtag(violations, "client.etag", request.client().etag());      // while validating
//   ...
//   CheckEtag(current.name(), current.etag(), request.client().etag());  // on the locked row
namespace crm::common::api {

// Adds a violation of `field` when `etag` is empty.
void RequireEtag(Violations& violations, std::string field, std::string_view etag);

// Throws ConflictError ETAG_MISMATCH when `given` is set and differs from `current`, the etag of
// the resource `resource_name` as it is now (read under a row lock, so the check and the write
// see the same version).
void CheckEtag(std::string_view resource_name, std::string_view current, std::string_view given);

}  // namespace crm::common::api
