#pragma once

#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

// Configuration comes from environment variables only (12-factor; Kubernetes sets them from
// ConfigMaps and Secrets). Reading collects every problem, then Validate() throws one error
// listing all of them, so an operator fixes a deployment in one round.
namespace crm::common {

class EnvReader {
 public:
  // Reads the process environment.
  EnvReader() = default;
  // Reads `values` instead (the service tests assemble a service from them).
  explicit EnvReader(std::map<std::string, std::string> values) : values_(std::move(values)) {}

  std::string Required(const char* name);
  std::string Optional(const char* name, std::string fallback);
  int Int(const char* name, int fallback, int min, int max);
  void Problem(std::string problem) { problems_.push_back(std::move(problem)); }
  // Throws std::runtime_error naming every missing or malformed variable.
  void Validate() const;

 private:
  // The value of `name`; nullopt when it is unset or empty.
  std::optional<std::string> Get(const char* name) const;

  std::optional<std::map<std::string, std::string>> values_;
  std::vector<std::string> problems_;
};

// The PEM files of gRPC's transport security (common/grpc/tls.h makes credentials of them),
// mounted from Secrets that cert-manager keeps current. No certificate: plaintext, for
// development and the tests' loopback stacks only.
struct TlsFiles {
  std::string cert_file;  // this process's certificate chain
  std::string key_file;   // its private key
  // A server: clients must present a certificate this CA signed (mutual TLS). A client: the CA
  // the servers' certificates must be signed by.
  std::string ca_file;
};

// A server's files: CRM_GRPC_TLS_CERT_FILE and CRM_GRPC_TLS_KEY_FILE turn TLS on (both or
// neither); CRM_GRPC_TLS_CLIENT_CA_FILE (only with them) makes it mutual. Half a configuration is
// a problem reported to `env`.
TlsFiles ServerTlsFromEnv(EnvReader& env);

// A client's files (the gateway, the `crm` tools): CRM_GRPC_TLS_CA_FILE turns TLS on;
// CRM_GRPC_TLS_CERT_FILE and CRM_GRPC_TLS_KEY_FILE (both or neither, only with the CA) are the
// client certificate a server asking for mutual TLS checks.
TlsFiles ClientTlsFromEnv(EnvReader& env);

// How a process reaches NATS (docs/operations.md, "Bus security"). The password and the token are
// files, read at each connect (so a rotated Secret is taken up by the next connect) and never
// logged.
struct NatsAccess {
  NatsAccess() = default;
  // A server that asks for no credentials, over plain TCP: development and the tests' own servers.
  NatsAccess(std::string server_url)  // NOLINT(google-explicit-constructor): a URL is a plain one
      : url(std::move(server_url)) {}

  std::string url;            // CRM_NATS_URL
  std::string user;           // CRM_NATS_USER, with CRM_NATS_PASSWORD_FILE
  std::string password_file;  // CRM_NATS_PASSWORD_FILE
  std::string token_file;     // CRM_NATS_TOKEN_FILE, instead of a user
  // CRM_NATS_TLS_CA_FILE turns TLS on and verifies the server against it; CRM_NATS_TLS_CERT_FILE
  // and CRM_NATS_TLS_KEY_FILE (both or neither, only with the CA) are the client certificate of a
  // server that asks for mutual TLS.
  TlsFiles tls;
};

// Reads CRM_NATS_URL and the variables above; an inconsistent set is a problem reported to `env`.
NatsAccess NatsAccessFromEnv(EnvReader& env);

// `url` with the password or token of its user-info part replaced by "***", for logs and errors.
std::string RedactedUrl(std::string_view url);

// What every service needs.
struct ServiceConfig {
  std::string service_name;      // "registry", ...
  std::string database_url;      // CRM_DATABASE_URL, a libpq connection string or URI
  NatsAccess nats;               // NatsAccessFromEnv
  std::string stream;            // CRM_STREAM, the JetStream stream name ("CRM")
  int stream_replicas = 1;       // CRM_STREAM_REPLICAS, the least replicas the streams may have
  int stream_max_gib = 10;       // CRM_STREAM_MAX_GIB, the budget of a stream that has none
  std::string grpc_listen;       // CRM_GRPC_LISTEN, host:port
  std::string admin_listen;      // CRM_ADMIN_LISTEN, host:port for /metrics and probes
  TlsFiles grpc_tls;             // ServerTlsFromEnv
  bool grpc_reflection = true;   // CRM_GRPC_REFLECTION: 0 in production
  std::string jwt_hs256_secret;  // CRM_JWT_HS256_SECRET
  std::string jwt_rs256_public_key_file;  // CRM_JWT_RS256_PUBLIC_KEY_FILE
  std::string jwt_jwks_file;              // CRM_JWT_JWKS_FILE: several keys, by kid
  // CRM_JWT_ISSUER, checked when set; required unless the key is the development HS256 secret
  std::string jwt_issuer;
  std::string jwt_audience;  // CRM_JWT_AUDIENCE, required: the tokens' `aud`
  int db_pool_size = 8;      // CRM_DB_POOL_SIZE
  std::string log_level;     // CRM_LOG_LEVEL: debug, info, warn, error
  std::string time_zone;     // CRM_TIME_ZONE, for documents and reminders
  // CRM_BUS_IDLE_WAIT_MS: how long an idle outbox relay waits for a NOTIFY and an idle consumer
  // for a message before looking again; it also bounds how long stopping them takes.
  int bus_idle_wait_ms = 1000;

  // Reads the common variables; `reader` keeps collecting for service-specific ones.
  static ServiceConfig FromEnv(std::string service_name, EnvReader& reader);
};

}  // namespace crm::common
