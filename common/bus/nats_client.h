#pragma once

#include <nats/nats.h>

#include <chrono>
#include <memory>
#include <stdexcept>
#include <string>

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

struct StreamLayout {
  std::string name = "CRM";  // the event stream
  std::string subjects = "crm.>";
  std::string dead_letter_name = "CRM_DLQ";
  std::string dead_letter_prefix = "crmdlq";  // dead letters go to crmdlq.<consumer>
  // Used only when a service creates the streams; production runs 3 (see docs/operations.md).
  int replicas = 1;
  // Longer than any window in which the relay can publish the same row twice.
  std::chrono::hours duplicate_window{24};
};

class NatsClient {
 public:
  // Connects, retrying in the background when the server is down (the first connect does not
  // fail: publishes then fail until the connection is up, and callers retry). `name` identifies
  // the client in the server's monitoring.
  NatsClient(const std::string& url, const std::string& name, jsOptions* js_options = nullptr);
  ~NatsClient();
  NatsClient(const NatsClient&) = delete;
  NatsClient& operator=(const NatsClient&) = delete;

  natsConnection* connection() { return conn_; }
  jsCtx* js() { return js_; }
  bool Connected() const;

  // Creates the event stream and the dead-letter stream when missing (idempotent).
  void EnsureStreams(const StreamLayout& layout);

 private:
  natsOptions* opts_ = nullptr;
  natsConnection* conn_ = nullptr;
  jsCtx* js_ = nullptr;
};

}  // namespace crm::common::bus
