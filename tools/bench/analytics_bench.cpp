// Analytics benchmarks on a private PostgreSQL and nats-server (started like the tests start them).
//
//   build/bin/crm-bench-analytics [contacts=10000000] [sales=1000000] [runs=300] [events=100000]
//
// Loads `contacts` contacts and `sales` sales into the projection tables with COPY (not timed):
// 50 managers in 6 departments, 4 projects with an edition a year, three years (2024–2026);
// contacts of every type, 85% completed (notes, reschedules, refusals with their reasons,
// invitations, sales), 10% planned, 5% cancelled; sales of every stand type, 3% cancelled. The
// same facts go into `raw_events`, one row per event (its last one) with plain columns and two
// indexes, (manager_id, at) and (edition, kind, at), for the raw baseline.
//
// Then, for `runs` random managers, editions and months:
//   - the manager report through AnalyticsService.GetManagerReport (gRPC in process; the month
//     and the previous period of the same length) beside the same aggregation as one raw SQL
//     statement over raw_events;
//   - the edition report: GetSalesReport for one edition grouped by stand type (the sales board
//     of the edition: sales, m², money by stand type, the edition's contacts and refusals), beside
//     the same three aggregations as raw SQL over raw_events.
// Target: p99 < 100 ms each.
//
// Finally `events` events (contacts planned, reassigned and completed, sales recorded, amended
// and cancelled) are published to JetStream (not timed) and applied by the real consumer with the
// real handlers (ProjectionRouter) into the loaded database, in events per second, beside
// single-row INSERTs of the same rows into a plain table. Target: >= 20,000 events/s. Prints the
// heap peak of each phase. With CRM_BENCH_DATABASE_URL set, uses that database and loads it only
// when it holds fewer contacts than asked for.
#include <google/protobuf/util/time_util.h>

#include <array>
#include <chrono>
#include <cstdio>
#include <ctime>
#include <optional>
#include <pqxx/pqxx>
#include <random>
#include <string>
#include <thread>
#include <tuple>
#include <vector>

#include "common/bus/consumer.h"
#include "common/bus/nats_client.h"
#include "common/core/ids.h"
#include "common/core/log.h"
#include "common/db/pool.h"
#include "crm/analytics/v1/analytics.grpc.pb.h"
#include "crm/events/v1/planning_topics.h"
#include "services/analytics/api/analytics_api.h"
#include "services/analytics/events/handlers.h"
#include "services/analytics/store/migrations.h"
#include "services/analytics/store/queries.h"
#include "tests/support/event_publisher.h"
#include "tests/support/heap_meter.h"
#include "tests/support/service_harness.h"
#include "tests/support/test_environment.h"
#include "tools/bench/bench_database.h"
#include "tools/bench/bench_report.h"
#include "tools/bench/bench_stats.h"

