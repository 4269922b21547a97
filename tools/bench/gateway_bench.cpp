// The HTTP/JSON gateway against direct gRPC, from the same C++ load generator at the same
// concurrency, over the real five services (the test stack: PostgreSQL, nats-server and the
// service binaries started as the end-to-end tests start them) and the real crm-gateway binary.
//
//   build-test/bin/crm-bench-gateway [seconds=10] [concurrency=8] [clients=2000] [contacts=200]
//
// Seeds `clients` clients and a manager with `contacts` planned calls in one month, then for each
// call - SearchClients (a name fragment, 20 per page) and ListCalendar (the manager's month,
// every task) - runs `concurrency` workers for `seconds`, first over gRPC to the service, then
// as HTTP/1.1 GETs through the gateway (one keep-alive connection per worker), and prints the
// throughput of both and their ratio (goal: gateway >= 0.7x direct). The latency the gateway adds
// is measured apart, below saturation, where it is a per-request cost and not a queue: one caller
// alternates a direct call and the same call through the gateway for `seconds`, so both see the
// same machine at the same moments (goal: p99 overhead < 2 ms). Beside them, the gateway's own
// CPU time per request (from /proc).
#include <google/protobuf/util/time_util.h>
#include <httplib.h>
#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <cstdio>
#include <fstream>
#include <functional>
#include <random>
#include <sstream>
#include <string>
#include <thread>
#include <vector>

#include "common/core/ids.h"
#include "common/core/log.h"
#include "crm/planning/v1/calendar.grpc.pb.h"
#include "crm/planning/v1/planning.grpc.pb.h"
#include "crm/registry/v1/registry.grpc.pb.h"
#include "tests/e2e/flow.h"
#include "tests/e2e/gateway_process.h"
#include "tests/e2e/stack.h"
#include "tests/support/service_harness.h"
#include "tools/bench/bench_report.h"
#include "tools/bench/bench_stats.h"

