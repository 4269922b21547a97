#pragma once

#include <map>
#include <set>
#include <string>

#include "services/gateway/transcoding/api_catalog.h"

// The production alternative to crm-gateway: an Envoy configuration serving the same HTTP/JSON
// API with Envoy's gRPC-JSON transcoder over the same descriptor set (deploy/envoy/README.md).
namespace crm::gateway {

struct EnvoyOptions {
  int listen_port = 8080;
  int admin_port = 9901;
  // Where the descriptor set is mounted in the Envoy container.
  std::string descriptor_path = "/etc/envoy/crm_descriptor_set.pb";
  // Backend name -> host:port ("registry" -> "crm-registry:50051" by default).
  std::map<std::string, std::string> backends;
  std::set<std::string> cors_origins;
  int timeout_seconds = 30;
  std::size_t max_request_bytes = 1 << 20;
};

// The configuration as YAML (static resources: one listener with CORS, the transcoder and the
// router; a route per gRPC service, streaming methods without a timeout; one HTTP/2 cluster per
// backend with gRPC health checks).
std::string RenderEnvoyConfig(const ApiCatalog& catalog, const EnvoyOptions& options);

}  // namespace crm::gateway
