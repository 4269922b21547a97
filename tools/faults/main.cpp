// crm-faults: many faults in a row under a steady load, on the real five services. Each service
// has a PostgreSQL server of its own, reached through a TCP proxy that can cut its connections;
// the suite has a nats-server of its own and puts the accounting exchange directory on a small
// file system of its own. While managers create clients and complete calls with sales (tools/faults
// /load.h), it injects, at random moments, one fault per trial: kill -9 of a service, nats-server
// stopped or killed and started again, a service's PostgreSQL stopped and started (also for longer
// than the consumers' retry budget), connections to a database cut (at once, or in the middle of
// what a client is sending), the event stream deleted (and refilled from the outboxes as the
// relays find), the exchange directory's disk filled. After the last trial it lets the system
// settle and checks every acknowledged write against the databases: each client in the registry
// and in planning's copy once, each completed call one sale, each sale one invoice with gapless
// numbers, each invoice in accounting once and exported, analytics' sales and its report equal to
// planning's sales; and prints the events published, consumed, dead-lettered and the effects lost
// and duplicated.
//
//   build-test/bin/crm-faults [--trials 100] [--seed N] [--workers 2] [--pace-ms 500] [--quick]
//
// Exit status 0 when nothing was lost, duplicated, dead-lettered or refused. --quick (the test
// crm_faults_quick) shortens the outages. docs/operations.md ("Fault suite") has a run's figures.
#include <google/protobuf/util/time_util.h>
#include <nats/nats.h>
#include <sys/mount.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstring>
#include <fstream>
#include <functional>
#include <map>
#include <memory>
#include <random>
#include <set>
#include <string>
#include <thread>
#include <vector>

#include "common/core/log.h"
#include "common/db/params.h"
#include "tests/e2e/flow.h"
#include "tests/e2e/stack.h"
#include "tests/support/eventually.h"
#include "tests/support/nats_handles.h"
#include "tests/support/nats_server.h"
#include "tests/support/postgres_server.h"
#include "tests/support/query_number.h"
#include "tests/support/tcp_proxy.h"
#include "tests/support/temp_dir.h"
#include "tests/support/test_environment.h"
#include "tools/faults/load.h"

namespace {

using crm::testing::NatsServer;
using crm::testing::PostgresServer;
using crm::testing::QueryNumber;
using crm::testing::Stack;
using crm::testing::TcpProxy;
using google::protobuf::util::TimeUtil;
using Clock = std::chrono::steady_clock;
using std::chrono::milliseconds;

struct Options {
  int trials = 100;
  unsigned seed = std::random_device{}();
  // Two managers working fast: about 2.5 sales a second, what documents keeps up with on two
  // cores while everything else runs beside it (each sale's package is six PDFs).
  int workers = 2;
  int pace_ms = 500;
  bool quick = false;
};

// The consumers of documents' sales and payments give up on an event after this many failed
// deliveries (1 + 2 s of retries); the long outage keeps documents' database down for longer.
constexpr int kDocumentsRetryBudget = 3;

double SecondsSince(Clock::time_point start) {
  return std::chrono::duration<double>(Clock::now() - start).count();
}

// The exchange directory on a tmpfs of its own, so filling it fills no other disk (mounting needs
// root, as CI runs; without it the disk-full trials are left out and the report says so).
class ExchangeDisk {
 public:
  explicit ExchangeDisk(const std::filesystem::path& dir) : dir_(dir), mounted_(Mount(dir)) {}
  ~ExchangeDisk() {
    if (mounted_) {
      ::umount2(dir_.c_str(), MNT_DETACH);
    }
  }
  ExchangeDisk(const ExchangeDisk&) = delete;
  ExchangeDisk& operator=(const ExchangeDisk&) = delete;

  bool mounted() const { return mounted_; }

  // Writes a ballast file until the file system has no space left; returns the bytes written.
  std::size_t Fill() {
    std::FILE* f = std::fopen(Ballast().c_str(), "wb");
    if (f == nullptr) {
      return 0;
    }
    const std::string chunk(64 * 1024, 'x');
    std::size_t written = 0;
    while (std::fwrite(chunk.data(), 1, chunk.size(), f) == chunk.size()) {
      written += chunk.size();
    }
    std::fclose(f);
    return written;
  }
  void Free() { std::filesystem::remove(Ballast()); }

