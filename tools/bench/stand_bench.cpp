// Stand inventory benchmarks on a private PostgreSQL (started like the tests start it).
//
//   build/bin/crm-bench-stands board [stands=3000] [views=500]
//     An edition with `stands` stands (a tenth held, a twentieth blocked, a third sold through
//     real sales), its sales board read through StandService.GetSalesBoard (gRPC in process) beside
//     the raw SQL of the same two statements (stand_board, board_free_stands) on one connection,
//     rows fetched but not read. Target: p99 < 20 ms.
//
//   build/bin/crm-bench-stands race [stands=3000] [managers=32]
//     `managers` managers sell the edition's stands at once through PlanningService.CompleteContact
//     (gRPC in process; each sale reserves its stand in the sale's transaction), walking one
//     shuffled list of numbers with a random step of 0–3 so that neighbours collide; beside it,
//     as many connections doing the raw reservation `UPDATE … SET status = 'sold' WHERE number = $1
//     AND status = 'free'` with the same walk. Prints sales per second, conflicts, and whether
//     every stand ended with exactly one sale.
#include <algorithm>
#include <atomic>
#include <chrono>
#include <cstdio>
#include <pqxx/pqxx>
#include <random>
#include <string>
#include <thread>
#include <vector>

#include "common/core/ids.h"
#include "common/core/log.h"
#include "common/db/migrations.h"
#include "common/db/params.h"
#include "common/db/pool.h"
#include "common/grpc/service_host.h"
#include "crm/planning/v1/planning.grpc.pb.h"
#include "crm/planning/v1/stands.grpc.pb.h"
#include "services/planning/api/planning_api.h"
#include "services/planning/api/stand_api.h"
#include "services/planning/app/stand_inventory.h"
#include "services/planning/store/all_queries.h"
#include "services/planning/store/migrations.h"
#include "tests/support/service_harness.h"
#include "tests/support/test_environment.h"
#include "tools/bench/bench_database.h"
#include "tools/bench/bench_report.h"
#include "tools/bench/bench_stats.h"

