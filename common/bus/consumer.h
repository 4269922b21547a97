#pragma once

#include <google/protobuf/message.h>

#include <atomic>
#include <chrono>
#include <functional>
#include <map>
#include <memory>
#include <pqxx/pqxx>
#include <string>
#include <thread>

#include "common/bus/nats_client.h"
#include "common/db/pool.h"

// The consumer loop every service uses: a durable JetStream pull consumer with explicit acks. For
// each event the handler's effect and the "event id processed" row commit in one transaction, so
// a redelivered event changes nothing. Failures are retried with backoff up to a bound; then, or
// at once for a payload that can never be processed, the event goes to the dead-letter stream
// with the reason.
namespace crm::common::bus {

struct InboundEvent {
  std::string id;          // ce-id
  std::string subject;     // NATS subject
  std::string type;        // ce-type
  std::string source;      // ce-source
  std::string subject_id;  // ce-subject
  std::string time;        // ce-time
  std::string request_id;  // ce-requestid
  std::string data;        // JSON payload
  uint64_t delivery = 1;   // 1 on first delivery
};

// Thrown by a handler for an event that can never succeed (malformed, contradicts the
// contract): it goes to the dead-letter stream at once instead of being retried.
class PoisonEvent : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

using RawHandler = std::function<void(pqxx::work&, const InboundEvent&)>;

// Maps subjects to typed handlers. Events with no handler are acknowledged and skipped.
class EventRouter {
 public:
  template <class Payload>
  EventRouter& On(const std::string& subject,
                  std::function<void(pqxx::work&, const Payload&, const InboundEvent&)> handler) {
    handlers_[subject] = [h = std::move(handler)](pqxx::work& tx, const InboundEvent& ev) {
      Payload payload;
      ParsePayload(ev, &payload);
      h(tx, payload, ev);
    };
    return *this;
  }
  // Returns nullptr when no handler is registered for the subject.
  const RawHandler* Find(const std::string& subject) const;

 private:
  static void ParsePayload(const InboundEvent& ev, google::protobuf::Message* payload);
  std::map<std::string, RawHandler> handlers_;
};

struct ConsumerOptions {
  std::string durable;         // e.g. "documents-sales"
  std::string filter_subject;  // e.g. "crm.planning.sale.>"
  int max_deliver = 8;
  std::chrono::milliseconds ack_wait{30000};
  int batch_size = 64;
  std::chrono::milliseconds fetch_wait{1000};
};

class EventConsumer {
 public:
  EventConsumer(db::Pool& pool, std::string nats_url, StreamLayout layout, ConsumerOptions options,
                EventRouter router);
  ~EventConsumer();
  EventConsumer(const EventConsumer&) = delete;
  EventConsumer& operator=(const EventConsumer&) = delete;

  void Start();
  void Stop();
  uint64_t processed() const { return processed_.load(); }
  uint64_t dead_lettered() const { return dead_lettered_.load(); }

 private:
  void Run();
  void HandleMessage(NatsClient& nats, natsMsg* msg);
  void DeadLetter(NatsClient& nats, natsMsg* msg, const InboundEvent& ev,
                  const std::string& reason);

  db::Pool& pool_;
  std::string nats_url_;
  StreamLayout layout_;
  ConsumerOptions options_;
  EventRouter router_;
  std::atomic<bool> stop_{false};
  std::atomic<uint64_t> processed_{0};
  std::atomic<uint64_t> dead_lettered_{0};
  std::thread thread_;
};

}  // namespace crm::common::bus
