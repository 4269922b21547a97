// How an outside system (an ERP, a BI loader) subscribes to Expo CRM's sale events: a durable
// JetStream pull consumer with explicit acks, deduplicating by the CloudEvents id. Build target
// `crm-example-sale-subscriber`; run it against the local stack:
//
//   build/bin/crm-example-sale-subscriber nats://127.0.0.1:54222 erp-sales
//
// It prints each sale as one JSON line and acknowledges it after "processing". Stop it with
// Ctrl-C; started again with the same durable name it continues where it stopped.
#include <nats/nats.h>

#include <csignal>
#include <cstdio>
#include <set>
#include <string>

namespace {
volatile std::sig_atomic_t g_stop = 0;
void OnSignal(int) { g_stop = 1; }

std::string Header(natsMsg* msg, const char* key) {
  const char* value = nullptr;
  return natsMsgHeader_Get(msg, key, &value) == NATS_OK && value != nullptr ? value : "";
}
}  // namespace

int main(int argc, char** argv) {
  const char* url = argc > 1 ? argv[1] : "nats://127.0.0.1:54222";
  const char* durable = argc > 2 ? argv[2] : "erp-sales";
  std::signal(SIGINT, OnSignal);
  std::signal(SIGTERM, OnSignal);

  natsConnection* conn = nullptr;
  jsCtx* js = nullptr;
  natsSubscription* sub = nullptr;
  jsErrCode jerr = static_cast<jsErrCode>(0);
  if (natsConnection_ConnectTo(&conn, url) != NATS_OK ||
      natsConnection_JetStream(&js, conn, nullptr) != NATS_OK) {
    std::fprintf(stderr, "cannot connect to %s\n", url);
    return 1;
  }
  jsSubOptions so;
  jsSubOptions_Init(&so);
  so.Stream = "CRM";
  so.Config.AckPolicy = js_AckExplicit;
  so.Config.MaxDeliver = 10;
  // One subject filter per consumer; sale.amended and sale.cancelled arrive here too.
  if (js_PullSubscribe(&sub, js, "crm.planning.sale.>", durable, nullptr, &so, &jerr) != NATS_OK) {
    std::fprintf(stderr, "cannot create consumer %s (JetStream error %d)\n", durable,
                 static_cast<int>(jerr));
    return 1;
  }
  // A real subscriber keeps processed ids in its own database, in the same transaction as its
  // effect; a set in memory shows the idea.
  std::set<std::string> seen;
  while (!g_stop) {
    natsMsgList list{};
    natsStatus s = natsSubscription_Fetch(&list, sub, 32, 1000, &jerr);
    if (s == NATS_TIMEOUT) {
      continue;
    }
    if (s != NATS_OK) {
      std::fprintf(stderr, "fetch: %s\n", natsStatus_GetText(s));
      continue;
    }
    for (int i = 0; i < list.Count; ++i) {
      natsMsg* msg = list.Msgs[i];
      std::string id = Header(msg, "ce-id");
      if (seen.insert(id).second) {
        std::printf("{\"type\":\"%s\",\"id\":\"%s\",\"data\":%.*s}\n",
                    Header(msg, "ce-type").c_str(), id.c_str(), natsMsg_GetDataLength(msg),
                    natsMsg_GetData(msg));
        std::fflush(stdout);
      }
      natsMsg_AckSync(msg, nullptr, nullptr);
    }
    natsMsgList_Destroy(&list);
  }
  natsSubscription_Destroy(sub);
  jsCtx_Destroy(js);
  natsConnection_Destroy(conn);
  return 0;
}
