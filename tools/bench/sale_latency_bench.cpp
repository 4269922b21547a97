// A sale's way through the whole system under a steady load, end to end over the real five
// services (separate processes, as tests/e2e starts them):
//
//   build-test/bin/crm-bench-sale-latency [seconds=10] [rate=50]
//
// `rate` sales per second for `seconds`, each recorded through planning's API (a planned call
// completed with a sale, CompleteContact), and for each sale the time from the call to:
//   - its sale.recorded on the bus (planning's outbox relay),
//   - its invoice's document.issued (documents' consumer), goal p99 < 300 ms,
//   - the last document.issued of its whole package (invoice, application, contract, checklist,
//     both manuals),
//   - its invoice's 1C export package written (accounting's export.completed),
//   - its invoice counted in the sales report's invoiced amount (analytics; GetSalesReport polled
//     every 10 ms, so within 10 ms and one call).
// Messages are read on core NATS subscriptions as JetStream stores them; the report is read by
// counting: analytics applies the events in stream order, and every sale has the same total, so
// an invoiced amount of k totals means the first k invoices on the stream are in the report.
// Beside them two raw baselines from the same run under the same load: a JetStream publish and
// its pull consumption on a stream of the same server and storage (the bus's own round trip,
// each hop of the chain costs one), and the planning call itself.
#include <google/protobuf/util/time_util.h>
#include <nats/nats.h>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <functional>
#include <map>
#include <mutex>
#include <optional>
#include <string>
#include <thread>
#include <vector>

#include "common/bus/nats_client.h"
#include "common/bus/outbox.h"
#include "common/core/ids.h"
#include "common/core/log.h"
#include "crm/analytics/v1/analytics.grpc.pb.h"
#include "crm/events/v1/accounting_topics.h"
#include "crm/events/v1/documents_topics.h"
#include "crm/events/v1/planning_topics.h"
#include "crm/planning/v1/planning.grpc.pb.h"
#include "tests/e2e/flow.h"
#include "tests/e2e/stack.h"
#include "tools/bench/bench_report.h"
#include "tools/bench/bench_stats.h"

namespace {

namespace planning = crm::planning::v1;
namespace analytics = crm::analytics::v1;
using crm::bench::SteadyClock;
using crm::testing::Ctx;
using google::protobuf::util::TimeUtil;

constexpr std::size_t kPackageDocuments = 6;  // the invoice and the five kinds of the package
constexpr auto kReportPollEvery = std::chrono::milliseconds(10);

double Ms(SteadyClock::duration duration) {
  return std::chrono::duration<double, std::milli>(duration).count();
}

// When each sale reached each stage, filled by the NATS callbacks and the report poller.
class Timeline {
 public:
  struct Sale {
    std::optional<SteadyClock::time_point> called, recorded, invoice, package, exported, reported;
    std::string invoice_document;
    std::size_t documents = 0;
  };

  void Called(const std::string& sale, SteadyClock::time_point at) {
    const std::lock_guard lock(mutex_);
    sales_[sale].called = at;
  }

  void OnRecorded(const crm::events::v1::SaleRecorded& recorded, SteadyClock::time_point at) {
    const std::lock_guard lock(mutex_);
    sales_[recorded.sale()].recorded = at;
  }

  void OnIssued(const crm::events::v1::DocumentIssued& issued, SteadyClock::time_point at) {
    const std::lock_guard lock(mutex_);
    Sale& sale = sales_[issued.sale()];
    if (++sale.documents == kPackageDocuments) {
      sale.package = at;
    }
    if (issued.type() == "INVOICE") {
      sale.invoice = at;
      sale.invoice_document = issued.document();
      sale_of_document_[issued.document()] = issued.sale();
      invoice_order_.push_back(issued.sale());
      invoice_total_ = issued.total_amount().minor_units();
    }
  }

  void OnExported(const crm::events::v1::ExportCompleted& exported, SteadyClock::time_point at) {
    const std::lock_guard lock(mutex_);
    const auto sale = sale_of_document_.find(exported.document());
    if (sale != sale_of_document_.end() && exported.operation() != "annul") {
      sales_[sale->second].exported = at;
    }
  }

  // The report counts `invoiced` minor units: the first invoiced / total invoices on the stream.
  void OnReport(int64_t invoiced, SteadyClock::time_point at) {
    const std::lock_guard lock(mutex_);
    if (invoice_total_ <= 0) {
      return;
    }
    const auto counted =
        std::min(static_cast<std::size_t>(invoiced / invoice_total_), invoice_order_.size());
    for (; reported_ < counted; ++reported_) {
      sales_[invoice_order_[reported_]].reported = at;
    }
  }

