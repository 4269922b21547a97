#include "common/bus/outbox.h"

#include <google/protobuf/util/json_util.h>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <ctime>
#include <mutex>
#include <stdexcept>
#include <unordered_map>
#include <vector>

#include "common/core/ids.h"
#include "common/core/log.h"
#include "common/core/metrics.h"
#include "common/json/wire_json_parser.h"
#include "common/json/wire_json_printer.h"

namespace crm::common::bus {
namespace {

constexpr const char* kNotifyChannel = "crm_outbox";

// Advisory lock key: only one relay per database publishes, so order holds with replicas.
constexpr long long kRelayLockKey = 0x43524d52454c;  // "CRMREL"

constexpr const char* kParkedHelp =
    "Events set aside because JetStream cannot take them (see outbox-unpark)";

std::string Rfc3339(const std::string& postgres_ts) {
  // PostgreSQL gives "2026-11-26 22:00:27.123456+00"; CloudEvents wants RFC 3339.
  std::string out = postgres_ts;
  if (out.size() > 10 && out[10] == ' ') {
    out[10] = 'T';
  }
  if (out.size() >= 3 && (out.ends_with("+00"))) {
    out.replace(out.size() - 3, 3, "Z");
  }
  return out;
}

struct Row {
  std::string id, subject, type, source, subject_id, dataschema, payload, request_id, time;
};

// What became of each row of one batch. Written by the publishing thread and by libnats' ack
// thread.
struct BatchState {
  enum class Fate { kUnsent, kSent, kAcked, kFailed, kPark };
  std::mutex mutex;
  std::unordered_map<std::string, std::size_t> index;  // event id -> row
  std::vector<Fate> fates;                             // by row
  std::vector<std::string> errors;
  bool stream_missing = false;
  // Set at the first failure: no later row of the batch is sent after it.
  std::atomic<bool> failed{false};

