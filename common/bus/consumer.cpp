#include "common/bus/consumer.h"

#include <algorithm>
#include <condition_variable>
#include <iterator>
#include <mutex>
#include <optional>
#include <set>
#include <vector>

#include "common/bus/headers.h"
#include "common/bus/outbox.h"
#include "common/core/errors.h"
#include "common/core/ids.h"
#include "common/core/log.h"
#include "common/core/metrics.h"
#include "common/db/params.h"

namespace crm::common::bus {
namespace {

// Records in the inbox that `consumer` handles the events, in the transaction of their effect,
// with one statement for them all: whether each one is claimed now (false for one already
// processed, a redelivery or a copy, and for a second copy of an event within the events).
std::vector<bool> ClaimEvents(pqxx::work& tx, const std::string& consumer,
                              const std::vector<const InboundEvent*>& events) {
  std::vector<std::string> ids;
  std::vector<std::string> subjects;
  ids.reserve(events.size());
  subjects.reserve(events.size());
  for (const InboundEvent* ev : events) {
    ids.push_back(ev->id);
    subjects.push_back(ev->subject);
  }
  std::set<std::string> claimed;
  for (const auto& row : tx.exec_params(
           "INSERT INTO processed_events (consumer, event_id, subject) "
           "SELECT $1, e.id, e.subject FROM unnest($2::text[], $3::text[]) AS e (id, subject) "
           "ON CONFLICT DO NOTHING RETURNING event_id",
           consumer, db::QuotedArrayLiteral(ids), db::QuotedArrayLiteral(subjects))) {
    claimed.insert(row[0].as<std::string>());
  }
  std::vector<bool> out(events.size(), false);
  for (std::size_t i = 0; i < events.size(); ++i) {
    out[i] = claimed.erase(events[i]->id) > 0;  // the first copy takes the claim
  }
  return out;
}

// A fetch of up to a batch when events are flowing: whatever is there, without waiting for a full
// batch.
natsStatus FetchBatch(natsSubscription* sub, const ConsumerOptions& options, natsMsgList* list) {
  jsFetchRequest request;
  jsFetchRequest_Init(&request);
  request.Batch = options.batch_size;
  request.NoWait = true;
  request.Expires =
      std::chrono::duration_cast<std::chrono::nanoseconds>(options.fetch_wait).count();
  return natsSubscription_FetchRequest(list, sub, &request);
}

struct Fetched {
  natsMsgList list{};
  natsStatus status = NATS_OK;
};

// Hands every message of `list` back to JetStream at once (a NAK) instead of after the ack wait,
// and frees it.
void HandBack(natsMsgList& list) {
  for (int i = 0; i < list.Count; ++i) {
    natsMsg_Nak(list.Msgs[i], nullptr);
  }
  natsMsgList_Destroy(&list);
}

// The consumer's fetches, on one thread of its own for as long as the subscription lives. The
// consumer asks for a batch (Next); after a full batch, more are likely waiting, so the thread
// fetches the next one at once while the consumer applies this one (the bus's round trip
// overlapping the database's work). At most one batch waits in hand. What is fetched but not taken
// (the consumer stops, or fails and reconnects) is handed back to JetStream when the fetcher is
// destroyed, after its fetch in flight, if any, has returned.
class Fetcher {
 public:
  Fetcher(natsSubscription* sub, const ConsumerOptions& options)
      : sub_(sub), options_(options), thread_([this] { Loop(); }) {}
  Fetcher(const Fetcher&) = delete;
  Fetcher& operator=(const Fetcher&) = delete;
  ~Fetcher() { Stop(); }

  // Waits for the fetch in flight, if any, and hands back the batch fetched but not taken; how
  // many events it had.
  int Stop() {
    {
      const std::lock_guard lock(mutex_);
      stop_ = true;
      changed_.notify_all();
    }
    if (thread_.joinable()) {
      thread_.join();
    }
    if (!ready_) {
      return 0;
    }
    const int count = ready_->list.Count;
    HandBack(ready_->list);
    ready_.reset();
    return count;
  }

