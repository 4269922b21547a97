#pragma once

#include <cstddef>
#include <string>
#include <string_view>

#include "common/core/errors.h"

// The request_id of an idempotent request (AIP-155), checked the same way by every service. It is
// optional; when set it must be printable text (valid UTF-8 without control characters) of at
// most 128 characters — a UUID is the usual choice. It is a key compared byte for byte, so it is
// never trimmed or normalised. What a repeated request_id does is common/api/idempotency.h.
namespace crm::common::api {

inline constexpr std::size_t kMaxRequestIdCharacters = 128;

// Adds a violation of `field` when `request_id` is set and breaks the rule above.
void CheckRequestId(Violations& violations, std::string_view request_id,
                    std::string field = "request_id");

// Whether `text` is valid UTF-8 without C0/C1 control characters or DEL and holds at most
// `max_characters` code points.
bool IsPrintableText(std::string_view text, std::size_t max_characters);

}  // namespace crm::common::api