 private:
  static bool Mount(const std::filesystem::path& dir) {
    std::filesystem::create_directories(dir);
    return ::mount("tmpfs", dir.c_str(), "tmpfs", 0, "size=64m,mode=0777") == 0;
  }
  std::filesystem::path Ballast() const { return dir_ / ".ballast"; }
  std::filesystem::path dir_;
  bool mounted_ = false;
};

// Everything the services run on, each piece of which a trial can break.
struct World {
  crm::testing::TempDir dir{"crm-faults"};
  NatsServer nats{crm::testing::TestEnvironment::Get().LogPath("faults-nats")};
  std::map<std::string, std::unique_ptr<PostgresServer>> postgres;
  std::map<std::string, std::unique_ptr<TcpProxy>> proxies;
  std::map<std::string, std::string> direct_url;  // a service's database, not through its proxy
  std::unique_ptr<ExchangeDisk> exchange;
  std::unique_ptr<Stack> stack;
  Clock::time_point started = Clock::now();

  World() {
    nats.Start();
    crm::testing::StackOptions options;
    options.nats_url = nats.Url();
    for (const char* service : Stack::kServices) {
      auto& pg = postgres[service];
      pg = std::make_unique<PostgresServer>(
          crm::testing::TestEnvironment::Get().LogPath(std::string("faults-postgres-") + service));
      pg->Start();
      const std::string database = std::string("crm_") + service;
      direct_url[service] = pg->CreateDatabase(database);
      proxies[service] = std::make_unique<TcpProxy>(pg->Port());
      options.database_urls[service] =
          "postgresql://postgres@127.0.0.1:" + std::to_string(proxies[service]->Port()) + "/" +
          database;
    }
    exchange = std::make_unique<ExchangeDisk>(dir.path() / "exchange");
    options.exchange_dir = dir.path() / "exchange";
    options.env["documents"] = {
        {"CRM_DOCUMENTS_SALE_MAX_DELIVER", std::to_string(kDocumentsRetryBudget)}};
    stack = std::make_unique<Stack>(std::move(options));
  }
};

// One fault and its repair.
struct Trial {
  std::string kind;
  std::string target;
  double held_seconds = 0;      // how long the fault lasted
  double recovery_seconds = 0;  // from the repair until every service was ready again
  std::string note;
};

class Suite {
 public:
  Suite(World& world, const Options& options)
      : world_(world), options_(options), random_(options.seed) {}

  // The kinds of fault, each in every round of eleven trials, in a shuffled order.
  std::vector<std::string> Deck() {
    std::vector<std::string> deck = {
        "kill -9 service",  "kill -9 service",  "nats stop/start",      "nats kill/start",
        "postgres restart", "postgres restart", "postgres long outage", "cut connections",
        "cut mid-request",  "delete stream",    "fill exchange disk"};
    std::shuffle(deck.begin(), deck.end(), random_);
    return deck;
  }

