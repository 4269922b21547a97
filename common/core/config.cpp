#include "common/core/config.h"

#include <cstdlib>
#include <stdexcept>

namespace crm::common {
std::optional<std::string> EnvReader::Get(const char* name) const {
  if (values_) {
    auto it = values_->find(name);
    if (it == values_->end() || it->second.empty()) {
      return std::nullopt;
    }
    return it->second;
  }
  const char* value = std::getenv(name);
  if (value == nullptr || *value == '\0') {
    return std::nullopt;
  }
  return std::string(value);
}

std::string EnvReader::Required(const char* name) {
  auto value = Get(name);
  if (!value) {
    problems_.push_back(std::string(name) + " is required but not set");
    return {};
  }
  return *value;
}

std::string EnvReader::Optional(const char* name, std::string fallback) {
  return Get(name).value_or(std::move(fallback));
}

int EnvReader::Int(const char* name, int fallback, int min, int max) {
  auto value = Get(name);
  if (!value) {
    return fallback;
  }
  try {
    std::size_t used = 0;
    int parsed = std::stoi(*value, &used);
    if (used != value->size() || parsed < min || parsed > max) {
      throw std::out_of_range(*value);
    }
    return parsed;
  } catch (const std::exception&) {
    problems_.push_back(std::string(name) + "=" + *value + " must be an integer in [" +
                        std::to_string(min) + ", " + std::to_string(max) + "]");
    return fallback;
  }
}

void EnvReader::Validate() const {
  if (problems_.empty()) {
    return;
  }
  std::string message = "invalid configuration:";
  for (const auto& p : problems_) {
    message += "\n  - " + p;
  }
  throw std::runtime_error(message);
}

namespace {
constexpr char kTlsCert[] = "CRM_GRPC_TLS_CERT_FILE";
constexpr char kTlsKey[] = "CRM_GRPC_TLS_KEY_FILE";

// The certificate and key, both or neither.
TlsFiles TlsPair(EnvReader& env) {
  TlsFiles files;
  files.cert_file = env.Optional(kTlsCert, "");
  files.key_file = env.Optional(kTlsKey, "");
  if (files.cert_file.empty() != files.key_file.empty()) {
    env.Problem(std::string("set both or neither of ") + kTlsCert + " and " + kTlsKey);
  }
  return files;
}
}  // namespace

TlsFiles ServerTlsFromEnv(EnvReader& env) {
  TlsFiles files = TlsPair(env);
  files.ca_file = env.Optional("CRM_GRPC_TLS_CLIENT_CA_FILE", "");
  if (!files.ca_file.empty() && files.cert_file.empty()) {
    env.Problem(std::string("CRM_GRPC_TLS_CLIENT_CA_FILE (mutual TLS) needs ") + kTlsCert +
                " and " + kTlsKey);
  }
  return files;
}

TlsFiles ClientTlsFromEnv(EnvReader& env) {
  TlsFiles files = TlsPair(env);
  files.ca_file = env.Optional("CRM_GRPC_TLS_CA_FILE", "");
  if (!files.cert_file.empty() && files.ca_file.empty()) {
    env.Problem(std::string("a client certificate (") + kTlsCert +
                ") needs CRM_GRPC_TLS_CA_FILE, the CA of the servers");
  }
  return files;
}

NatsAccess NatsAccessFromEnv(EnvReader& env) {
  NatsAccess access;
  access.url = env.Optional("CRM_NATS_URL", "nats://127.0.0.1:4222");
  access.user = env.Optional("CRM_NATS_USER", "");
  access.password_file = env.Optional("CRM_NATS_PASSWORD_FILE", "");
  access.token_file = env.Optional("CRM_NATS_TOKEN_FILE", "");
  if (access.user.empty() != access.password_file.empty()) {
    env.Problem("set both or neither of CRM_NATS_USER and CRM_NATS_PASSWORD_FILE");
  }
  if (!access.user.empty() && !access.token_file.empty()) {
    env.Problem("set CRM_NATS_USER or CRM_NATS_TOKEN_FILE, not both");
  }
  access.tls.ca_file = env.Optional("CRM_NATS_TLS_CA_FILE", "");
  access.tls.cert_file = env.Optional("CRM_NATS_TLS_CERT_FILE", "");
  access.tls.key_file = env.Optional("CRM_NATS_TLS_KEY_FILE", "");
  if (access.tls.cert_file.empty() != access.tls.key_file.empty()) {
    env.Problem("set both or neither of CRM_NATS_TLS_CERT_FILE and CRM_NATS_TLS_KEY_FILE");
  }
  if (!access.tls.cert_file.empty() && access.tls.ca_file.empty()) {
    env.Problem(
        "a client certificate (CRM_NATS_TLS_CERT_FILE) needs CRM_NATS_TLS_CA_FILE, the CA of "
        "the NATS servers");
  }
  return access;
}

std::string RedactedUrl(std::string_view url) {
  // Each URL of a comma-separated list: scheme://[user[:secret]@]host...
  std::string out;
  while (true) {
    const std::size_t comma = url.find(',');
    std::string_view one = url.substr(0, comma);
    const std::size_t scheme = one.find("://");
    const std::size_t start = scheme == std::string_view::npos ? 0 : scheme + 3;
    const std::size_t at = one.rfind('@');
    if (at != std::string_view::npos && at >= start) {
      const std::string_view info = one.substr(start, at - start);
      const std::size_t colon = info.find(':');
      // "user:password@" keeps the user; a lone "token@" is all secret.
      out +=
          std::string(one.substr(0, start)) +
          (colon == std::string_view::npos ? "***" : std::string(info.substr(0, colon)) + ":***") +
          std::string(one.substr(at));
    } else {
      out += one;
    }
    if (comma == std::string_view::npos) {
      return out;
    }
    out += ',';
    url.remove_prefix(comma + 1);
  }
}

ServiceConfig ServiceConfig::FromEnv(std::string service_name, EnvReader& reader) {
  ServiceConfig c;
  c.service_name = std::move(service_name);
  c.database_url = reader.Required("CRM_DATABASE_URL");
  c.nats = NatsAccessFromEnv(reader);
  c.stream = reader.Optional("CRM_STREAM", "CRM");
  c.stream_replicas = reader.Int("CRM_STREAM_REPLICAS", 1, 1, 5);
  c.stream_max_gib = reader.Int("CRM_STREAM_MAX_GIB", 10, 1, 1 << 20);
  c.grpc_listen = reader.Optional("CRM_GRPC_LISTEN", "0.0.0.0:50051");
  c.admin_listen = reader.Optional("CRM_ADMIN_LISTEN", "0.0.0.0:9090");
  c.grpc_tls = ServerTlsFromEnv(reader);
  c.grpc_reflection = reader.Int("CRM_GRPC_REFLECTION", 1, 0, 1) == 1;
  c.jwt_hs256_secret = reader.Optional("CRM_JWT_HS256_SECRET", "");
  c.jwt_rs256_public_key_file = reader.Optional("CRM_JWT_RS256_PUBLIC_KEY_FILE", "");
  c.jwt_jwks_file = reader.Optional("CRM_JWT_JWKS_FILE", "");
  const int key_sources = static_cast<int>(!c.jwt_hs256_secret.empty()) +
                          static_cast<int>(!c.jwt_rs256_public_key_file.empty()) +
                          static_cast<int>(!c.jwt_jwks_file.empty());
  if (key_sources != 1) {
    reader.Problem(
        "set exactly one of CRM_JWT_HS256_SECRET, CRM_JWT_RS256_PUBLIC_KEY_FILE and "
        "CRM_JWT_JWKS_FILE");
  }
  c.jwt_issuer = reader.Optional("CRM_JWT_ISSUER", "");
  // An identity provider's tokens (RS256, a key set) always name it; only the development
  // secret may go without.
  if (c.jwt_issuer.empty() && c.jwt_hs256_secret.empty()) {
    reader.Problem(
        "CRM_JWT_ISSUER is required with CRM_JWT_RS256_PUBLIC_KEY_FILE or CRM_JWT_JWKS_FILE");
  }
  c.jwt_audience = reader.Required("CRM_JWT_AUDIENCE");
  c.db_pool_size = reader.Int("CRM_DB_POOL_SIZE", 8, 1, 200);
  c.log_level = reader.Optional("CRM_LOG_LEVEL", "info");
  c.time_zone = reader.Optional("CRM_TIME_ZONE", "Europe/Samara");
  c.bus_idle_wait_ms = reader.Int("CRM_BUS_IDLE_WAIT_MS", 1000, 10, 60000);
  return c;
}

}  // namespace crm::common
