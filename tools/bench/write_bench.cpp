// The write path against the database's own limit: CreateClient (registry) and PlanContact
// (planning) over gRPC to the real service binaries, each at 1, 4 and 16 concurrent callers,
// beside a raw baseline measured in the same run at the same concurrency for the same time (the
// two take turns in slices of about 2 s, so both see the machine as it is at the time): a
// pgbench-like transaction of one single-row INSERT and its commit (BEGIN; INSERT; COMMIT with a
// prepared statement, one connection per caller) into a scratch table of the same service's
// database. Goal (issue "Performance"): the RPC >= 0.6x raw at each concurrency.
//
//   build-test/bin/crm-bench-write [seconds=10] [concurrencies=1,4,16] [clients=100000]
//
// Registry holds `clients` generated clients first (loaded with COPY and analysed), so the
// duplicate check each created client goes through looks at a base of realistic size.
// CreateClient is called by a sales manager with a new valid INN, a generated company name
// (tools/bench/company_names.h: names repeat and resemble each other as in a real base, which the
// duplicate check on create sees) and a new request_id each time;
// PlanContact plans a call with the client, contact person and edition planning already knows
// (learned from registry's events), a new request_id each time. Every call must succeed.
#include <google/protobuf/util/time_util.h>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <cmath>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <functional>
#include <mutex>
#include <pqxx/pqxx>
#include <random>
#include <sstream>
#include <string>
#include <thread>
#include <tuple>
#include <vector>

#include "common/core/ids.h"
#include "common/core/log.h"
#include "crm/planning/v1/planning.grpc.pb.h"
#include "crm/registry/v1/registry.grpc.pb.h"
#include "tests/e2e/flow.h"
#include "tests/e2e/stack.h"
#include "tests/support/requisites.h"
#include "tools/bench/bench_report.h"
#include "tools/bench/bench_stats.h"
#include "tools/bench/company_names.h"

namespace {

namespace registry = crm::registry::v1;
namespace planning = crm::planning::v1;
using crm::bench::SteadyClock;
using google::protobuf::util::TimeUtil;

constexpr double kGoalRatio = 0.6;
constexpr int kWarmUpCalls = 3;      // per caller and slice, before the clock starts
constexpr double kSliceSeconds = 2;  // a point alternates raw and RPC in slices of about this

// The calls of one kind (the RPC or the raw INSERT) at one point, over its slices.
struct Run {
  std::vector<double> latencies_ms;
  double seconds = 0;
  std::size_t errors = 0;
  std::size_t warm_up_calls = 0;
  std::string first_error;