namespace {

using Clock = std::chrono::steady_clock;
using crm::common::auth::Role;
namespace registry = crm::registry::v1;
namespace planning = crm::planning::v1;

struct Figures {
  double rps = 0;
  double p50 = 0;
  double p99 = 0;
  std::size_t calls = 0;
  std::size_t errors = 0;
};

Figures FiguresOf(std::vector<double> latencies, double seconds, std::size_t errors);

// Runs `call` (returns false on an error) from `workers` threads for `seconds`; each worker
// gets its own state from `make` (a connection).
template <class State>
Figures Load(int workers, int seconds, std::function<State()> make,
             std::function<bool(State&)> call) {
  std::vector<std::vector<double>> latencies(workers);
  std::atomic<std::size_t> errors{0};
  std::vector<std::thread> threads;
  threads.reserve(static_cast<std::size_t>(workers));
  const auto end = Clock::now() + std::chrono::seconds(seconds);
  for (int w = 0; w < workers; ++w) {
    threads.emplace_back([&, w] {
      State state = make();
      for (int i = 0; i < 20; ++i) {  // warm-up: connections, caches
        call(state);
      }
      while (Clock::now() < end) {
        auto started = Clock::now();
        if (!call(state)) {
          ++errors;
        }
        latencies[w].push_back(
            std::chrono::duration<double, std::milli>(Clock::now() - started).count());
      }
    });
  }
  for (auto& t : threads) {
    t.join();
  }
  std::vector<double> all;
  for (auto& l : latencies) {
    all.insert(all.end(), l.begin(), l.end());
  }
  return FiguresOf(std::move(all), seconds, errors);
}

Figures FiguresOf(std::vector<double> latencies, double seconds, std::size_t errors) {
  Figures f;
  f.errors = errors;
  if (latencies.empty()) {
    return f;
  }
  f.calls = latencies.size();
  f.rps = static_cast<double>(latencies.size()) / seconds;
  const crm::bench::Percentiles p = crm::bench::PercentilesOf(std::move(latencies));
  f.p50 = p.p50;
  f.p99 = p.p99;
  return f;
}

// One caller for `seconds`, alternating `direct` and `gateway` call by call (each returns false
// on an error): the latencies of each path below saturation, taken side by side.
struct PairedFigures {
  Figures direct;
  Figures gateway;
};
PairedFigures Paired(int seconds, const std::function<bool()>& direct,
                     const std::function<bool()>& gateway) {
  for (int i = 0; i < 20; ++i) {  // warm-up
    direct();
    gateway();
  }
  std::vector<double> direct_ms;
  std::vector<double> gateway_ms;
  std::size_t direct_errors = 0;
  std::size_t gateway_errors = 0;
  const auto timed = [](const std::function<bool()>& call, std::vector<double>& into,
                        std::size_t& errors) {
    const auto started = Clock::now();
    if (!call()) {
      ++errors;
    }
    into.push_back(std::chrono::duration<double, std::milli>(Clock::now() - started).count());
  };
  const auto end = Clock::now() + std::chrono::seconds(seconds);
  while (Clock::now() < end) {
    timed(direct, direct_ms, direct_errors);
    timed(gateway, gateway_ms, gateway_errors);
  }
  return {.direct = FiguresOf(std::move(direct_ms), seconds, direct_errors),
          .gateway = FiguresOf(std::move(gateway_ms), seconds, gateway_errors)};
}

std::string ValidInn(std::mt19937& random) {
  static const int weights[] = {2, 4, 10, 3, 5, 9, 4, 6, 8};
  std::string inn = "63";
  while (inn.size() < 9) {
    inn += static_cast<char>('0' + random() % 10);
  }
  int sum = 0;
  for (int i = 0; i < 9; ++i) {
    sum += (inn[i] - '0') * weights[i];
  }
  return inn + static_cast<char>('0' + sum % 11 % 10);
}

// User plus system CPU seconds `pid` has used so far (/proc/<pid>/stat, fields 14 and 15).
double CpuSeconds(pid_t pid) {
  std::ifstream stat("/proc/" + std::to_string(pid) + "/stat");
  std::string text((std::istreambuf_iterator<char>(stat)), std::istreambuf_iterator<char>());
  auto close = text.rfind(')');  // the command name may hold spaces
  if (close == std::string::npos) {
    return 0;
  }
  std::istringstream fields(text.substr(close + 2));
  std::string field;
  double ticks = 0;
  for (int i = 3; i <= 15 && fields >> field; ++i) {
    if (i >= 14) {
      ticks += std::stod(field);
    }
  }
  return ticks / static_cast<double>(sysconf(_SC_CLK_TCK));
}

void Print(const char* call, const Figures& direct, const Figures& gateway,
           const PairedFigures& paired, const std::string& scale) {
  std::printf("%-14s direct gRPC   %8.0f req/s  p50 %6.2f ms  p99 %6.2f ms  errors %zu\n", call,
              direct.rps, direct.p50, direct.p99, direct.errors);
  std::printf("%-14s via gateway   %8.0f req/s  p50 %6.2f ms  p99 %6.2f ms  errors %zu\n", call,
              gateway.rps, gateway.p50, gateway.p99, gateway.errors);
  const double ratio = direct.rps > 0 ? gateway.rps / direct.rps : 0;
  std::printf("%-14s gateway / direct: throughput %.2f (goal >= 0.70: %s)\n", call, ratio,
              ratio >= 0.7 ? "met" : "NOT met");
  std::printf(
      "%-14s one caller, alternating: direct p50 %.2f p99 %.2f ms, gateway p50 %.2f p99 "
      "%.2f ms (%zu calls each, errors %zu/%zu)\n",
      call, paired.direct.p50, paired.direct.p99, paired.gateway.p50, paired.gateway.p99,
      paired.direct.calls, paired.direct.errors, paired.gateway.errors);
  const double overhead = paired.gateway.p99 - paired.direct.p99;
  std::printf("%-14s p99 overhead below saturation %.2f ms (goal < 2 ms: %s)\n", call, overhead,
              overhead < 2.0 ? "met" : "NOT met");
  crm::bench::Report({.name = std::string(call) + " via gateway throughput",
                      .value = gateway.rps,
                      .unit = "req/s",
                      .better = crm::bench::Better::kHigher,
                      .goal = crm::bench::Goal::RatioToRaw(0.7),
                      .raw = direct.rps,
                      .raw_name = "direct gRPC",
                      .scale = scale});
  crm::bench::Report({.name = std::string(call) + " via gateway p99",
                      .value = paired.gateway.p99,
                      .unit = "ms",
                      .better = crm::bench::Better::kLower,
                      .goal = crm::bench::Goal::OverRaw(2),
                      .raw = paired.direct.p99,
                      .raw_name = "direct gRPC",
                      .scale = "1 caller alternating the two"});
}

}  // namespace

