#include "common/bus/consumer.h"

#include "common/bus/outbox.h"
#include "common/core/errors.h"
#include "common/core/log.h"
#include "common/core/metrics.h"

namespace crm::common::bus {
namespace {

std::string Header(natsMsg* msg, const char* key) {
  const char* value = nullptr;
  if (natsMsgHeader_Get(msg, key, &value) == NATS_OK && value != nullptr) {
    return value;
  }
  return {};
}

InboundEvent Decode(natsMsg* msg) {
  InboundEvent ev;
  ev.subject = natsMsg_GetSubject(msg);
  ev.id = Header(msg, "ce-id");
  if (ev.id.empty()) {
    ev.id = Header(msg, "Nats-Msg-Id");
  }
  ev.type = Header(msg, "ce-type");
  ev.source = Header(msg, "ce-source");
  ev.subject_id = Header(msg, "ce-subject");
  ev.time = Header(msg, "ce-time");
  ev.request_id = Header(msg, "ce-requestid");
  ev.data.assign(natsMsg_GetData(msg), static_cast<std::size_t>(natsMsg_GetDataLength(msg)));
  jsMsgMetaData* meta = nullptr;
  if (natsMsg_GetMetaData(&meta, msg) == NATS_OK) {
    ev.delivery = meta->NumDelivered;
    jsMsgMetaData_Destroy(meta);
  }
  return ev;
}

// Retry pace for a failed event: 1 s, 2 s, 4 s ... up to 30 s.
int64_t NakDelayMs(uint64_t delivery) {
  int64_t delay = 1000LL << std::min<uint64_t>(delivery - 1, 5);
  return std::min<int64_t>(delay, 30000);
}

}  // namespace

const RawHandler* EventRouter::Find(const std::string& subject) const {
  auto it = handlers_.find(subject);
  return it == handlers_.end() ? nullptr : &it->second;
}

void EventRouter::ParsePayload(const InboundEvent& ev, google::protobuf::Message* payload) {
  try {
    FromJson(ev.data, payload);
  } catch (const std::invalid_argument& e) {
    throw PoisonEvent(e.what());
  }
}

EventConsumer::EventConsumer(db::Pool& pool, std::string nats_url, StreamLayout layout,
                             ConsumerOptions options, EventRouter router)
    : pool_(pool),
      nats_url_(std::move(nats_url)),
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

void EventConsumer::DeadLetter(NatsClient& nats, natsMsg* msg, const InboundEvent& ev,
                               const std::string& reason) {
  std::string subject = layout_.dead_letter_prefix + "." + options_.durable;
  natsMsg* dead = nullptr;
  Check(natsMsg_Create(&dead, subject.c_str(), nullptr, ev.data.data(),
                       static_cast<int>(ev.data.size())),
        "natsMsg_Create");
  std::unique_ptr<natsMsg, decltype(&natsMsg_Destroy)> guard(dead, &natsMsg_Destroy);
  const char** keys = nullptr;
  int count = 0;
  if (natsMsgHeader_Keys(msg, &keys, &count) == NATS_OK) {
    for (int i = 0; i < count; ++i) {
      std::string value = Header(msg, keys[i]);
      if (!value.empty()) {  // see SetHeader in outbox.cpp: empty values break parsing
        natsMsgHeader_Set(dead, keys[i], value.c_str());
      }
    }
    free(static_cast<void*>(keys));
  }
  // A fresh dedup id in the dead-letter stream, so the same event dead-lettered by two consumers
  // (or twice) is kept once per consumer.
  natsMsgHeader_Set(dead, "Nats-Msg-Id", (options_.durable + ":" + ev.id).c_str());
  natsMsgHeader_Set(dead, "crm-dead-letter-reason", reason.c_str());
  natsMsgHeader_Set(dead, "crm-original-subject", ev.subject.c_str());
  natsMsgHeader_Set(dead, "crm-consumer", options_.durable.c_str());
  jsPubAck* ack = nullptr;
  jsErrCode jerr = static_cast<jsErrCode>(0);
  Check(js_PublishMsg(&ack, nats.js(), dead, nullptr, &jerr), "publish dead letter");
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
}

void EventConsumer::HandleMessage(NatsClient& nats, natsMsg* msg) {
  InboundEvent ev = Decode(msg);
  log::ScopedRequestId request(ev.request_id);
  auto started = std::chrono::steady_clock::now();
  const RawHandler* handler = router_.Find(ev.subject);
  std::string outcome = "ok";
  try {
    if (ev.id.empty()) {
      throw PoisonEvent("event has neither ce-id nor Nats-Msg-Id");
    }
    if (handler != nullptr) {
      pool_.InTransaction([&](pqxx::work& tx) {
        auto inserted = tx.exec_params(
            "INSERT INTO processed_events (consumer, event_id, subject) VALUES ($1, $2, $3) "
            "ON CONFLICT DO NOTHING",
            options_.durable, ev.id, ev.subject);
        if (inserted.affected_rows() == 0) {
          outcome = "duplicate";
          return;  // already processed: nothing to do but ack
        }
        (*handler)(tx, ev);
      });
    } else {
      outcome = "skipped";
    }
    natsMsg_AckSync(msg, nullptr, nullptr);
    processed_++;
  } catch (const PoisonEvent& e) {
    outcome = "dead_letter";
    DeadLetter(nats, msg, ev, e.what());
    natsMsg_Term(msg, nullptr);
  } catch (const ValidationError& e) {
    // The event contradicts this service's rules: retrying cannot help.
    outcome = "dead_letter";
    DeadLetter(nats, msg, ev, e.what());
    natsMsg_Term(msg, nullptr);
  } catch (const std::exception& e) {
    if (ev.delivery >= static_cast<uint64_t>(options_.max_deliver)) {
      outcome = "dead_letter";
      DeadLetter(nats, msg, ev,
                 "gave up after " + std::to_string(ev.delivery) + " deliveries: " + e.what());
      natsMsg_Term(msg, nullptr);
    } else {
      outcome = "retry";
      log::Warn("event handling failed; will retry", {{"consumer", options_.durable},
                                                      {"event_id", ev.id},
                                                      {"subject", ev.subject},
                                                      {"delivery", ev.delivery},
                                                      {"error", e.what()}});
      natsMsg_NakWithDelay(msg, NakDelayMs(ev.delivery), nullptr);
    }
  }
  double seconds =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
  auto& registry = metrics::Registry::Global();
  registry
      .GetCounter("crm_events_consumed_total", "Events handled, by outcome",
                  {{"consumer", options_.durable}, {"outcome", outcome}})
      .Inc();
  registry
      .GetHistogram("crm_event_handling_seconds", "Time to handle one event",
                    {{"consumer", options_.durable}})
      .Observe(seconds);
}

void EventConsumer::Run() {
  auto backoff = std::chrono::milliseconds(200);
  while (!stop_) {
    natsSubscription* sub = nullptr;
    try {
      NatsClient nats(nats_url_, "crm-consumer-" + options_.durable);
      // Said every 5 s while it lasts: a consumer silently waiting for the bus looks idle.
      for (int waited = 1; !stop_ && !nats.Connected(); ++waited) {
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
      jsSubOptions so;
      jsSubOptions_Init(&so);
      so.Stream = layout_.name.c_str();
      so.Config.Durable = options_.durable.c_str();
      so.Config.AckPolicy = js_AckExplicit;
      so.Config.DeliverPolicy = js_DeliverAll;
      so.Config.MaxDeliver = options_.max_deliver;
      so.Config.AckWait =
          std::chrono::duration_cast<std::chrono::nanoseconds>(options_.ack_wait).count();
      so.Config.FilterSubject = options_.filter_subject.c_str();
      jsErrCode jerr = static_cast<jsErrCode>(0);
      Check(js_PullSubscribe(&sub, nats.js(), options_.filter_subject.c_str(),
                             options_.durable.c_str(), nullptr, &so, &jerr),
            "js_PullSubscribe");
      backoff = std::chrono::milliseconds(200);
      bool idle = true;
      while (!stop_) {
        natsMsgList list{};
        natsStatus s;
        if (idle) {
          // Long poll for one message: returns as soon as anything arrives.
          s = natsSubscription_Fetch(&list, sub, 1, options_.fetch_wait.count(), &jerr);
        } else {
          // Busy: take whatever is there, up to a batch, without waiting for a full batch.
          jsFetchRequest request;
          jsFetchRequest_Init(&request);
          request.Batch = options_.batch_size;
          request.NoWait = true;
          request.Expires =
              std::chrono::duration_cast<std::chrono::nanoseconds>(options_.fetch_wait).count();
          s = natsSubscription_FetchRequest(&list, sub, &request);
        }
        if (s == NATS_TIMEOUT || s == NATS_NOT_FOUND || (s == NATS_OK && list.Count == 0)) {
          natsMsgList_Destroy(&list);
          idle = true;
          continue;
        }
        idle = false;
        if (s != NATS_OK) {
          natsMsgList_Destroy(&list);
          if (!nats.Connected()) {
            std::this_thread::sleep_for(std::chrono::milliseconds(200));
            continue;
          }
          throw NatsError("fetch failed", s);
        }
        for (int i = 0; i < list.Count; ++i) {
          HandleMessage(nats, list.Msgs[i]);
        }
        natsMsgList_Destroy(&list);
      }
      // Unsubscribe keeps the durable consumer (only Unsubscribe on a non-durable deletes it).
      natsSubscription_Destroy(sub);
      sub = nullptr;
    } catch (const std::exception& e) {
      if (sub != nullptr) {
        natsSubscription_Destroy(sub);
      }
      log::Warn("event consumer error; reconnecting",
                {{"consumer", options_.durable}, {"error", e.what()}});
      for (auto waited = std::chrono::milliseconds(0); waited < backoff && !stop_;
           waited += std::chrono::milliseconds(50)) {
        std::this_thread::sleep_for(std::chrono::milliseconds(50));
      }
      backoff = std::min(backoff * 2, std::chrono::milliseconds(5000));
    }
  }
}

}  // namespace crm::common::bus
