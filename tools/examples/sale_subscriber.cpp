// How an outside system (an ERP, a BI loader) subscribes to Expo CRM's sale events: a durable
// JetStream pull consumer with explicit acks, deduplicating by the CloudEvents id. Build target
// `crm-example-sale-subscriber`; run it against the local stack:
//
//   build/bin/crm-example-sale-subscriber nats://127.0.0.1:54222 erp-sales
//
// It keeps a ledger of sales: sale.recorded books a sale, sale.amended replaces its amounts
// with the new state, sale.cancelled annuls it. Each change is printed as one JSON line and
// acknowledged after "processing". Stop it with Ctrl-C; started again with the same durable name
// it continues where it stopped.
#include <google/protobuf/util/json_util.h>
#include <nats/nats.h>

#include <csignal>
#include <cstdio>
#include <map>
#include <set>
#include <string>

#include "crm/events/v1/planning_topics.h"

namespace {
volatile std::sig_atomic_t g_stop = 0;
void OnSignal(int) { g_stop = 1; }

std::string Header(natsMsg* msg, const char* key) {
  const char* value = nullptr;
  return natsMsgHeader_Get(msg, key, &value) == NATS_OK && value != nullptr ? value : "";
}

// What the outside system keeps per sale: enough to invoice and to see the changes.
struct LedgerEntry {
  std::string client_inn;
  long long net = 0;    // kopecks
  long long total = 0;  // kopecks, VAT included
  bool cancelled = false;
};

void Book(std::map<std::string, LedgerEntry>& ledger, const crm::events::v1::SaleRecorded& sale) {
  LedgerEntry& entry = ledger[sale.sale()];
  entry.client_inn = sale.client().inn();
  entry.net = static_cast<long long>(sale.net_amount().minor_units());
  entry.total = static_cast<long long>(sale.total_amount().minor_units());
  entry.cancelled = sale.state() == "CANCELLED";
}

// Applies one event to the ledger; false when the payload is not what the type promises (a real
// system would park the message for a person to look at).
bool Apply(std::map<std::string, LedgerEntry>& ledger, const std::string& subject,
           const std::string& json, std::string* sale_name) {
  using google::protobuf::util::JsonParseOptions;
  using google::protobuf::util::JsonStringToMessage;
  JsonParseOptions options;
  options.ignore_unknown_fields = true;  // newer producers may add fields
  if (subject == crm::events::v1::kSaleRecorded.subject) {
    crm::events::v1::SaleRecorded recorded;
    if (!JsonStringToMessage(json, &recorded, options).ok()) {
      return false;
    }
    Book(ledger, recorded);
    *sale_name = recorded.sale();
  } else if (subject == crm::events::v1::kSaleAmended.subject) {
    crm::events::v1::SaleAmended amended;
    if (!JsonStringToMessage(json, &amended, options).ok()) {
      return false;
    }
    Book(ledger, amended.sale());  // the full new state: no need to replay the change
    *sale_name = amended.sale().sale();
  } else if (subject == crm::events::v1::kSaleCancelled.subject) {
    crm::events::v1::SaleCancelled cancelled;
    if (!JsonStringToMessage(json, &cancelled, options).ok()) {
      return false;
    }
    Book(ledger, cancelled.sale());
    *sale_name = cancelled.sale().sale();
  } else {
    return false;
  }
  return true;
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
  std::map<std::string, LedgerEntry> ledger;
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
        const std::string json(natsMsg_GetData(msg),
                               static_cast<std::size_t>(natsMsg_GetDataLength(msg)));
        std::string sale;
        if (!Apply(ledger, natsMsg_GetSubject(msg), json, &sale)) {
          std::fprintf(stderr, "event %s on %s is not a sale event this subscriber knows\n",
                       id.c_str(), natsMsg_GetSubject(msg));
        } else {
          const LedgerEntry& entry = ledger[sale];
          std::printf(
              "{\"type\":\"%s\",\"id\":\"%s\",\"sale\":\"%s\",\"inn\":\"%s\",\"net\":%lld,"
              "\"total\":%lld,\"cancelled\":%s}\n",
              Header(msg, "ce-type").c_str(), id.c_str(), sale.c_str(), entry.client_inn.c_str(),
              entry.net, entry.total, entry.cancelled ? "true" : "false");
          std::fflush(stdout);
        }
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