  // The sales called, how many of them reached every stage.
  std::size_t Complete() {
    const std::lock_guard lock(mutex_);
    std::size_t complete = 0;
    for (const auto& [name, sale] : sales_) {
      complete += sale.called && sale.recorded && sale.invoice && sale.package && sale.exported &&
                          sale.reported
                      ? 1
                      : 0;
    }
    return complete;
  }

  std::map<std::string, Sale> Sales() {
    const std::lock_guard lock(mutex_);
    return sales_;
  }

 private:
  std::mutex mutex_;
  std::map<std::string, Sale> sales_;
  std::map<std::string, std::string> sale_of_document_;
  std::vector<std::string> invoice_order_;  // the sales, by their invoice's place on the stream
  std::size_t reported_ = 0;
  int64_t invoice_total_ = 0;
};

// A core NATS subscription handing each message of a topic, decoded, to `on` with its arrival.
template <class Payload>
class Listener {
 public:
  using On = std::function<void(const Payload&, SteadyClock::time_point)>;

  Listener(natsConnection* connection, const crm::common::bus::Topic<Payload>& topic, On on)
      : on_(std::move(on)) {
    crm::common::bus::Check(
        natsConnection_Subscribe(&subscription_, connection, std::string(topic.subject).c_str(),
                                 &Listener::OnMessage, this),
        "natsConnection_Subscribe");
  }
  ~Listener() { natsSubscription_Destroy(subscription_); }
  Listener(const Listener&) = delete;
  Listener& operator=(const Listener&) = delete;

 private:
  static void OnMessage(natsConnection*, natsSubscription*, natsMsg* msg, void* closure) {
    const auto now = SteadyClock::now();
    const std::string json(natsMsg_GetData(msg),
                           static_cast<std::size_t>(natsMsg_GetDataLength(msg)));
    natsMsg_Destroy(msg);
    Payload payload;
    crm::common::bus::FromJson(json, &payload);
    static_cast<Listener*>(closure)->on_(payload, now);
  }

  On on_;
  natsSubscription* subscription_ = nullptr;
};

// The raw round trip of the bus under the same load: a message published to a JetStream stream
// of the same server and storage as the events' (waiting for the stream's ack, as the outbox
// relay does) and fetched by a durable pull consumer (as the services' consumers do), at `rate`
// per second while `running`.
class RawRoundTrip {
 public:
  RawRoundTrip(const std::string& nats_url, double rate) : nats_(nats_url, "crm-bench-raw") {
    if (!nats_.WaitConnected(std::chrono::seconds(10))) {
      throw std::runtime_error("no connection to nats-server");
    }
    crm::common::bus::StreamLayout layout;
    layout.name = "BENCH_RAW";
    layout.subjects = "benchraw.>";
    layout.dead_letter_name = "BENCH_RAW_DLQ";
    layout.dead_letter_prefix = "benchrawdlq";
    layout.max_bytes = int64_t{1} << 30;
    nats_.EnsureStreams(layout);
    jsSubOptions options;
    jsSubOptions_Init(&options);
    options.Stream = "BENCH_RAW";
    options.Config.Durable = "bench-raw";
    options.Config.AckPolicy = js_AckExplicit;
    jsErrCode error = static_cast<jsErrCode>(0);
    crm::common::bus::Check(js_PullSubscribe(&subscription_, nats_.js(), "benchraw.probe",
                                             "bench-raw", nullptr, &options, &error),
                            "js_PullSubscribe");
    period_ = std::chrono::duration_cast<SteadyClock::duration>(
        std::chrono::duration<double>(1.0 / rate));
  }
  ~RawRoundTrip() {
    Stop();
    natsSubscription_Destroy(subscription_);
  }
  RawRoundTrip(const RawRoundTrip&) = delete;
  RawRoundTrip& operator=(const RawRoundTrip&) = delete;

  void Start() {
    publisher_ = std::thread([this] { Publish(); });
    consumer_ = std::thread([this] { Consume(); });
  }
  void Stop() {
    running_ = false;
    if (publisher_.joinable()) {
      publisher_.join();
    }
    if (consumer_.joinable()) {
      consumer_.join();
    }
  }
  std::vector<double> Latencies() {
    const std::lock_guard lock(mutex_);
    return latencies_;
  }

