#pragma once

#include <google/protobuf/descriptor.h>
#include <google/protobuf/generated_enum_reflection.h>

#include <stdexcept>
#include <string>
#include <string_view>

// Enum values stored as text (a column, a list in a column), derived from the enum's descriptor,
// the same way for every enum: the text of a value is its name without the enum's prefix (the
// name of its _UNSPECIFIED value without "UNSPECIFIED"), upper or lower case as the column has
// always held it — READINESS_LEVEL_COLD is "COLD", EDITION_STATUS_OPEN_FOR_SALES is
// "open_for_sales". The rules:
//
// - the _UNSPECIFIED value is "" both ways (the store writes NULL or '' as its column has it);
// - a number the enum does not define cannot be stored: std::invalid_argument (the request's
//   validation refuses it first);
// - stored text that is no value's is data corruption: StoredEnumError, never a silent
//   UNSPECIFIED.
//
//   using EditionStatusText = common::api::EnumText<v1::EditionStatus,
//   common::api::TextCase::kLower>; EditionStatusText::Of(v1::EDITION_STATUS_RUNNING) == "running"
//   EditionStatusText::Parse("running") == v1::EDITION_STATUS_RUNNING
namespace crm::common::api {

enum class TextCase { kUpper, kLower };

// Stored text that names no value of its enum.
class StoredEnumError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

namespace detail {
std::string ValueText(const google::protobuf::EnumDescriptor& type, int number, TextCase text_case);
int ValueNumber(const google::protobuf::EnumDescriptor& type, std::string_view text,
                TextCase text_case);
bool IsSpecified(const google::protobuf::EnumDescriptor& type, int number);
}  // namespace detail

template <class Enum, TextCase kCase = TextCase::kUpper>
struct EnumText {
  static std::string Of(Enum value) {
    return detail::ValueText(*google::protobuf::GetEnumDescriptor<Enum>(), static_cast<int>(value),
                             kCase);
  }
  static Enum Parse(std::string_view text) {
    return static_cast<Enum>(
        detail::ValueNumber(*google::protobuf::GetEnumDescriptor<Enum>(), text, kCase));
  }
};

// Whether `value` is one the enum defines, other than _UNSPECIFIED: what a required enum field
// must hold.
template <class Enum>
bool IsSpecified(Enum value) {
  return detail::IsSpecified(*google::protobuf::GetEnumDescriptor<Enum>(), static_cast<int>(value));
}

}  // namespace crm::common::api
