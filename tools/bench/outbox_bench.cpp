// Outbox relay throughput against raw JetStream publishing, measured in the same run on a private
// PostgreSQL and nats-server (started like the tests start them).
//
//   build/bin/crm-bench-outbox [events=20000]
//
// Prints events/s for: raw synchronous publish (one ack wait per message), raw asynchronous
// publish (acks awaited per batch), and the outbox path (rows committed in one transaction, then
// relayed: read, publish, ack, mark) — and the relay's ratio to each raw baseline.
#include <nats/nats.h>

#include <chrono>
#include <cstdio>
#include <pqxx/pqxx>
#include <string>

#include "common/bus/migrations.h"
#include "common/bus/outbox.h"
#include "common/core/ids.h"
#include "common/core/log.h"
#include "common/db/migrations.h"
#include "common/db/pool.h"
#include "crm/events/v1/registry_topics.h"
#include "tests/support/test_environment.h"
#include "tools/bench/bench_report.h"

namespace {

using Clock = std::chrono::steady_clock;
using crm::testing::TestEnvironment;

crm::events::v1::ClientCreated SamplePayload(int i) {
  crm::events::v1::ClientCreated ev;
  auto* c = ev.mutable_client();
  c->set_client("clients/" + crm::common::NewUuid());
  c->set_display_name("СтройМаш " + std::to_string(i));
  c->set_legal_name("ООО «СтройМаш " + std::to_string(i) + "»");
  c->set_inn("7707083893");
  c->set_kpp("773601001");
  c->set_legal_address("443001, г. Самара, ул. Молодогвардейская, д. 1");
  return ev;
}

double RawPublish(const std::string& url, int n, bool async) {
  crm::common::bus::NatsClient nats(url, "bench-raw");
  while (!nats.Connected()) {
  }
  nats.EnsureStreams({});
  std::string payload = crm::common::bus::ToJson(SamplePayload(0));
  auto start = Clock::now();
  for (int i = 0; i < n; ++i) {
    natsMsg* msg = nullptr;
    natsMsg_Create(&msg, "crm.bench.raw", nullptr, payload.data(),
                   static_cast<int>(payload.size()));
    std::string id = crm::common::NewUuid();
    natsMsgHeader_Set(msg, "Nats-Msg-Id", id.c_str());
    if (async) {
      js_PublishMsgAsync(nats.js(), &msg, nullptr);
      if (i % 256 == 255) {
        js_PublishAsyncComplete(nats.js(), nullptr);
      }
    } else {
      jsPubAck* ack = nullptr;
      js_PublishMsg(&ack, nats.js(), msg, nullptr, nullptr);
      jsPubAck_Destroy(ack);
    }
    natsMsg_Destroy(msg);
  }
  js_PublishAsyncComplete(nats.js(), nullptr);
  return n / std::chrono::duration<double>(Clock::now() - start).count();
}

struct OutboxFigures {
  double enqueue_per_s;
  double relay_per_s;
};

OutboxFigures Outbox(const std::string& db_url, const std::string& nats_url, int n) {
  crm::common::db::Pool pool(db_url, 2, {});
  auto start = Clock::now();
  pool.InTransaction([&](pqxx::work& tx) {
    for (int i = 0; i < n; ++i) {
      auto ev = SamplePayload(i);
      crm::common::bus::EnqueueEvent(tx, crm::events::v1::kClientCreated, ev.client().client(), ev);
    }
  });
  double enqueue = n / std::chrono::duration<double>(Clock::now() - start).count();
  crm::common::bus::OutboxRelay relay(db_url, nats_url, "registry", {});
  start = Clock::now();
  relay.Start();
  while (relay.published() < static_cast<uint64_t>(n)) {
    std::this_thread::sleep_for(std::chrono::milliseconds(2));
  }
  double relayed = n / std::chrono::duration<double>(Clock::now() - start).count();
  relay.Stop();
  return {enqueue, relayed};
}

}  // namespace

int main(int argc, char** argv) {
  int n = argc > 1 ? std::stoi(argv[1]) : 20000;
  crm::common::log::Init("bench", "warn");
  auto& env = TestEnvironment::Get();
  std::string db = env.FreshDatabase("bench_outbox");
  crm::common::db::ApplyMigrations(db, {{"bus", &crm::common::bus::Migrations()}});
  std::string nats = env.FreshNats();

  double sync = RawPublish(nats, n / 4, false);
  double async = RawPublish(nats, n, true);
  auto outbox = Outbox(db, nats, n);
  std::printf("events: %d (raw sync uses %d)\n", n, n / 4);
  std::printf("raw JetStream publish, sync ack per message : %10.0f events/s\n", sync);
  std::printf("raw JetStream publish, async, acks per 256  : %10.0f events/s\n", async);
  std::printf("outbox enqueue (one transaction)           : %10.0f events/s\n",
              outbox.enqueue_per_s);
  std::printf("outbox relay (read, publish, ack, mark)     : %10.0f events/s\n",
              outbox.relay_per_s);
  std::printf("relay / raw async = %.2f   relay / raw sync = %.2f\n", outbox.relay_per_s / async,
              outbox.relay_per_s / sync);
  using crm::bench::Better;
  using crm::bench::Goal;
  const std::string scale = std::to_string(n) + " events";
  crm::bench::Report({.name = "outbox relay",
                      .value = outbox.relay_per_s,
                      .unit = "events/s",
                      .better = Better::kHigher,
                      .goal = Goal::RatioToRaw(0.6),
                      .raw = async,
                      .raw_name = "raw JetStream publish, async",
                      .scale = scale});
  crm::bench::Report({.name = "outbox enqueue",
                      .value = outbox.enqueue_per_s,
                      .unit = "events/s",
                      .better = Better::kHigher,
                      .raw = async,
                      .raw_name = "raw JetStream publish, async",
                      .scale = scale});
  return 0;
}
