#pragma once

#include <google/protobuf/descriptor.h>

#include <cstdint>
#include <memory>
#include <mutex>
#include <shared_mutex>
#include <unordered_map>

// What the JSON printer and parser of this directory share: a field's kind as the wire format and
// the JSON mapping see it (and the kinds they leave to protobuf's converter), and their tables
// prepared once per message type.
namespace crm::common::json_detail {

enum class Kind {
  kInt32,
  kInt64,
  kUInt32,
  kUInt64,
  kSInt32,
  kSInt64,
  kFixed32,
  kFixed64,
  kSFixed32,
  kSFixed64,
  kBool,
  kEnum,
  kString,
  kBytes,
  kMessage,
  kTimestamp,
  kDuration,
  kUnsupported,  // the converter's
};

enum WireType : uint32_t {
  kVarint = 0,
  kFixed64Wire = 1,
  kLengthDelimited = 2,
  kStartGroup = 3,
  kEndGroup = 4,
  kFixed32Wire = 5
};

// Nesting deeper than this is left to the converter.
constexpr int kMaxDepth = 64;

inline bool IsPackable(Kind kind) {
  return kind != Kind::kString && kind != Kind::kBytes && kind != Kind::kMessage &&
         kind != Kind::kTimestamp && kind != Kind::kDuration && kind != Kind::kUnsupported;
}

// Maps, float and double, groups, NullValue and the well-known types other than Timestamp,
// Duration and Empty are kUnsupported.
Kind KindOf(const google::protobuf::FieldDescriptor* field);

// Tables prepared per message type, made on first use and then read by any thread.
template <class Table>
class TypeTables {
 public:
  using Map = std::unordered_map<const google::protobuf::Descriptor*, std::unique_ptr<Table>>;

  // The table of `type`; when there is none yet, `build(map, type)` makes it (with those of the
  // types it reaches) under the exclusive lock.
  template <class Build>
  const Table& Get(const google::protobuf::Descriptor* type, Build&& build) const {
    {
      std::shared_lock lock(mutex_);
      auto it = tables_.find(type);
      if (it != tables_.end()) {
        return *it->second;
      }
    }
    std::unique_lock lock(mutex_);
    return build(tables_, type);
  }

 private:
  mutable std::shared_mutex mutex_;
  mutable Map tables_;
};

}  // namespace crm::common::json_detail
