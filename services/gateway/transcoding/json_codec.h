#pragma once

#include <google/protobuf/descriptor.h>
#include <google/protobuf/util/json_util.h>
#include <google/protobuf/util/type_resolver.h>

#include <map>
#include <memory>
#include <mutex>
#include <shared_mutex>
#include <string>
#include <string_view>

#include "common/json/wire_json_printer.h"

// Protobuf binary <-> canonical JSON for the messages of one descriptor pool, with the options
// Envoy's gRPC-JSON transcoder uses by default: lowerCamelCase names out (either name accepted
// in), enums by name, int64 as strings, default values left out, unknown fields rejected.
// Responses are printed by WireJsonPrinter where it can, by protobuf's converter otherwise.
namespace crm::gateway {

class JsonCodec {
 public:
  explicit JsonCodec(const google::protobuf::DescriptorPool& pool);
  ~JsonCodec();

  // Binary message of type `type` -> JSON. Throws std::runtime_error on malformed input.
  std::string ToJson(const google::protobuf::Descriptor* type, const std::string& binary) const;
  // JSON -> binary; false with `error` set when the JSON does not fit the type.
  bool FromJson(const google::protobuf::Descriptor* type, std::string_view json,
                std::string* binary, std::string* error) const;

 private:
  std::unique_ptr<google::protobuf::util::TypeResolver> resolver_;
  common::WireJsonPrinter printer_;
};

}  // namespace crm::gateway
