#include "common/json/field_kind.h"

namespace crm::common::json_detail {

using google::protobuf::FieldDescriptor;

Kind KindOf(const FieldDescriptor* field) {
  if (field->is_map()) {
    return Kind::kUnsupported;
  }
  switch (field->type()) {
    case FieldDescriptor::TYPE_INT32:
      return Kind::kInt32;
    case FieldDescriptor::TYPE_INT64:
      return Kind::kInt64;
    case FieldDescriptor::TYPE_UINT32:
      return Kind::kUInt32;
    case FieldDescriptor::TYPE_UINT64:
      return Kind::kUInt64;
    case FieldDescriptor::TYPE_SINT32:
      return Kind::kSInt32;
    case FieldDescriptor::TYPE_SINT64:
      return Kind::kSInt64;
    case FieldDescriptor::TYPE_FIXED32:
      return Kind::kFixed32;
    case FieldDescriptor::TYPE_FIXED64:
      return Kind::kFixed64;
    case FieldDescriptor::TYPE_SFIXED32:
      return Kind::kSFixed32;
    case FieldDescriptor::TYPE_SFIXED64:
      return Kind::kSFixed64;
    case FieldDescriptor::TYPE_BOOL:
      return Kind::kBool;
    case FieldDescriptor::TYPE_ENUM:
      // NullValue is written as null.
      return field->enum_type()->full_name() == "google.protobuf.NullValue" ? Kind::kUnsupported
                                                                            : Kind::kEnum;
    case FieldDescriptor::TYPE_STRING:
      return Kind::kString;
    case FieldDescriptor::TYPE_BYTES:
      return Kind::kBytes;
    case FieldDescriptor::TYPE_MESSAGE: {
      const std::string& name = field->message_type()->full_name();
      if (name == "google.protobuf.Timestamp") {
        return Kind::kTimestamp;
      }
      if (name == "google.protobuf.Duration") {
        return Kind::kDuration;
      }
      // Other well-known types have JSON forms of their own.
      if (name.rfind("google.protobuf.", 0) == 0 && name != "google.protobuf.Empty") {
        return Kind::kUnsupported;
      }
      return Kind::kMessage;
    }
    default:  // float, double, group
      return Kind::kUnsupported;
  }
}

}  // namespace crm::common::json_detail