  void Set(std::size_t i, Fate fate, std::string error = {}) {
    std::lock_guard lock(mutex);
    fates[i] = fate;
    if (!error.empty()) {
      errors[i] = std::move(error);
    }
  }
};

// JetStream refusals that no retry can change: the row is parked.
bool Unpublishable(jsErrCode code) {
  return code == JSStreamMessageExceedsMaximumErr || code == 10097;  // 10097: header too large
}

void OnAck(jsCtx*, natsMsg* msg, jsPubAck* pa, jsPubAckErr* pae, void* closure) {
  auto* batch = static_cast<BatchState*>(closure);
  const char* id = nullptr;
  natsMsgHeader_Get(msg, "Nats-Msg-Id", &id);
  {
    std::lock_guard lock(batch->mutex);
    auto it = id != nullptr ? batch->index.find(id) : batch->index.end();
    if (it != batch->index.end()) {
      std::size_t i = it->second;
      if (pa != nullptr) {
        batch->fates[i] = BatchState::Fate::kAcked;
      } else if (pae != nullptr) {
        batch->errors[i] = pae->ErrText != nullptr ? pae->ErrText : natsStatus_GetText(pae->Err);
        batch->fates[i] =
            Unpublishable(pae->ErrCode) ? BatchState::Fate::kPark : BatchState::Fate::kFailed;
        batch->stream_missing = batch->stream_missing || pae->Err == NATS_NO_RESPONDERS;
        batch->failed = true;
      }
    }
  }
  natsMsg_Destroy(msg);
}

natsMsg* BuildMessage(const Row& row) {
  natsMsg* msg = nullptr;
  Check(natsMsg_Create(&msg, row.subject.c_str(), nullptr, row.payload.data(),
                       static_cast<int>(row.payload.size())),
        "natsMsg_Create");
  natsMsgHeader_Set(msg, "Nats-Msg-Id", row.id.c_str());
  natsMsgHeader_Set(msg, "ce-specversion", "1.0");
  natsMsgHeader_Set(msg, "ce-id", row.id.c_str());
  natsMsgHeader_Set(msg, "ce-source", row.source.c_str());
  natsMsgHeader_Set(msg, "ce-type", row.type.c_str());
  natsMsgHeader_Set(msg, "ce-time", row.time.c_str());
  // Never an empty header value: libnats 3.4 then fails to parse the received headers.
  if (!row.subject_id.empty()) {
    natsMsgHeader_Set(msg, "ce-subject", row.subject_id.c_str());
  }
  natsMsgHeader_Set(msg, "ce-dataschema", row.dataschema.c_str());
  natsMsgHeader_Set(msg, "content-type", "application/json");
  if (!row.request_id.empty()) {
    natsMsgHeader_Set(msg, "ce-requestid", row.request_id.c_str());
  }
  return msg;
}

std::string UuidArray(const std::vector<std::string>& ids) {
  std::string array = "{";
  for (std::size_t i = 0; i < ids.size(); ++i) {
    array += (i ? "," : "") + ids[i];
  }
  return array + "}";
}

class ListenGuard : public pqxx::notification_receiver {
 public:
  explicit ListenGuard(pqxx::connection& c) : pqxx::notification_receiver(c, kNotifyChannel) {}
  void operator()(const std::string&, int) override {}
};

}  // namespace

std::string ToJson(const google::protobuf::Message& message) {
  // Printed from the wire format by the shared printer, whose tables are built once per event
  // type; what it leaves to protobuf's converter (see wire_json_printer.h) goes there, and both
  // print the same canonical lowerCamelCase JSON.
  static const common::WireJsonPrinter printer;
  std::string out;
  auto status = printer.PrintOrConvert(message, &out);
  if (!status.ok()) {
    throw std::runtime_error("cannot encode event payload: " + status.ToString());
  }
  return out;
}

void FromJson(const std::string& json, google::protobuf::Message* message) {
  // JSON allows no raw control character, in a string or between tokens, other than the three
  // whitespace ones (RFC 8259). protobuf's parser lets some through and then builds a message
  // with stray unknown fields from them, so such a payload is refused here as malformed.
  const auto control = std::find_if(json.begin(), json.end(), [](char c) {
    const auto byte = static_cast<unsigned char>(c);
    return byte < 0x20 && byte != '\t' && byte != '\n' && byte != '\r';
  });
  if (control != json.end()) {
    throw std::invalid_argument("malformed " + message->GetTypeName() +
                                " payload: a raw control character at byte " +
                                std::to_string(control - json.begin()));
  }
  // Read into the wire format by the shared parser, whose tables are built once per event type,
  // and parsed by the message's own code; what it leaves to protobuf's converter (see
  // wire_json_parser.h: unknown fields, unusual forms, anything malformed) goes there, and both
  // read the same message.
  static const common::WireJsonParser parser;
  if (std::string binary;
      parser.Parse(message->GetDescriptor(), json, &binary) && message->ParseFromString(binary)) {
    return;
  }
  google::protobuf::util::JsonParseOptions options;
  options.ignore_unknown_fields = true;
  auto status = google::protobuf::util::JsonStringToMessage(json, message, options);
  if (!status.ok()) {
    throw std::invalid_argument("malformed " + message->GetTypeName() +
                                " payload: " + status.ToString());
  }
}

namespace detail {

std::string EnqueueEvent(pqxx::transaction_base& tx, std::string_view subject,
                         std::string_view source_service, const std::string& subject_id,
                         const google::protobuf::Message& payload) {
  // One round trip per event: the insert and the NOTIFY in one prepared statement. The NOTIFY
  // reaches the relay's LISTEN only when the transaction commits, and PostgreSQL folds repeats
  // within a transaction into one. Re-declaring an identical statement is a no-op in libpqxx, so
  // any connection can be used, pooled or not.
  static constexpr const char* kStatement = "crm_outbox_enqueue";
  tx.conn().prepare(kStatement,
                    "WITH row AS (INSERT INTO outbox (id, subject, type, source, subject_id, "
                    "dataschema, payload, request_id) VALUES ($1, $2, $3, $4, $5, $6, $7, $8)) "
                    "SELECT pg_notify('crm_outbox', '')");
  std::string id = NewUuid();
  const std::string subject_text(subject);
  tx.exec_prepared(kStatement, id, subject_text, subject_text + ".v1",
                   "crm/" + std::string(source_service), subject_id,
                   payload.GetDescriptor()->full_name(), ToJson(payload), log::CurrentRequestId());
  return id;
}

void EnqueueEvents(pqxx::transaction_base& tx, std::string_view subject,
                   std::string_view source_service, const std::vector<UntypedEvent>& events) {
  if (events.empty()) {
    return;
  }
  const std::string subject_text(subject);
  const std::string type = subject_text + ".v1";
  const std::string source = "crm/" + std::string(source_service);
  const std::string& request_id = log::CurrentRequestId();
  {
    pqxx::stream_to copy(tx, "outbox",
                         std::vector<std::string>{"id", "subject", "type", "source", "subject_id",
                                                  "dataschema", "payload", "request_id"});
    for (const UntypedEvent& event : events) {
      copy << std::make_tuple(NewUuid(), subject_text, type, source, event.subject_id,
                              event.payload->GetDescriptor()->full_name(), ToJson(*event.payload),
                              request_id);
    }
    copy.complete();
  }
  tx.exec0(std::string("NOTIFY ") + kNotifyChannel);
}

}  // namespace detail

long long RepublishRange(pqxx::connection& conn, const std::string& from, const std::string& to) {
  pqxx::work tx(conn);
  auto result = tx.exec_params(
      "UPDATE outbox SET published_at = NULL, attempts = 0, last_error = NULL "
      "WHERE published_at IS NOT NULL AND created_at >= $1::timestamptz "
      "AND created_at < $2::timestamptz",
      from, to);
  tx.exec0(std::string("NOTIFY ") + kNotifyChannel);
  tx.commit();
  return static_cast<long long>(result.affected_rows());
}

long long UnparkEvents(pqxx::connection& conn, const std::vector<std::string>& ids) {
  pqxx::work tx(conn);
  pqxx::result result;
  if (ids.empty()) {
    result = tx.exec(
        "UPDATE outbox SET parked_at = NULL, attempts = 0, last_error = NULL "
        "WHERE parked_at IS NOT NULL");
  } else {
    for (const auto& id : ids) {
      if (!IsUuid(id)) {
        throw std::invalid_argument("not an event id (a UUID): " + id);
      }
    }
    result = tx.exec_params(
        "UPDATE outbox SET parked_at = NULL, attempts = 0, last_error = NULL "
        "WHERE parked_at IS NOT NULL AND id = ANY($1::uuid[])",
        UuidArray(ids));
  }
  tx.exec0(std::string("NOTIFY ") + kNotifyChannel);
  tx.commit();
  return static_cast<long long>(result.affected_rows());
}

long long PruneOutbox(pqxx::connection& conn, int retention_days) {
  if (retention_days < 1) {
    throw std::invalid_argument("retention must be at least one day");
  }
  pqxx::work tx(conn);
  auto result = tx.exec_params(
      "DELETE FROM outbox WHERE published_at IS NOT NULL "
      "AND published_at < now() - make_interval(days => $1)",
      retention_days);
  tx.commit();
  return static_cast<long long>(result.affected_rows());
}

OutboxRelay::OutboxRelay(std::string database_url, NatsAccess nats, std::string service,
                         StreamLayout layout, RelayOptions options)
    : database_url_(std::move(database_url)),
      nats_(std::move(nats)),
      service_(std::move(service)),
      layout_(std::move(layout)),
      options_(options) {}

OutboxRelay::~OutboxRelay() { Stop(); }

void OutboxRelay::Start() {
  stop_ = false;
  thread_ = std::thread([this] { Run(); });
}

void OutboxRelay::Stop() {
  stop_ = true;
  if (thread_.joinable()) {
    thread_.join();
  }
}

OutboxRelay::BatchResult OutboxRelay::PublishBatch(pqxx::connection& conn, NatsClient& nats) {
  std::vector<Row> rows;
  {
    pqxx::read_transaction tx(conn);
    auto result = tx.exec_params(
        "SELECT id, subject, type, source, subject_id, dataschema, payload, request_id, "
        "created_at FROM outbox WHERE published_at IS NULL AND parked_at IS NULL "
        "ORDER BY seq LIMIT $1",
        options_.batch_size);
    rows.reserve(result.size());
    for (const auto& r : result) {
      rows.push_back({r[0].c_str(), r[1].c_str(), r[2].c_str(), r[3].c_str(), r[4].c_str(),
                      r[5].c_str(), r[6].c_str(), r[7].c_str(), Rfc3339(r[8].c_str())});
    }
  }
  if (rows.empty()) {
    return {};
  }
  BatchState batch;
  batch.fates.assign(rows.size(), BatchState::Fate::kUnsent);
  batch.errors.resize(rows.size());
  for (std::size_t i = 0; i < rows.size(); ++i) {
    batch.index.emplace(rows[i].id, i);
  }
  jsOptions js_opts;
  jsOptions_Init(&js_opts);
  js_opts.PublishAsync.AckHandler = OnAck;
  js_opts.PublishAsync.AckHandlerClosure = &batch;
  jsCtx* js = nullptr;
  Check(natsConnection_JetStream(&js, nats.connection(), &js_opts), "natsConnection_JetStream");
  std::unique_ptr<jsCtx, decltype(&jsCtx_Destroy)> js_guard(js, &jsCtx_Destroy);

  // Sent in order, without waiting for each ack; after the first failure nothing more is sent,
  // so no row can reach the stream ahead of an earlier one that did not. (The relay's connection
  // does not buffer while reconnecting, so nothing sent after a lost connection goes out later.)
  for (std::size_t i = 0; i < rows.size() && !batch.failed; ++i) {
    natsMsg* msg = BuildMessage(rows[i]);
    batch.Set(i, BatchState::Fate::kSent);
    natsStatus s = js_PublishMsgAsync(js, &msg, nullptr);
    if (s == NATS_OK) {
      continue;
    }
    natsMsg_Destroy(msg);
    std::string error = natsStatus_GetText(s);
    if (const char* detail = nats_GetLastError(nullptr); detail != nullptr && *detail != '\0') {
      error = detail;
    }
    if (s == NATS_MAX_PAYLOAD) {
      // Larger than the server takes: it never will. Set it aside and go on.
      batch.Set(i, BatchState::Fate::kPark, "larger than NATS max_payload: " + error);
      continue;
    }
    batch.Set(i, BatchState::Fate::kUnsent, error);
    batch.failed = true;
  }
  jsPubOptions wait;
  jsPubOptions_Init(&wait);
  wait.MaxWait = options_.ack_timeout.count();
  if (js_PublishAsyncComplete(js, &wait) != NATS_OK) {
    natsMsgList pending;
    if (js_PublishAsyncGetPendingList(&pending, js) == NATS_OK) {
      natsMsgList_Destroy(&pending);
    }
  }

  // The acknowledged and parked rows up to the first that is neither: the next batch starts
  // there and sends again what followed it (the stream drops those repeats by Nats-Msg-Id).
  std::vector<std::string> published;
  std::vector<std::size_t> parked;
  std::size_t stop = 0;
  {
    std::lock_guard lock(batch.mutex);
    for (; stop < rows.size(); ++stop) {
      if (batch.fates[stop] == BatchState::Fate::kAcked) {
        published.push_back(rows[stop].id);
      } else if (batch.fates[stop] == BatchState::Fate::kPark) {
        parked.push_back(stop);
      } else {
        break;
      }
    }
  }
  pqxx::work tx(conn);
  if (!published.empty()) {
    tx.exec_params("UPDATE outbox SET published_at = now() WHERE id = ANY($1::uuid[])",
                   UuidArray(published));
  }
  for (std::size_t i : parked) {
    tx.exec_params(
        "UPDATE outbox SET parked_at = now(), attempts = attempts + 1, last_error = $2 "
        "WHERE id = $1::uuid",
        rows[i].id, batch.errors[i]);
  }
  if (stop < rows.size()) {
    tx.exec_params("UPDATE outbox SET attempts = attempts + 1, last_error = $2 WHERE id = $1::uuid",
                   rows[stop].id,
                   batch.errors[stop].empty() ? std::string("no acknowledgement from JetStream")
                                              : batch.errors[stop]);
  }
  double parked_total = 0;
  if (!parked.empty()) {
    parked_total =
        tx.exec1("SELECT count(*) FROM outbox WHERE parked_at IS NOT NULL")[0].as<double>();
  }
  tx.commit();
  for (std::size_t i : parked) {
    log::Error("outbox event parked: JetStream cannot take it; the events after it go on",
               {{"event_id", rows[i].id},
                {"subject", rows[i].subject},
                {"payload_bytes", rows[i].payload.size()},
                {"error", batch.errors[i]}});
  }
  auto& registry = metrics::Registry::Global();
  if (!parked.empty()) {
    registry.GetGauge("crm_outbox_parked", kParkedHelp).Set(parked_total);
  }
  published_ += published.size();
  registry.GetCounter("crm_outbox_published_total", "Events published from the outbox")
      .Inc(static_cast<double>(published.size()));
  BatchResult result;
  result.handled = static_cast<int>(published.size() + parked.size());
  result.stream_missing = batch.stream_missing;
  return result;
}

long long OutboxRelay::FollowStreamIdentity(pqxx::connection& conn, NatsClient& nats) {
  int64_t created = 0;
  try {
    created = nats.StreamCreated(layout_.name);
  } catch (const NatsError&) {
    // Deleted a moment ago and not yet created again by anyone: create it now.
    nats.EnsureStreams(layout_);
    created = nats.StreamCreated(layout_.name);
  }
  pqxx::work tx(conn);
  const auto recorded = tx.exec_params(
      "SELECT created_ns FROM outbox_stream WHERE stream = $1 FOR UPDATE", layout_.name);
  if (!recorded.empty() && recorded[0][0].as<int64_t>() == created) {
    return 0;
  }
  long long queued = 0;
  if (recorded.empty()) {
    // The first stream this database publishes to (a new service, or one upgraded to this
    // check): nothing to compare with.
    tx.exec_params("INSERT INTO outbox_stream (stream, created_ns) VALUES ($1, $2)", layout_.name,
                   created);
  } else {
    queued = tx.exec0("UPDATE outbox SET published_at = NULL WHERE published_at IS NOT NULL")
                 .affected_rows();
    tx.exec_params("UPDATE outbox_stream SET created_ns = $2 WHERE stream = $1", layout_.name,
                   created);
  }
  tx.commit();
  if (!recorded.empty()) {
    log::Warn(
        "the event stream was created again; publishing every event the outbox keeps once more",
        {{"stream", layout_.name}, {"events", queued}});
    metrics::Registry::Global()
        .GetCounter("crm_outbox_stream_recreated_total",
                    "Times the relay found the event stream created again and refilled it")
        .Inc();
  }
  return queued;
}

namespace {
// Waits up to `wait` for a NOTIFY on `conn` (a wait below a second is not rounded down to none).
void AwaitNotification(pqxx::connection& conn, std::chrono::milliseconds wait) {
  conn.await_notification(static_cast<long>(wait.count() / 1000),
                          static_cast<long>((wait.count() % 1000) * 1000));
}
}  // namespace

void OutboxRelay::Run() {
  auto& errors = metrics::Registry::Global().GetCounter("crm_outbox_relay_errors_total",
                                                        "Outbox relay failures (retried)");
  auto& backlog = metrics::Registry::Global().GetGauge(
      "crm_outbox_pending", "Events committed but not yet acknowledged by JetStream");
  auto& parked = metrics::Registry::Global().GetGauge("crm_outbox_parked", kParkedHelp);
  auto last_backlog_check = std::chrono::steady_clock::time_point{};
  // Counted only when the relay is idle or blocked, at most once per idle_poll: the partial index
  // keeps it cheap, and a growing value means the bus is down or the relay is stuck.
  auto report_backlog = [&](pqxx::connection& conn) {
    auto now = std::chrono::steady_clock::now();
    if (now - last_backlog_check < options_.idle_poll) {
      return;
    }
    last_backlog_check = now;
    pqxx::read_transaction tx(conn);
    backlog.Set(
        tx.exec1("SELECT count(*) FROM outbox WHERE published_at IS NULL AND parked_at IS NULL")[0]
            .as<double>());
    parked.Set(tx.exec1("SELECT count(*) FROM outbox WHERE parked_at IS NOT NULL")[0].as<double>());
  };
  auto backoff = std::chrono::milliseconds(100);
  while (!stop_) {
    try {
      NatsClient nats(nats_, "crm-" + service_ + "-outbox",
                      /*buffer_while_reconnecting=*/false);
      pqxx::connection conn(database_url_);
      ListenGuard listen(conn);
      bool leader = false;
      bool streams_ready = false;
      auto last_stream_check = std::chrono::steady_clock::time_point{};
      while (!stop_) {
        if (!leader) {
          leader =
              pqxx::nontransaction(conn)
                  .exec1("SELECT pg_try_advisory_lock(" + std::to_string(kRelayLockKey) + ")")[0]
                  .as<bool>();
          if (!leader) {
            AwaitNotification(conn, options_.idle_poll);
            continue;
          }
        }
        if (nats.Closed()) {
          // Refused on a reconnect: a new client reads the credentials again.
          throw NatsError("the NATS connection was closed", NATS_CONNECTION_CLOSED);
        }
        if (!nats.Connected()) {
          // Publishing now would only fill the client's reconnect buffer; wait for NATS.
          report_backlog(conn);
          std::this_thread::sleep_for(options_.idle_poll / 4);
          continue;
        }
        if (!streams_ready) {
          nats.EnsureStreams(layout_);
          streams_ready = true;
          last_stream_check = {};
        }
        if (std::chrono::steady_clock::now() - last_stream_check >= options_.stream_check) {
          FollowStreamIdentity(conn, nats);
          last_stream_check = std::chrono::steady_clock::now();
        }
        BatchResult batch = PublishBatch(conn, nats);
        if (batch.stream_missing) {
          log::Warn("the event stream is missing; creating it again", {{"stream", layout_.name}});
          streams_ready = false;
          continue;
        }
        int n = batch.handled;
        if (n == options_.batch_size) {
          continue;  // more may be waiting
        }
        if (n == 0) {
          report_backlog(conn);
          // Sleep until a commit notifies us, or poll again after idle_poll.
          conn.get_notifs();
          AwaitNotification(conn, options_.idle_poll);
        }
        backoff = std::chrono::milliseconds(100);
      }
    } catch (const std::exception& e) {
      errors.Inc();
      if (dynamic_cast<const StreamConfigError*>(&e) != nullptr) {
        log::Error("outbox relay cannot use the stream; an operator must fix it; retrying",
                   {{"error", e.what()}});
      } else if (dynamic_cast<const NatsAccessError*>(&e) != nullptr) {
        log::Error("outbox relay refused by NATS; an operator must fix it; retrying",
                   {{"error", e.what()}});
      } else {
        log::Warn("outbox relay error; retrying", {{"error", e.what()}});
      }
      for (auto waited = std::chrono::milliseconds(0); waited < backoff && !stop_;
           waited += std::chrono::milliseconds(50)) {
        std::this_thread::sleep_for(std::chrono::milliseconds(50));
      }
      backoff = std::min(backoff * 2, std::chrono::milliseconds(5000));
    }
  }
}

}  // namespace crm::common::bus
