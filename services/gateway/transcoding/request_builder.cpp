#include "services/gateway/transcoding/request_builder.h"

#include <google/protobuf/descriptor.h>
#include <google/protobuf/util/json_util.h>
#include <google/protobuf/wrappers.pb.h>

#include <cctype>
#include <charconv>
#include <cmath>
#include <limits>
#include <nlohmann/json.hpp>
#include <set>

#include "common/core/errors.h"

namespace crm::gateway {
namespace {

using google::protobuf::Descriptor;
using google::protobuf::FieldDescriptor;
using google::protobuf::Message;
using google::protobuf::Reflection;

std::string Joined(const std::vector<std::string>& path) {
  std::string out;
  for (const auto& p : path) {
    out += (out.empty() ? "" : ".") + p;
  }
  return out;
}

// A field by its proto name or its JSON name.
const FieldDescriptor* FieldNamed(const Descriptor* type, const std::string& name) {
  if (const auto* f = type->FindFieldByName(name)) {
    return f;
  }
  for (int i = 0; i < type->field_count(); ++i) {
    if (type->field(i)->json_name() == name) {
      return type->field(i);
    }
  }
  return nullptr;
}

bool IsWrapper(const Descriptor* type) {
  const std::string& n = type->full_name();
  return n == "google.protobuf.DoubleValue" || n == "google.protobuf.FloatValue" ||
         n == "google.protobuf.Int64Value" || n == "google.protobuf.UInt64Value" ||
         n == "google.protobuf.Int32Value" || n == "google.protobuf.UInt32Value" ||
         n == "google.protobuf.BoolValue" || n == "google.protobuf.StringValue" ||
         n == "google.protobuf.BytesValue";
}

// Well-known types whose JSON form is a string: set from the parameter through the JSON parser.
bool IsStringFormWellKnown(const Descriptor* type) {
  const std::string& n = type->full_name();
  return n == "google.protobuf.Timestamp" || n == "google.protobuf.Duration" ||
         n == "google.protobuf.FieldMask";
}

template <class T>
bool ParseNumber(std::string_view text, T* out) {
  if constexpr (std::is_floating_point_v<T>) {
    try {
      std::size_t used = 0;
      std::string s(text);
      double v = std::stod(s, &used);
      if (used != s.size()) {
        return false;
      }
      *out = static_cast<T>(v);
      return true;
    } catch (const std::exception&) {
      return false;
    }
  } else {
    auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), *out);
    return ec == std::errc() && end == text.data() + text.size() && !text.empty();
  }
}

class FieldSetter {
 public:
  FieldSetter(const JsonCodec& codec, std::string param)
      : codec_(codec), param_(std::move(param)) {}

  [[noreturn]] void Fail(const std::string& description) const {
    throw common::ValidationError(param_, description);
  }

  // Sets the scalar (or well-known) value of `field` of `message` from text; appends when the
  // field is repeated.
  void Set(Message& message, const FieldDescriptor* field, std::string_view text) const {
    const Reflection* r = message.GetReflection();
    const bool repeated = field->is_repeated();
    switch (field->cpp_type()) {
      case FieldDescriptor::CPPTYPE_STRING: {
        std::string value(text);
        if (field->type() == FieldDescriptor::TYPE_BYTES) {
          value = DecodeBytes(text);
        }
        repeated ? r->AddString(&message, field, value) : r->SetString(&message, field, value);
        return;
      }
      case FieldDescriptor::CPPTYPE_INT32:
        return SetNumber<int32_t>(message, field, text, &Reflection::SetInt32,
                                  &Reflection::AddInt32);
      case FieldDescriptor::CPPTYPE_INT64:
        return SetNumber<int64_t>(message, field, text, &Reflection::SetInt64,
                                  &Reflection::AddInt64);
      case FieldDescriptor::CPPTYPE_UINT32:
        return SetNumber<uint32_t>(message, field, text, &Reflection::SetUInt32,
                                   &Reflection::AddUInt32);
      case FieldDescriptor::CPPTYPE_UINT64:
        return SetNumber<uint64_t>(message, field, text, &Reflection::SetUInt64,
                                   &Reflection::AddUInt64);
      case FieldDescriptor::CPPTYPE_DOUBLE:
        return SetNumber<double>(message, field, text, &Reflection::SetDouble,
                                 &Reflection::AddDouble);
      case FieldDescriptor::CPPTYPE_FLOAT:
        return SetNumber<float>(message, field, text, &Reflection::SetFloat, &Reflection::AddFloat);
      case FieldDescriptor::CPPTYPE_BOOL: {
        bool value;
        if (text == "true" || text == "1") {
          value = true;
        } else if (text == "false" || text == "0") {
          value = false;
        } else {
          Fail("must be true or false, got '" + std::string(text) + "'");
        }
        repeated ? r->AddBool(&message, field, value) : r->SetBool(&message, field, value);
        return;
      }
      case FieldDescriptor::CPPTYPE_ENUM: {
        const auto* value = field->enum_type()->FindValueByName(std::string(text));
        int number = 0;
        if (value != nullptr) {
          number = value->number();
        } else if (ParseNumber(text, &number) &&
                   field->enum_type()->FindValueByNumber(number) != nullptr) {
        } else {
          Fail("'" + std::string(text) + "' is not a value of " + field->enum_type()->name());
        }
        repeated ? r->AddEnumValue(&message, field, number)
                 : r->SetEnumValue(&message, field, number);
        return;
      }
      case FieldDescriptor::CPPTYPE_MESSAGE: {
        Message* sub =
            repeated ? r->AddMessage(&message, field) : r->MutableMessage(&message, field);
        const Descriptor* type = field->message_type();
        if (IsWrapper(type)) {
          FieldSetter(codec_, param_).Set(*sub, type->FindFieldByName("value"), text);
          return;
        }
        if (type->full_name() == "google.protobuf.FieldMask") {
          SetFieldMask(*sub, text);
          return;
        }
        if (IsStringFormWellKnown(type)) {
          std::string binary;
          std::string error;
          if (!codec_.FromJson(type, nlohmann::json(std::string(text)).dump(), &binary, &error) ||
              !sub->MergeFromString(binary)) {
            Fail("'" + std::string(text) + "' is not a valid " + type->name() + ": " + error);
          }
          return;
        }
        Fail("is a message (" + type->full_name() + "): set its fields as " + param_ + ".<field>");
      }
    }
  }