  // The next fetch's result, which the caller now owns: the batch fetched ahead, or one fetched
  // now (a long poll for one message while `idle`, else whatever is there up to a batch).
  Fetched Next(bool idle) {
    std::unique_lock lock(mutex_);
    if (!ready_ && !fetching_) {
      wanted_ = true;
      idle_ = idle;
      changed_.notify_all();
    }
    changed_.wait(lock, [this] { return ready_.has_value(); });
    Fetched fetched = *ready_;
    ready_.reset();
    if (fetched.status == NATS_OK && fetched.list.Count == options_.batch_size &&
        options_.batch_size > 1) {
      wanted_ = true;
      idle_ = false;
    }
    changed_.notify_all();
    return fetched;
  }

  // Tells JetStream that the batch fetched ahead, if any, is still in progress (the consumer
  // holds it while its database is unavailable); how many events that batch has.
  int KeepInProgress() {
    const std::lock_guard lock(mutex_);
    if (!ready_ || ready_->status != NATS_OK) {
      return 0;
    }
    for (int i = 0; i < ready_->list.Count; ++i) {
      natsMsg_InProgress(ready_->list.Msgs[i], nullptr);
    }
    return ready_->list.Count;
  }

 private:
  void Loop() {
    std::unique_lock lock(mutex_);
    while (true) {
      changed_.wait(lock, [this] { return stop_ || (wanted_ && !ready_); });
      if (stop_) {
        return;
      }
      wanted_ = false;
      fetching_ = true;
      const bool idle = idle_;
      lock.unlock();
      Fetched fetched;
      if (idle) {
        // Long poll for one message: returns as soon as anything arrives.
        jsErrCode jerr = static_cast<jsErrCode>(0);
        fetched.status =
            natsSubscription_Fetch(&fetched.list, sub_, 1, options_.fetch_wait.count(), &jerr);
      } else {
        fetched.status = FetchBatch(sub_, options_, &fetched.list);
      }
      lock.lock();
      fetching_ = false;
      ready_ = fetched;
      changed_.notify_all();
    }
  }

