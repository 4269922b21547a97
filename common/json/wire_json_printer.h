#pragma once

#include <google/protobuf/descriptor.h>
#include <google/protobuf/message.h>
#include <google/protobuf/util/json_util.h>

#include <string>
#include <string_view>

#include "common/json/field_kind.h"

// Protobuf binary -> canonical JSON straight from the wire format, guided by tables prepared once
// per message type (each field's number, kind and its `"lowerCamelName":` key, or its
// `"proto_name":` one). It prints what protobuf's own converter (util::BinaryToJsonString, default
// options or `preserve_proto_field_names`) prints, but without its per-call type resolution and
// object-writer layers, which cost milliseconds on a list of a few hundred messages.
//
// It covers what the API's responses carry: scalars (int64 and uint64 as strings), enums by
// name, strings, bytes (base64), nested and repeated messages, Timestamp and Duration. Anything
// else - float and double, maps, Any, Struct, Value, FieldMask, wrappers, groups, an enum number
// the descriptor does not name, a string with invalid UTF-8 or a character outside the Basic
// Multilingual Plane that the converter escapes, an out-of-range time - makes Print return false,
// and the caller converts the message with protobuf's converter instead, so the output never
// differs from it.
namespace crm::common {

class WireJsonPrinter {
 public:
  // The keys it prints: the fields' lowerCamel JSON names (the canonical JSON), or their names
  // as in the .proto file (the converter's `preserve_proto_field_names`).
  enum class Keys { kJsonName, kProtoName };

  explicit WireJsonPrinter(Keys keys = Keys::kJsonName);
  ~WireJsonPrinter();

  // Appends the JSON of the serialized message `binary` of type `type` to `out`; false (with
  // `out` in an unspecified state) when the message needs the converter.
  bool Print(const google::protobuf::Descriptor* type, std::string_view binary,
             std::string* out) const;

  // The JSON of `message` in `out` (replacing what was there): printed by Print where it can, by
  // the converter with the same keys otherwise. The converter's status when it fails too.
  google::protobuf::util::Status PrintOrConvert(const google::protobuf::Message& message,
                                                std::string* out) const;

  struct TypeTable;

 private:
  Keys keys_;
  json_detail::TypeTables<TypeTable> tables_;
};

}  // namespace crm::common