  double PerSecond() const {
    return seconds > 0 ? static_cast<double>(latencies_ms.size()) / seconds : 0;
  }
  crm::bench::Percentiles Latency() const {
    return latencies_ms.empty() ? crm::bench::Percentiles{}
                                : crm::bench::PercentilesOf(latencies_ms);
  }
};

// Adds a slice to `run`: `callers` threads, each with its own state from `make` (a stub or a
// connection), calling `call` (an error text, empty on success) in a loop for `seconds` after a
// short warm-up.
template <class State>
void Measure(int callers, double seconds, const std::function<State()>& make,
             const std::function<std::string(State&)>& call, Run& run) {
  std::vector<std::vector<double>> latencies(static_cast<std::size_t>(callers));
  std::mutex errors_mutex;
  const auto failed = [&](const std::string& error) {
    std::lock_guard lock(errors_mutex);
    ++run.errors;
    if (run.first_error.empty()) {
      run.first_error = error;
    }
  };
  std::atomic<int> ready{0};
  std::atomic<bool> go{false};
  SteadyClock::time_point end;
  std::vector<std::thread> threads;
  threads.reserve(static_cast<std::size_t>(callers));
  for (int c = 0; c < callers; ++c) {
    threads.emplace_back([&, c] {
      State state = make();
      for (int i = 0; i < kWarmUpCalls; ++i) {
        if (auto error = call(state); !error.empty()) {
          failed(error);
        }
      }
      ++ready;
      while (!go.load()) {
        std::this_thread::yield();
      }
      auto& mine = latencies[static_cast<std::size_t>(c)];
      for (auto started = SteadyClock::now(); started < end; started = SteadyClock::now()) {
        const std::string error = call(state);
        mine.push_back(
            std::chrono::duration<double, std::milli>(SteadyClock::now() - started).count());
        if (!error.empty()) {
          failed(error);
        }
      }
    });
  }
  while (ready.load() < callers) {
    std::this_thread::sleep_for(std::chrono::milliseconds(1));
  }
  const auto started = SteadyClock::now();
  end = started +
        std::chrono::duration_cast<SteadyClock::duration>(std::chrono::duration<double>(seconds));
  go = true;
  for (auto& thread : threads) {
    thread.join();
  }
  run.seconds += crm::bench::Seconds(started);
  run.warm_up_calls += static_cast<std::size_t>(kWarmUpCalls * callers);
  for (const auto& mine : latencies) {
    run.latencies_ms.insert(run.latencies_ms.end(), mine.begin(), mine.end());
  }
}

// The raw limit: one single-row INSERT and its commit per transaction, one connection per caller,
// the statement prepared, into `bench_write_raw` of the database at `url`.
void RawInserts(const std::string& url, int callers, double seconds, Run& run) {
  struct Connection {
    std::unique_ptr<pqxx::connection> conn;
  };
  Measure<Connection>(
      callers, seconds,
      [&] {
        Connection state{std::make_unique<pqxx::connection>(url)};
        state.conn->prepare("bench_write_raw_insert",
                            "INSERT INTO bench_write_raw (id, payload) VALUES ($1, $2)");
        return state;
      },
      [](Connection& state) -> std::string {
        try {
          pqxx::work tx(*state.conn);
          tx.exec_prepared0("bench_write_raw_insert", crm::common::NewUuid(),
                            "a row of about the size of a client's name and INN");
          tx.commit();
          return "";
        } catch (const std::exception& e) {
          return e.what();
        }
      },
      run);
}

// The client base CreateClient runs against: `clients` generated companies (names as
// crm-bench-client-search loads them, INNs from `first_inn` on) loaded with COPY into registry's
// database, then analysed, as a base in service is.
void SeedClients(const std::string& url, int clients, int first_inn) {
  pqxx::connection conn(url);
  {
    pqxx::work tx(conn);
    pqxx::stream_to stream(tx, "clients",
                           std::vector<std::string>{"id", "display_name", "legal_name", "inn",
                                                    "kpp", "created_by", "updated_by"});
    std::mt19937_64 random(20261207);
    for (int i = 0; i < clients; ++i) {
      const crm::bench::CompanyName names = crm::bench::GenerateCompanyName(random, i);
      stream << std::make_tuple(crm::common::NewUuid(), names.display_name, names.legal_name,
                                crm::testing::LegalEntityInn(first_inn + i), "631601001",
                                "employees/bench", "employees/bench");
    }
    stream.complete();
    tx.commit();
  }
  pqxx::nontransaction(conn).exec0("VACUUM ANALYZE clients");
}

void CreateRawTable(const std::string& url) {
  pqxx::connection conn(url);
  pqxx::nontransaction(conn).exec0(
      "CREATE TABLE IF NOT EXISTS bench_write_raw (id uuid PRIMARY KEY, payload text NOT NULL,"
      " created_at timestamptz NOT NULL DEFAULT now())");
}

std::string StatusText(const grpc::Status& status) {
  return status.ok() ? std::string()
                     : std::to_string(status.error_code()) + " " + status.error_message();
}

std::vector<int> ParseConcurrencies(const char* text) {
  std::vector<int> out;
  std::stringstream in(text);
  std::string item;
  while (std::getline(in, item, ',')) {
    if (const int n = std::atoi(item.c_str()); n > 0) {
      out.push_back(n);
    }
  }
  return out;
}

// With WRITE_STATEMENTS=1 (and PostgreSQL started with pg_stat_statements preloaded:
// CRM_TEST_PG_SETTINGS="shared_preload_libraries=pg_stat_statements"), the statements a service's
// database ran during its RPC's points, by total time: the round trips and the time of each
// behind one call.
bool StatementsWanted() {
  const char* wanted = std::getenv("WRITE_STATEMENTS");
  return wanted != nullptr && std::string(wanted) == "1";
}

void ResetStatements(const std::string& url) {
  pqxx::connection conn(url);
  pqxx::nontransaction tx(conn);
  tx.exec0("CREATE EXTENSION IF NOT EXISTS pg_stat_statements");
  tx.exec1("SELECT pg_stat_statements_reset()");
}

void PrintStatements(const std::string& url, std::size_t rpc_calls) {
  pqxx::connection conn(url);
  pqxx::nontransaction tx(conn);
  const pqxx::result rows = tx.exec(
      "SELECT calls, total_exec_time, mean_exec_time, left(regexp_replace(query, '\\s+', ' ', "
      "'g'), 110) FROM pg_stat_statements WHERE dbid = (SELECT oid FROM pg_database WHERE "
      "datname = current_database()) ORDER BY total_exec_time DESC LIMIT 25");
  std::printf("\n  statements of the database (%zu RPC calls timed):\n", rpc_calls);
  std::printf("  %9s %8s %9s %8s  %s\n", "calls", "per RPC", "total ms", "mean ms", "query");
  for (const auto& row : rows) {
    const auto calls = row[0].as<double>();
    std::printf("  %9.0f %8.2f %9.1f %8.3f  %s\n", calls,
                rpc_calls > 0 ? calls / static_cast<double>(rpc_calls) : 0, row[1].as<double>(),
                row[2].as<double>(), row[3].c_str());
  }
  std::printf("\n");
}

struct Point {
  int callers = 0;
  Run rpc;
  Run raw;
};

void PrintPoint(const std::string& rpc, const Point& point) {
  const double rpc_rate = point.rpc.PerSecond();
  const double raw_rate = point.raw.PerSecond();
  const double ratio = raw_rate > 0 ? rpc_rate / raw_rate : 0;
  const crm::bench::Percentiles latency = point.rpc.Latency();
  std::printf("%-13s %7d %10.0f %10.0f %7.2f %9.2f %9.2f %7zu   %s\n", rpc.c_str(), point.callers,
              rpc_rate, raw_rate, ratio, latency.p50, latency.p99,
              point.rpc.errors + point.raw.errors, ratio >= kGoalRatio ? "met" : "NOT met");
  for (const Run* run : {&point.rpc, &point.raw}) {
    if (!run->first_error.empty()) {
      std::printf("    first error: %s\n", run->first_error.substr(0, 300).c_str());
    }
  }
  std::fflush(stdout);
}

void ReportPoint(const std::string& rpc, const Point& point, double seconds, int base_clients) {
  const crm::bench::Percentiles latency = point.rpc.Latency();
  const std::string at = rpc + " at " + std::to_string(point.callers) + " callers";
  char scale[96];
  std::snprintf(scale, sizeof scale, "%d callers, %g s, %d clients", point.callers, seconds,
                base_clients);
  crm::bench::Report({.name = at,
                      .value = point.rpc.PerSecond(),
                      .unit = "calls/s",
                      .better = crm::bench::Better::kHigher,
                      .goal = crm::bench::Goal::RatioToRaw(kGoalRatio),
                      .raw = point.raw.PerSecond(),
                      .raw_name = "single-row INSERT + commit per transaction, same database",
                      .scale = scale});
  crm::bench::Report({.name = at + " p50",
                      .value = latency.p50,
                      .unit = "ms",
                      .better = crm::bench::Better::kLower,
                      .scale = scale});
  crm::bench::Report({.name = at + " p99",
                      .value = latency.p99,
                      .unit = "ms",
                      .better = crm::bench::Better::kLower,
                      .scale = scale});
}

}  // namespace

