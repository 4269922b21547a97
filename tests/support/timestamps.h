#pragma once

#include <google/protobuf/timestamp.pb.h>
#include <google/protobuf/util/time_util.h>
#include <gtest/gtest.h>

#include <string>

namespace crm::testing {

// The timestamp written in RFC 3339 ("2026-03-16T07:00:00Z"); fails the test on a typo.
inline google::protobuf::Timestamp At(const std::string& rfc3339) {
  google::protobuf::Timestamp t;
  EXPECT_TRUE(google::protobuf::util::TimeUtil::FromString(rfc3339, &t)) << rfc3339;
  return t;
}

}  // namespace crm::testing
