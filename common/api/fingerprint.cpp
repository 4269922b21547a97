#include "common/api/fingerprint.h"

#include <google/protobuf/descriptor.h>
#include <google/protobuf/io/coded_stream.h>
#include <google/protobuf/io/zero_copy_stream_impl_lite.h>

#include <memory>
#include <stdexcept>

#include "common/core/digest.h"

namespace crm::common::api {

std::string MessageFingerprint(const google::protobuf::Message& message,
                               std::initializer_list<std::string_view> cleared,
                               std::string_view extra) {
  std::unique_ptr<google::protobuf::Message> copy(message.New());
  copy->CopyFrom(message);
  for (std::string_view name : cleared) {
    const auto* field = message.GetDescriptor()->FindFieldByName(std::string(name));
    if (field == nullptr) {
      throw std::logic_error(message.GetDescriptor()->full_name() + " has no field " +
                             std::string(name));
    }
    copy->GetReflection()->ClearField(copy.get(), field);
  }
  std::string bytes;
  {
    google::protobuf::io::StringOutputStream stream(&bytes);
    google::protobuf::io::CodedOutputStream coded(&stream);
    coded.SetSerializationDeterministic(true);
    if (!copy->SerializeToCodedStream(&coded)) {
      throw std::runtime_error("cannot serialize " + message.GetDescriptor()->full_name());
    }
  }
  bytes.append(extra);
  return Sha256Hex(bytes);
}

}  // namespace crm::common::api