 private:
  template <class T, class SetFn, class AddFn>
  void SetNumber(Message& message, const FieldDescriptor* field, std::string_view text, SetFn set,
                 AddFn add) const {
    T value{};
    if (!ParseNumber(text, &value)) {
      Fail("'" + std::string(text) + "' is not a valid " + field->cpp_type_name());
    }
    const Reflection* r = message.GetReflection();
    field->is_repeated() ? (r->*add)(&message, field, value) : (r->*set)(&message, field, value);
  }

  std::string DecodeBytes(std::string_view text) const {
    // BytesValue's JSON form is the base64 text (standard or URL-safe alphabet).
    google::protobuf::BytesValue parsed;
    if (!google::protobuf::util::JsonStringToMessage(nlohmann::json(std::string(text)).dump(),
                                                     &parsed)
             .ok()) {
      Fail("must be base64");
    }
    return parsed.value();
  }

  // "displayName,client.inn" or "display_name,client.inn": the mask's paths in snake_case.
  void SetFieldMask(Message& mask, std::string_view text) const {
    const FieldDescriptor* paths = mask.GetDescriptor()->FindFieldByName("paths");
    std::size_t start = 0;
    while (start <= text.size()) {
      auto comma = text.find(',', start);
      std::string path(text.substr(start, comma == std::string_view::npos ? comma : comma - start));
      if (!path.empty()) {
        std::string snake;
        for (char c : path) {
          if (std::isupper(static_cast<unsigned char>(c))) {
            snake += '_';
            snake += static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
          } else {
            snake += c;
          }
        }
        mask.GetReflection()->AddString(&mask, paths, snake);
      }
      if (comma == std::string_view::npos) {
        break;
      }
      start = comma + 1;
    }
  }

  const JsonCodec& codec_;
  std::string param_;
};

// Walks `path` from `message` to the field it names, creating intermediate messages.
std::pair<Message*, const FieldDescriptor*> Resolve(Message& message,
                                                    const std::vector<std::string>& path,
                                                    const std::string& param) {
  Message* current = &message;
  for (std::size_t i = 0; i < path.size(); ++i) {
    const FieldDescriptor* field = FieldNamed(current->GetDescriptor(), path[i]);
    if (field == nullptr) {
      throw common::ValidationError(param,
                                    "no such field in " + current->GetDescriptor()->full_name());
    }
    if (i + 1 == path.size()) {
      return {current, field};
    }
    if (field->cpp_type() != FieldDescriptor::CPPTYPE_MESSAGE || field->is_repeated() ||
        IsWrapper(field->message_type()) || IsStringFormWellKnown(field->message_type())) {
      throw common::ValidationError(param, path[i] + " has no fields to set");
    }
    current = current->GetReflection()->MutableMessage(current, field);
  }
  throw common::ValidationError(param, "empty field path");
}

std::vector<std::string> SplitDots(const std::string& name) {
  std::vector<std::string> parts;
  std::size_t start = 0;
  while (true) {
    auto dot = name.find('.', start);
    parts.push_back(name.substr(start, dot == std::string::npos ? dot : dot - start));
    if (dot == std::string::npos) {
      return parts;
    }
    start = dot + 1;
  }
}

}  // namespace

