#include "common/db/row.h"

#include <google/protobuf/util/time_util.h>

#include <cstring>
#include <stdexcept>

namespace crm::common::db {

pqxx::field Row::Field(const char* column) const {
  const auto n = row_.size();
  for (pqxx::row::size_type i = 0; i < n; ++i) {
    if (std::strcmp(row_[i].name(), column) == 0) {
      return row_[i];
    }
  }
  throw std::logic_error(std::string("the statement returns no column ") + column);
}

pqxx::field Row::NotNull(const char* column) const {
  pqxx::field f = Field(column);
  if (f.is_null()) {
    throw std::logic_error(std::string("column ") + column + " is NULL");
  }
  return f;
}

bool Row::IsNull(const char* column) const { return Field(column).is_null(); }

std::string Row::Text(const char* column) const {
  pqxx::field f = Field(column);
  return f.is_null() ? std::string() : std::string(f.c_str(), f.size());
}

std::optional<std::string> Row::OptionalText(const char* column) const {
  pqxx::field f = Field(column);
  if (f.is_null()) {
    return std::nullopt;
  }
  return std::string(f.c_str(), f.size());
}

int64_t Row::Int64(const char* column) const { return NotNull(column).as<int64_t>(); }

int32_t Row::Int32(const char* column) const { return NotNull(column).as<int32_t>(); }

bool Row::Bool(const char* column) const { return NotNull(column).as<bool>(); }

std::optional<int64_t> Row::OptionalInt64(const char* column) const {
  pqxx::field f = Field(column);
  if (f.is_null()) {
    return std::nullopt;
  }
  return f.as<int64_t>();
}

std::string Row::Bytes(const char* column) const {
  return pqxx::binarystring(NotNull(column)).str();
}

google::protobuf::Timestamp Row::TimeFromMicros(const char* column) const {
  return google::protobuf::util::TimeUtil::MicrosecondsToTimestamp(Int64(column));
}

std::optional<google::protobuf::Timestamp> Row::OptionalTimeFromMicros(const char* column) const {
  auto micros = OptionalInt64(column);
  if (!micros) {
    return std::nullopt;
  }
  return google::protobuf::util::TimeUtil::MicrosecondsToTimestamp(*micros);
}

}  // namespace crm::common::db