namespace {

using crm::bench::PercentilesOf;
using crm::bench::Seconds;
using crm::bench::SteadyClock;
namespace v1 = crm::planning::v1;

struct Edition {
  std::string db;
  std::string client;
  std::string project;
  std::string edition;
  std::string name() const { return "projects/" + project + "/editions/" + edition; }
};

// A migrated database with one client, an edition at 8 000,00 a m² with corner and island prices,
// and `stands` free stands "S-1"…: types in turn, 9 to 60 m².
Edition Seeded(const char* prefix, int stands) {
  Edition e{crm::bench::BenchDatabase(prefix), crm::common::NewUuid(), crm::common::NewUuid(),
            crm::common::NewUuid()};
  crm::common::db::ApplyMigrations(
      e.db, crm::common::rpc::ServiceMigrationSets("planning", crm::planning::Migrations()));
  pqxx::connection conn(e.db);
  pqxx::work tx(conn);
  tx.exec_params("INSERT INTO clients (id, display_name) VALUES ($1, 'СтройМаш')", e.client);
  tx.exec_params(
      "INSERT INTO editions (id, project_id, display_name, currency_code, price_per_m2, status)"
      " VALUES ($1, $2, 'СтройЭкспо-2026', 'RUB', 800000, 'open_for_sales')",
      e.edition, e.project);
  tx.exec_params(
      "INSERT INTO edition_stand_prices VALUES ($1, 'CORNER', 900000), ($1, 'ISLAND', 1000000)",
      e.edition);
  tx.exec_params(
      "INSERT INTO stands (id, edition_id, number, number_key, sort_key, hall, stand_type,"
      " area_dm2, open_sides, create_time, update_time)"
      " SELECT gen_random_uuid(), $1, 'S-' || i, 'S-' || i, 'S-' || lpad(i::text, 8, '0'),"
      " 'Павильон ' || (1 + i % 4),"
      " (ARRAY['LINEAR','CORNER','PENINSULA','ISLAND','OPEN_AREA'])[1 + i % 5],"
      " 900 + (i * 37) % 5100, 1 + i % 4, now(), now()"
      " FROM generate_series(1, $2::int) AS i",
      e.edition, stands);
  tx.commit();
  return e;
}

// `count` planned contacts of `manager` with the client for the edition; their ids.
std::vector<std::string> PlanContacts(pqxx::connection& conn, const Edition& e,
                                      const std::string& manager, int count) {
  pqxx::work tx(conn);
  std::vector<std::string> ids;
  for (const auto& row : tx.exec_params(
           "INSERT INTO contacts (id, client_id, project_id, edition_id, type, purpose,"
           " scheduled_time, owner_id, state, create_time)"
           " SELECT gen_random_uuid(), $1, $2, $3, 'CALL', 'Предложить стенд',"
           " now() + interval '1 day', $4, 'PLANNED', now() FROM generate_series(1, $5::int)"
           " RETURNING id::text",
           e.client, e.project, e.edition, manager, count)) {
    ids.emplace_back(row[0].c_str());
  }
  tx.commit();
  return ids;
}

// --- the sales board -------------------------------------------------------------------------

int Board(int stands, int views) {
  const Edition e = Seeded("bench_stand_board", stands);
  crm::common::db::Pool pool(e.db, 4, crm::planning::AllQueries());
  crm::planning::PlanningApi planning(crm::testing::TestGuard(), pool,
                                      crm::planning::app::SystemClock());
  crm::planning::StandApi api(crm::testing::TestGuard(), pool, crm::planning::app::SystemClock());
  crm::testing::InProcessServer server({&planning, &api});
  auto stub = v1::StandService::NewStub(server.channel());
  auto planning_stub = v1::PlanningService::NewStub(server.channel());

  // A third sold through real sales, a tenth held, a twentieth blocked.
  const std::string manager = crm::common::NewUuid();
  const std::string token =
      crm::testing::TokenFor("employees/" + manager, {crm::common::auth::Role::kSalesManager});
  {
    pqxx::connection conn(e.db);
    const auto contacts = PlanContacts(conn, e, manager, stands / 3);
    for (std::size_t i = 0; i < contacts.size(); ++i) {
      v1::CompleteContactRequest request;
      request.set_name("contacts/" + contacts[i]);
      request.mutable_result()->mutable_sale()->set_stand_number("S-" + std::to_string(3 * i + 1));
      v1::CompleteContactResponse response;
      grpc::ClientContext context;
      crm::testing::Authorize(context, token);
      const auto status = planning_stub->CompleteContact(&context, request, &response);
      if (!status.ok()) {
        std::fprintf(stderr, "sale failed: %s\n", status.error_message().c_str());
        return 1;
      }
    }
    pqxx::work tx(conn);
    tx.exec_params(
        "UPDATE stands SET status = 'held', hold_client_id = $2, held_by = $3, hold_time = now(),"
        " hold_expire_time = now() + interval '3 days', version = version + 1"
        " WHERE edition_id = $1 AND status = 'free' AND substr(number, 3)::int % 10 = 2",
        e.edition, e.client, manager);
    tx.exec_params(
        "UPDATE stands SET status = 'blocked', block_reason = 'Колонна'"
        " WHERE edition_id = $1 AND status = 'free' AND substr(number, 3)::int % 20 = 5",
        e.edition);
    tx.commit();
    pqxx::nontransaction(conn).exec("VACUUM ANALYZE stands");
  }

  // Raw: the board's two statements on one connection.
  std::vector<double> raw_ms;
  std::size_t raw_free = 0;
  {
    crm::common::db::Pool raw_pool(e.db, 1, crm::planning::AllQueries());
    auto lease = raw_pool.Acquire();
    for (int i = 0; i < views; ++i) {
      const auto t0 = SteadyClock::now();
      pqxx::read_transaction tx(*lease);
      const std::string now = crm::common::db::TimeParam(
          crm::planning::app::MicrosNow(crm::planning::app::SystemClock()));
      tx.exec_prepared("stand_board", now, e.edition);
      raw_free = tx.exec_prepared("board_free_stands", now, e.edition).size();
      raw_ms.push_back(Seconds(t0) * 1000);
    }
  }
  const std::string reader =
      crm::testing::TokenFor("services/bench", {crm::common::auth::Role::kAnalyst});
  std::vector<double> api_ms;
  int api_free = 0;
  for (int i = 0; i < views; ++i) {
    const auto t0 = SteadyClock::now();
    v1::GetSalesBoardRequest request;
    request.set_edition(e.name());
    v1::SalesBoard board;
    grpc::ClientContext context;
    crm::testing::Authorize(context, reader);
    const auto status = stub->GetSalesBoard(&context, request, &board);
    if (!status.ok()) {
      std::fprintf(stderr, "GetSalesBoard failed: %s\n", status.error_message().c_str());
      return 1;
    }
    api_free = board.free_stands_size();
    api_ms.push_back(Seconds(t0) * 1000);
  }
  // The use case alone, without gRPC: where the time above goes.
  std::vector<double> app_ms;
  for (int i = 0; i < views; ++i) {
    const auto t0 = SteadyClock::now();
    const v1::SalesBoard board = crm::planning::app::GetSalesBoard(
        pool, {e.project, e.edition},
        crm::planning::app::MicrosNow(crm::planning::app::SystemClock()));
    app_ms.push_back(Seconds(t0) * 1000);
  }
  const auto raw = PercentilesOf(raw_ms);
  const auto in_process = PercentilesOf(app_ms);
  const auto via_api = PercentilesOf(api_ms);
  std::printf("sales board of %d stands (%d free), %d views\n", stands, api_free, views);
  std::printf("  %-28s p50 %7.2f ms  p99 %7.2f ms  max %7.2f ms\n", "raw SQL (2 statements)",
              raw.p50, raw.p99, raw.max);
  std::printf("  %-28s p50 %7.2f ms  p99 %7.2f ms  max %7.2f ms  (%.2fx raw p99)\n",
              "the use case, no gRPC", in_process.p50, in_process.p99, in_process.max,
              in_process.p99 / raw.p99);
  std::printf("  %-28s p50 %7.2f ms  p99 %7.2f ms  max %7.2f ms  (%.2fx raw p99)\n",
              "GetSalesBoard (gRPC)", via_api.p50, via_api.p99, via_api.max, via_api.p99 / raw.p99);
  std::printf("  target p99 < 20 ms: %s\n", via_api.p99 < 20 ? "met" : "NOT MET");
  crm::bench::Report({.name = "stand sales board p99",
                      .value = via_api.p99,
                      .unit = "ms",
                      .better = crm::bench::Better::kLower,
                      .goal = crm::bench::Goal::Value(20),
                      .raw = raw.p99,
                      .raw_name = "raw SQL (2 statements)",
                      .scale = std::to_string(stands) + " stands"});
  return static_cast<std::size_t>(api_free) == raw_free ? 0 : 1;
}

// --- the race --------------------------------------------------------------------------------

// The walk every racer takes: one shared cursor over a shuffled list, each racer stepping 0–3
// past it, so neighbours collide the way managers picking from the same board do.
class Walk {
 public:
  explicit Walk(int stands) : numbers_(static_cast<std::size_t>(stands)) {
    for (int i = 0; i < stands; ++i) {
      numbers_[static_cast<std::size_t>(i)] = "S-" + std::to_string(i + 1);
    }
    std::mt19937 rng(7);
    std::shuffle(numbers_.begin(), numbers_.end(), rng);
  }
  // The next number for a racer, or "" when the list is walked.
  const std::string* Next(std::mt19937& rng) {
    const std::size_t at = cursor_.fetch_add(1) + rng() % 4;
    return at < numbers_.size() ? &numbers_[at] : nullptr;
  }
  void Reset() { cursor_ = 0; }

