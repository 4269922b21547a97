#include "services/gateway/gateway_config.h"

#include "common/auth/auth.h"

namespace crm::gateway {
namespace {

std::set<std::string> CommaList(const std::string& text) {
  std::set<std::string> items;
  std::size_t start = 0;
  while (start <= text.size()) {
    auto comma = text.find(',', start);
    std::string item = text.substr(start, comma == std::string::npos ? comma : comma - start);
    auto first = item.find_first_not_of(' ');
    if (first != std::string::npos) {
      items.insert(item.substr(first, item.find_last_not_of(' ') - first + 1));
    }
    if (comma == std::string::npos) {
      break;
    }
    start = comma + 1;
  }
  return items;
}

}  // namespace

GatewayConfig GatewayConfig::FromEnv(common::EnvReader& env) {
  GatewayConfig c;
  c.http_listen = env.Optional("CRM_GATEWAY_LISTEN", "0.0.0.0:8080");
  c.h2c_listen = env.Optional("CRM_GATEWAY_H2C_LISTEN", "");
  c.admin_listen = env.Optional("CRM_ADMIN_LISTEN", "0.0.0.0:9090");
  c.descriptor_set =
      env.Optional("CRM_GATEWAY_DESCRIPTOR_SET", "/usr/share/expo-crm/crm_descriptor_set.pb");
  const char* names[] = {"registry", "planning", "documents", "accounting", "analytics"};
  int port = 50051;
  for (const char* name : names) {
    std::string variable = "CRM_";
    for (const char* p = name; *p; ++p) {
      variable += static_cast<char>(std::toupper(static_cast<unsigned char>(*p)));
    }
    variable += "_ADDR";
    c.backends[name] = env.Optional(variable.c_str(), "127.0.0.1:" + std::to_string(port++));
  }
  c.backend_channels = env.Int("CRM_GATEWAY_BACKEND_CHANNELS", 2, 1, 64);
  c.backend_tls = common::ClientTlsFromEnv(env);
  c.static_dir = env.Optional("CRM_GATEWAY_STATIC_DIR", "");
  c.cors_origins = CommaList(env.Optional("CRM_GATEWAY_CORS_ORIGINS", ""));
  c.rate_limit_rps = env.Int("CRM_GATEWAY_RATE_LIMIT_RPS", 50, 0, 1000000);
  c.rate_limit_burst = env.Int("CRM_GATEWAY_RATE_LIMIT_BURST", 100, 1, 1000000);
  c.max_body_bytes =
      static_cast<std::size_t>(env.Int("CRM_GATEWAY_MAX_BODY_BYTES", 1 << 20, 1024, 1 << 30));
  c.max_upload_bytes =
      static_cast<std::size_t>(env.Int("CRM_GATEWAY_MAX_UPLOAD_BYTES", 96 << 20, 1024, 1 << 30));
  c.timeout_seconds = env.Int("CRM_GATEWAY_TIMEOUT_SECONDS", 30, 1, 3600);
  c.threads = env.Int("CRM_GATEWAY_THREADS", 64, 2, 4096);
  c.log_level = env.Optional("CRM_LOG_LEVEL", "info");
  c.dev_signin = env.Int("CRM_GATEWAY_DEV_SIGNIN", 0, 0, 1) == 1;
  c.dev_signin_key_file = env.Optional("CRM_GATEWAY_DEV_SIGNIN_KEY_FILE", "");
  if (c.dev_signin && c.dev_signin_key_file.empty()) {
    env.Problem("CRM_GATEWAY_DEV_SIGNIN=1 needs CRM_GATEWAY_DEV_SIGNIN_KEY_FILE (the HS256 key)");
  }
  c.jwt_audience = env.Optional("CRM_JWT_AUDIENCE", common::auth::kDefaultAudience);
  c.oidc_issuer = env.Optional("CRM_GATEWAY_OIDC_ISSUER", "");
  if (!c.oidc_issuer.empty() && c.oidc_issuer.rfind("https://", 0) != 0 &&
      c.oidc_issuer.rfind("http://", 0) != 0) {
    env.Problem("CRM_GATEWAY_OIDC_ISSUER must be the provider's issuer URL (https://...)");
  }
  if (!c.oidc_issuer.empty() && c.oidc_issuer.back() == '/') {
    c.oidc_issuer.pop_back();
  }
  c.oidc_client_id = env.Optional("CRM_GATEWAY_OIDC_CLIENT_ID", kDefaultOidcClientId);
  c.oidc_scope = env.Optional("CRM_GATEWAY_OIDC_SCOPE", "openid profile");
  c.oidc_redirect_path = env.Optional("CRM_GATEWAY_OIDC_REDIRECT_PATH", "/signin/callback");
  if (c.oidc_redirect_path.empty() || c.oidc_redirect_path.front() != '/') {
    env.Problem("CRM_GATEWAY_OIDC_REDIRECT_PATH must be a path (/signin/callback)");
  }
  return c;
}

}  // namespace crm::gateway