namespace {

using crm::bench::PercentilesOf;
using crm::bench::Seconds;
using crm::bench::SteadyClock;
namespace v1 = crm::analytics::v1;

constexpr int kManagers = 50;
constexpr int kDepartments = 6;
constexpr int kProjects = 4;
constexpr int kYears = 3;
constexpr int kClients = 200000;
constexpr int64_t kStartEpoch = 1704067200;  // 2024-01-01T00:00:00Z
constexpr int64_t kSpanSeconds = 1096LL * 86400;

// Identifiers that sort in load order (a fresh B-tree fills page by page): a kind digit and a
// counter.
std::string Uuid(int kind, long long n) {
  char text[40];
  std::snprintf(text, sizeof text, "%d0000000-0000-4000-8000-%012llx", kind % 10, n);
  return text;
}
std::string ManagerId(int m) { return Uuid(4, m); }
std::string DepartmentId(int d) { return Uuid(5, d); }
std::string ClientId(int c) { return Uuid(3, c); }
std::string EditionName(int project, int year) {
  return "projects/" + Uuid(6, project) + "/editions/" + Uuid(7, project * kYears + year);
}

// "2025-03-04 05:06:07+00" for COPY, "2025-03-04T05:06:07Z" for events and parameters.
std::string TimeText(int64_t epoch, bool rfc3339 = false) {
  const std::time_t t = static_cast<std::time_t>(epoch);
  std::tm tm{};
  gmtime_r(&t, &tm);
  char text[32];
  std::strftime(text, sizeof text, rfc3339 ? "%Y-%m-%dT%H:%M:%SZ" : "%Y-%m-%d %H:%M:%S+00", &tm);
  return text;
}

// The first second of month `index` (0 = January 2024).
int64_t MonthStart(int index) {
  std::tm tm{};
  tm.tm_year = 124 + index / 12;
  tm.tm_mon = index % 12;
  tm.tm_mday = 1;
  return static_cast<int64_t>(timegm(&tm));
}

constexpr std::array<const char*, 7> kTypes = {
    "CONTACT_TYPE_CALL",  "CONTACT_TYPE_EMAIL",  "CONTACT_TYPE_MEETING",
    "CONTACT_TYPE_VISIT", "CONTACT_TYPE_LETTER", "CONTACT_TYPE_EXHIBITION_MEETING",
    "CONTACT_TYPE_OTHER"};
constexpr std::array<int, 7> kTypeWeights = {50, 20, 15, 5, 3, 5, 2};
constexpr std::array<const char*, 6> kResults = {"note",       "reschedule", "refusal",
                                                 "invitation", "sale",       "manual_sent"};
constexpr std::array<int, 6> kResultWeights = {35, 25, 15, 10, 10, 5};
constexpr std::array<const char*, 5> kReasons = {
    "REFUSAL_REASON_NO_BUDGET", "REFUSAL_REASON_NOT_TARGET_AUDIENCE",
    "REFUSAL_REASON_CHOSE_COMPETITOR", "REFUSAL_REASON_DATES_DO_NOT_SUIT", "REFUSAL_REASON_OTHER"};
constexpr std::array<const char*, 5> kStandTypes = {"STAND_TYPE_LINEAR", "STAND_TYPE_CORNER",
                                                    "STAND_TYPE_PENINSULA", "STAND_TYPE_ISLAND",
                                                    "STAND_TYPE_OPEN_AREA"};

template <std::size_t N>
std::size_t Weighted(std::mt19937_64& rng, const std::array<int, N>& weights) {
  int roll = static_cast<int>(rng() % 100);
  for (std::size_t i = 0; i < N; ++i) {
    if (roll < weights[i]) {
      return i;
    }
    roll -= weights[i];
  }
  return N - 1;
}

// The edition a fact at `epoch` belongs to: the project's edition of that year.
std::string EditionAt(int project, int64_t epoch) {
  const int year = std::min(kYears - 1, static_cast<int>((epoch - kStartEpoch) / (366LL * 86400)));
  return EditionName(project, year);
}

using Text = std::optional<std::string>;

// The raw event table: one row per fact (its last event), plain columns.
constexpr char kRawTable[] =
    "(kind text NOT NULL, id uuid NOT NULL, manager_id uuid NOT NULL, department_id uuid,"
    " client_id uuid, edition text NOT NULL, type text, result_kind text, positive boolean,"
    " refusal_reason text, stand_type text, area_dm2 bigint, net bigint, total bigint,"
    " at timestamptz NOT NULL)";
const std::vector<std::string> kRawColumns = {
    "kind",       "id",       "manager_id",  "department_id", "client_id",
    "edition",    "type",     "result_kind", "positive",      "refusal_reason",
    "stand_type", "area_dm2", "net",         "total",         "at"};

void LoadBase(pqxx::connection& conn) {
  pqxx::work tx(conn);
  for (int d = 0; d < kDepartments; ++d) {
    tx.exec_params("INSERT INTO departments (id, display_name) VALUES ($1, $2)", DepartmentId(d),
                   "Отдел продаж " + std::to_string(d + 1));
  }
  for (int m = 0; m < kManagers; ++m) {
    tx.exec_params("INSERT INTO employees (id, full_name, department_id) VALUES ($1, $2, $3)",
                   ManagerId(m), "Менеджер " + std::to_string(m + 1),
                   DepartmentId(m % kDepartments));
  }
  for (int p = 0; p < kProjects; ++p) {
    for (int y = 0; y < kYears; ++y) {
      tx.exec_params(
          "INSERT INTO editions (name, project, display_name, start_date) VALUES ($1, $2, $3,"
          " $4::date)",
          EditionName(p, y), "projects/" + Uuid(6, p),
          "Выставка " + std::to_string(p + 1) + "-" + std::to_string(2024 + y),
          std::to_string(2024 + y) + "-11-15");
    }
  }
  tx.exec(std::string("CREATE TABLE raw_events ") + kRawTable);
  tx.commit();
}

// Drops the table's secondary indexes before a bulk load; their definitions, to build after it.
std::vector<std::string> DropIndexes(pqxx::connection& conn, const std::string& table) {
  std::vector<std::string> defs;
  pqxx::work tx(conn);
  for (const auto& r :
       tx.exec_params("SELECT indexname, indexdef FROM pg_indexes WHERE tablename = $1"
                      " AND indexname NOT LIKE '%pkey'",
                      table)) {
    tx.exec("DROP INDEX " + std::string(r[0].c_str()));
    defs.emplace_back(r[1].c_str());
  }
  tx.commit();
  return defs;
}

// COPYs the contacts and sales into the projection and the same facts into raw_events.
double Load(const std::string& db, long long contacts, long long sales) {
  const auto start = SteadyClock::now();
  pqxx::connection conn(db);
  pqxx::nontransaction(conn).exec(
      "DROP TABLE IF EXISTS raw_events; TRUNCATE contacts, sales, employees, departments, editions,"
      " processed_events");
  LoadBase(conn);
  std::vector<std::string> indexes = DropIndexes(conn, "contacts");
  for (auto& def : DropIndexes(conn, "sales")) {
    indexes.push_back(std::move(def));
  }
  std::mt19937_64 rng(2026);
  pqxx::connection raw_conn(db);
  pqxx::work raw_tx(raw_conn);
  pqxx::stream_to raw(raw_tx, "raw_events", kRawColumns);
  {
    pqxx::work tx(conn);
    pqxx::stream_to copy(
        tx, "contacts",
        std::vector<std::string>{"id", "owner_id", "type", "scheduled_time", "state", "result_kind",
                                 "complete_time", "event_time", "client_id", "edition", "positive",
                                 "refusal_reason"});
    for (long long i = 0; i < contacts; ++i) {
      const int m = static_cast<int>(rng() % kManagers);
      const int64_t at = kStartEpoch + static_cast<int64_t>(rng() % kSpanSeconds);
      const std::string edition = EditionAt(static_cast<int>(rng() % kProjects), at);
      const std::string client = ClientId(static_cast<int>(rng() % kClients));
      const char* type = kTypes[Weighted(rng, kTypeWeights)];
      const int state_roll = static_cast<int>(rng() % 100);
      const std::string id = Uuid(1, i);
      const std::string when = TimeText(at);
      if (state_roll < 85) {
        const std::string result = kResults[Weighted(rng, kResultWeights)];
        const bool positive = result == "sale" || result == "invitation" || result == "manual_sent";
        const Text reason = result == "refusal" ? Text(kReasons[rng() % kReasons.size()]) : Text();
        const std::string scheduled = TimeText(at - 3600);
        copy << std::make_tuple(id, ManagerId(m), type, scheduled, "completed", result, when, when,
                                client, edition, positive, reason);
        raw << std::make_tuple("contact.completed", id, ManagerId(m),
                               DepartmentId(m % kDepartments), client, edition, type, Text(result),
                               positive, reason, Text(), std::optional<int64_t>(),
                               std::optional<int64_t>(), std::optional<int64_t>(), when);
      } else {
        const char* state = state_roll < 95 ? "planned" : "cancelled";
        copy << std::make_tuple(id, ManagerId(m), type, when, state, Text(), Text(), when, client,
                                edition, false, Text());
        raw << std::make_tuple(std::string("contact.") + state, id, ManagerId(m),
                               DepartmentId(m % kDepartments), client, edition, type, Text(),
                               std::optional<bool>(), Text(), Text(), std::optional<int64_t>(),
                               std::optional<int64_t>(), std::optional<int64_t>(), when);
      }
      if (i % 1000000 == 999999) {
        std::fprintf(stderr, "loaded %lld contacts (%.0f s)\n", i + 1, Seconds(start));
      }
    }
    copy.complete();
    tx.commit();
  }
  {
    pqxx::work tx(conn);
    pqxx::stream_to copy(tx, "sales",
                         std::vector<std::string>{"id", "manager_id", "area_dm2", "net", "total",
                                                  "sale_time", "stand_type", "state", "event_time",
                                                  "edition", "client_id", "department_id"});
    for (long long i = 0; i < sales; ++i) {
      const int m = static_cast<int>(rng() % kManagers);
      const int64_t at = kStartEpoch + static_cast<int64_t>(rng() % kSpanSeconds);
      const std::string edition = EditionAt(static_cast<int>(rng() % kProjects), at);
      const std::string client = ClientId(static_cast<int>(rng() % kClients));
      const std::string stand_type = kStandTypes[rng() % kStandTypes.size()];
      const int64_t area = 900 + static_cast<int64_t>(rng() % 5100);
      const int64_t net = area * 8000;
      const int64_t total = net * 122 / 100;
      const bool cancelled = rng() % 100 < 3;
      const std::string id = Uuid(2, i);
      const std::string when = TimeText(at);
      copy << std::make_tuple(id, ManagerId(m), area, net, total, when, stand_type,
                              cancelled ? "cancelled" : "active", when, edition, client,
                              DepartmentId(m % kDepartments));
      raw << std::make_tuple(cancelled ? "sale.cancelled" : "sale.recorded", id, ManagerId(m),
                             DepartmentId(m % kDepartments), client, edition, Text(), Text(),
                             std::optional<bool>(), Text(), Text(stand_type),
                             std::optional<int64_t>(area), std::optional<int64_t>(net),
                             std::optional<int64_t>(total), when);
    }
    copy.complete();
    tx.commit();
  }
  raw.complete();
  raw_tx.commit();
  std::fprintf(stderr, "copied (%.0f s); building indexes\n", Seconds(start));
  for (const auto& def : indexes) {
    pqxx::nontransaction(conn).exec(def);
  }
  pqxx::nontransaction(conn).exec(
      "CREATE INDEX raw_events_by_manager ON raw_events (manager_id, at);"
      "CREATE INDEX raw_events_by_edition ON raw_events (edition, kind, at)");
  pqxx::nontransaction(conn).exec("VACUUM ANALYZE contacts");
  pqxx::nontransaction(conn).exec("VACUUM ANALYZE sales");
  pqxx::nontransaction(conn).exec("VACUUM ANALYZE raw_events");
  pqxx::nontransaction(conn).exec("VACUUM ANALYZE employees");
  return Seconds(start);
}

google::protobuf::Timestamp At(int64_t epoch) {
  return google::protobuf::util::TimeUtil::SecondsToTimestamp(epoch);
}

struct Pick {
  int manager = 0;
  int project = 0;
  int month = 0;  // 1..35: every period has a previous one in the data
};

double MiB(std::size_t bytes) { return static_cast<double>(bytes) / (1024.0 * 1024.0); }

void PrintLine(const char* what, const crm::bench::Percentiles& p, double raw_p99) {
  if (raw_p99 > 0) {
    std::printf("  %-34s p50 %7.2f ms  p99 %7.2f ms  max %7.2f ms  (%.2fx raw p99)\n", what, p.p50,
                p.p99, p.max, p.p99 / raw_p99);
  } else {
    std::printf("  %-34s p50 %7.2f ms  p99 %7.2f ms  max %7.2f ms\n", what, p.p50, p.p99, p.max);
  }
}

// --- the reports -------------------------------------------------------------------------------

bool Reports(const std::string& db, const std::vector<Pick>& picks, const std::string& scale) {
  crm::common::db::Pool pool(db, 2, crm::analytics::Queries());
  crm::analytics::AnalyticsApi api(crm::testing::TestGuard(), pool);
  crm::testing::InProcessServer server({&api});
  auto stub = v1::AnalyticsService::NewStub(server.channel());
  const std::string token =
      crm::testing::TokenFor("employees/" + ManagerId(0), {crm::common::auth::Role::kAnalyst});

  pqxx::connection raw_conn(db);
  raw_conn.prepare("raw_manager",
                   "SELECT at >= $2::timestamptz AS current, kind, type, result_kind, count(*),"
                   " sum(area_dm2), sum(net), sum(total) FROM raw_events"
                   " WHERE manager_id = $1::uuid AND at >= $3::timestamptz AND at < $4::timestamptz"
                   " GROUP BY 1, 2, 3, 4");
  raw_conn.prepare("raw_edition_sales",
                   "SELECT at >= $2::timestamptz AS current, stand_type, count(*), sum(area_dm2),"
                   " sum(net), sum(total) FROM raw_events"
                   " WHERE edition = $1 AND kind = 'sale.recorded'"
                   " AND at >= $3::timestamptz AND at < $4::timestamptz"
                   " GROUP BY GROUPING SETS ((1, 2), (1))");
  raw_conn.prepare("raw_edition_contacts",
                   "SELECT at >= $2::timestamptz AS current, count(*),"
                   " count(*) FILTER (WHERE positive),"
                   " count(*) FILTER (WHERE result_kind = 'refusal'), count(DISTINCT client_id)"
                   " FROM raw_events WHERE edition = $1 AND kind = 'contact.completed'"
                   " AND at >= $3::timestamptz AND at < $4::timestamptz GROUP BY 1");
  raw_conn.prepare("raw_edition_refusals",
                   "SELECT refusal_reason, count(*) FROM raw_events"
                   " WHERE edition = $1 AND kind = 'contact.completed' AND result_kind = 'refusal'"
                   " AND at >= $2::timestamptz AND at < $3::timestamptz GROUP BY 1");

  std::vector<double> raw_manager_ms;
  std::vector<double> raw_edition_ms;
  long long raw_manager_sales = 0;
  long long raw_edition_sales = 0;
  for (const auto& pick : picks) {
    const std::string prev = TimeText(2 * MonthStart(pick.month) - MonthStart(pick.month + 1));
    const std::string start = TimeText(MonthStart(pick.month));
    const std::string end = TimeText(MonthStart(pick.month + 1));
    auto t0 = SteadyClock::now();
    {
      pqxx::read_transaction tx(raw_conn);
      for (const auto& row :
           tx.exec_prepared("raw_manager", ManagerId(pick.manager), start, prev, end)) {
        if (row[0].as<bool>() && std::string(row[1].c_str()) == "sale.recorded") {
          raw_manager_sales += row[4].as<long long>();
        }
      }
    }
    raw_manager_ms.push_back(Seconds(t0) * 1000);
    const std::string edition = EditionAt(pick.project, MonthStart(pick.month));
    t0 = SteadyClock::now();
    {
      pqxx::read_transaction tx(raw_conn);
      for (const auto& row : tx.exec_prepared("raw_edition_sales", edition, start, prev, end)) {
        if (row[0].as<bool>() && row[1].is_null()) {
          raw_edition_sales += row[2].as<long long>();
        }
      }
      tx.exec_prepared("raw_edition_contacts", edition, start, prev, end);
      tx.exec_prepared("raw_edition_refusals", edition, start, end);
    }
    raw_edition_ms.push_back(Seconds(t0) * 1000);
  }

  std::vector<double> manager_ms;
  std::vector<double> edition_ms;
  long long manager_sales = 0;
  long long edition_sales = 0;
  const crm::testing::HeapPeak heap;
  for (const auto& pick : picks) {
    v1::GetManagerReportRequest request;
    request.set_manager("employees/" + ManagerId(pick.manager));
    *request.mutable_start_time() = At(MonthStart(pick.month));
    *request.mutable_end_time() = At(MonthStart(pick.month + 1));
    v1::ManagerReport report;
    grpc::ClientContext context;
    crm::testing::Authorize(context, token);
    auto t0 = SteadyClock::now();
    auto status = stub->GetManagerReport(&context, request, &report);
    manager_ms.push_back(Seconds(t0) * 1000);
    if (!status.ok()) {
      std::fprintf(stderr, "GetManagerReport failed: %s\n", status.error_message().c_str());
      return false;
    }
    manager_sales += report.sales_count();

    v1::GetSalesReportRequest sales_request;
    *sales_request.mutable_start_time() = At(MonthStart(pick.month));
    *sales_request.mutable_end_time() = At(MonthStart(pick.month + 1));
    sales_request.set_group_by(v1::SALES_REPORT_GROUPING_STAND_TYPE);
    sales_request.set_edition(EditionAt(pick.project, MonthStart(pick.month)));
    v1::SalesReport board;
    grpc::ClientContext sales_context;
    crm::testing::Authorize(sales_context, token);
    t0 = SteadyClock::now();
    status = stub->GetSalesReport(&sales_context, sales_request, &board);
    edition_ms.push_back(Seconds(t0) * 1000);
    if (!status.ok()) {
      std::fprintf(stderr, "GetSalesReport failed: %s\n", status.error_message().c_str());
      return false;
    }
    edition_sales += board.total().current().sales_count();
  }
  const std::size_t heap_peak = heap.extra_bytes();

  const auto raw_manager = PercentilesOf(raw_manager_ms);
  const auto raw_edition = PercentilesOf(raw_edition_ms);
  const auto manager = PercentilesOf(manager_ms);
  const auto edition = PercentilesOf(edition_ms);
  std::printf("manager report (a month and the one before), %zu random managers and months\n",
              picks.size());
  PrintLine("raw SQL over raw_events (1 stmt)", raw_manager, 0);
  PrintLine("GetManagerReport (gRPC)", manager, raw_manager.p99);
  std::printf("  same figures as raw: %s (%lld sales in the months)\n",
              manager_sales == raw_manager_sales ? "yes" : "NO", manager_sales);
  std::printf("  target p99 < 100 ms: %s\n", manager.p99 < 100 ? "met" : "NOT MET");
  std::printf("edition report (an edition's month by stand type, and the one before)\n");
  PrintLine("raw SQL over raw_events (3 stmts)", raw_edition, 0);
  PrintLine("GetSalesReport (gRPC)", edition, raw_edition.p99);
  std::printf("  same figures as raw: %s (%lld sales in the months)\n",
              edition_sales == raw_edition_sales ? "yes" : "NO", edition_sales);
  std::printf("  target p99 < 100 ms: %s\n", edition.p99 < 100 ? "met" : "NOT MET");
  std::printf("  heap peak over both reports' runs: %.1f MiB\n", MiB(heap_peak));
  crm::bench::Report({.name = "analytics manager report p99",
                      .value = manager.p99,
                      .unit = "ms",
                      .better = crm::bench::Better::kLower,
                      .goal = crm::bench::Goal::Value(100),
                      .raw = raw_manager.p99,
                      .raw_name = "raw SQL over raw_events",
                      .scale = scale});
  crm::bench::Report({.name = "analytics edition report p99",
                      .value = edition.p99,
                      .unit = "ms",
                      .better = crm::bench::Better::kLower,
                      .goal = crm::bench::Goal::Value(100),
                      .raw = raw_edition.p99,
                      .raw_name = "raw SQL over raw_events",
                      .scale = scale});
  return manager_sales == raw_manager_sales && edition_sales == raw_edition_sales;
}

// --- applying events ----------------------------------------------------------------------------

// One event of the stream with the raw row it stands for.
struct Published {
  std::string kind;
  std::string id;
  std::string manager;
  std::string edition;
  std::string type;
  std::string result;
  int64_t area = 0;
  int64_t at = 0;
};

// Publishes `count` events (untimed): each contact planned then completed, every 20th reassigned
// in between; a sale for every 5th contact, every 50th sale amended and every 100th cancelled.
std::vector<Published> PublishEvents(const std::string& nats_url, int count) {
  crm::common::bus::NatsClient nats(nats_url, "crm-bench-publisher");
  nats.WaitConnected(std::chrono::seconds(5));
  nats.EnsureStreams(crm::common::bus::StreamLayout{});
  std::mt19937_64 rng(15);
  std::vector<Published> out;
  out.reserve(static_cast<std::size_t>(count));
  int64_t clock = MonthStart(37);  // after every month the reports read
  auto publish = [&](const auto& topic, const auto& payload, Published row) {
    ++clock;
    row.at = clock;
    crm::testing::PublishEventOn(
        nats, topic, crm::common::NewUuid(), payload,
        crm::testing::PublishOptions{
            .subject_id = "", .nats_msg_id = "", .time = TimeText(clock, true)});
    out.push_back(std::move(row));
  };
  for (long long n = 0; static_cast<int>(out.size()) < count; ++n) {
    const int m = static_cast<int>(rng() % kManagers);
    const std::string owner = "employees/" + ManagerId(m);
    const std::string contact = "contacts/" + Uuid(8, n);
    const std::string edition = EditionName(static_cast<int>(rng() % kProjects), kYears - 1);
    const auto type = static_cast<crm::planning::v1::ContactType>(1 + rng() % 7);
    crm::events::v1::ContactPlanned planned;
    planned.set_contact(contact);
    planned.set_client("clients/" + ClientId(static_cast<int>(rng() % kClients)));
    planned.set_edition(edition);
    planned.set_type(type);
    planned.set_purpose("Предложить стенд");
    *planned.mutable_scheduled_time() = At(clock + 86400);
    planned.set_owner(owner);
    publish(crm::events::v1::kContactPlanned, planned,
            {"contact.planned", Uuid(8, n), ManagerId(m), edition,
             crm::planning::v1::ContactType_Name(type), "", 0, 0});
    std::string final_owner = owner;
    if (n % 20 == 7) {
      const int other = (m + 1) % kManagers;
      crm::events::v1::ContactReassigned reassigned;
      reassigned.set_contact(contact);
      reassigned.set_previous_owner(owner);
      reassigned.set_new_owner("employees/" + ManagerId(other));
      *reassigned.mutable_scheduled_time() = planned.scheduled_time();
      final_owner = reassigned.new_owner();
      publish(crm::events::v1::kContactReassigned, reassigned,
              {"contact.reassigned", Uuid(8, n), ManagerId(other), edition, "", "", 0, 0});
    }
    const std::string kind = kResults[Weighted(rng, kResultWeights)];
    crm::events::v1::ContactCompleted completed;
    completed.set_contact(contact);
    completed.set_owner(final_owner);
    completed.set_client(planned.client());
    completed.set_edition(edition);
    completed.set_type(type);
    *completed.mutable_scheduled_time() = planned.scheduled_time();
    *completed.mutable_complete_time() = At(clock + 86400);
    if (kind == "refusal") {
      completed.mutable_result()->mutable_refusal()->set_reason(
          crm::planning::v1::REFUSAL_REASON_NO_BUDGET);
    } else {
      completed.mutable_result()->mutable_note()->set_text("Договорились");
    }
    completed.set_result_kind(kind);
    publish(crm::events::v1::kContactCompleted, completed,
            {"contact.completed", Uuid(8, n), final_owner.substr(10), edition,
             crm::planning::v1::ContactType_Name(type), kind, 0, 0});
    if (n % 5 == 0) {
      crm::events::v1::SaleRecorded sale;
      sale.set_sale("sales/" + Uuid(9, n));
      sale.set_contact(contact);
      sale.mutable_client()->set_client(planned.client());
      sale.mutable_edition()->set_edition(edition);
      sale.mutable_edition()->set_project(edition.substr(0, edition.find("/editions/")));
      sale.mutable_edition()->set_display_name("Выставка");
      *sale.mutable_sale_time() = At(clock);
      sale.mutable_manager()->set_employee(final_owner);
      sale.mutable_manager()->set_full_name("Менеджер");
      const int64_t area = 900 + static_cast<int64_t>(rng() % 5100);
      sale.set_area_dm2(area);
      sale.mutable_net_amount()->set_currency_code("RUB");
      sale.mutable_net_amount()->set_minor_units(area * 8000);
      sale.set_vat_rate_bp(2200);
      sale.mutable_total_amount()->set_currency_code("RUB");
      sale.mutable_total_amount()->set_minor_units(area * 9760);
      sale.set_stand_type(crm::planning::v1::STAND_TYPE_CORNER);
      publish(crm::events::v1::kSaleRecorded, sale,
              {"sale.recorded", Uuid(9, n), final_owner.substr(10), edition, "", "", area, 0});
      if (n % 250 == 0) {
        crm::events::v1::SaleAmended amended;
        *amended.mutable_previous() = sale;
        *amended.mutable_sale() = sale;
        amended.mutable_sale()->set_area_dm2(area + 300);
        amended.add_changed_fields("area_dm2");
        amended.set_amended_by(final_owner);
        publish(
            crm::events::v1::kSaleAmended, amended,
            {"sale.amended", Uuid(9, n), final_owner.substr(10), edition, "", "", area + 300, 0});
      } else if (n % 500 == 5) {
        crm::events::v1::SaleCancelled cancelled;
        *cancelled.mutable_sale() = sale;
        cancelled.mutable_sale()->set_state("CANCELLED");
        cancelled.set_cancelled_by(final_owner);
        publish(crm::events::v1::kSaleCancelled, cancelled,
                {"sale.cancelled", Uuid(9, n), final_owner.substr(10), edition, "", "", area, 0});
      }
    }
  }
  return out;
}

bool Apply(const std::string& db, const std::string& nats_url, int count) {
  auto published_start = SteadyClock::now();
  const std::vector<Published> events = PublishEvents(nats_url, count);
  std::printf("applying events: %zu published to JetStream in %.1f s (not timed)\n", events.size(),
              Seconds(published_start));

  // Raw: one INSERT per event into a plain table, autocommit, one connection.
  double raw_s = 0;
  {
    pqxx::connection conn(db);
    // What an earlier run applied goes first, so that the counts below are this run's.
    pqxx::nontransaction(conn).exec(
        "DELETE FROM contacts WHERE id::text LIKE '8%'; DELETE FROM sales WHERE id::text LIKE '9%';"
        " TRUNCATE processed_events");
    pqxx::nontransaction(conn).exec(std::string("DROP TABLE IF EXISTS raw_applied;"
                                                " CREATE TABLE raw_applied ") +
                                    kRawTable);
    conn.prepare("insert",
                 "INSERT INTO raw_applied (kind, id, manager_id, edition, type, result_kind,"
                 " area_dm2, at) VALUES ($1, $2, $3, $4, $5, $6, $7, to_timestamp($8))");
    const auto t0 = SteadyClock::now();
    for (const auto& e : events) {
      pqxx::nontransaction tx(conn);
      tx.exec_prepared("insert", e.kind, e.id, e.manager, e.edition, e.type, e.result, e.area,
                       e.at);
    }
    raw_s = Seconds(t0);
  }

  crm::common::db::Pool pool(db, 2, crm::analytics::Queries());
  crm::common::bus::EventConsumer consumer(pool, nats_url, crm::common::bus::StreamLayout{},
                                           crm::analytics::ProjectionConsumerOptions(),
                                           crm::analytics::ProjectionRouter());
  const crm::testing::HeapPeak heap;
  const auto t0 = SteadyClock::now();
  consumer.Start();
  while (consumer.processed() + consumer.dead_lettered() < events.size() && Seconds(t0) < 3600) {
    std::this_thread::sleep_for(std::chrono::milliseconds(2));
  }
  const double apply_s = Seconds(t0);
  consumer.Stop();
  const std::size_t heap_peak = heap.extra_bytes();

  pqxx::connection conn(db);
  const auto counts = pqxx::nontransaction(conn).exec1(
      "SELECT (SELECT count(*) FROM contacts WHERE id::text LIKE '8%'),"
      " (SELECT count(*) FROM contacts WHERE id::text LIKE '8%' AND state = 'completed'),"
      " (SELECT count(*) FROM sales WHERE id::text LIKE '9%'),"
      " (SELECT count(*) FROM sales WHERE id::text LIKE '9%' AND state = 'cancelled')");
  const double events_s = static_cast<double>(events.size());
  std::printf("  %-34s %9.0f rows/s    (%.2f s)\n", "raw INSERT, one per event", events_s / raw_s,
              raw_s);
  std::printf("  %-34s %9.0f events/s  (%.2f s)  %.2fx raw\n", "consumer + ProjectionRouter",
              events_s / apply_s, apply_s, raw_s / apply_s);
  std::printf(
      "  applied %llu, dead-lettered %llu; contacts %lld (completed %lld), sales %lld"
      " (cancelled %lld)\n",
      static_cast<unsigned long long>(consumer.processed()),
      static_cast<unsigned long long>(consumer.dead_lettered()), counts[0].as<long long>(),
      counts[1].as<long long>(), counts[2].as<long long>(), counts[3].as<long long>());
  std::printf("  target >= 20,000 events/s: %s\n", events_s / apply_s >= 20000 ? "met" : "NOT MET");
  std::printf("  heap peak while applying: %.1f MiB\n", MiB(heap_peak));
  crm::bench::Report({.name = "analytics projection applying events",
                      .value = events_s / apply_s,
                      .unit = "events/s",
                      .better = crm::bench::Better::kHigher,
                      .goal = crm::bench::Goal::Value(20000),
                      .raw = events_s / raw_s,
                      .raw_name = "raw INSERT, one per event",
                      .scale = std::to_string(events.size()) + " events"});
  return consumer.dead_lettered() == 0;
}

}  // namespace