  Trial Run(const std::string& kind) {
    Trial trial;
    trial.kind = kind;
    const std::string service = Stack::kServices[random_() % std::size(Stack::kServices)];
    const auto faulted = Clock::now();
    if (kind == "kill -9 service") {
      trial.target = service;
      world_.stack->Crash(service);
      Sleep(0, 1000);
      trial.held_seconds = SecondsSince(faulted);
      Repair([&] { world_.stack->Start(service); }, trial);
    } else if (kind == "nats stop/start" || kind == "nats kill/start") {
      trial.target = "nats-server";
      if (kind == "nats stop/start") {
        world_.nats.Stop();
      } else {
        world_.nats.Kill();
      }
      Sleep(1000, options_.quick ? 2000 : 5000);
      trial.held_seconds = SecondsSince(faulted);
      Repair([&] { world_.nats.Start(); }, trial);
    } else if (kind == "postgres restart" || kind == "postgres long outage") {
      // The long outage hits the database of the service whose retry budget is lowered.
      const std::string target = kind == "postgres restart" ? service : "documents";
      trial.target = target;
      world_.postgres.at(target)->Stop();
      if (kind == "postgres restart") {
        Sleep(1000, options_.quick ? 2000 : 5000);
      } else {
        std::this_thread::sleep_for(options_.quick ? milliseconds(6000) : milliseconds(15000));
        trial.note = "retry budget " + std::to_string(kDocumentsRetryBudget) + " deliveries";
      }
      trial.held_seconds = SecondsSince(faulted);
      Repair([&] { world_.postgres.at(target)->Start(); }, trial);
    } else if (kind == "cut connections") {
      trial.target = service;
      world_.proxies.at(service)->CutAll();
      Repair([] {}, trial);
    } else if (kind == "cut mid-request") {
      trial.target = service;
      const auto bytes = static_cast<std::size_t>(1 + random_() % 8192);
      auto& proxy = *world_.proxies.at(service);
      proxy.CutAfterClientBytes(bytes);
      const bool fired = crm::testing::Eventually([&] { return proxy.CutFired(); },
                                                  std::chrono::seconds(10), milliseconds(20));
      trial.note = fired ? "cut after " + std::to_string(bytes) + " bytes" : "no traffic to cut";
      trial.held_seconds = SecondsSince(faulted);
      Repair([] {}, trial);
    } else if (kind == "delete stream") {
      trial.target = "stream CRM";
      DeleteStream("CRM");
      Sleep(500, 2000);
      trial.held_seconds = SecondsSince(faulted);
      // Nobody repairs it: every relay notices the stream created again and refills it from its
      // outbox; consumers skip what they have by event id.
      Repair([] {}, trial);
    } else if (kind == "fill exchange disk") {
      trial.target = "exchange directory";
      if (!world_.exchange->mounted()) {
        trial.note = "left out: the file system could not be mounted (needs root)";
        return trial;
      }
      const std::size_t filled = world_.exchange->Fill();
      trial.note = "filled " + std::to_string(filled >> 20) + " MiB";
      Sleep(2000, options_.quick ? 3000 : 6000);
      trial.held_seconds = SecondsSince(faulted);
      Repair([&] { world_.exchange->Free(); }, trial);
    }
    return trial;
  }

  int problems() const { return problems_; }
  int unexpected_exits() const { return unexpected_exits_; }

 private:
  void Sleep(int min_ms, int max_ms) {
    const int span = std::max(1, max_ms - min_ms);
    std::this_thread::sleep_for(milliseconds(min_ms + static_cast<int>(random_() % span)));
  }

  // Repairs the fault, then waits until every service runs and is ready; a service that exited
  // without being killed is a finding, started again so the run goes on.
  void Repair(const std::function<void()>& repair, Trial& trial) {
    const auto repaired = Clock::now();
    repair();
    for (const char* service : Stack::kServices) {
      if (!world_.stack->Running(service)) {
        ++unexpected_exits_;
        std::printf("  ! %s exited on its own; log tail:\n%s\n", service,
                    world_.stack->Log(service).c_str());
        world_.stack->Start(service);
      }
    }
    const bool ready = crm::testing::Eventually(
        [&] {
          return std::all_of(std::begin(Stack::kServices), std::end(Stack::kServices),
                             [&](const char* service) {
                               return world_.stack->AdminGet(service, "/readyz").status == 200;
                             });
        },
        std::chrono::seconds(90), milliseconds(50));
    if (!ready) {
      trial.note += " not ready after 90 s";
      ++problems_;
    }
    trial.recovery_seconds = SecondsSince(repaired);
  }

  void DeleteStream(const std::string& stream) {
    auto connection = crm::testing::ConnectNats(world_.nats.Url());
    auto js = crm::testing::JetStream(connection.get());
    jsErrCode error = static_cast<jsErrCode>(0);
    crm::testing::CheckNats(js_DeleteStream(js.get(), stream.c_str(), nullptr, &error),
                            "delete stream " + stream);
  }

