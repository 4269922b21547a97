#include "services/analytics/domain/timestamps.h"

#include <google/protobuf/util/time_util.h>

namespace crm::analytics::domain {

using google::protobuf::util::TimeUtil;

bool IsValidTimestamp(const google::protobuf::Timestamp& t) {
  return t.seconds() >= TimeUtil::kTimestampMinSeconds &&
         t.seconds() <= TimeUtil::kTimestampMaxSeconds && t.nanos() >= 0 && t.nanos() <= 999999999;
}

std::string Rfc3339(const google::protobuf::Timestamp& t) { return TimeUtil::ToString(t); }

}  // namespace crm::analytics::domain
