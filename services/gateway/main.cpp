#include <iostream>
#include <memory>

#include "common/core/config.h"
#include "common/core/log.h"
#include "common/grpc/admin_server.h"
#include "services/gateway/backend/backends.h"
#include "services/gateway/envoy_config.h"
#include "services/gateway/gateway.h"
#include "services/gateway/gateway_config.h"
#include "services/gateway/http/http1_server.h"
#include "services/gateway/http/http2_server.h"
#include "services/gateway/openapi.h"

namespace {

using crm::gateway::GatewayConfig;

int Usage() {
  std::cerr << "usage: crm-gateway COMMAND\n"
               "  serve          serve the HTTP/JSON API, /openapi.json and the console's files\n"
               "  check-config   validate the environment configuration\n"
               "  openapi        print the OpenAPI document\n"
               "  envoy-config   print the equivalent Envoy configuration (YAML)\n"
               "configuration: CRM_GATEWAY_LISTEN, CRM_GATEWAY_H2C_LISTEN, CRM_ADMIN_LISTEN,\n"
               "  CRM_GATEWAY_DESCRIPTOR_SET, CRM_<SERVICE>_ADDR, CRM_GATEWAY_STATIC_DIR,\n"
               "  CRM_GATEWAY_CORS_ORIGINS, CRM_GATEWAY_RATE_LIMIT_RPS/_BURST,\n"
               "  CRM_GATEWAY_MAX_BODY_BYTES, CRM_GATEWAY_MAX_UPLOAD_BYTES, ...\n"
               "  (services/gateway/README.md)\n";
  return 2;
}

int Serve(const GatewayConfig& config, const crm::gateway::ApiCatalog& catalog) {
  crm::gateway::Backends backends(config.backends, config.backend_channels, config.backend_tls);
  crm::gateway::Gateway gateway(config, catalog, backends);
  crm::gateway::Http1Server http1(gateway, config);
  if (!http1.Bind(config.http_listen)) {
    crm::common::log::Error("cannot listen for HTTP", {{"address", config.http_listen}});
    return 1;
  }
  std::unique_ptr<crm::gateway::Http2Server> http2;
  if (!config.h2c_listen.empty()) {
    http2 = std::make_unique<crm::gateway::Http2Server>(gateway);
    if (!http2->Bind(config.h2c_listen)) {
      crm::common::log::Error("cannot listen for HTTP/2", {{"address", config.h2c_listen}});
      return 1;
    }
  }
  std::atomic<bool> shutting_down{false};
  const auto serving = [&] { return !shutting_down; };
  crm::common::rpc::AdminServer admin(config.admin_listen, serving, serving);
  if (admin.Start() <= 0) {
    crm::common::log::Error("cannot listen for admin HTTP", {{"address", config.admin_listen}});
    return 1;
  }
  http1.Start();
  if (http2) {
    http2->Start();
  }
  crm::common::log::Info("serving", {{"http", config.http_listen},
                                     {"http_port", http1.port()},
                                     {"h2c", config.h2c_listen},
                                     {"admin", config.admin_listen},
                                     {"methods", catalog.methods().size()}});
  int signal_number = crm::common::rpc::WaitForTerminationSignal();
  crm::common::log::Info("shutting down", {{"signal", signal_number}});
  shutting_down = true;
  // Open streams end (their clients reconnect elsewhere); calls in flight finish.
  backends.CancelAll();
  http1.Stop();
  if (http2) {
    http2->Stop();
  }
  admin.Stop();
  crm::common::log::Info("stopped");
  return 0;
}

}  // namespace

int main(int argc, char** argv) {
  std::string command = argc > 1 ? argv[1] : "";
  if (command != "serve" && command != "check-config" && command != "openapi" &&
      command != "envoy-config") {
    return Usage();
  }
  crm::common::EnvReader env;
  GatewayConfig config = GatewayConfig::FromEnv(env);
  crm::common::log::Init("crm-gateway", config.log_level);
  crm::common::rpc::BlockTerminationSignals();
  try {
    env.Validate();
    auto catalog = crm::gateway::ApiCatalog::Load(config.descriptor_set);
    if (command == "openapi") {
      std::cout << crm::gateway::RenderOpenApi(*catalog) << "\n";
      return 0;
    }
    if (command == "envoy-config") {
      crm::gateway::EnvoyOptions options;
      options.cors_origins = config.cors_origins;
      options.timeout_seconds = config.timeout_seconds;
      options.max_request_bytes = config.max_body_bytes;
      std::cout << crm::gateway::RenderEnvoyConfig(*catalog, options);
      return 0;
    }
    if (command == "check-config") {
      std::cout << "configuration ok (" << catalog->methods().size() << " HTTP methods)\n";
      return 0;
    }
    return Serve(config, *catalog);
  } catch (const std::exception& e) {
    crm::common::log::Error("fatal", {{"error", e.what()}});
    std::cerr << "crm-gateway: " << e.what() << "\n";
    return 1;
  }
}