  World& world_;
  const Options& options_;
  std::mt19937 random_;
  int problems_ = 0;
  int unexpected_exits_ = 0;
};

// ---- The checks against the databases ----

// The uuids of resource names ("clients/{id}") as a uuid[] literal for the checks' SQL.
std::string Uuids(const std::set<std::string>& names) {
  std::vector<std::string> ids;
  ids.reserve(names.size());
  for (const auto& name : names) {
    ids.push_back(name.substr(name.find('/') + 1));
  }
  return "'" + crm::common::db::ArrayLiteral(ids) + "'::uuid[]";
}

struct Check {
  std::string what;
  int64_t expected = 0;
  int64_t actual = 0;
  bool ok() const { return expected == actual; }
};

struct Verdict {
  std::vector<Check> checks;
  int64_t lost = 0;
  int64_t duplicated = 0;
  int64_t pending_events = 0;  // outbox rows not yet published (or parked)
  bool ok() const {
    return lost == 0 && duplicated == 0 && pending_events == 0 &&
           std::all_of(checks.begin(), checks.end(), [](const Check& c) { return c.ok(); });
  }
  std::string first_failure() const {
    for (const auto& c : checks) {
      if (!c.ok()) {
        return c.what + ": " + std::to_string(c.actual) + " of " + std::to_string(c.expected);
      }
    }
    return pending_events > 0 ? std::to_string(pending_events) + " events in outboxes" : "";
  }
};

// An acknowledged set `expected` of which `present` were found, among `total` rows of their kind:
// the missing ones are lost, the rows beyond them duplicated.
void Effect(Verdict& v, const std::string& what, int64_t expected, int64_t present, int64_t total) {
  v.checks.push_back({what + " present", expected, present});
  v.checks.push_back({what + " without a duplicate", expected, total});
  v.lost += std::max<int64_t>(0, expected - present);
  v.duplicated += std::max<int64_t>(0, total - present);
}

Verdict Judge(World& world, const crm::faults::Load::Acknowledged& ack, crm::testing::Flow& flow) {
  Verdict v;
  const auto& url = world.direct_url;
  const auto n = [](const std::set<std::string>& s) { return static_cast<int64_t>(s.size()); };
  try {
    // Clients: once in the registry, once in planning's copy.
    Effect(v, "clients in the registry", n(ack.clients),
           QueryNumber(url.at("registry"),
                       "SELECT count(*) FROM clients WHERE id = ANY(" + Uuids(ack.clients) + ")"),
           QueryNumber(url.at("registry"),
                       "SELECT count(*) FROM clients WHERE display_name LIKE 'Faults %'"));
    Effect(v, "clients in planning's copy", n(ack.clients),
           QueryNumber(url.at("planning"),
                       "SELECT count(*) FROM clients WHERE id = ANY(" + Uuids(ack.clients) + ")"),
           QueryNumber(url.at("planning"),
                       "SELECT count(*) FROM clients WHERE display_name LIKE 'Faults %'"));
    // Calls planned (one more: the reference call planned before the load) and sales.
    Effect(v, "planned calls", n(ack.contacts) + 1,
           QueryNumber(url.at("planning"), "SELECT count(*) FROM contacts WHERE id = ANY(" +
                                               Uuids(ack.contacts) + ")") +
               1,
           QueryNumber(url.at("planning"), "SELECT count(*) FROM contacts"));
    const int64_t sales = n(ack.completed_contacts);
    Effect(v, "sales", sales,
           QueryNumber(url.at("planning"), "SELECT count(*) FROM sales WHERE contact_id = ANY(" +
                                               Uuids(ack.completed_contacts) + ")"),
           QueryNumber(url.at("planning"), "SELECT count(*) FROM sales"));
    v.checks.push_back(
        {"sold area (dm²) in planning", ack.sold_area_dm2,
         QueryNumber(url.at("planning"), "SELECT coalesce(sum(area_dm2), 0) FROM sales")});
    const int64_t planning_total =
        QueryNumber(url.at("planning"), "SELECT coalesce(sum(total_amount), 0) FROM sales");

    // Documents: one invoice per sale, numbered without gaps or repeats.
    const std::string documents = url.at("documents");
    const int64_t invoices =
        QueryNumber(documents, "SELECT count(*) FROM documents WHERE doc_type = 'INVOICE'");
    Effect(v, "invoices (one per sale)", sales,
           QueryNumber(documents,
                       "SELECT count(DISTINCT sale_id) FROM documents WHERE doc_type = 'INVOICE'"),
           invoices);
    v.checks.push_back({"distinct invoice numbers", invoices,
                        QueryNumber(documents,
                                    "SELECT count(DISTINCT sequence_number) FROM documents "
                                    "WHERE doc_type = 'INVOICE'")});
    v.checks.push_back({"invoice numbers without a gap", invoices,
                        QueryNumber(documents,
                                    "SELECT coalesce(max(sequence_number) - min(sequence_number) "
                                    "+ 1, 0) FROM documents WHERE doc_type = 'INVOICE'")});

    // Accounting: each invoice once, exported once for 1C.
    const std::string accounting = url.at("accounting");
    Effect(v, "invoices in accounting", invoices,
           QueryNumber(accounting, "SELECT count(DISTINCT sale_id) FROM invoices"),
           QueryNumber(accounting, "SELECT count(*) FROM invoices"));
    Effect(v, "invoice exports for 1C", invoices,
           QueryNumber(accounting,
                       "SELECT count(DISTINCT e.document_id) FROM exports e JOIN invoices i "
                       "ON i.document_id = e.document_id AND e.operation = 'issue'"),
           QueryNumber(accounting,
                       "SELECT count(*) FROM exports e JOIN invoices i "
                       "ON i.document_id = e.document_id AND e.operation = 'issue'"));

    // Analytics: its sales and its report equal to planning's.
    const std::string analytics = url.at("analytics");
    v.checks.push_back(
        {"sales in analytics", sales, QueryNumber(analytics, "SELECT count(*) FROM sales")});
    v.checks.push_back({"sales total in analytics (kopecks)", planning_total,
                        QueryNumber(analytics, "SELECT coalesce(sum(total), 0) FROM sales")});
    crm::analytics::v1::GetManagerReportRequest request;
    request.set_manager(flow.manager);
    const auto now = TimeUtil::GetCurrentTime();
    *request.mutable_start_time() = now - TimeUtil::HoursToDuration(24);
    *request.mutable_end_time() = now + TimeUtil::HoursToDuration(24);
    crm::analytics::v1::ManagerReport report;
    const auto status = flow.analytics->GetManagerReport(crm::testing::Ctx(flow.admin_token).get(),
                                                         request, &report);
    v.checks.push_back(
        {"the manager report's sales", sales, status.ok() ? report.sales_count() : -1});
    v.checks.push_back({"the manager report's area (dm²)", ack.sold_area_dm2,
                        status.ok() ? report.area_dm2() : -1});

    for (const char* service : Stack::kServices) {
      v.pending_events +=
          QueryNumber(url.at(service), "SELECT count(*) FROM outbox WHERE published_at IS NULL");
    }
  } catch (const std::exception& e) {
    v.checks.push_back({std::string("reading the databases: ") + e.what(), 0, 1});
  }
  return v;
}

struct StreamSize {
  int64_t messages = 0;
  int64_t bytes = 0;
};

StreamSize StreamSizeOf(const std::string& nats_url, const std::string& stream) {
  auto connection = crm::testing::ConnectNats(nats_url);
  auto js = crm::testing::JetStream(connection.get());
  jsStreamInfo* raw = nullptr;
  jsErrCode error = static_cast<jsErrCode>(0);
  if (js_GetStreamInfo(&raw, js.get(), stream.c_str(), nullptr, &error) != NATS_OK) {
    return {};  // never created: nothing was dead-lettered
  }
  crm::testing::JsStreamInfoPtr info(raw);
  return {static_cast<int64_t>(info->State.Msgs), static_cast<int64_t>(info->State.Bytes)};
}

Options Parse(int argc, char** argv) {
  Options options;
  for (int i = 1; i < argc; ++i) {
    const std::string arg = argv[i];
    const auto value = [&] {
      if (i + 1 >= argc) {
        throw std::invalid_argument(arg + " needs a value");
      }
      return std::string(argv[++i]);
    };
    if (arg == "--trials") {
      options.trials = std::stoi(value());
    } else if (arg == "--seed") {
      options.seed = static_cast<unsigned>(std::stoul(value()));
    } else if (arg == "--workers") {
      options.workers = std::stoi(value());
    } else if (arg == "--pace-ms") {
      options.pace_ms = std::stoi(value());
    } else if (arg == "--quick") {
      options.quick = true;
    } else {
      throw std::invalid_argument("unknown option " + arg +
                                  " (--trials N, --seed N, --workers N, --pace-ms N, --quick)");
    }
  }
  return options;
}

}  // namespace

