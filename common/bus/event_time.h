#pragma once

#include <google/protobuf/timestamp.pb.h>
#include <google/protobuf/util/time_util.h>

#include <optional>
#include <string>

#include "common/bus/consumer.h"

// The commit time a consumed event carries (ce-time), for projections that keep the newest state
// whatever the order of delivery: an older event never overwrites what a newer one wrote.
namespace crm::common::bus {

// ce-time normalised to RFC 3339 UTC; nullopt when the event carries none or an unreadable one
// (the delivery is then applied as the latest).
inline std::optional<std::string> EventTimeOf(const InboundEvent& event) {
  google::protobuf::Timestamp t;
  if (event.time.empty() || !google::protobuf::util::TimeUtil::FromString(event.time, &t)) {
    return std::nullopt;
  }
  return google::protobuf::util::TimeUtil::ToString(t);
}

}  // namespace crm::common::bus