int main(int argc, char** argv) {
  crm::common::log::Init("bench", "warn");
  const long long contacts = argc > 1 ? std::stoll(argv[1]) : 10000000;
  const long long sales = argc > 2 ? std::stoll(argv[2]) : 1000000;
  const int runs = argc > 3 ? std::stoi(argv[3]) : 300;
  const int events = argc > 4 ? std::stoi(argv[4]) : 100000;

  const std::string db = crm::bench::BenchDatabase("bench_analytics");
  crm::testing::Migrate(db, "analytics", crm::analytics::Migrations());
  {
    pqxx::connection conn(db);
    const auto stored = pqxx::nontransaction(conn).exec1(
        "SELECT (SELECT count(*) FROM contacts), (SELECT count(*) FROM sales),"
        " to_regclass('raw_events') IS NOT NULL");
    if (stored[0].as<long long>() < contacts || stored[1].as<long long>() < sales ||
        !stored[2].as<bool>()) {
      const double load_s = Load(db, contacts, sales);
      std::printf("loaded %lld contacts and %lld sales (and as many raw events) in %.0f s\n",
                  contacts, sales, load_s);
    } else {
      std::printf("using the %lld contacts and %lld sales already loaded\n",
                  stored[0].as<long long>(), stored[1].as<long long>());
    }
  }

  std::mt19937 rng(42);
  std::vector<Pick> picks;
  picks.reserve(static_cast<std::size_t>(runs));
  for (int i = 0; i < runs; ++i) {
    picks.push_back({static_cast<int>(rng() % kManagers), static_cast<int>(rng() % kProjects),
                     1 + static_cast<int>(rng() % 35)});
  }
  const bool reports_ok = Reports(db, picks,
                                  std::to_string(contacts) + " contacts, " + std::to_string(sales) +
                                      " sales, " + std::to_string(runs) + " runs");
  const bool apply_ok = Apply(db, crm::testing::TestEnvironment::Get().FreshNats(), events);
  std::printf("process max RSS %ld MiB\n", crm::bench::MaxRssMiB());
  return reports_ok && apply_ok ? 0 : 1;
}