int main(int argc, char** argv) {
  Options options;
  try {
    options = Parse(argc, argv);
  } catch (const std::exception& e) {
    std::fprintf(stderr, "crm-faults: %s\n", e.what());
    return 2;
  }
  crm::common::log::Init("crm-faults", "warn");
  std::setvbuf(stdout, nullptr, _IOLBF, 0);
  std::printf("crm-faults: %d trials, seed %u, %d workers stepping every %d ms%s\n", options.trials,
              options.seed, options.workers, options.pace_ms, options.quick ? ", quick" : "");

  World world;
  crm::testing::Flow flow(*world.stack);
  flow.SetUpReferenceData("7707083893", "773601001");
  if (flow.client.empty()) {
    std::fprintf(stderr, "crm-faults: the reference data could not be set up\n");
    return 1;
  }
  flow.PlanCall();  // planning knows the client, the person and the edition
  std::printf("stack up in %.1f s (exchange disk %s)\n", SecondsSince(world.started),
              world.exchange->mounted() ? "on its own tmpfs" : "NOT mounted: no disk-full trials");

  crm::faults::Load load(flow, options.workers, milliseconds(options.pace_ms), options.seed,
                         500000);
  load.Start();
  Suite suite(world, options);
  std::vector<Trial> trials;
  std::vector<std::string> deck;
  const auto load_started = Clock::now();
  for (int i = 0; i < options.trials; ++i) {
    if (deck.empty()) {
      deck = suite.Deck();
    }
    const std::string kind = deck.back();
    deck.pop_back();
    std::this_thread::sleep_for(milliseconds(options.quick ? 300 : 800));  // load between faults
    Trial trial = suite.Run(kind);
    const auto counts = load.counts();
    std::printf(
        "#%-3d %-22s %-20s held %5.1f s, ready again %5.1f s  (%lld calls, %lld retried)%s%s\n",
        i + 1, trial.kind.c_str(), trial.target.c_str(), trial.held_seconds, trial.recovery_seconds,
        static_cast<long long>(counts.calls), static_cast<long long>(counts.retried),
        trial.note.empty() ? "" : "  ", trial.note.c_str());
    trials.push_back(std::move(trial));
  }
  std::this_thread::sleep_for(std::chrono::seconds(1));
  load.Stop();
  const double load_seconds = SecondsSince(load_started);
  const auto counts = load.counts();
  const auto ack = load.acknowledged();

  // Everything settles: the last events reach their consumers.
  const auto settling = Clock::now();
  Verdict verdict;
  auto progress = Clock::now();
  crm::testing::Eventually(
      [&] {
        verdict = Judge(world, ack, flow);
        if (!verdict.ok() && Clock::now() - progress > std::chrono::seconds(10)) {
          progress = Clock::now();
          std::printf("  settling for %.0f s: %s\n", SecondsSince(settling),
                      verdict.first_failure().c_str());
        }
        return verdict.ok();
      },
      std::chrono::seconds(300), milliseconds(1000));
  const double settle_seconds = SecondsSince(settling);

  // The events.
  int64_t published = 0;
  int64_t consumed = 0;
  int64_t parked = 0;
  for (const char* service : Stack::kServices) {
    const std::string& url = world.direct_url.at(service);
    published += QueryNumber(url, "SELECT count(*) FROM outbox WHERE published_at IS NOT NULL");
    parked += QueryNumber(url, "SELECT count(*) FROM outbox WHERE parked_at IS NOT NULL");
    consumed += QueryNumber(url, "SELECT count(*) FROM processed_events");
  }
  const int64_t dead_lettered = StreamSizeOf(world.nats.Url(), "CRM_DLQ").messages;
  // What the data takes, for the arithmetic of docs/scaling.md.
  const StreamSize stream = StreamSizeOf(world.nats.Url(), "CRM");
  const int64_t pdfs =
      QueryNumber(world.direct_url.at("documents"), "SELECT count(*) FROM documents");
  const int64_t pdf_bytes = QueryNumber(world.direct_url.at("documents"),
                                        "SELECT coalesce(sum(length(content)), 0) FROM documents");
  std::map<std::string, int64_t> database_bytes;
  for (const char* service : Stack::kServices) {
    database_bytes[service] =
        QueryNumber(world.direct_url.at(service), "SELECT pg_database_size(current_database())");
  }

  std::map<std::string, int> by_kind;
  std::map<std::string, double> worst_recovery;
  for (const auto& t : trials) {
    ++by_kind[t.kind];
    worst_recovery[t.kind] = std::max(worst_recovery[t.kind], t.recovery_seconds);
  }
  std::printf("\n%-24s %7s %22s\n", "fault", "trials", "slowest to ready (s)");
  for (const auto& [kind, count] : by_kind) {
    std::printf("%-24s %7d %22.1f\n", kind.c_str(), count, worst_recovery[kind]);
  }
  std::printf("\nload over %.0f s: %lld calls, %lld retried while something was down (",
              load_seconds, static_cast<long long>(counts.calls),
              static_cast<long long>(counts.retried));
  for (const auto& [code, number] : counts.retried_by_code) {
    std::printf(" %s %lld", code.c_str(), static_cast<long long>(number));
  }
  std::printf(" ); refused %lld, unanswered %lld, INTERNAL/UNKNOWN %lld\n",
              static_cast<long long>(counts.refused), static_cast<long long>(counts.gave_up),
              static_cast<long long>(counts.internal));
  for (const auto& problem : counts.first_problems) {
    std::printf("  - %s\n", problem.c_str());
  }
  std::printf("acknowledged: %zu clients, %zu calls planned, %zu sales\n", ack.clients.size(),
              ack.contacts.size(), ack.completed_contacts.size());
  std::printf("settled %.1f s after the load\n\n", settle_seconds);

  std::printf("%-44s %9s %9s\n", "check against the databases", "expected", "found");
  for (const auto& c : verdict.checks) {
    std::printf("%-44s %9lld %9lld  %s\n", c.what.c_str(), static_cast<long long>(c.expected),
                static_cast<long long>(c.actual), c.ok() ? "ok" : "FAILED");
  }
  std::printf(
      "\nevents published %lld, consumed %lld, dead-lettered %lld, parked %lld, "
      "waiting %lld\neffects lost %lld, duplicated %lld\n",
      static_cast<long long>(published), static_cast<long long>(consumed),
      static_cast<long long>(dead_lettered), static_cast<long long>(parked),
      static_cast<long long>(verdict.pending_events), static_cast<long long>(verdict.lost),
      static_cast<long long>(verdict.duplicated));
  std::printf(
      "stream CRM: %lld messages, %.1f MiB (%lld bytes each on average); documents: "
      "%lld PDFs, %lld bytes each on average\ndatabases (MiB):",
      static_cast<long long>(stream.messages), static_cast<double>(stream.bytes) / 1048576.0,
      static_cast<long long>(stream.messages > 0 ? stream.bytes / stream.messages : 0),
      static_cast<long long>(pdfs), static_cast<long long>(pdfs > 0 ? pdf_bytes / pdfs : 0));
  for (const auto& [service, bytes] : database_bytes) {
    std::printf(" %s %.1f", service.c_str(), static_cast<double>(bytes) / 1048576.0);
  }
  std::printf("\n");
  std::printf("services that exited on their own: %d; repairs that failed: %d\n",
              suite.unexpected_exits(), suite.problems());

  const bool passed = verdict.ok() && dead_lettered == 0 && parked == 0 && counts.refused == 0 &&
                      counts.gave_up == 0 && suite.unexpected_exits() == 0 && suite.problems() == 0;
  if (!passed && !verdict.ok()) {
    std::printf("first failed check: %s\n", verdict.first_failure().c_str());
  }
  std::printf("\n%s: %d trials, seed %u\n", passed ? "PASSED" : "FAILED", options.trials,
              options.seed);
  return passed ? 0 : 1;
}
