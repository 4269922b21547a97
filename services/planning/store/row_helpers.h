#pragma once

#include <google/protobuf/timestamp.pb.h>
#include <google/protobuf/util/time_util.h>

#include <optional>
#include <pqxx/pqxx>
#include <string>

#include "common/api/page_token.h"
#include "common/db/pool.h"
#include "crm/common/v1/money.pb.h"

// Conversions shared by the area stores (sales, catalogues, redirects, assessments): SQL
// parameters from optional values and proto values from result fields.
namespace crm::planning::store::rows {

using common::db::OrNull;

// RFC 3339 text for a timestamptz parameter.
inline std::string Time(const google::protobuf::Timestamp& t) {
  return google::protobuf::util::TimeUtil::ToString(t);
}

inline std::optional<std::string> OptionalTime(
    const std::optional<google::protobuf::Timestamp>& t) {
  if (!t) {
    return std::nullopt;
  }
  return Time(*t);
}

// A microseconds-since-epoch column.
inline google::protobuf::Timestamp FromMicros(const pqxx::field& f) {
  return google::protobuf::util::TimeUtil::MicrosecondsToTimestamp(f.as<int64_t>());
}

inline crm::common::v1::Money Money(const std::string& currency, int64_t minor_units) {
  crm::common::v1::Money money;
  money.set_currency_code(currency);
  money.set_minor_units(minor_units);
  return money;
}

// A keyset bound as SQL parameters: NULLs for the first page.
struct KeyParams {
  std::optional<std::string> time;
  std::optional<std::string> id;
};
inline KeyParams KeyParamsOf(const std::optional<common::api::TimeKey>& after) {
  if (!after) {
    return {};
  }
  return {Time(google::protobuf::util::TimeUtil::MicrosecondsToTimestamp(after->micros)),
          after->id};
}

// "{a,b,c}": a uuid[] / text[] parameter from ids (uuids need no quoting).
template <class Range>
std::string ArrayLiteral(const Range& ids) {
  std::string text = "{";
  for (const auto& id : ids) {
    if (text.size() > 1) {
      text += ',';
    }
    text += id;
  }
  return text + "}";
}

}  // namespace crm::planning::store::rows