int main(int argc, char** argv) {
  const double seconds = argc > 1 ? std::max(0.1, std::atof(argv[1])) : 10;
  const std::vector<int> concurrencies = ParseConcurrencies(argc > 2 ? argv[2] : "1,4,16");
  const int base_clients = argc > 3 ? std::max(0, std::atoi(argv[3])) : 100000;
  crm::common::log::Init("crm-bench-write", "warn");

  crm::testing::Stack stack;
  crm::testing::Flow flow(stack);
  flow.SetUpReferenceData("7707083893", "773601001");
  flow.PlanCall();  // planning has learned the client, the person and the edition
  const std::string manager = flow.manager_token;
  for (const char* service : {"registry", "planning"}) {
    CreateRawTable(stack.DatabaseUrl(service));
  }
  const auto seeding = SteadyClock::now();
  SeedClients(stack.DatabaseUrl("registry"), base_clients, 1000000);
  std::printf("registry holds %d generated clients (loaded in %.1f s)\n", base_clients,
              crm::bench::Seconds(seeding));
  std::printf(
      "%.1f s per point; raw: BEGIN; INSERT one row (prepared); COMMIT, a connection per caller, "
      "into the same service's database\n\n",
      seconds);
  std::printf("%-13s %7s %10s %10s %7s %9s %9s %7s   goal >= %.1fx raw\n", "rpc", "callers",
              "calls/s", "raw ins/s", "ratio", "p50 ms", "p99 ms", "errors", kGoalRatio);

  // Distinct valid INNs for every CreateClient of the run, warm-up calls included.
  std::atomic<int> next_inn{10000000};
  struct Registry {
    std::unique_ptr<registry::RegistryService::Stub> stub;
  };
  const std::function<Registry()> registry_stub = [&] {
    return Registry{registry::RegistryService::NewStub(stack.Channel("registry"))};
  };
  const std::function<std::string(Registry&)> create_client = [&](Registry& state) {
    const int body = next_inn.fetch_add(1);
    registry::CreateClientRequest request;
    auto* c = request.mutable_client();
    std::mt19937_64 random(static_cast<std::uint64_t>(body));
    const crm::bench::CompanyName names = crm::bench::GenerateCompanyName(random, body);
    c->set_display_name(names.display_name);
    c->set_legal_name(names.legal_name);
    c->set_inn(crm::testing::LegalEntityInn(body));
    c->set_kpp("631501001");
    c->set_legal_address("443001, г. Самара, ул. Молодогвардейская, д. 1");
    request.set_request_id(crm::common::NewUuid());
    registry::Client created;
    return StatusText(
        state.stub->CreateClient(crm::testing::Ctx(manager).get(), request, &created));
  };

  struct Planning {
    std::unique_ptr<planning::PlanningService::Stub> stub;
  };
  const std::function<Planning()> planning_stub = [&] {
    return Planning{planning::PlanningService::NewStub(stack.Channel("planning"))};
  };
  const std::function<std::string(Planning&)> plan_contact = [&](Planning& state) {
    planning::PlanContactRequest request;
    auto* c = request.mutable_contact();
    c->set_client(flow.client);
    c->set_contact_person(flow.contact_person);
    c->set_edition(flow.edition);
    c->set_type(planning::CONTACT_TYPE_CALL);
    c->set_purpose("Предложить стенд на выставке");
    *c->mutable_scheduled_time() = TimeUtil::GetCurrentTime() + TimeUtil::HoursToDuration(24);
    request.set_request_id(crm::common::NewUuid());
    planning::Contact contact;
    return StatusText(state.stub->PlanContact(crm::testing::Ctx(manager).get(), request, &contact));
  };

  bool failed = false;
  const auto measure = [&](const std::string& rpc, const std::string& service, const auto& make,
                           const auto& call) {
    if (StatementsWanted()) {
      ResetStatements(stack.DatabaseUrl(service));
    }
    std::size_t rpc_calls = 0;
    for (const int callers : concurrencies) {
      Point point;
      point.callers = callers;
      // Raw and RPC take turns in slices, which goes first alternating, so that both see the
      // machine as it is at the time (other work on it, caches, the base growing).
      const int slices = std::max(1, static_cast<int>(std::lround(seconds / kSliceSeconds)));
      for (int slice = 0; slice < slices; ++slice) {
        const auto raw = [&] {
          RawInserts(stack.DatabaseUrl(service), callers, seconds / slices, point.raw);
        };
        const auto rpc_slice = [&] { Measure(callers, seconds / slices, make, call, point.rpc); };
        if (slice % 2 == 0) {
          raw();
          rpc_slice();
        } else {
          rpc_slice();
          raw();
        }
      }
      failed = failed || point.rpc.errors > 0 || point.raw.errors > 0 ||
               point.rpc.latencies_ms.empty() || point.raw.latencies_ms.empty();
      PrintPoint(rpc, point);
      ReportPoint(rpc, point, seconds, base_clients);
      rpc_calls += point.rpc.latencies_ms.size() + point.rpc.warm_up_calls;
    }
    if (StatementsWanted()) {
      PrintStatements(stack.DatabaseUrl(service), rpc_calls);
    }
  };
  measure("CreateClient", "registry", registry_stub, create_client);
  measure("PlanContact", "planning", planning_stub, plan_contact);
  if (failed) {
    std::printf("\nsome calls failed: the figures above do not count\n");
    return 1;
  }
  return 0;
}
