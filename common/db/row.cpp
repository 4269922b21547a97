#include "common/db/row.h"

#include <google/protobuf/util/time_util.h>

#include <array>
#include <cstdint>
#include <cstring>
#include <stdexcept>

namespace crm::common::db {

namespace {

// Where each column name was found last, per thread, keyed by the address of the name a decoder
// passes (a string literal, the same for every row it decodes). A hit is checked against the
// row's own column name before it is used, so a stale or colliding entry only costs the scan.
// Without it every read walks the columns, building a pqxx::field per column (each copies the
// result's handle, an atomic count): a 23-column row decoded several times slower than by
// position.
struct ColumnSlot {
  const char* name = nullptr;
  pqxx::row::size_type index = 0;
};
constexpr std::size_t kColumnSlots = 256;
thread_local std::array<ColumnSlot, kColumnSlots> column_slots;

ColumnSlot& SlotOf(const char* column) {
  const auto key = reinterpret_cast<std::uintptr_t>(column);
  return column_slots[(key ^ (key >> 8) ^ (key >> 16)) % kColumnSlots];
}

}  // namespace

pqxx::field Row::Field(const char* column) const {
  ColumnSlot& slot = SlotOf(column);
  if (slot.name == column && slot.index < row_.size()) {
    pqxx::field f = row_[slot.index];
    if (std::strcmp(f.name(), column) == 0) {
      return f;
    }
  }
  const auto n = row_.size();
  for (pqxx::row::size_type i = 0; i < n; ++i) {
    pqxx::field f = row_[i];
    if (std::strcmp(f.name(), column) == 0) {
      slot = {column, i};
      return f;
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
