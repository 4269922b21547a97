#pragma once

#include <google/protobuf/descriptor.h>

#include <string>
#include <string_view>

#include "common/json/field_kind.h"

// Proto3 JSON -> protobuf binary, guided by tables prepared once per message type (each field's
// JSON and proto names, kind, tag and, for a message, its type's table): the inverse of
// WireJsonPrinter. protobuf's own converter (util::JsonStringToMessage) resolves the type on every
// call and writes through several object layers, which costs tens of microseconds per event
// payload; the result of both is the same binary message, parsed by the message's generated code.
//
// It reads what the payloads carry: fields by their lowerCamel or proto name, integers as JSON
// integers or quoted (64-bit ones as the printer writes them), enums by name or number, bools,
// strings with every JSON escape, bytes in padded standard base64, nested and repeated messages,
// Timestamp ("…Z" with up to nine fraction digits) and Duration ("-1.5s"). Anything else - a key
// the type does not have (the converter decides how it matches or is ignored), the same field or
// two members of a oneof twice, null, numbers with a fraction or an exponent, "-0", quoted numbers
// with anything around the digits, unknown enum names, invalid UTF-8, lone surrogates, maps,
// float and double, other well-known types, nesting deeper than 64 - and everything malformed
// makes Parse return false: the caller then asks the converter, which reads it or says what is
// wrong with it, so the message read never differs from the converter's.
namespace crm::common {

class WireJsonParser {
 public:
  WireJsonParser();
  ~WireJsonParser();

  // Appends the binary form of `json`, a JSON object of type `type`, to `out`; false (with
  // `out` in an unspecified state) when the converter must read it.
  bool Parse(const google::protobuf::Descriptor* type, std::string_view json,
             std::string* out) const;

  struct TypeTable;

 private:
  json_detail::TypeTables<TypeTable> tables_;
};

}  // namespace crm::common
