#pragma once

#include <google/protobuf/timestamp.pb.h>

#include <cstdint>
#include <optional>
#include <pqxx/pqxx>
#include <string>
#include <utility>

#include "common/db/pool.h"  // OrNull, TextOr: parameters and fields

// Reading a result row by column name. A service's statements live in store/sql/*.sql and name
// every column they return (an alias where it is an expression); decoders ask for those names,
// so the order of a SELECT list does not matter and adding a column needs no counting. A column
// the statement does not return is a programming error: std::logic_error naming it.
namespace crm::common::db {

class Row {
 public:
  // Holds its own handle on the result (pqxx::row is a counted reference), so a Row made from
  // `result[0]` outlives that temporary.
  explicit Row(pqxx::row row) : row_(std::move(row)) {}

  bool IsNull(const char* column) const;
  // The text of the column; "" when it is NULL.
  std::string Text(const char* column) const;
  // The text of the column; nullopt when it is NULL ("" stays "").
  std::optional<std::string> OptionalText(const char* column) const;
  // Numbers and booleans are NOT NULL columns: NULL is std::logic_error naming the column.
  int64_t Int64(const char* column) const;
  int32_t Int32(const char* column) const;
  bool Bool(const char* column) const;
  std::optional<int64_t> OptionalInt64(const char* column) const;
  // A bytea column's bytes.
  std::string Bytes(const char* column) const;
  // A time selected as microseconds since the epoch (`(extract(epoch from t) * 1000000)::bigint
  // AS t_us`): exact, and independent of the session's DateStyle and TimeZone.
  google::protobuf::Timestamp TimeFromMicros(const char* column) const;
  std::optional<google::protobuf::Timestamp> OptionalTimeFromMicros(const char* column) const;

 private:
  pqxx::field Field(const char* column) const;
  pqxx::field NotNull(const char* column) const;

  pqxx::row row_;
};

}  // namespace crm::common::db
