#pragma once

#include <google/type/date.pb.h>

#include <string>

#include "common/api/date.h"
#include "common/core/errors.h"

namespace crm::accounting::app {

// The date an event's field `field` carries, as ISO "YYYY-MM-DD"; ValidationError (the event is
// dead-lettered) when it is not a calendar date.
inline std::string EventIsoDate(const google::type::Date& date, const char* field) {
  const auto day = common::api::CalendarDate(date);
  if (!day) {
    throw common::ValidationError(field, "must be a calendar date");
  }
  return common::api::IsoDate(*day);
}

}  // namespace crm::accounting::app
