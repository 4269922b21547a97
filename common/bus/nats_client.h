#pragma once

#include <nats/nats.h>

#include <chrono>
#include <memory>
#include <stdexcept>
#include <string>

#include "common/core/config.h"

// A NATS connection with its JetStream context, and the stream layout every service shares.
namespace crm::common::bus {

class NatsError : public std::runtime_error {
 public:
  NatsError(const std::string& what, natsStatus status);
  natsStatus status() const { return status_; }

 private:
  natsStatus status_;
};

// Throws NatsError unless `s` is NATS_OK.
void Check(natsStatus s, const char* what);

// The streams every service shares and what their configuration must be. EnsureStreams creates a
// missing stream with it, repairs an existing one where JetStream can update in place, and
// refuses one it cannot (see docs/operations.md, "Streams").
struct StreamLayout {
  std::string name = "CRM";  // the event stream
  std::string subjects = "crm.>";
  std::string dead_letter_name = "CRM_DLQ";
  std::string dead_letter_prefix = "crmdlq";  // dead letters go to crmdlq.<consumer>
  // At least this many replicas; production runs 3 (see docs/operations.md).
  int replicas = 1;
  // At least this long: longer than any window in which the relay can publish the same row
  // twice.
  std::chrono::hours duplicate_window{24};
  // The storage budget given to a stream that has none (with discard "new": a full stream
  // refuses publishes, the outbox keeps the events, instead of old events disappearing).
  // The dead-letter stream gets an eighth of it.
  int64_t max_bytes = int64_t{10} << 30;
};

// An existing stream whose configuration the services cannot work with and cannot repair in
// place (memory storage, a retention that deletes consumed events, fewer replicas than
// configured, subjects that do not capture the events): an operator must fix it.
class StreamConfigError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

// The server refused this client's credentials or its TLS did not verify: an operator must fix
// the configuration. The text names the variables (docs/operations.md, "Bus security"), never a
// secret.
class NatsAccessError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

class NatsClient {
 public:
  // Connects, retrying in the background when the server is down (the first connect does not
  // fail: publishes then fail until the connection is up, and callers retry). `name` identifies
  // the client in the server's monitoring. Unless `buffer_while_reconnecting`, a publish while
  // the connection is being re-established fails at once instead of waiting in the client's
  // buffer to go out after messages that were lost with the old connection. Credentials and TLS
  // come from `access`; a server that answers but refuses them (or a secret file that cannot be
  // read) throws NatsAccessError.
  NatsClient(const NatsAccess& access, const std::string& name,
             bool buffer_while_reconnecting = true);
  ~NatsClient();
  NatsClient(const NatsClient&) = delete;
  NatsClient& operator=(const NatsClient&) = delete;

  natsConnection* connection() { return conn_; }
  jsCtx* js() { return js_; }
  bool Connected() const;
  // The client gave up: the server refused the credentials on a reconnect (a rotated password,
  // say). Callers make a new client, which reads the secret files again.
  bool Closed() const;

  // Waits up to `timeout` for the connection; true when connected.
  bool WaitConnected(std::chrono::milliseconds timeout);

  // Creates the event stream and the dead-letter stream when missing, repairs what can be
  // updated in place (a duplicate window shorter than the layout's, no storage limit, discard
  // "old"), each with a warning in the log, and throws StreamConfigError for what cannot.
  // Idempotent; NatsError when JetStream cannot be asked.
  void EnsureStreams(const StreamLayout& layout);
  // When JetStream created the stream `name` (ns since the epoch): a stream deleted and created
  // again has another. NatsError when it cannot be asked or the stream is missing.
  int64_t StreamCreated(const std::string& name);

 private:
  natsOptions* opts_ = nullptr;
  natsConnection* conn_ = nullptr;
  jsCtx* js_ = nullptr;
};

}  // namespace crm::common::bus
