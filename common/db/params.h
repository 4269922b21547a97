#pragma once

#include <google/protobuf/timestamp.pb.h>
#include <google/protobuf/util/time_util.h>

#include <optional>
#include <string>
#include <vector>

#include "common/db/pool.h"  // OrNull: a nullable text parameter

// Statement parameters from C++ and proto values, the one home for every store. Times go in as
// RFC 3339 text (`$n::timestamptz`), arrays as array literals (`$n::uuid[]`, `$n::text[]`).
namespace crm::common::db {

// RFC 3339 text for a timestamptz parameter.
inline std::string TimeParam(const google::protobuf::Timestamp& t) {
  return google::protobuf::util::TimeUtil::ToString(t);
}

// As TimeParam, or NULL (through OrNull) when there is no time.
inline std::optional<std::string> OptionalTimeParam(
    const std::optional<google::protobuf::Timestamp>& t) {
  if (!t) {
    return std::nullopt;
  }
  return TimeParam(*t);
}

// "{a,b,c}": a uuid[] parameter from ids, which need no quoting. Text that may hold commas,
// quotes, braces or spaces goes through QuotedArrayLiteral.
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

// "{1,2,3}": an int[] or bigint[] parameter from numbers.
template <class Range>
std::string NumberArrayLiteral(const Range& numbers) {
  std::vector<std::string> texts;
  texts.reserve(std::size(numbers));
  for (const auto& number : numbers) {
    texts.push_back(std::to_string(number));
  }
  return ArrayLiteral(texts);
}

// `value` as a quoted array element: `"` and `\` escaped.
inline void AppendQuotedElement(std::string& text, const std::string& value) {
  text += '"';
  for (const char c : value) {
    if (c == '"' || c == '\\') {
      text += '\\';
    }
    text += c;
  }
  text += '"';
}

// "{"a","b \"c\""}": a text[] parameter; every element quoted, `"` and `\` escaped.
template <class Range>
std::string QuotedArrayLiteral(const Range& values) {
  std::string text = "{";
  for (const auto& value : values) {
    if (text.size() > 1) {
      text += ',';
    }
    AppendQuotedElement(text, value);
  }
  return text + "}";
}

// As QuotedArrayLiteral, from optional values: NULL for an empty one ("{"a",NULL}"). Any element
// type can be given so (`$n::uuid[]`, `$n::timestamptz[]`, `$n::bigint[]`).
template <class Range>
std::string NullableArrayLiteral(const Range& values) {
  std::string text = "{";
  bool first = true;
  for (const std::optional<std::string>& value : values) {
    if (!first) {
      text += ',';
    }
    first = false;
    if (value) {
      AppendQuotedElement(text, *value);
    } else {
      text += "NULL";
    }
  }
  return text + "}";
}

}  // namespace crm::common::db