int main(int argc, char** argv) {
  const int seconds = argc > 1 ? std::atoi(argv[1]) : 10;
  const int concurrency = argc > 2 ? std::atoi(argv[2]) : 8;
  const int clients = argc > 3 ? std::atoi(argv[3]) : 2000;
  const int contacts = argc > 4 ? std::atoi(argv[4]) : 200;
  crm::common::log::Init("crm-bench-gateway", "warn");

  crm::testing::Stack stack;
  crm::testing::GatewayProcess gateway(
      stack, {{"CRM_GATEWAY_RATE_LIMIT_RPS", "0"}, {"CRM_LOG_LEVEL", "warn"}});
  crm::testing::Flow flow(stack);
  flow.SetUpReferenceData("7707083893", "773601001");
  const std::string admin = flow.admin_token;

  // Clients: names sharing the fragment searched for.
  auto started = Clock::now();
  std::mt19937 random(42);
  const char* words[] = {"Строй", "Агро", "Маш", "Тех", "Экспо", "Волга", "Сервис", "Пром"};
  for (int i = 0; i < clients; ++i) {
    registry::CreateClientRequest request;
    auto* c = request.mutable_client();
    std::string name = std::string(words[i % 8]) + words[(i / 8) % 8] + " " + std::to_string(i);
    c->set_display_name(name);
    c->set_legal_name("ООО «" + name + "»");
    c->set_inn(ValidInn(random));
    c->set_kpp("631501001");
    registry::Client created;
    auto status = flow.registry->CreateClient(crm::testing::Ctx(admin).get(), request, &created);
    if (!status.ok()) {
      std::fprintf(stderr, "CreateClient: %s\n", status.error_message().c_str());
      return 1;
    }
  }
  // The manager's month: `contacts` calls in March 2027.
  planning::Contact first = flow.PlanCall();
  for (int i = 1; i < contacts; ++i) {
    planning::PlanContactRequest request;
    auto* c = request.mutable_contact();
    c->set_client(flow.client);
    c->set_edition(flow.edition);
    c->set_type(planning::CONTACT_TYPE_CALL);
    c->set_purpose("Предложить стенд");
    *c->mutable_scheduled_time() =
        google::protobuf::util::TimeUtil::TimeTToTimestamp(1803880800 + i * 3600 * 3);
    request.set_request_id(crm::common::NewUuid());
    planning::Contact created;
    auto status =
        flow.planning->PlanContact(crm::testing::Ctx(flow.manager_token).get(), request, &created);
    if (!status.ok()) {
      std::fprintf(stderr, "PlanContact: %s\n", status.error_message().c_str());
      return 1;
    }
  }
  std::printf("seeded %d clients and %d calls of one manager in %.1f s; %d workers, %d s per run\n",
              clients, contacts, std::chrono::duration<double>(Clock::now() - started).count(),
              concurrency, seconds);

  const std::string manager_token = flow.manager_token;
  const std::string manager = flow.manager;
  const std::string search_path =
      "/v1/clients:search?query=%D1%81%D1%82%D1%80%D0%BE%D0%B9"
      "&pageSize=20";
  const std::string calendar_path = "/v1/" + manager +
                                    "/calendar?period=CALENDAR_PERIOD_MONTH&date.year=2027"
                                    "&date.month=3&date.day=1&pageSize=1000";

  using RegistryStub = std::unique_ptr<registry::RegistryService::Stub>;
  using CalendarStub = std::unique_ptr<planning::CalendarService::Stub>;
  int channel_index = 0;
  auto channel = [&](const std::string& service) {
    grpc::ChannelArguments args;
    args.SetInt("crm.bench.channel", channel_index++);
    return grpc::CreateCustomChannel(stack.Address(service), grpc::InsecureChannelCredentials(),
                                     args);
  };
  auto authorize = [](grpc::ClientContext& context, const std::string& token) {
    context.AddMetadata("authorization", "Bearer " + token);
    context.set_deadline(std::chrono::system_clock::now() + std::chrono::seconds(10));
  };
  auto http = [&] {
    auto client = std::make_unique<httplib::Client>("127.0.0.1", gateway.http_port());
    client->set_keep_alive(true);
    client->set_tcp_nodelay(true);
    client->set_read_timeout(std::chrono::seconds(10));
    return client;
  };
  using HttpClient = std::unique_ptr<httplib::Client>;

  const auto search_grpc = [&](RegistryStub& stub) {
    registry::SearchClientsRequest request;
    request.set_query("строй");
    request.set_page_size(20);
    registry::SearchClientsResponse response;
    grpc::ClientContext context;
    authorize(context, admin);
    return stub->SearchClients(&context, request, &response).ok() && response.clients_size() > 0;
  };
  const auto search_http = [&](HttpClient& client) {
    auto res = client->Get(search_path, {{"Authorization", "Bearer " + admin}});
    return res && res->status == 200;
  };
  const auto calendar_grpc = [&](CalendarStub& stub) {
    planning::ListCalendarRequest request;
    request.set_owner(manager);
    request.set_period(planning::CALENDAR_PERIOD_MONTH);
    request.mutable_date()->set_year(2027);
    request.mutable_date()->set_month(3);
    request.mutable_date()->set_day(1);
    request.set_page_size(1000);
    planning::ListCalendarResponse response;
    grpc::ClientContext context;
    authorize(context, manager_token);
    return stub->ListCalendar(&context, request, &response).ok() && response.contacts_size() > 0;
  };
  const auto calendar_http = [&](HttpClient& client) {
    auto res = client->Get(calendar_path, {{"Authorization", "Bearer " + manager_token}});
    return res && res->status == 200;
  };
  const auto registry_stub = [&] {
    return registry::RegistryService::NewStub(channel("registry"));
  };
  const auto calendar_stub = [&] {
    return planning::CalendarService::NewStub(channel("planning"));
  };

  // Throughput: `concurrency` workers, first direct, then through the gateway.
  Figures search_direct = Load<RegistryStub>(concurrency, seconds, registry_stub, search_grpc);
  // The gateway's CPU time per request of a run through it (warm-up requests included).
  auto gateway_cpu = [&](const Figures& run, double cpu_before) {
    const double requests = static_cast<double>(run.calls) + 20.0 * concurrency;
    return (CpuSeconds(gateway.pid()) - cpu_before) * 1000.0 / requests;
  };
  double cpu_before = CpuSeconds(gateway.pid());
  Figures search_gateway = Load<HttpClient>(concurrency, seconds, http, search_http);
  const double search_cpu = gateway_cpu(search_gateway, cpu_before);
  Figures calendar_direct = Load<CalendarStub>(concurrency, seconds, calendar_stub, calendar_grpc);
  cpu_before = CpuSeconds(gateway.pid());
  Figures calendar_gateway = Load<HttpClient>(concurrency, seconds, http, calendar_http);
  const double calendar_cpu = gateway_cpu(calendar_gateway, cpu_before);

  // Latency below saturation: one caller alternating the two paths.
  RegistryStub search_stub = registry_stub();
  HttpClient search_client = http();
  const PairedFigures search_paired = Paired(
      seconds, [&] { return search_grpc(search_stub); },
      [&] { return search_http(search_client); });
  CalendarStub month_stub = calendar_stub();
  HttpClient month_client = http();
  const PairedFigures calendar_paired = Paired(
      seconds, [&] { return calendar_grpc(month_stub); },
      [&] { return calendar_http(month_client); });
  (void)first;
  const std::string scale =
      std::to_string(concurrency) + " workers, " + std::to_string(seconds) + " s";
  Print("SearchClients", search_direct, search_gateway, search_paired, scale);
  Print("ListCalendar", calendar_direct, calendar_gateway, calendar_paired, scale);
  std::printf("gateway CPU per request: SearchClients %.3f ms, ListCalendar %.3f ms\n", search_cpu,
              calendar_cpu);
  return 0;
}
