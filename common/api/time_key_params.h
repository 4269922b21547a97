#pragma once

#include <optional>
#include <string>

#include "common/api/page_token.h"

namespace crm::common::api {

// Where a list paged by a TimeKey starts, as its statement's text parameters (bound through
// common::db::OrNull, cast in SQL to bigint and uuid): both NULL for the first page.
struct TimeKeyParams {
  std::optional<std::string> micros;  // microseconds since the epoch, in decimal
  std::optional<std::string> id;
};

inline TimeKeyParams TimeKeyParamsOf(const std::optional<TimeKey>& after) {
  if (!after) {
    return {};
  }
  return {std::to_string(after->micros), after->id};
}

}  // namespace crm::common::api
