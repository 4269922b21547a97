#pragma once

#include <google/protobuf/timestamp.pb.h>

#include <string>

namespace crm::analytics::domain {

// Within google.protobuf.Timestamp's documented range (years 1 to 9999, nanos 0..999999999);
// TimeUtil::ToString must not see anything else.
bool IsValidTimestamp(const google::protobuf::Timestamp& t);

// RFC 3339 text for SQL parameters (PostgreSQL reads it as timestamptz). `t` must be valid.
std::string Rfc3339(const google::protobuf::Timestamp& t);

}  // namespace crm::analytics::domain
