#pragma once

#include <google/protobuf/util/time_util.h>

#include <optional>
#include <string>

#include "common/api/page_token.h"
#include "common/db/params.h"

namespace crm::planning::store {

// The (time, id) keyset of the previous page's last row as statement parameters (a timestamptz
// and a uuid, bound through common::db::OrNull): NULLs for the first page.
struct KeyParams {
  std::optional<std::string> time;
  std::optional<std::string> id;
};

inline KeyParams KeyParamsOf(const std::optional<common::api::TimeKey>& after) {
  if (!after) {
    return {};
  }
  return {common::db::TimeParam(
              google::protobuf::util::TimeUtil::MicrosecondsToTimestamp(after->micros)),
          after->id};
}

// A uuid column that may be NULL, from an id that is "" for none (a task without an edition).
inline const char* IdOrNull(const std::string& id) { return id.empty() ? nullptr : id.c_str(); }

}  // namespace crm::planning::store
