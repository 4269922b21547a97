#include "services/planning/app/clock.h"

#include <google/protobuf/util/time_util.h>

namespace crm::planning::app {

Clock SystemClock() {
  return [] { return google::protobuf::util::TimeUtil::GetCurrentTime(); };
}

google::protobuf::Timestamp MicrosNow(const Clock& clock) {
  google::protobuf::Timestamp now = clock();
  now.set_nanos(now.nanos() / 1000 * 1000);
  return now;
}

}  // namespace crm::planning::app
