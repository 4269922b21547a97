#pragma once

#include <google/protobuf/timestamp.pb.h>

#include <functional>

// Planning's "now": completion and sale times, the VAT date, "in the future" for a reschedule,
// reminder fire times. Every API and the reminder scheduler take a Clock, so tests pin it.
namespace crm::planning::app {

using Clock = std::function<google::protobuf::Timestamp()>;

// The system clock.
Clock SystemClock();

// The clock's time cut to whole microseconds, the precision PostgreSQL stores, so a response
// equals a later read of what it wrote.
google::protobuf::Timestamp MicrosNow(const Clock& clock);

}  // namespace crm::planning::app
