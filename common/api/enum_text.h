#pragma once

#include <google/protobuf/descriptor.h>
#include <google/protobuf/generated_enum_reflection.h>

#include <optional>
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
//   UNSPECIFIED;
// - text from outside the store (an event's, another service's) is looked up with Find, which
//   answers nullopt for text that is no value's, "" included, and leaves the answer to the
//   caller.
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
std::optional<int> FindValueNumber(const google::protobuf::EnumDescriptor& type,
                                   std::string_view text, TextCase text_case);
bool IsSpecified(const google::protobuf::EnumDescriptor& type, int number);
std::string_view FieldName(const google::protobuf::Descriptor& type, int number);
std::optional<int> FindFieldNumber(const google::protobuf::Descriptor& type, std::string_view name);
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
  static std::optional<Enum> Find(std::string_view text) {
    const auto number =
        detail::FindValueNumber(*google::protobuf::GetEnumDescriptor<Enum>(), text, kCase);
    return number ? std::optional<Enum>(static_cast<Enum>(*number)) : std::nullopt;
  }
};

// The same for a C++ enum whose values are the field numbers of `Message`: the cases of a oneof,
// the fields an update mask may name. Its text is the field's name, as the proto spells it (the
// names are the contract: field names are never changed) — ResultKind::kVisitRefusal, declared
// as field visit_refusal = 5 of ContactResult, is "visit_refusal". With the same rules: a number
// that is no field of Message is std::invalid_argument, and Find answers nullopt for a name that
// is no field's ("" included). Find is for enums that have a value for every field of Message.
//
//   enum class ResultKind { kSale = v1::ContactResult::kSale, ... };
//   using ResultKindText = common::api::FieldText<ResultKind, v1::ContactResult>;
template <class Enum, class Message>
struct FieldText {
  static std::string_view Of(Enum value) {
    return detail::FieldName(*Message::descriptor(), static_cast<int>(value));
  }
  static std::optional<Enum> Find(std::string_view name) {
    const auto number = detail::FindFieldNumber(*Message::descriptor(), name);
    return number ? std::optional<Enum>(static_cast<Enum>(*number)) : std::nullopt;
  }
};

// Whether `value` is one the enum defines, other than _UNSPECIFIED: what a required enum field
// must hold.
template <class Enum>
bool IsSpecified(Enum value) {
  return detail::IsSpecified(*google::protobuf::GetEnumDescriptor<Enum>(), static_cast<int>(value));
}

}  // namespace crm::common::api