  natsSubscription* sub_;
  const ConsumerOptions& options_;
  std::mutex mutex_;
  std::condition_variable changed_;
  bool stop_ = false;
  bool wanted_ = false;    // the consumer wants a batch (or will: the last one was full)
  bool idle_ = true;       // the next fetch is a long poll for one message
  bool fetching_ = false;  // a fetch is in flight
  std::optional<Fetched> ready_;
  std::thread thread_;  // last: started once the members above are
};

InboundEvent Decode(natsMsg* msg) {
  InboundEvent ev;
  ev.subject = natsMsg_GetSubject(msg);
  ev.id = HeaderValue(msg, "ce-id");
  if (ev.id.empty()) {
    ev.id = HeaderValue(msg, "Nats-Msg-Id");
  }
  ev.type = HeaderValue(msg, "ce-type");
  ev.source = HeaderValue(msg, "ce-source");
  ev.subject_id = HeaderValue(msg, "ce-subject");
  ev.time = HeaderValue(msg, "ce-time");
  ev.request_id = HeaderValue(msg, "ce-requestid");
  ev.data.assign(natsMsg_GetData(msg), static_cast<std::size_t>(natsMsg_GetDataLength(msg)));
  jsMsgMetaData* meta = nullptr;
  if (natsMsg_GetMetaData(&meta, msg) == NATS_OK) {
    ev.delivery = meta->NumDelivered;
    ev.stream_sequence = meta->Sequence.Stream;
    ev.stored_unix_nanos = meta->Timestamp;
    ev.pending = meta->NumPending;
    jsMsgMetaData_Destroy(meta);
  }
  return ev;
}

// How often an idle consumer checks that its durable consumer still exists: a pull on one deleted
// between two pulls (by an operator) just times out.
constexpr auto kConsumerCheckInterval = std::chrono::seconds(5);

std::string StatusText(natsStatus s) {
  const char* detail = nats_GetLastError(nullptr);
  return std::string(natsStatus_GetText(s)) +
         (detail != nullptr && *detail != '\0' ? std::string(" (") + detail + ")" : "");
}

}  // namespace

const RawHandler* EventRouter::Find(const std::string& subject) const {
  auto it = handlers_.find(subject);
  return it == handlers_.end() ? nullptr : &it->second.single;
}

const RawBatchHandler* EventRouter::FindBatch(const std::string& subject) const {
  auto it = handlers_.find(subject);
  return it == handlers_.end() || !it->second.batch ? nullptr : &it->second.batch;
}

void EventRouter::ParsePayload(const InboundEvent& ev, google::protobuf::Message* payload) {
  try {
    FromJson(ev.data, payload);
  } catch (const std::invalid_argument& e) {
    throw PoisonEvent(e.what());
  }
}

EventConsumer::EventConsumer(db::Pool& pool, NatsAccess nats, StreamLayout layout,
                             ConsumerOptions options, EventRouter router)
    : pool_(pool),
      nats_(std::move(nats)),
      layout_(std::move(layout)),
      options_(std::move(options)),
      router_(std::move(router)) {}

EventConsumer::~EventConsumer() { Stop(); }

void EventConsumer::Start() {
  stop_ = false;
  thread_ = std::thread([this] { Run(); });
}

void EventConsumer::Stop() {
  stop_ = true;
  if (thread_.joinable()) {
    thread_.join();
  }
}

std::chrono::milliseconds EventConsumer::RetryDelay(uint64_t delivery) const {
  auto delay = options_.retry_delay * (int64_t{1} << std::min<uint64_t>(delivery - 1, 20));
  return std::min(delay, options_.retry_delay_max);
}

bool EventConsumer::DeadLetter(NatsClient& nats, natsMsg* msg, const InboundEvent& ev,
                               const std::string& reason) {
  std::string subject = layout_.dead_letter_prefix + "." + options_.durable;
  natsMsg* dead = nullptr;
  Check(natsMsg_Create(&dead, subject.c_str(), nullptr, ev.data.data(),
                       static_cast<int>(ev.data.size())),
        "natsMsg_Create");
  std::unique_ptr<natsMsg, decltype(&natsMsg_Destroy)> guard(dead, &natsMsg_Destroy);
  CopyHeaders(msg, dead, [](const std::string&) { return true; });
  // One dead letter per message of the event stream and consumer: a redelivery dead-lettered
  // again (its first dead letter stored, its termination lost) is dropped by the dead-letter
  // stream's dedup, while a re-driven copy, a new message, gets a dead letter of its own.
  const std::string sequence = std::to_string(ev.stream_sequence);
  natsMsgHeader_Set(dead, "Nats-Msg-Id", (options_.durable + ":" + ev.id + ":" + sequence).c_str());
  natsMsgHeader_Set(dead, "crm-dead-letter-reason", reason.c_str());
  natsMsgHeader_Set(dead, "crm-original-subject", ev.subject.c_str());
  natsMsgHeader_Set(dead, "crm-original-sequence", sequence.c_str());
  natsMsgHeader_Set(dead, "crm-deliveries", std::to_string(ev.delivery).c_str());
  natsMsgHeader_Set(dead, "crm-consumer", options_.durable.c_str());
  jsPubAck* ack = nullptr;
  jsErrCode jerr = static_cast<jsErrCode>(0);
  natsStatus s = js_PublishMsg(&ack, nats.js(), dead, nullptr, &jerr);
  if (s == NATS_NO_RESPONDERS) {
    // The dead-letter stream is gone: create it again and retry once.
    try {
      nats.EnsureStreams(layout_);
      s = js_PublishMsg(&ack, nats.js(), dead, nullptr, &jerr);
    } catch (const std::exception& e) {
      log::Error("cannot recreate the streams",
                 {{"consumer", options_.durable}, {"error", e.what()}});
    }
  }
  if (s != NATS_OK) {
    log::Error("dead letter not stored; the event stays on the stream and is retried",
               {{"consumer", options_.durable},
                {"event_id", ev.id},
                {"subject", ev.subject},
                {"reason", reason},
                {"error", StatusText(s)}});
    return false;
  }
  jsPubAck_Destroy(ack);
  dead_lettered_++;
  metrics::Registry::Global()
      .GetCounter("crm_events_dead_lettered_total", "Events sent to the dead-letter stream",
                  {{"consumer", options_.durable}})
      .Inc();
  log::Error("event dead-lettered", {{"consumer", options_.durable},
                                     {"event_id", ev.id},
                                     {"subject", ev.subject},
                                     {"reason", reason}});
  return true;
}

EventConsumer::Outcome EventConsumer::HandleMessage(NatsClient& nats, natsMsg* msg) {
  InboundEvent ev = Decode(msg);
  log::ScopedRequestId request(ev.request_id);
  auto started = std::chrono::steady_clock::now();
  const RawHandler* handler = router_.Find(ev.subject);
  std::string label = "ok";
  Outcome outcome = Outcome::kHandled;
  std::string dead_letter_reason;
  try {
    if (ev.id.empty()) {
      throw PoisonEvent("event has neither ce-id nor Nats-Msg-Id");
    }
    if (handler != nullptr) {
      pool_.InTransaction([&](pqxx::work& tx) {
        if (!ClaimEvents(tx, options_.durable, {&ev}).front()) {
          label = "duplicate";
          return;
        }
        (*handler)(tx, ev);
      });
    } else {
      label = "skipped";
    }
    NoteAck(natsMsg_AckSync(msg, nullptr, nullptr), 1);
    processed_++;
  } catch (const PoisonEvent& e) {
    dead_letter_reason = e.what();
  } catch (const ValidationError& e) {
    // The event contradicts this service's rules: retrying cannot help.
    dead_letter_reason = e.what();
  } catch (const std::exception& e) {
    if (db::IsUnavailable(e)) {
      // Not the handler's failure: the caller pauses and handles this event again.
      label = "unavailable";
      outcome = Outcome::kDatabaseUnavailable;
      unavailable_error_ = e.what();
    } else if (ev.delivery >= static_cast<uint64_t>(options_.max_deliver)) {
      dead_letter_reason =
          "gave up after " + std::to_string(ev.delivery) + " deliveries: " + e.what();
    } else {
      label = "retry";
      log::Warn("event handling failed; will retry", {{"consumer", options_.durable},
                                                      {"event_id", ev.id},
                                                      {"subject", ev.subject},
                                                      {"delivery", ev.delivery},
                                                      {"error", e.what()}});
      natsMsg_NakWithDelay(msg, RetryDelay(ev.delivery).count(), nullptr);
    }
  }
  if (!dead_letter_reason.empty()) {
    if (DeadLetter(nats, msg, ev, dead_letter_reason)) {
      label = "dead_letter";
      natsMsg_Term(msg, nullptr);
    } else {
      label = "dead_letter_failed";
      natsMsg_NakWithDelay(msg, RetryDelay(ev.delivery).count(), nullptr);
    }
  }
  Record({&ev, 1}, {&label, 1}, outcome == Outcome::kHandled,
         std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count());
  return outcome;
}

void EventConsumer::Record(std::span<const InboundEvent> events,
                           std::span<const std::string> labels, bool handled, double seconds) {
  // The metrics are looked up once per call and outcome, not per event: the lookups cost as much
  // as decoding an event.
  auto& registry = metrics::Registry::Global();
  std::map<std::string, std::size_t> outcomes;
  for (const std::string& label : labels) {
    ++outcomes[label];
  }
  for (const auto& [label, count] : outcomes) {
    registry
        .GetCounter("crm_events_consumed_total", "Events handled, by outcome",
                    {{"consumer", options_.durable}, {"outcome", label}})
        .Inc(static_cast<double>(count));
  }
  auto& handling = registry.GetHistogram("crm_event_handling_seconds", "Time to handle one event",
                                         {{"consumer", options_.durable}});
  for (std::size_t i = 0; i < events.size(); ++i) {
    handling.Observe(seconds);
  }
  if (handled && !events.empty()) {
    RecordLag(events.back());
  }
}

void EventConsumer::RecordLag(const InboundEvent& ev) {
  if (ev.stored_unix_nanos <= 0) {
    return;
  }
  // The consumer's lag behind the stream: how old the event it just handled was, and how many
  // wait behind it. A read model's (analytics') staleness is this lag.
  auto& registry = metrics::Registry::Global();
  const auto now = std::chrono::duration_cast<std::chrono::nanoseconds>(
                       std::chrono::system_clock::now().time_since_epoch())
                       .count();
  registry
      .GetGauge("crm_event_consumer_lag_seconds",
                "Age of the last event handled, from when the stream stored it",
                {{"consumer", options_.durable}})
      .Set(static_cast<double>(std::max<int64_t>(0, now - ev.stored_unix_nanos)) / 1e9);
  registry
      .GetGauge("crm_event_consumer_pending",
                "Events on the stream still to be delivered to the consumer",
                {{"consumer", options_.durable}})
      .Set(static_cast<double>(ev.pending));
}

void EventConsumer::FlushAcks(NatsClient& nats) {
  if (unflushed_acks_ == 0) {
    return;
  }
  NoteAck(natsConnection_FlushTimeout(nats.connection(), 5000), unflushed_acks_);
  unflushed_acks_ = 0;
}

void EventConsumer::NoteAck(natsStatus status, std::size_t events) {
  if (status == NATS_OK) {
    return;
  }
  log::Warn(
      "acks not confirmed by the server; the events will come back and be skipped as "
      "duplicates",
      {{"consumer", options_.durable},
       {"events", static_cast<int64_t>(events)},
       {"error", natsStatus_GetText(status)}});
  metrics::Registry::Global()
      .GetCounter("crm_event_acks_unconfirmed_total",
                  "Events handled whose ack the server did not confirm",
                  {{"consumer", options_.durable}})
      .Inc(static_cast<double>(events));
}

bool EventConsumer::HandleBatch(natsMsgList& list) {
  std::vector<InboundEvent> events;
  events.reserve(static_cast<std::size_t>(list.Count));
  for (int i = 0; i < list.Count; ++i) {
    events.push_back(Decode(list.Msgs[i]));
    if (events.back().id.empty()) {
      return false;  // a poison event: the per-event path dead-letters it
    }
  }
  std::vector<std::string> labels;
  const auto started = std::chrono::steady_clock::now();
  try {
    pool_.InTransaction([&](pqxx::work& tx) {
      labels.assign(events.size(), "ok");  // again on a retried transaction
      std::vector<const InboundEvent*> handled;
      for (std::size_t i = 0; i < events.size(); ++i) {
        if (router_.Find(events[i].subject) == nullptr) {
          labels[i] = "skipped";
        } else {
          handled.push_back(&events[i]);
        }
      }
      if (handled.empty()) {
        return;
      }
      const std::vector<bool> claimed = ClaimEvents(tx, options_.durable, handled);
      // The claimed events of batched topics wait, by topic in the order of their first event,
      // until an event of another topic or the end of the batch.
      std::vector<std::pair<const RawBatchHandler*, std::vector<const InboundEvent*>>> waiting;
      auto apply_waiting = [&] {
        for (const auto& [batch, group] : waiting) {
          (*batch)(tx, group);
        }
        waiting.clear();
      };
      for (std::size_t i = 0; i < handled.size(); ++i) {
        const InboundEvent& ev = *handled[i];
        if (!claimed[i]) {
          labels[static_cast<std::size_t>(&ev - events.data())] = "duplicate";
          continue;
        }
        if (const RawBatchHandler* batch = router_.FindBatch(ev.subject)) {
          auto group = std::find_if(waiting.begin(), waiting.end(),
                                    [&](const auto& g) { return g.first == batch; });
          if (group == waiting.end()) {
            waiting.push_back({batch, {}});
            group = std::prev(waiting.end());
          }
          group->second.push_back(&ev);
          continue;
        }
        apply_waiting();
        log::ScopedRequestId request(ev.request_id);
        (*router_.Find(ev.subject))(tx, ev);
      }
      apply_waiting();
    });
  } catch (const std::exception& e) {
    // Nothing committed: each event again in a transaction of its own, where the one that fails
    // is retried or dead-lettered with its reason.
    log::Debug("batch not applied; its events are handled one by one",
               {{"consumer", options_.durable},
                {"events", static_cast<int64_t>(events.size())},
                {"error", e.what()}});
    return false;
  }
  const double seconds =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count() /
      static_cast<double>(events.size());
  // The acks go out together, unconfirmed: before the consumer waits for new events (or stops) a
  // flush's round trip confirms them (FlushAcks), which is what an AckSync per event would wait
  // for. An ack lost meanwhile brings its event back, and the inbox skips it as a duplicate.
  natsStatus acked = NATS_OK;
  for (int i = 0; i < list.Count; ++i) {
    const natsStatus s = natsMsg_Ack(list.Msgs[i], nullptr);
    acked = acked == NATS_OK ? s : acked;
  }
  NoteAck(acked, events.size());
  unflushed_acks_ += events.size();
  processed_ += events.size();
  Record(events, labels, true, seconds);
  return true;
}

bool EventConsumer::PauseWhileDatabaseUnavailable(natsMsgList& list, int first,
                                                  const std::function<int()>& keep_ahead) {
  auto& paused = metrics::Registry::Global().GetGauge(
      "crm_event_consumer_paused", "1 while the consumer waits for its database to come back",
      {{"consumer", options_.durable}});
  paused.Set(1);
  log::Warn("event consumer paused: database unavailable; its events are held, not failed",
            {{"consumer", options_.durable},
             {"held", list.Count - first + keep_ahead()},
             {"error", unavailable_error_}});
  const auto started = std::chrono::steady_clock::now();
  auto probe_delay = options_.probe_delay;
  auto next_probe = started + probe_delay;
  // Well within ack_wait, so JetStream does not hand the held events to another replica.
  const auto progress_every = options_.ack_wait / 3;
  auto next_progress = started + progress_every;
  bool available = false;
  while (!stop_ && !available) {
    std::this_thread::sleep_for(std::chrono::milliseconds(20));
    auto now = std::chrono::steady_clock::now();
    if (now >= next_progress) {
      for (int i = first; i < list.Count; ++i) {
        natsMsg_InProgress(list.Msgs[i], nullptr);
      }
      keep_ahead();
      next_progress = now + progress_every;
    }
    if (now >= next_probe) {
      available = pool_.Ping();
      probe_delay = std::min(probe_delay * 2, options_.probe_delay_max);
      next_probe = std::chrono::steady_clock::now() + probe_delay;
    }
  }
  paused.Set(0);
  if (available) {
    log::Info(
        "event consumer resumed: database available",
        {{"consumer", options_.durable},
         {"paused_seconds",
          std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count()}});
  }
  return available;
}

void EventConsumer::UpdateConsumer(NatsClient& nats) {
  jsConsumerInfo* raw = nullptr;
  jsErrCode jerr = static_cast<jsErrCode>(0);
  natsStatus s = js_GetConsumerInfo(&raw, nats.js(), layout_.name.c_str(), options_.durable.c_str(),
                                    nullptr, &jerr);
  if (s == NATS_NOT_FOUND) {
    return;  // js_PullSubscribe creates it
  }
  Check(s, "js_GetConsumerInfo");
  std::unique_ptr<jsConsumerInfo, decltype(&jsConsumerInfo_Destroy)> info(raw,
                                                                          &jsConsumerInfo_Destroy);
  const int64_t ack_wait_ns =
      std::chrono::duration_cast<std::chrono::nanoseconds>(options_.ack_wait).count();
  if (info->Config->MaxDeliver == -1 && info->Config->AckWait == ack_wait_ns) {
    return;
  }
  // Created by an earlier version (MaxDeliver equal to the dead-letter bound) or with another
  // ack wait: JetStream updates both in place, keeping the consumer's position.
  jsConsumerConfig config = *info->Config;
  config.MaxDeliver = -1;
  config.AckWait = ack_wait_ns;
  jsConsumerInfo* updated = nullptr;
  s = js_UpdateConsumer(&updated, nats.js(), layout_.name.c_str(), &config, nullptr, &jerr);
  jsConsumerInfo_Destroy(updated);
  Check(s, "js_UpdateConsumer");
  log::Info(
      "durable consumer updated: JetStream redelivers without limit, the consumer "
      "dead-letters",
      {{"consumer", options_.durable},
       {"max_deliver", options_.max_deliver},
       {"ack_wait_ms", options_.ack_wait.count()}});
}

bool EventConsumer::ConsumerExists(NatsClient& nats) {
  jsConsumerInfo* info = nullptr;
  jsErrCode jerr = static_cast<jsErrCode>(0);
  natsStatus s = js_GetConsumerInfo(&info, nats.js(), layout_.name.c_str(),
                                    options_.durable.c_str(), nullptr, &jerr);
  jsConsumerInfo_Destroy(info);
  // Only a definite "not found" counts: a timeout while NATS is away is not a deleted consumer.
  return s != NATS_NOT_FOUND;
}

void EventConsumer::Run() {
  auto backoff = std::chrono::milliseconds(200);
  while (!stop_) {
    natsSubscription* sub = nullptr;
    try {
      NatsClient nats(nats_, "crm-consumer-" + options_.durable);
      // Said every 5 s while it lasts: a consumer silently waiting for the bus looks idle.
      for (int waited = 1; !stop_ && !nats.Connected(); ++waited) {
        if (nats.Closed()) {
          // Refused on a reconnect: a new client reads the credentials again.
          throw NatsError("the NATS connection was closed", NATS_CONNECTION_CLOSED);
        }
        std::this_thread::sleep_for(std::chrono::milliseconds(100));
        if (waited % 50 == 0) {
          log::Warn("event consumer still waiting for NATS",
                    {{"consumer", options_.durable}, {"seconds", waited / 10}});
        }
      }
      if (stop_) {
        break;
      }
      nats.EnsureStreams(layout_);
      UpdateConsumer(nats);
      jsSubOptions so;
      jsSubOptions_Init(&so);
      so.Stream = layout_.name.c_str();
      so.Config.Durable = options_.durable.c_str();
      so.Config.AckPolicy = js_AckExplicit;
      so.Config.DeliverPolicy = js_DeliverAll;
      so.Config.MaxDeliver = -1;  // the consumer decides when to dead-letter (see DeadLetter)
      so.Config.AckWait =
          std::chrono::duration_cast<std::chrono::nanoseconds>(options_.ack_wait).count();
      so.Config.FilterSubject = options_.filter_subject.c_str();
      jsErrCode jerr = static_cast<jsErrCode>(0);
      Check(js_PullSubscribe(&sub, nats.js(), options_.filter_subject.c_str(),
                             options_.durable.c_str(), nullptr, &so, &jerr),
            "js_PullSubscribe");
      backoff = std::chrono::milliseconds(200);
      bool idle = true;
      auto last_check = std::chrono::steady_clock::now();
      // Stopped (its batch handed back) before the subscription is destroyed, also when the
      // loop throws.
      std::optional<Fetcher> fetcher(std::in_place, sub, options_);
      while (!stop_) {
        if (idle) {
          FlushAcks(nats);
        }
        Fetched fetched = fetcher->Next(idle);
        natsMsgList list = fetched.list;
        const natsStatus s = fetched.status;
        if (stop_) {
          // Stopped while the fetch was in flight: what it brought goes back at once.
          HandBack(list);
          natsConnection_FlushTimeout(nats.connection(), 5000);
          break;
        }
        if (s == NATS_TIMEOUT || s == NATS_NOT_FOUND || (s == NATS_OK && list.Count == 0)) {
          natsMsgList_Destroy(&list);
          idle = true;
          if (std::chrono::steady_clock::now() - last_check >= kConsumerCheckInterval) {
            last_check = std::chrono::steady_clock::now();
            if (!ConsumerExists(nats)) {
              throw NatsError(
                  "durable consumer " + options_.durable + " was deleted; creating it again",
                  NATS_NOT_FOUND);
            }
          }
          continue;
        }
        idle = false;
        if (s != NATS_OK) {
          natsMsgList_Destroy(&list);
          if (!nats.Connected() && !nats.Closed()) {
            std::this_thread::sleep_for(std::chrono::milliseconds(200));
            continue;
          }
          throw NatsError("fetch failed", s);
        }
        // The batch in one transaction; when any of its events fails, nothing of it is
        // committed and each event is handled alone (retried, dead-lettered or paused on).
        for (int i = list.Count > 1 && HandleBatch(list) ? list.Count : 0; i < list.Count;) {
          if (HandleMessage(nats, list.Msgs[i]) != Outcome::kDatabaseUnavailable) {
            ++i;
          } else if (!PauseWhileDatabaseUnavailable(list, i,
                                                    [&] { return fetcher->KeepInProgress(); })) {
            break;  // stopping: the held events are redelivered after ack_wait
          }
        }
        natsMsgList_Destroy(&list);
      }
      const int handed_back = fetcher->Stop();
      fetcher.reset();
      FlushAcks(nats);
      if (handed_back > 0) {
        // The hand-backs reach the server before the connection closes.
        natsConnection_FlushTimeout(nats.connection(), 5000);
      }
      // Unsubscribe keeps the durable consumer (only Unsubscribe on a non-durable deletes it).
      natsSubscription_Destroy(sub);
      sub = nullptr;
    } catch (const std::exception& e) {
      // Acks sent on the lost connection, if lost too, bring their events back as duplicates.
      unflushed_acks_ = 0;
      if (sub != nullptr) {
        natsSubscription_Destroy(sub);
      }
      if (dynamic_cast<const StreamConfigError*>(&e) != nullptr ||
          dynamic_cast<const NatsAccessError*>(&e) != nullptr) {
        log::Error("event consumer cannot use NATS or the stream; an operator must fix it",
                   {{"consumer", options_.durable}, {"error", e.what()}});
      } else {
        log::Warn("event consumer error; reconnecting",
                  {{"consumer", options_.durable}, {"error", e.what()}});
      }
      for (auto waited = std::chrono::milliseconds(0); waited < backoff && !stop_;
           waited += std::chrono::milliseconds(50)) {
        std::this_thread::sleep_for(std::chrono::milliseconds(50));
      }
      backoff = std::min(backoff * 2, std::chrono::milliseconds(5000));
    }
  }
}

namespace {
void ToLower(std::string& id) {
  for (char& c : id) {
    if (c >= 'A' && c <= 'Z') {
      c = static_cast<char>(c - 'A' + 'a');
    }
  }
}
}  // namespace

std::string ResourceIdOrPoison(std::string_view name, std::string_view collection,
                               std::string_view what) {
  std::optional<std::string> id = ParseResourceId(name, collection);
  if (!id) {
    throw PoisonEvent(std::string(what) + " is not a \"" + std::string(collection) +
                      "/{uuid}\" name: '" + std::string(name) + "'");
  }
  ToLower(*id);
  return *id;
}

std::pair<std::string, std::string> ChildResourceIdsOrPoison(std::string_view name,
                                                             std::string_view parent,
                                                             std::string_view child,
                                                             std::string_view what) {
  auto ids = ParseChildResourceId(name, parent, child);
  if (!ids) {
    throw PoisonEvent(std::string(what) + " is not a \"" + std::string(parent) + "/{uuid}/" +
                      std::string(child) + "/{uuid}\" name: '" + std::string(name) + "'");
  }
  ToLower(ids->first);
  ToLower(ids->second);
  return *ids;
}

}  // namespace crm::common::bus