QueryParams ParseQuery(std::string_view query) {
  QueryParams params;
  std::size_t start = 0;
  while (start <= query.size() && !query.empty()) {
    auto amp = query.find('&', start);
    std::string_view pair =
        query.substr(start, amp == std::string_view::npos ? std::string_view::npos : amp - start);
    if (!pair.empty()) {
      auto eq = pair.find('=');
      std::string_view name = pair.substr(0, eq);
      std::string_view value = eq == std::string_view::npos ? "" : pair.substr(eq + 1);
      params.emplace_back(PercentDecode(name, true), PercentDecode(value, true));
    }
    if (amp == std::string_view::npos) {
      break;
    }
    start = amp + 1;
  }
  return params;
}

void RequestBuilder::Fill(Message& message, const HttpBinding& binding,
                          const std::vector<PathTemplate::Binding>& path, const QueryParams& query,
                          std::string_view body) const {
  const Descriptor* type = message.GetDescriptor();
  const bool has_body = body.find_first_not_of(" \t\r\n") != std::string_view::npos;
  if (!binding.body.empty() && has_body) {
    std::string json;
    if (binding.body == "*") {
      json = std::string(body);
    } else {
      const FieldDescriptor* field = FieldNamed(type, binding.body);
      if (field == nullptr) {
        throw std::runtime_error("body field " + binding.body + " is not in " + type->full_name());
      }
      json = "{" + nlohmann::json(field->json_name()).dump() + ":" + std::string(body) + "}";
    }
    std::string binary;
    std::string error;
    if (!codec_.FromJson(type, json, &binary, &error) || !message.MergeFromString(binary)) {
      throw common::ValidationError(
          binding.body == "*" ? "body" : binding.body,
          "the request body is not valid JSON for " + type->full_name() + ": " + error);
    }
  } else if (binding.body.empty() && has_body) {
    throw common::ValidationError("body", "this call takes no request body");
  }
  std::set<std::string> bound;
  for (const auto& b : path) {
    std::string param = Joined(b.field_path);
    auto [owner, field] = Resolve(message, b.field_path, param);
    if (field->is_repeated()) {
      throw std::runtime_error("path variable " + param + " names a repeated field");
    }
    FieldSetter(codec_, param).Set(*owner, field, b.value);
    bound.insert(param);
  }
  if (binding.body == "*") {
    if (!query.empty()) {
      throw common::ValidationError(query.front().first,
                                    "the request body carries every field of this call; "
                                    "query parameters are not taken");
    }
    return;
  }
  for (const auto& [name, value] : query) {
    std::vector<std::string> field_path = SplitDots(name);
    auto [owner, field] = Resolve(message, field_path, name);
    if (bound.contains(name)) {
      throw common::ValidationError(name, "is already set by the path");
    }
    if (!binding.body.empty() && field_path.size() >= 1 && owner == &message &&
        field->name() == binding.body) {
      throw common::ValidationError(name, "is carried by the request body");
    }
    FieldSetter(codec_, name).Set(*owner, field, value);
  }
}

std::string RequestBuilder::Build(const ApiMethod& method, const HttpBinding& binding,
                                  const std::vector<PathTemplate::Binding>& path,
                                  const QueryParams& query, std::string_view body) const {
  std::unique_ptr<Message> message(
      catalog_.factory().GetPrototype(method.descriptor->input_type())->New());
  Fill(*message, binding, path, query, body);
  return message->SerializeAsString();
}

std::vector<std::string> RequestBuilder::BuildStream(const ApiMethod& method,
                                                     const HttpBinding& binding,
                                                     const std::vector<PathTemplate::Binding>& path,
                                                     const QueryParams& query,
                                                     std::string_view body) const {
  nlohmann::json parsed = nlohmann::json::parse(body, nullptr, /*allow_exceptions=*/false);
  if (parsed.is_discarded()) {
    throw common::ValidationError("body", "the request body is not valid JSON");
  }
  if (!parsed.is_array()) {
    parsed = nlohmann::json::array({parsed});
  }
  std::vector<std::string> messages;
  for (std::size_t i = 0; i < parsed.size(); ++i) {
    std::unique_ptr<Message> message(
        catalog_.factory().GetPrototype(method.descriptor->input_type())->New());
    try {
      Fill(*message, binding, path, query, parsed[i].dump());
    } catch (const common::ValidationError& e) {
      std::vector<common::FieldViolation> violations;
      for (auto v : e.violations()) {
        v.field = "body[" + std::to_string(i) + "]" + (v.field == "body" ? "" : "." + v.field);
        violations.push_back(std::move(v));
      }
      throw common::ValidationError(std::move(violations));
    }
    messages.push_back(message->SerializeAsString());
  }
  return messages;
}

}  // namespace crm::gateway
