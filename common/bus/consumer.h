#pragma once

#include <google/protobuf/message.h>

#include <atomic>
#include <chrono>
#include <functional>
#include <map>
#include <memory>
#include <pqxx/pqxx>
#include <span>
#include <string>
#include <string_view>
#include <thread>
#include <type_traits>
#include <utility>
#include <vector>

#include "common/bus/nats_client.h"
#include "common/bus/topic.h"
#include "common/db/pool.h"

// The consumer loop every service uses: a durable JetStream pull consumer with explicit acks. For
// each event the handler's effect and the "event id processed" row commit in one transaction, so
// a redelivered event changes nothing; the events of one fetch share that transaction (one commit
// per batch, not per event) unless one of them fails, and then each gets its own. A handler's
// failures are retried with backoff up to a bound; then, or at once for a payload that can never be
// processed, the event goes to the dead-letter stream with the reason. While the database is
// unavailable the consumer pauses instead: it holds the events in hand, fetches no more, probes the
// database and resumes when it answers, so an outage never counts towards dead-lettering. An event
// is acknowledged or terminated only after its effect or its dead letter is stored. A topic may
// have a batch handler (EventRouter::OnBatch) instead: it receives the batch's events of its topic
// at once, so that it can apply them with a few set-based statements instead of some per event.
// The fetches run on a thread of the consumer's own: while a full batch is applied the next one
// is already being fetched, so the bus's round trip and the database's overlap.
namespace crm::common::bus {

struct InboundEvent {
  std::string id;                // ce-id
  std::string subject;           // NATS subject
  std::string type;              // ce-type
  std::string source;            // ce-source
  std::string subject_id;        // ce-subject
  std::string time;              // ce-time
  std::string request_id;        // ce-requestid
  std::string data;              // JSON payload
  uint64_t delivery = 1;         // 1 on first delivery
  uint64_t stream_sequence = 0;  // the message's sequence in the event stream
  // When the stream stored the message (ns since the Unix epoch; 0 when unknown) and how many
  // messages remained for the consumer after it: the consumer's lag.
  int64_t stored_unix_nanos = 0;
  uint64_t pending = 0;
};

// Thrown by a handler for an event that can never succeed (malformed, contradicts the
// contract): it goes to the dead-letter stream at once instead of being retried.
class PoisonEvent : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

// The id of `name`, a "{collection}/{uuid}" resource name in an event's field `what`, in lower
// case; a name that is not one makes the event a PoisonEvent (it can never be applied).
std::string ResourceIdOrPoison(std::string_view name, std::string_view collection,
                               std::string_view what);
// The same for a child resource "{parent}/{uuid}/{child}/{uuid}": both ids, in lower case.
std::pair<std::string, std::string> ChildResourceIdsOrPoison(std::string_view name,
                                                             std::string_view parent,
                                                             std::string_view child,
                                                             std::string_view what);

using RawHandler = std::function<void(pqxx::work&, const InboundEvent&)>;
using RawBatchHandler = std::function<void(pqxx::work&, const std::vector<const InboundEvent*>&)>;

// One event of a batch handed to a batch handler: its payload and its metadata.
template <class Payload>
struct Delivered {
  Payload payload;
  const InboundEvent* meta = nullptr;
};

// Maps topics to typed handlers. Events with no handler are acknowledged and skipped.
class EventRouter {
 public:
  template <class Payload>
  using Handler = std::function<void(pqxx::work&, const Payload&, const InboundEvent&)>;
  template <class Payload>
  using BatchHandler = std::function<void(pqxx::work&, const std::vector<Delivered<Payload>>&)>;

  // The handler takes the topic's payload type; one for another payload does not compile.
  template <class Payload>
  EventRouter& On(const Topic<Payload>& topic, std::type_identity_t<Handler<Payload>> handler) {
    handlers_[std::string(topic.subject)] = {
        [h = std::move(handler)](pqxx::work& tx, const InboundEvent& ev) {
          Payload payload;
          ParsePayload(ev, &payload);
          h(tx, payload, ev);
        },
        nullptr};
    return *this;
  }

  // A handler of the topic's events of a fetched batch at once, in delivery order, each claimed
  // (not yet processed by this consumer); an event handled alone (a retry, the batch failed)
  // comes as a batch of one. Its effect must equal its events' applied one after the other, in
  // order. The batch handlers of one router must commute with each other: within a batch, the
  // events of batched topics between two events of other topics are grouped by topic and each
  // group is applied in the order of its first event, so the events of two batched topics may
  // be applied in another order than they were delivered. An event of a topic with an On handler
  // is applied after every event delivered before it.
  template <class Payload>
  EventRouter& OnBatch(const Topic<Payload>& topic,
                       std::type_identity_t<BatchHandler<Payload>> handler) {
    RawBatchHandler batch = [h = std::move(handler)](pqxx::work& tx,
                                                     const std::vector<const InboundEvent*>& evs) {
      std::vector<Delivered<Payload>> delivered(evs.size());
      for (std::size_t i = 0; i < evs.size(); ++i) {
        ParsePayload(*evs[i], &delivered[i].payload);
        delivered[i].meta = evs[i];
      }
      h(tx, delivered);
    };
    RawHandler single = [batch](pqxx::work& tx, const InboundEvent& ev) {
      batch(tx, std::vector<const InboundEvent*>{&ev});
    };
    handlers_[std::string(topic.subject)] = {std::move(single), std::move(batch)};
    return *this;
  }

