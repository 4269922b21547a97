#include "common/api/enum_text.h"

#include <cctype>

namespace crm::common::api::detail {
namespace {

constexpr std::string_view kUnspecified = "UNSPECIFIED";

// "READINESS_LEVEL_" for READINESS_LEVEL_UNSPECIFIED = 0 (buf lint requires that zero value).
std::string_view Prefix(const google::protobuf::EnumDescriptor& type) {
  const auto* zero = type.FindValueByNumber(0);
  if (zero == nullptr || !std::string_view{zero->name()}.ends_with(kUnspecified)) {
    throw std::logic_error(type.full_name() + " has no _UNSPECIFIED zero value");
  }
  return std::string_view{zero->name()}.substr(0, zero->name().size() - kUnspecified.size());
}

std::string InCase(std::string_view text, TextCase text_case) {
  std::string out(text);
  for (char& c : out) {
    c = static_cast<char>(text_case == TextCase::kLower
                              ? std::tolower(static_cast<unsigned char>(c))
                              : std::toupper(static_cast<unsigned char>(c)));
  }
  return out;
}

// The value other than _UNSPECIFIED that `text` names; nullptr for none.
const google::protobuf::EnumValueDescriptor* FindValue(const google::protobuf::EnumDescriptor& type,
                                                       std::string_view text, TextCase text_case) {
  // Only the exact stored form is accepted: "Running" is not "running".
  if (text.empty() || text != InCase(text, text_case)) {
    return nullptr;
  }
  const auto* value =
      type.FindValueByName(std::string(Prefix(type)) + InCase(text, TextCase::kUpper));
  return value == nullptr || value->number() == 0 ? nullptr : value;
}

}  // namespace

std::string ValueText(const google::protobuf::EnumDescriptor& type, int number,
                      TextCase text_case) {
  if (number == 0) {
    return "";
  }
  const auto* value = type.FindValueByNumber(number);
  if (value == nullptr) {
    throw std::invalid_argument(type.full_name() + " has no value " + std::to_string(number));
  }
  const std::string_view name = value->name();
  const std::string_view prefix = Prefix(type);
  if (!name.starts_with(prefix)) {
    throw std::logic_error(value->full_name() + " does not start with " + std::string(prefix));
  }
  return InCase(name.substr(prefix.size()), text_case);
}

int ValueNumber(const google::protobuf::EnumDescriptor& type, std::string_view text,
                TextCase text_case) {
  if (text.empty()) {
    return 0;
  }
  const auto* value = FindValue(type, text, text_case);
  if (value == nullptr) {
    throw StoredEnumError("stored text \"" + std::string(text) + "\" is no value of " +
                          type.full_name() + ": the data is corrupt");
  }
  return value->number();
}

std::optional<int> FindValueNumber(const google::protobuf::EnumDescriptor& type,
                                   std::string_view text, TextCase text_case) {
  const auto* value = FindValue(type, text, text_case);
  return value == nullptr ? std::nullopt : std::optional<int>(value->number());
}

bool IsSpecified(const google::protobuf::EnumDescriptor& type, int number) {
  return number != 0 && type.FindValueByNumber(number) != nullptr;
}

std::string_view FieldName(const google::protobuf::Descriptor& type, int number) {
  const auto* field = type.FindFieldByNumber(number);
  if (field == nullptr) {
    throw std::invalid_argument(type.full_name() + " has no field " + std::to_string(number));
  }
  return field->name();
}

std::optional<int> FindFieldNumber(const google::protobuf::Descriptor& type,
                                   std::string_view name) {
  const auto* field = name.empty() ? nullptr : type.FindFieldByName(std::string(name));
  return field == nullptr ? std::nullopt : std::optional<int>(field->number());
}

}  // namespace crm::common::api::detail