 private:
  std::vector<std::string> numbers_;
  std::atomic<std::size_t> cursor_{0};
};

struct RaceResult {
  double seconds = 0;
  int sold = 0;
  int conflicts = 0;
  int errors = 0;
};

template <class Attempt>
RaceResult Race(int racers, Walk& walk, Attempt attempt) {
  RaceResult result;
  std::atomic<int> sold{0};
  std::atomic<int> conflicts{0};
  std::atomic<int> errors{0};
  std::vector<std::thread> threads;
  threads.reserve(static_cast<std::size_t>(racers));
  const auto t0 = SteadyClock::now();
  for (int r = 0; r < racers; ++r) {
    threads.emplace_back([&, r] {
      std::mt19937 rng(static_cast<unsigned>(r + 1));
      for (const std::string* number = walk.Next(rng); number != nullptr; number = walk.Next(rng)) {
        switch (attempt(r, *number)) {
          case 0:
            ++sold;
            break;
          case 1:
            ++conflicts;
            break;
          default:
            ++errors;
        }
      }
    });
  }
  for (auto& thread : threads) {
    thread.join();
  }
  result.seconds = Seconds(t0);
  result.sold = sold;
  result.conflicts = conflicts;
  result.errors = errors;
  return result;
}

int RaceForStands(int stands, int managers) {
  const Edition e = Seeded("bench_stand_race", stands);
  Walk walk(stands);

  // Raw: the bare reservation, one autocommit UPDATE per attempt, one connection per racer.
  {
    pqxx::connection conn(e.db);
    pqxx::nontransaction(conn).exec(
        "CREATE TABLE raw_stands AS SELECT number, 'free'::text AS status FROM stands;"
        "ALTER TABLE raw_stands ADD PRIMARY KEY (number)");
  }
  std::vector<std::unique_ptr<pqxx::connection>> raw_conns;
  for (int r = 0; r < managers; ++r) {
    raw_conns.push_back(std::make_unique<pqxx::connection>(e.db));
    raw_conns.back()->prepare("reserve",
                              "UPDATE raw_stands SET status = 'sold' WHERE number = $1"
                              " AND status = 'free'");
  }
  const RaceResult raw = Race(managers, walk, [&](int r, const std::string& number) {
    pqxx::work tx(*raw_conns[static_cast<std::size_t>(r)]);
    const auto rows = tx.exec_prepared("reserve", number).affected_rows();
    tx.commit();
    return rows == 1 ? 0 : 1;
  });
  raw_conns.clear();

  // Through the API: one sale per attempt, each manager with their own contacts.
  crm::common::db::Pool pool(e.db, managers, crm::planning::AllQueries());
  crm::planning::PlanningApi planning(crm::testing::TestGuard(), pool,
                                      crm::planning::app::SystemClock());
  crm::testing::InProcessServer server({&planning});
  auto stub = v1::PlanningService::NewStub(server.channel());
  std::vector<std::string> tokens;
  std::vector<std::vector<std::string>> contacts;
  {
    pqxx::connection conn(e.db);
    for (int r = 0; r < managers; ++r) {
      const std::string manager = crm::common::NewUuid();
      tokens.push_back(
          crm::testing::TokenFor("employees/" + manager, {crm::common::auth::Role::kSalesManager}));
      contacts.push_back(PlanContacts(conn, e, manager, stands / managers * 2 + 50));
    }
  }
  std::vector<std::size_t> used(static_cast<std::size_t>(managers), 0);
  walk.Reset();
  const RaceResult api = Race(managers, walk, [&](int r, const std::string& number) {
    const auto racer = static_cast<std::size_t>(r);
    if (used[racer] >= contacts[racer].size()) {
      return 2;
    }
    v1::CompleteContactRequest request;
    request.set_name("contacts/" + contacts[racer][used[racer]]);
    request.mutable_result()->mutable_sale()->set_stand_number(number);
    v1::CompleteContactResponse response;
    grpc::ClientContext context;
    crm::testing::Authorize(context, tokens[racer]);
    const auto status = stub->CompleteContact(&context, request, &response);
    if (status.ok()) {
      ++used[racer];
      return 0;
    }
    if (status.error_code() == grpc::StatusCode::FAILED_PRECONDITION) {
      return 1;  // the contact stays planned for the next attempt
    }
    std::fprintf(stderr, "sale failed: %s\n", status.error_message().c_str());
    return 2;
  });

  pqxx::connection conn(e.db);
  pqxx::work tx(conn);
  const auto check = tx.exec1(
      "SELECT (SELECT count(*) FROM stands WHERE status = 'sold'),"
      " (SELECT count(*) FROM sales), (SELECT count(DISTINCT stand_id) FROM sales),"
      " (SELECT count(*) FROM raw_stands WHERE status = 'sold')");
  const long long stands_sold = check[0].as<long long>();
  const long long sales = check[1].as<long long>();
  const long long distinct = check[2].as<long long>();
  std::printf("%d managers racing for %d stands\n", managers, stands);
  std::printf("  %-30s %8.0f reservations/s  sold %5d  conflicts %5d  (%.2f s)\n",
              "raw UPDATE ... status='free'", raw.sold / raw.seconds, raw.sold, raw.conflicts,
              raw.seconds);
  std::printf(
      "  %-30s %8.0f sales/s         sold %5d  conflicts %5d  errors %d  (%.2f s)"
      "  %.2fx raw\n",
      "CompleteContact with a stand", api.sold / api.seconds, api.sold, api.conflicts, api.errors,
      api.seconds, (api.sold / api.seconds) / (raw.sold / raw.seconds));
  const bool one_each = stands_sold == sales && sales == distinct && sales == api.sold;
  std::printf("  every sold stand has exactly one sale: %s (%lld stands sold, %lld sales)\n",
              one_each ? "yes" : "NO", stands_sold, sales);
  crm::bench::Report(
      {.name = "stand race sales",
       .value = api.sold / api.seconds,
       .unit = "sales/s",
       .better = crm::bench::Better::kHigher,
       .raw = raw.sold / raw.seconds,
       .raw_name = "raw UPDATE reservation",
       .scale = std::to_string(stands) + " stands, " + std::to_string(managers) + " managers"});
  return one_each && api.errors == 0 ? 0 : 1;
}

}  // namespace

int main(int argc, char** argv) {
  crm::common::log::Init("bench", "warn");
  const std::string mode = argc > 1 ? argv[1] : "board";
  const int stands = argc > 2 ? std::stoi(argv[2]) : 3000;
  if (mode == "board") {
    return Board(stands, argc > 3 ? std::stoi(argv[3]) : 500);
  }
  if (mode == "race") {
    return RaceForStands(stands, argc > 3 ? std::stoi(argv[3]) : 32);
  }
  std::fprintf(stderr, "usage: crm-bench-stands board|race [stands] [views|managers]\n");
  return 2;
}