 private:
  void Publish() {
    const auto start = SteadyClock::now();
    for (int64_t i = 0; running_; ++i) {
      std::this_thread::sleep_until(start + i * period_);
      const std::string body = std::to_string(SteadyClock::now().time_since_epoch().count());
      jsErrCode error = static_cast<jsErrCode>(0);
      js_Publish(nullptr, nats_.js(), "benchraw.probe", body.data(), static_cast<int>(body.size()),
                 nullptr, &error);
    }
  }
  void Consume() {
    while (running_) {
      natsMsgList list{};
      jsErrCode error = static_cast<jsErrCode>(0);
      if (natsSubscription_Fetch(&list, subscription_, 1, 200, &error) != NATS_OK) {
        natsMsgList_Destroy(&list);
        continue;
      }
      const auto now = SteadyClock::now();
      for (int i = 0; i < list.Count; ++i) {
        const std::string body(natsMsg_GetData(list.Msgs[i]),
                               static_cast<std::size_t>(natsMsg_GetDataLength(list.Msgs[i])));
        const SteadyClock::time_point sent{SteadyClock::duration{std::stoll(body)}};
        natsMsg_Ack(list.Msgs[i], nullptr);
        const std::lock_guard lock(mutex_);
        latencies_.push_back(Ms(now - sent));
      }
      natsMsgList_Destroy(&list);
    }
  }

  crm::common::bus::NatsClient nats_;
  natsSubscription* subscription_ = nullptr;
  SteadyClock::duration period_{};
  std::atomic<bool> running_{true};
  std::thread publisher_;
  std::thread consumer_;
  std::mutex mutex_;
  std::vector<double> latencies_;
};

// GetSalesReport's total invoiced amount, every kReportPollEvery while `running`.
void PollReport(analytics::AnalyticsService::Stub& stub, const std::string& token,
                const std::atomic<bool>& running, Timeline& timeline) {
  const auto now = TimeUtil::GetCurrentTime();
  analytics::GetSalesReportRequest request;
  *request.mutable_start_time() = now - TimeUtil::HoursToDuration(24);
  *request.mutable_end_time() = now + TimeUtil::HoursToDuration(24);
  request.set_group_by(analytics::SALES_REPORT_GROUPING_MANAGER);
  while (running) {
    const auto next = SteadyClock::now() + kReportPollEvery;
    analytics::SalesReport report;
    if (stub.GetSalesReport(Ctx(token).get(), request, &report).ok()) {
      timeline.OnReport(report.total().current().invoiced_amount().minor_units(),
                        SteadyClock::now());
    }
    std::this_thread::sleep_until(next);
  }
}

// The machine's load averages (1, 5 and 15 minutes): the benchmark shares it with whatever runs.
std::string LoadAverage() {
  std::ifstream file("/proc/loadavg");
  std::string one, five, fifteen;
  file >> one >> five >> fifteen;
  return one + " " + five + " " + fifteen;
}

// The mean time a service's consumer took per event, from its /metrics (crm_event_handling_seconds
// of `consumer`), in ms; with the events' count. What bounds a stage: the handling itself or the
// wait before it.
std::pair<double, double> MeanHandling(const crm::testing::Stack& stack, const std::string& service,
                                       const std::string& consumer) {
  const std::string body = stack.AdminGet(service, "/metrics").body;
  const auto value = [&](const std::string& series) {
    const std::string key = series + "{consumer=\"" + consumer + "\"} ";
    const auto at = body.find(key);
    return at == std::string::npos ? 0.0 : std::atof(body.c_str() + at + key.size());
  };
  const double count = value("crm_event_handling_seconds_count");
  return {count > 0 ? value("crm_event_handling_seconds_sum") * 1000.0 / count : 0.0, count};
}

struct Stage {
  const char* name;     // "invoice issued"
  const char* printed;  // the line's text
  std::optional<SteadyClock::time_point> Timeline::Sale::*at;
  bool goal = false;  // p99 < 300 ms
};

}  // namespace

