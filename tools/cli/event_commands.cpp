// crm events tail: follows the CRM JetStream stream with an ephemeral ordered consumer (nothing
// is left on the server, nothing is acknowledged on behalf of the services' durable consumers).
#include <nats/nats.h>

#include <atomic>
#include <chrono>
#include <csignal>
#include <iostream>
#include <nlohmann/json.hpp>
#include <thread>

#include "common/bus/nats_client.h"
#include "tools/cli/commands.h"

namespace crm::cli {
namespace {

namespace bus = crm::common::bus;

std::atomic<bool> g_interrupted{false};

void OnInterrupt(int) { g_interrupted = true; }

std::string Header(natsMsg* msg, const char* key) {
  const char* value = nullptr;
  if (natsMsgHeader_Get(msg, key, &value) == NATS_OK && value != nullptr) {
    return value;
  }
  return {};
}

// One event as a JSON line; the payload is embedded as JSON when it parses, as text otherwise.
std::string EventLine(natsMsg* msg) {
  nlohmann::ordered_json line;
  line["subject"] = natsMsg_GetSubject(msg);
  line["id"] = Header(msg, "ce-id");
  line["type"] = Header(msg, "ce-type");
  line["time"] = Header(msg, "ce-time");
  line["source"] = Header(msg, "ce-source");
  std::string data(natsMsg_GetData(msg), static_cast<size_t>(natsMsg_GetDataLength(msg)));
  auto parsed = nlohmann::ordered_json::parse(data, nullptr, /*allow_exceptions=*/false);
  line["data"] = parsed.is_discarded() ? nlohmann::ordered_json(data) : parsed;
  return line.dump(-1, ' ', false, nlohmann::ordered_json::error_handler_t::replace);
}

struct TailOptions {
  std::string subject = "crm.>";
  bool from_start = false;
  int count = 0;
};

int Tail(const TailOptions& options) {
  // On a secured bus, as the operator (docs/operations.md, "Bus security").
  common::EnvReader env;
  common::NatsAccess access = common::NatsAccessFromEnv(env);
  env.Validate();
  access.url = EnvOr("CRM_NATS_URL", "nats://127.0.0.1:54222");
  const std::string url = common::RedactedUrl(access.url);
  std::string stream = EnvOr("CRM_STREAM", "CRM");
  bus::NatsClient nats(access, "crm-cli-events-tail");
  // The client reconnects forever in the background; a person at a terminal wants to know.
  auto give_up = std::chrono::steady_clock::now() + std::chrono::seconds(5);
  while (!nats.Connected()) {
    if (std::chrono::steady_clock::now() > give_up) {
      std::cerr << "crm: cannot connect to NATS at " << url << " (set CRM_NATS_URL)\n";
      return 1;
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(50));
  }

  jsSubOptions so;
  jsSubOptions_Init(&so);
  so.Stream = stream.c_str();
  so.Ordered = true;
  so.Config.DeliverPolicy = options.from_start ? js_DeliverAll : js_DeliverNew;
  natsSubscription* sub = nullptr;
  jsErrCode jerr = static_cast<jsErrCode>(0);
  natsStatus s = js_SubscribeSync(&sub, nats.js(), options.subject.c_str(), nullptr, &so, &jerr);
  if (s != NATS_OK) {
    std::cerr << "crm: cannot follow stream " << stream << " on " << options.subject << ": "
              << natsStatus_GetText(s);
    if (jerr != 0) {
      std::cerr << " (JetStream error " << static_cast<int>(jerr) << ")";
    }
    if (s == NATS_NOT_FOUND || jerr == JSStreamNotFoundErr) {
      std::cerr << "; the stream is created when a service first starts";
    }
    std::cerr << "\n";
    return 1;
  }
  std::signal(SIGINT, OnInterrupt);
  std::signal(SIGTERM, OnInterrupt);
  int printed = 0;
  int exit_code = 0;
  while (!g_interrupted && (options.count == 0 || printed < options.count)) {
    natsMsg* msg = nullptr;
    s = natsSubscription_NextMsg(&msg, sub, 500);
    if (s == NATS_TIMEOUT) {
      continue;
    }
    if (s != NATS_OK) {
      if (!nats.Connected()) {
        continue;  // the client reconnects; the ordered consumer resumes where it was
      }
      std::cerr << "crm: reading events failed: " << natsStatus_GetText(s) << "\n";
      exit_code = 1;
      break;
    }
    std::cout << EventLine(msg) << std::endl;
    natsMsg_Destroy(msg);
    ++printed;
  }
  natsSubscription_Unsubscribe(sub);
  natsSubscription_Destroy(sub);
  return exit_code;
}

}  // namespace

void AddEventCommands(CLI::App& app, Globals& globals) {
  auto* group = app.add_subcommand("events", "The event stream (NATS JetStream, CRM_NATS_URL)");
  group->require_subcommand(1);
  auto options = std::make_shared<TailOptions>();
  auto* tail = group->add_subcommand(
      "tail", "Print events as JSON lines: subject, id, type, time, source, data");
  tail->add_option("--subject", options->subject, "Subject filter")->capture_default_str();
  tail->add_flag("--from-start", options->from_start,
                 "Replay the stream from its first event (default: new events only)");
  tail->add_option("--count", options->count, "Exit after this many events (default: follow)")
      ->check(CLI::NonNegativeNumber);
  tail->callback([&globals, options] { globals.action = [options] { return Tail(*options); }; });
}

}  // namespace crm::cli
