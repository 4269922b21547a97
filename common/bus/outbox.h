#pragma once

#include <google/protobuf/message.h>

#include <atomic>
#include <chrono>
#include <pqxx/pqxx>
#include <string>
#include <string_view>
#include <thread>
#include <type_traits>
#include <vector>

#include "common/bus/nats_client.h"
#include "common/bus/topic.h"

// The transactional outbox. A service writes its event with EnqueueEvent, on a typed Topic, inside
// the transaction that makes the change; the OutboxRelay publishes committed rows to JetStream in
// order, waits for the acks, and marks them published. A crash anywhere loses nothing: an unmarked
// row is published again, and JetStream drops the repeat by its Nats-Msg-Id. A row JetStream can
// never take (larger than its message size limit) is parked — set aside, logged and counted in
// crm_outbox_parked — so it does not hold back the rows after it.
namespace crm::common::bus {

namespace detail {
struct UntypedEvent {
  std::string subject_id;
  const google::protobuf::Message* payload;
};
std::string EnqueueEvent(pqxx::transaction_base& tx, std::string_view subject,
                         std::string_view source_service, const std::string& subject_id,
                         const google::protobuf::Message& payload);
void EnqueueEvents(pqxx::transaction_base& tx, std::string_view subject,
                   std::string_view source_service, const std::vector<UntypedEvent>& events);
}  // namespace detail

// Writes `payload` as an event on `topic` within `tx`. The CloudEvents type is the subject plus
// ".v1", the source "crm/<service>" of the subject, the data schema the payload's message name;
// `subject_id` is the aggregate's resource name (ce-subject). Returns the event id (ce-id).
template <class Payload>
std::string EnqueueEvent(pqxx::transaction_base& tx, const Topic<Payload>& topic,
                         const std::string& subject_id,
                         const std::type_identity_t<Payload>& payload) {
  return detail::EnqueueEvent(tx, topic.subject, topic.service(), subject_id, payload);
}

// One event for each of many aggregates (bulk writes such as an import): the same as calling
// EnqueueEvent for each, written with one COPY. Each pairs an aggregate's resource name with its
// payload; they are published in this order.
template <class Payload>
struct PendingEvent {
  std::string subject_id;
  const Payload* payload;
};
template <class Payload>
void EnqueueEvents(pqxx::transaction_base& tx, const Topic<Payload>& topic,
                   const std::vector<PendingEvent<std::type_identity_t<Payload>>>& events) {
  std::vector<detail::UntypedEvent> untyped;
  untyped.reserve(events.size());
  for (const auto& event : events) {
    untyped.push_back({event.subject_id, event.payload});
  }
  detail::EnqueueEvents(tx, topic.subject, topic.service(), untyped);
}

// Protobuf canonical JSON of a message (the wire form of every event payload).
std::string ToJson(const google::protobuf::Message& message);
// Parses canonical JSON; unknown fields are ignored so newer producers don't break consumers.
// Throws std::invalid_argument on malformed input.
void FromJson(const std::string& json, google::protobuf::Message* message);

// Operator tools. Marks the already published events committed in [from, to) (RFC 3339 or any
// PostgreSQL timestamptz text) as unpublished, so the relay publishes them again, in their
// original order, with their original ids: for a stream that lost data. Consumers deduplicate by
// event id, so this is always safe. Returns the number of events queued again.
long long RepublishRange(pqxx::connection& conn, const std::string& from, const std::string& to);
// Queues parked events (see OutboxRelay) for publishing again once their cause is fixed: those in
// `ids`, or every parked event when `ids` is empty. They go out before the events still waiting,
// so later than the events published while they were parked. Returns the number re-queued.
long long UnparkEvents(pqxx::connection& conn, const std::vector<std::string>& ids);
// Deletes published events older than `retention_days`; unpublished ones are never deleted.
// Returns the number deleted.
long long PruneOutbox(pqxx::connection& conn, int retention_days);

struct RelayOptions {
  int batch_size = 1024;
  // How long to wait for JetStream acks of one batch before retrying it.
  std::chrono::milliseconds ack_timeout{5000};
  // Fallback poll when no NOTIFY arrives (and the retry pace while NATS is down).
  std::chrono::milliseconds idle_poll{1000};
  // How often the relay asks whether the stream is still the one it published to (see
  // migrations/0003_outbox_stream.sql); also at every (re)connection.
  std::chrono::milliseconds stream_check{2000};
};

class OutboxRelay {
 public:
  OutboxRelay(std::string database_url, NatsAccess nats, std::string service, StreamLayout layout,
              RelayOptions options = {});
  ~OutboxRelay();
  OutboxRelay(const OutboxRelay&) = delete;
  OutboxRelay& operator=(const OutboxRelay&) = delete;

  void Start();
  void Stop();
  // Rows published since start; for tests and metrics.
  uint64_t published() const { return published_.load(); }

 private:
  struct BatchResult {
    int handled = 0;              // rows marked published or parked
    bool stream_missing = false;  // JetStream had no stream for the subject
  };
  void Run();
  // Publishes one batch, in order, stopping at the first row JetStream did not take.
  BatchResult PublishBatch(pqxx::connection& conn, NatsClient& nats);
  // Compares the stream's creation time with the one recorded; when the stream was created again,
  // queues every retained event for publishing once more. Returns the number queued.
  long long FollowStreamIdentity(pqxx::connection& conn, NatsClient& nats);

  std::string database_url_;
  NatsAccess nats_;
  std::string service_;
  StreamLayout layout_;
  RelayOptions options_;
  std::atomic<bool> stop_{false};
  std::atomic<uint64_t> published_{0};
  std::thread thread_;
};

}  // namespace crm::common::bus
