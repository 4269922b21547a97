#pragma once

#include <google/protobuf/descriptor.h>
#include <google/protobuf/dynamic_message.h>

#include <memory>
#include <string>
#include <vector>

#include "services/gateway/transcoding/path_template.h"

// The HTTP API as the descriptor set describes it: every RPC of the crm.* services with its
// google.api.http rule and additional_bindings. The gateway routes by it, the OpenAPI document
// and the Envoy configuration are rendered from it, so the three cannot disagree.
namespace crm::gateway {

struct HttpBinding {
  std::string http_method;  // GET, POST, PATCH, PUT, DELETE (or a custom rule's kind)
  PathTemplate path;
  std::string body;           // "", "*" or a top-level request field
  std::string response_body;  // "" or a top-level response field
  bool additional = false;    // from additional_bindings
};

struct ApiMethod {
  const google::protobuf::MethodDescriptor* descriptor = nullptr;
  std::string grpc_path;  // "/crm.registry.v1.ClientService/GetClient"
  std::string backend;    // "registry": the service that serves it
  std::vector<HttpBinding> bindings;
  bool client_streaming() const { return descriptor->client_streaming(); }
  bool server_streaming() const { return descriptor->server_streaming(); }
};

class ApiCatalog {
 public:
  // Reads a FileDescriptorSet (protoc --descriptor_set_out --include_imports). Throws
  // std::runtime_error when it cannot be read, or when an HTTP rule's template is invalid.
  static std::unique_ptr<ApiCatalog> Load(const std::string& descriptor_set_path);
  static std::unique_ptr<ApiCatalog> FromBytes(const std::string& descriptor_set);

  const google::protobuf::DescriptorPool& pool() const { return pool_; }
  google::protobuf::DynamicMessageFactory& factory() const { return factory_; }
  // Every method with at least one HTTP binding, in descriptor order.
  const std::vector<ApiMethod>& methods() const { return methods_; }
  // The gRPC service names ("crm.registry.v1.ClientService") that have HTTP bindings.
  std::vector<std::string> ServiceNames() const;
  // The backends ("registry", ...) in first-seen order.
  std::vector<std::string> Backends() const;

 private:
  ApiCatalog() = default;
  google::protobuf::DescriptorPool pool_;
  mutable google::protobuf::DynamicMessageFactory factory_{&pool_};
  std::vector<ApiMethod> methods_;
};

// "crm.registry.v1" -> "registry"; "" for a package outside crm.<service>.v<N>.
std::string BackendOfPackage(const std::string& package);

}  // namespace crm::gateway
