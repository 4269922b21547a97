#pragma once

#include <cstddef>
#include <map>
#include <set>
#include <string>

#include "common/core/config.h"

// The gateway's configuration, from the environment like every service's (docs/operations.md).
namespace crm::gateway {

// The console's client id at the identity provider unless CRM_GATEWAY_OIDC_CLIENT_ID says.
inline constexpr char kDefaultOidcClientId[] = "expo-crm-console";

struct GatewayConfig {
  std::string http_listen;     // CRM_GATEWAY_LISTEN, HTTP/1.1 (host:port)
  std::string h2c_listen;      // CRM_GATEWAY_H2C_LISTEN, HTTP/2 without TLS; "" = off
  std::string admin_listen;    // CRM_ADMIN_LISTEN: /metrics, /healthz, /readyz
  std::string descriptor_set;  // CRM_GATEWAY_DESCRIPTOR_SET
  // CRM_REGISTRY_ADDR, CRM_PLANNING_ADDR, ... (the same variables the CLI reads).
  std::map<std::string, std::string> backends;
  int backend_channels = 2;                 // CRM_GATEWAY_BACKEND_CHANNELS
  common::TlsFiles backend_tls;             // ClientTlsFromEnv: TLS to the services
  std::string static_dir;                   // CRM_GATEWAY_STATIC_DIR; "" = no files served
  std::set<std::string> cors_origins;       // CRM_GATEWAY_CORS_ORIGINS, comma-separated
  double rate_limit_rps = 50;               // CRM_GATEWAY_RATE_LIMIT_RPS per client; 0 = off
  double rate_limit_burst = 100;            // CRM_GATEWAY_RATE_LIMIT_BURST
  std::size_t max_body_bytes = 1 << 20;     // CRM_GATEWAY_MAX_BODY_BYTES
  std::size_t max_upload_bytes = 96 << 20;  // CRM_GATEWAY_MAX_UPLOAD_BYTES (client streams)
  int timeout_seconds = 30;                 // CRM_GATEWAY_TIMEOUT_SECONDS, unary calls
  int threads = 64;                         // CRM_GATEWAY_THREADS, HTTP/1.1 connections served
  std::string log_level;                    // CRM_LOG_LEVEL
  // CRM_GATEWAY_DEV_SIGNIN=1: /dev/signin issues tokens for the demo employees (dev_signin.h),
  // signed with the key in CRM_GATEWAY_DEV_SIGNIN_KEY_FILE for CRM_JWT_AUDIENCE. Off by default.
  bool dev_signin = false;
  std::string dev_signin_key_file;
  std::string jwt_audience;
  // The console's sign-in (console/README.md), served to it as GET /console/config.json: the
  // OpenID Connect provider's issuer URL (CRM_GATEWAY_OIDC_ISSUER; "" with the development
  // sign-in on: the gateway's own /dev/oidc), the console's client id there
  // (CRM_GATEWAY_OIDC_CLIENT_ID), the scopes asked for (CRM_GATEWAY_OIDC_SCOPE) and the path of
  // the console's redirect URI on its own origin (CRM_GATEWAY_OIDC_REDIRECT_PATH).
  std::string oidc_issuer;
  std::string oidc_client_id;
  std::string oidc_scope;
  std::string oidc_redirect_path;

  static GatewayConfig FromEnv(common::EnvReader& env);
};

}  // namespace crm::gateway