  // Returns nullptr when no handler is registered for the subject.
  const RawHandler* Find(const std::string& subject) const;
  // The subject's batch handler; nullptr when it has none (no handler, or an On handler).
  const RawBatchHandler* FindBatch(const std::string& subject) const;

 private:
  struct Entry {
    RawHandler single;
    RawBatchHandler batch;  // empty for an On handler
  };
  static void ParsePayload(const InboundEvent& ev, google::protobuf::Message* payload);
  std::map<std::string, Entry> handlers_;
};

struct ConsumerOptions {
  std::string durable;         // e.g. "documents-sales"
  std::string filter_subject;  // e.g. "crm.planning.sale.>"
  // The retry budget of a failing handler: the event is dead-lettered when it fails on its
  // max_deliver-th delivery. After a failure it is redelivered after retry_delay, doubling up to
  // retry_delay_max: 1+2+4+8+16+30+30 s, about 90 s, for the defaults. JetStream itself never
  // stops redelivering (its MaxDeliver is unlimited), so an event whose last delivery was lost
  // (a crash, an ack timeout) still comes back to be dead-lettered.
  int max_deliver = 8;
  std::chrono::milliseconds retry_delay{1000};
  std::chrono::milliseconds retry_delay_max{30000};
  std::chrono::milliseconds ack_wait{30000};
  int batch_size = 64;
  std::chrono::milliseconds fetch_wait{1000};
  // While the database is unavailable: probed after probe_delay, doubling up to probe_delay_max.
  std::chrono::milliseconds probe_delay{200};
  std::chrono::milliseconds probe_delay_max{5000};
};

// One durable consumer of a service: its options (durable name, filter subject, retry budget)
// and the handlers of the topics it receives. A service lists its subscriptions in
// events/handlers.h; the host adds them in one call (ServiceHost::AddConsumers).
struct Subscription {
  ConsumerOptions options;
  EventRouter router;
};

class EventConsumer {
 public:
  EventConsumer(db::Pool& pool, NatsAccess nats, StreamLayout layout, ConsumerOptions options,
                EventRouter router);
  ~EventConsumer();
  EventConsumer(const EventConsumer&) = delete;
  EventConsumer& operator=(const EventConsumer&) = delete;

  void Start();
  void Stop();
  uint64_t processed() const { return processed_.load(); }
  uint64_t dead_lettered() const { return dead_lettered_.load(); }

 private:
  // kHandled: acknowledged, NAKed for a retry, or dead-lettered.
  enum class Outcome { kHandled, kDatabaseUnavailable };

  void Run();
  // Updates an existing durable consumer created with other delivery settings.
  void UpdateConsumer(NatsClient& nats);
  bool ConsumerExists(NatsClient& nats);
  Outcome HandleMessage(NatsClient& nats, natsMsg* msg);
  // The fetched events in one transaction (a BEGIN and a COMMIT per event saved), acked together
  // once it commits. False when any of them fails, a handler or the database: then nothing of the
  // batch is committed or acked, and the caller handles each event with HandleMessage.
  bool HandleBatch(natsMsgList& list);
  // The metrics of events handled together (one alone, or a batch): each one's outcome
  // (`labels`, one per event), each taking `seconds`, and, when `handled` (not held for a
  // database outage), the consumer's lag after the last of them.
  void Record(std::span<const InboundEvent> events, std::span<const std::string> labels,
              bool handled, double seconds);
  void RecordLag(const InboundEvent& ev);
  // Waits for the server to confirm the acks sent since the last call (NoteAck says when not).
  void FlushAcks(NatsClient& nats);
  // After an event's effect was committed: an ack the server did not confirm (`status` not
  // NATS_OK) brings the events back, and the inbox skips them as duplicates, so only a warning
  // and crm_event_acks_unconfirmed_total say so.
  void NoteAck(natsStatus status, std::size_t events);
  // True once the dead letter is stored in the dead-letter stream.
  bool DeadLetter(NatsClient& nats, natsMsg* msg, const InboundEvent& ev,
                  const std::string& reason);
  // Holds list.Msgs[first..] and the batch fetched ahead un-acked, telling JetStream they are in
  // progress (`keep_ahead` does for the batch ahead and says how many events it has), until the
  // database answers; false when the consumer is stopped meanwhile.
  bool PauseWhileDatabaseUnavailable(natsMsgList& list, int first,
                                     const std::function<int()>& keep_ahead);
  std::chrono::milliseconds RetryDelay(uint64_t delivery) const;

  db::Pool& pool_;
  NatsAccess nats_;
  StreamLayout layout_;
  ConsumerOptions options_;
  EventRouter router_;
  std::atomic<bool> stop_{false};
  std::atomic<uint64_t> processed_{0};
  std::atomic<uint64_t> dead_lettered_{0};
  std::string unavailable_error_;   // what the database said when the consumer paused
  std::size_t unflushed_acks_ = 0;  // batch acks sent, not yet confirmed by a flush
  std::thread thread_;
};

}  // namespace crm::common::bus
