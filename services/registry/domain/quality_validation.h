#pragma once

#include "crm/registry/v1/quality.pb.h"
#include "crm/registry/v1/registry.pb.h"

// Input rules of ClientQualityService. Each Validate* function reads one request, returns what
// the store needs with text trimmed, and throws common::ValidationError listing every problem by
// its request field path.
namespace crm::registry {

// The record to check: at least one of display_name, legal_name, inn, phone, email; each given
// field well-formed (an INN of 10 or 12 digits; checksums are CreateClient's business).
v1::Client ValidateCheckDuplicates(const v1::CheckDuplicatesRequest& request);

}  // namespace crm::registry