int main(int argc, char** argv) {
  const double seconds = argc > 1 && std::atof(argv[1]) > 0 ? std::atof(argv[1]) : 10.0;
  const double rate = argc > 2 && std::atof(argv[2]) > 0 ? std::atof(argv[2]) : 50.0;
  const int sales = std::max(1, static_cast<int>(seconds * rate));
  crm::common::log::Init("crm-bench-sale-latency", "warn");

  crm::testing::Stack stack;
  crm::testing::Flow flow(stack);
  flow.SetUpReferenceData("7707083893", "773601001");

  // The calls to complete, planned beforehand (the first waits until planning knows the client).
  std::vector<std::string> contacts{flow.PlanCall().name()};
  while (static_cast<int>(contacts.size()) < sales) {
    planning::PlanContactRequest plan;
    auto* contact = plan.mutable_contact();
    contact->set_client(flow.client);
    contact->set_contact_person(flow.contact_person);
    contact->set_edition(flow.edition);
    contact->set_type(planning::CONTACT_TYPE_CALL);
    contact->set_purpose("Предложить стенд на выставке");
    *contact->mutable_scheduled_time() = TimeUtil::GetCurrentTime();
    plan.set_request_id(crm::common::NewUuid());
    planning::Contact planned;
    const grpc::Status status =
        flow.planning->PlanContact(Ctx(flow.manager_token).get(), plan, &planned);
    if (!status.ok()) {
      std::fprintf(stderr, "PlanContact: %s\n", status.error_message().c_str());
      return 1;
    }
    contacts.push_back(planned.name());
  }

  Timeline timeline;
  crm::common::bus::NatsClient nats(stack.nats_url(), "crm-bench-sale-latency");
  if (!nats.WaitConnected(std::chrono::seconds(10))) {
    std::fprintf(stderr, "no connection to nats-server\n");
    return 1;
  }
  const Listener<crm::events::v1::SaleRecorded> recorded(
      nats.connection(), crm::events::v1::kSaleRecorded,
      [&](const auto& event, auto at) { timeline.OnRecorded(event, at); });
  const Listener<crm::events::v1::DocumentIssued> issued(
      nats.connection(), crm::events::v1::kDocumentIssued,
      [&](const auto& event, auto at) { timeline.OnIssued(event, at); });
  const Listener<crm::events::v1::ExportCompleted> exported(
      nats.connection(), crm::events::v1::kExportCompleted,
      [&](const auto& event, auto at) { timeline.OnExported(event, at); });
  RawRoundTrip raw(stack.nats_url(), rate);
  // What planning's own events of the contacts planned above cost the consumers is over.
  std::this_thread::sleep_for(std::chrono::seconds(1));

  std::printf(
      "sale -> invoice -> 1C export -> report over the five services: %d sales at %.0f/s "
      "(%.0f s), %zu documents each\n",
      sales, rate, seconds, kPackageDocuments);
  const std::string load_before = LoadAverage();
  std::atomic<bool> polling{true};
  std::thread poller([&] {
    auto stub = analytics::AnalyticsService::NewStub(stack.Channel("analytics"));
    PollReport(*stub, flow.admin_token, polling, timeline);
  });
  raw.Start();

  // The sales at a steady rate, each due at its own instant: a few callers, so a slow call does
  // not delay the next sale (an open loop).
  std::vector<double> calls;
  std::mutex calls_mutex;
  std::atomic<int> next{0};
  std::atomic<int> failed{0};
  const auto period =
      std::chrono::duration_cast<SteadyClock::duration>(std::chrono::duration<double>(1.0 / rate));
  const auto start = SteadyClock::now();
  constexpr int kCallers = 4;
  std::vector<std::thread> callers;
  callers.reserve(kCallers);
  for (int c = 0; c < kCallers; ++c) {
    callers.emplace_back([&] {
      auto stub = planning::PlanningService::NewStub(stack.Channel("planning"));
      for (int i = next++; i < sales; i = next++) {
        std::this_thread::sleep_until(start + i * period);
        planning::CompleteContactRequest complete;
        complete.set_name(contacts[static_cast<std::size_t>(i)]);
        complete.mutable_result()->mutable_sale()->set_area_dm2(1800);
        complete.mutable_result()->mutable_sale()->set_stand_number("A-12");
        planning::CompleteContactResponse response;
        const auto called = SteadyClock::now();
        const grpc::Status status =
            stub->CompleteContact(Ctx(flow.manager_token).get(), complete, &response);
        const auto answered = SteadyClock::now();
        if (!status.ok()) {
          ++failed;
          std::fprintf(stderr, "CompleteContact: %s\n", status.error_message().c_str());
          continue;
        }
        timeline.Called(response.sale().name(), called);
        const std::lock_guard lock(calls_mutex);
        calls.push_back(Ms(answered - called));
      }
    });
  }
  for (auto& caller : callers) {
    caller.join();
  }
  const double load_seconds = crm::bench::Seconds(start);
  raw.Stop();
  // Every sale through every stage, or three minutes.
  const auto deadline = SteadyClock::now() + std::chrono::minutes(3);
  while (timeline.Complete() < static_cast<std::size_t>(sales - failed) &&
         SteadyClock::now() < deadline) {
    std::this_thread::sleep_for(std::chrono::milliseconds(50));
  }
  const double drained_seconds = crm::bench::Seconds(start);
  polling = false;
  poller.join();

  const std::map<std::string, Timeline::Sale> timelines = timeline.Sales();
  const std::vector<double> bus = raw.Latencies();
  if (failed > 0 || calls.empty() || bus.empty()) {
    std::printf("  %d of %d sales failed to record; no figures\n", failed.load(), sales);
    return 1;
  }
  const crm::bench::Percentiles raw_bus = crm::bench::PercentilesOf(bus);
  const crm::bench::Percentiles rpc = crm::bench::PercentilesOf(calls);
  std::printf("  %-40s p50 %8.1f ms   p99 %8.1f ms   max %8.1f ms   (%zu messages)\n",
              "raw: JetStream publish -> pull consumer", raw_bus.p50, raw_bus.p99, raw_bus.max,
              bus.size());
  std::printf("  %-40s p50 %8.1f ms   p99 %8.1f ms   max %8.1f ms\n",
              "raw: CompleteContact (sale) call", rpc.p50, rpc.p99, rpc.max);

  const std::vector<Stage> stages = {
      {"sale.recorded on the bus", "sale -> sale.recorded on the bus", &Timeline::Sale::recorded},
      {"invoice issued", "sale -> invoice's document.issued", &Timeline::Sale::invoice, true},
      {"package issued", "sale -> package's last document.issued", &Timeline::Sale::package},
      {"invoice exported to 1C", "sale -> invoice's 1C export written", &Timeline::Sale::exported},
      {"invoice in the report", "sale -> invoice in the sales report", &Timeline::Sale::reported},
  };
  const std::string scale = std::to_string(sales) + " sales at " +
                            std::to_string(static_cast<int>(rate)) + "/s over the five services";
  bool complete = true;
  for (const Stage& stage : stages) {
    std::vector<double> ms;
    for (const auto& [name, sale] : timelines) {
      if (sale.called && sale.*stage.at) {
        ms.push_back(Ms(*(sale.*stage.at) - *sale.called));
      }
    }
    const std::size_t called = calls.size();
    if (ms.size() < called) {
      std::printf("  %-40s only %zu of %zu sales within three minutes\n", stage.printed, ms.size(),
                  called);
      complete = false;
      continue;
    }
    const crm::bench::Percentiles p = crm::bench::PercentilesOf(ms);
    std::printf("  %-40s p50 %8.1f ms   p99 %8.1f ms   max %8.1f ms%s\n", stage.printed, p.p50,
                p.p99, p.max,
                stage.goal
                    ? (p.p99 < 300 ? "   goal p99 < 300 ms: met" : "   goal p99 < 300 ms: NOT met")
                    : "");
    for (const auto& [suffix, value] : {std::pair{" p50", p.p50}, std::pair{" p99", p.p99}}) {
      const bool p99 = std::string(suffix) == " p99";
      crm::bench::Report(
          {.name = std::string("sale e2e: ") + stage.name + suffix,
           .value = value,
           .unit = "ms",
           .better = crm::bench::Better::kLower,
           .goal = stage.goal && p99 ? crm::bench::Goal::Value(300) : crm::bench::Goal::None(),
           .raw = p99 ? raw_bus.p99 : raw_bus.p50,
           .raw_name = "JetStream publish -> pull consumer, same run",
           .scale = scale});
    }
  }
  for (const auto& [service, consumer] :
       {std::pair{"documents", "documents-sales"}, std::pair{"accounting", "accounting-documents"},
        std::pair{"analytics", "analytics-all"}}) {
    const auto [mean, events] = MeanHandling(stack, service, consumer);
    std::printf("  consumer %-22s %6.0f events, %6.2f ms each on average\n", consumer, events,
                mean);
  }
  crm::bench::Report({.name = "sale e2e: CompleteContact call p99",
                      .value = rpc.p99,
                      .unit = "ms",
                      .better = crm::bench::Better::kLower,
                      .scale = scale});
  std::printf(
      "  %zu sales recorded in %.1f s, every stage reached after %.1f s; load average before %s, "
      "after %s\n",
      calls.size(), load_seconds, drained_seconds, load_before.c_str(), LoadAverage().c_str());
  return complete ? 0 : 1;
}
