// Calendar benchmarks on a private PostgreSQL and nats-server (started like the tests start them).
//
//   build/bin/crm-bench-calendar month [tasks=10000000] [managers=500] [views=300]
//     Bulk-loads `tasks` calendar tasks (INSERT ... SELECT generate_series, indexes rebuilt after
//     the load) over `managers` managers and three years, then times a manager's month view
//     through CalendarService.ListCalendar (gRPC in process, every page of the month, pages of
//     1000) beside the raw SQL of the same statement on one connection: the month grid
//     (CALENDAR_VIEW_BASIC, from the calendar index), then every field (CALENDAR_VIEW_FULL).
//     10 million tasks load in several minutes on 2 cores. With CRM_BENCH_DATABASE_URL set, uses
//     that database and loads it only when it holds fewer tasks than asked for.
//
//   build/bin/crm-bench-calendar reminders [reminders=10000]
//     Plans `reminders` reminders due at one instant, runs the real scheduler, outbox relay and a
//     NATS subscriber, and prints the lag from the due time to the subscriber's receipt; beside it,
//     a plain loop publishing as many messages straight to JetStream, measured the same way.
#include <google/protobuf/util/time_util.h>
#include <nats/nats.h>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <cstdio>
#include <mutex>
#include <pqxx/pqxx>
#include <random>
#include <string>
#include <thread>
#include <tuple>
#include <vector>

#include "common/bus/nats_client.h"
#include "common/bus/outbox.h"
#include "common/core/ids.h"
#include "common/core/log.h"
#include "common/db/migrations.h"
#include "common/db/params.h"
#include "common/db/pool.h"
#include "common/db/row.h"
#include "common/grpc/service_host.h"
#include "crm/events/v1/planning_topics.h"
#include "crm/planning/v1/calendar.grpc.pb.h"
#include "services/planning/api/calendar_api.h"
#include "services/planning/api/planning_api.h"
#include "services/planning/app/reminder_scheduler.h"
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
using crm::testing::TestEnvironment;
using google::protobuf::util::TimeUtil;

int64_t NowMicros() {
  return std::chrono::duration_cast<std::chrono::microseconds>(
             std::chrono::system_clock::now().time_since_epoch())
      .count();
}

// `db` with the shared tables and planning's schema.
std::string Migrated(std::string db) {
  crm::common::db::ApplyMigrations(
      db, crm::common::rpc::ServiceMigrationSets("planning", crm::planning::Migrations()));
  return db;
}

std::string FreshPlanningDatabase(const char* prefix) {
  return Migrated(TestEnvironment::Get().FreshDatabase(prefix));
}

// One client, edition and contact-person-free projection the generated tasks refer to.
void SeedProjection(pqxx::connection& conn, const std::string& client, const std::string& project,
                    const std::string& edition) {
  pqxx::work tx(conn);
  tx.exec_params("INSERT INTO clients (id, display_name) VALUES ($1, 'СтройМаш')", client);
  tx.exec_params(
      "INSERT INTO editions (id, project_id, display_name, currency_code, price_per_m2)"
      " VALUES ($1, $2, 'СтройЭкспо-2026', 'RUB', 800000)",
      edition, project);
  tx.commit();
}

// --- month view ----------------------------------------------------------------------------------

// Loads `tasks` tasks spread over `managers` managers into the empty contacts table; returns the
// seconds the load and the index build took.
std::pair<double, double> LoadTasks(pqxx::connection& conn, long long tasks, int managers) {
  const std::string client = crm::common::NewUuid();
  const std::string project = crm::common::NewUuid();
  const std::string edition = crm::common::NewUuid();
  SeedProjection(conn, client, project, edition);

  // Managers are md5-derived uuids 1..managers; tasks spread evenly over 2024-2026.
  auto start = SteadyClock::now();
  std::vector<std::string> indexes;
  {
    pqxx::work tx(conn);
    for (const auto& r : tx.exec("SELECT indexname, indexdef FROM pg_indexes"
                                 " WHERE tablename = 'contacts' AND indexname <> 'contacts_pkey'"
                                 " AND indexdef NOT LIKE '%UNIQUE%'")) {
      tx.exec("DROP INDEX " + std::string(r[0].c_str()));
      indexes.emplace_back(r[1].c_str());
    }
    tx.commit();
  }
  const long long chunk = 1'000'000;
  for (long long from = 1; from <= tasks; from += chunk) {
    const long long to = std::min(tasks, from + chunk - 1);
    pqxx::work tx(conn);
    tx.exec_params(
        "INSERT INTO contacts (id, client_id, project_id, edition_id, type, purpose,"
        " purpose_kind, scheduled_time, owner_id, state, create_time, duration_s, channel,"
        " reminders)"
        " SELECT gen_random_uuid(), $1, $2, $3, 'CALL', 'Предложить участие', 'SEND_OFFER',"
        " timestamptz '2024-01-01 06:00:00+00' + (i % 1096) * interval '1 day'"
        "   + ((i / 1096) % 600) * interval '1 minute',"
        " md5('manager' || (i % $6))::uuid, 'PLANNED', now(), 1800,"
        // Like a real task: the phone and e-mail used, a reminder 15 minutes before.
        " '{\"phone\": \"+7 846 200-00-00\", \"email\": \"info@stroymash.example\"}',"
        " '[{\"beforeStart\": \"900s\"}]'"
        " FROM generate_series($4::bigint, $5::bigint) AS i",
        client, project, edition, from, to, managers);
    tx.commit();
    std::fprintf(stderr, "loaded %lld tasks (%.0f s)\n", to, Seconds(start));
  }
  const double load_s = Seconds(start);
  start = SteadyClock::now();
  for (const auto& def : indexes) {
    pqxx::nontransaction(conn).exec(def);
  }
  pqxx::nontransaction(conn).exec("VACUUM ANALYZE contacts");
  return {load_s, Seconds(start)};
}

// A client app asks for a whole month in one page (ListCalendar's maximum).
constexpr int kMonthPageSize = 1000;

int Month(long long tasks, int managers, int views) {
  const std::string db = Migrated(crm::bench::BenchDatabase("bench_calendar_month"));
  pqxx::connection conn(db);
  double load_s = 0;
  double index_s = 0;
  const long long stored =
      pqxx::nontransaction(conn).exec1("SELECT count(*) FROM contacts")[0].as<long long>();
  if (stored < tasks) {
    pqxx::nontransaction(conn).exec0("TRUNCATE contacts, clients, editions CASCADE");
    std::tie(load_s, index_s) = LoadTasks(conn, tasks, managers);
  }

  crm::common::db::Pool pool(db, 2, crm::planning::AllQueries());
  crm::planning::CalendarApi api(crm::testing::TestGuard(), pool,
                                 crm::planning::app::SystemClock());
  crm::testing::InProcessServer server({&api});
  auto stub = crm::planning::v1::CalendarService::NewStub(server.channel());

  std::mt19937 rng(42);
  std::vector<std::pair<std::string, std::pair<int, int>>> picks;  // manager, (year, month)
  for (int i = 0; i < views; ++i) {
    const int m = 1 + static_cast<int>(rng() % static_cast<unsigned>(managers - 1));
    picks.push_back({pqxx::nontransaction(conn)
                         .exec_params1("SELECT md5('manager' || $1::int)::uuid::text", m)[0]
                         .c_str(),
                     {2024 + static_cast<int>(rng() % 3), 1 + static_cast<int>(rng() % 12)}});
  }

  // Raw: the same named statement on one connection, bounds computed in SQL like the API does.
  auto raw_views = [&](const char* statement, std::size_t& rows_out) {
    std::vector<double> ms;
    crm::common::db::Pool raw_pool(db, 1, crm::planning::AllQueries());
    auto lease = raw_pool.Acquire();
    for (const auto& [manager, ym] : picks) {
      const auto t0 = SteadyClock::now();
      pqxx::read_transaction tx(*lease);
      char date[16];
      std::snprintf(date, sizeof date, "%04d-%02d-01", ym.first % 10000, ym.second % 100);
      const crm::common::db::Row bounds(
          tx.exec_prepared1("calendar_bounds", date, "month", "Europe/Samara"));
      auto rows = tx.exec_prepared(statement, manager,
                                   crm::common::db::TimeParam(bounds.TimeFromMicros("start_us")),
                                   crm::common::db::TimeParam(bounds.TimeFromMicros("end_us")),
                                   false, nullptr, nullptr, kMonthPageSize + 1);
      rows_out += rows.size();
      ms.push_back(Seconds(t0) * 1000);
    }
    return ms;
  };

  const std::string token =
      crm::testing::TokenFor("services/bench", {crm::common::auth::Role::kAdmin});
  // A client app's month: ListCalendar pages until the month is complete.
  auto api_views = [&](crm::planning::v1::CalendarView view, std::size_t& rows_out,
                       std::vector<double>& ms) {
    for (const auto& [manager, ym] : picks) {
      const auto t0 = SteadyClock::now();
      std::string page_token;
      do {
        crm::planning::v1::ListCalendarRequest request;
        request.set_owner("employees/" + manager);
        request.set_period(crm::planning::v1::CALENDAR_PERIOD_MONTH);
        request.mutable_date()->set_year(ym.first);
        request.mutable_date()->set_month(ym.second);
        request.mutable_date()->set_day(1);
        request.set_page_size(kMonthPageSize);
        request.set_page_token(page_token);
        request.set_view(view);
        crm::planning::v1::ListCalendarResponse response;
        grpc::ClientContext context;
        crm::testing::Authorize(context, token);
        const auto status = stub->ListCalendar(&context, request, &response);
        if (!status.ok()) {
          std::fprintf(stderr, "ListCalendar failed: %s\n", status.error_message().c_str());
          return false;
        }
        rows_out += static_cast<std::size_t>(response.contacts_size());
        page_token = response.next_page_token();
      } while (!page_token.empty());
      ms.push_back(Seconds(t0) * 1000);
    }
    return true;
  };

  std::size_t raw_rows = 0;
  std::size_t raw_full_rows = 0;
  std::size_t api_rows = 0;
  std::size_t api_full_rows = 0;
  std::vector<double> api_ms;
  std::vector<double> api_full_ms;
  const std::vector<double> raw_ms = raw_views("list_calendar_basic", raw_rows);
  if (!api_views(crm::planning::v1::CALENDAR_VIEW_BASIC, api_rows, api_ms)) {
    return 1;
  }
  const std::vector<double> raw_full_ms = raw_views("list_calendar", raw_full_rows);
  if (!api_views(crm::planning::v1::CALENDAR_VIEW_FULL, api_full_rows, api_full_ms)) {
    return 1;
  }

  const auto raw = PercentilesOf(raw_ms);
  const auto via_api = PercentilesOf(api_ms);
  const auto raw_full = PercentilesOf(raw_full_ms);
  const auto via_api_full = PercentilesOf(api_full_ms);
  if (stored < tasks) {
    std::printf(
        "tasks: %lld over %d managers, 2024-2026; load %.0f s, index build + analyze %.0f s\n",
        tasks, managers, load_s, index_s);
  } else {
    std::printf("tasks: %lld over %d managers, 2024-2026, already loaded\n", stored, managers);
  }
  std::printf("month views: %d (%.0f tasks per view on average), pages of up to %d\n", views,
              static_cast<double>(api_rows) / views, kMonthPageSize);
  std::printf("month grid (CALENDAR_VIEW_BASIC, from the calendar index):\n");
  std::printf(
      "  raw SQL (list_calendar_basic, one connection): p50 %7.2f ms  p99 %7.2f ms  max %7.2f ms\n",
      raw.p50, raw.p99, raw.max);
  std::printf(
      "  CalendarService.ListCalendar (gRPC)          : p50 %7.2f ms  p99 %7.2f ms  max %7.2f ms\n",
      via_api.p50, via_api.p99, via_api.max);
  std::printf("every field (CALENDAR_VIEW_FULL, one table row per task):\n");
  std::printf(
      "  raw SQL (list_calendar, one connection)      : p50 %7.2f ms  p99 %7.2f ms  max %7.2f ms\n",
      raw_full.p50, raw_full.p99, raw_full.max);
  std::printf(
      "  CalendarService.ListCalendar (gRPC)          : p50 %7.2f ms  p99 %7.2f ms  max %7.2f ms\n",
      via_api_full.p50, via_api_full.p99, via_api_full.max);
  std::printf(
      "month grid target p99 < 20 ms: %s (api / raw p99 %.2f; rows raw %zu, api %zu, full %zu)\n",
      via_api.p99 < 20 ? "met" : "NOT met", via_api.p99 / raw.p99, raw_rows, api_rows,
      api_full_rows);
  const std::string scale = std::to_string(std::max(stored, tasks)) + " tasks";
  crm::bench::Report({.name = "calendar month grid p99",
                      .value = via_api.p99,
                      .unit = "ms",
                      .better = crm::bench::Better::kLower,
                      .goal = crm::bench::Goal::Value(20),
                      .raw = raw.p99,
                      .raw_name = "raw SQL list_calendar_basic",
                      .scale = scale});
  crm::bench::Report({.name = "calendar month FULL p99",
                      .value = via_api_full.p99,
                      .unit = "ms",
                      .better = crm::bench::Better::kLower,
                      .goal = crm::bench::Goal::Value(20),
                      .raw = raw_full.p99,
                      .raw_name = "raw SQL list_calendar",
                      .scale = scale});
  return 0;
}

// --- reminder dispatch lag -----------------------------------------------------------------------

// Receives every message on `subject` and records receipt − the due time the message carries (or
// the one given for raw messages).
class LagMeter {
 public:
  LagMeter(crm::common::bus::NatsClient& nats, const std::string& subject, int64_t raw_due_micros)
      : raw_due_micros_(raw_due_micros) {
    natsConnection_Subscribe(&sub_, nats.connection(), subject.c_str(), &LagMeter::OnMessage, this);
    natsSubscription_SetPendingLimits(sub_, -1, -1);
  }
  ~LagMeter() { natsSubscription_Destroy(sub_); }
  std::size_t count() {
    std::lock_guard lock(mutex_);
    return lags_ms_.size();
  }
  std::vector<double> lags() {
    std::lock_guard lock(mutex_);
    return lags_ms_;
  }
  void set_raw_due(int64_t micros) { raw_due_micros_ = micros; }

 private:
  static void OnMessage(natsConnection*, natsSubscription*, natsMsg* msg, void* closure) {
    auto* self = static_cast<LagMeter*>(closure);
    const int64_t now = NowMicros();
    int64_t due = self->raw_due_micros_.load();
    if (due == 0) {
      crm::events::v1::TaskReminderDue event;
      crm::common::bus::FromJson(
          std::string(natsMsg_GetData(msg), static_cast<std::size_t>(natsMsg_GetDataLength(msg))),
          &event);
      due = TimeUtil::TimestampToMicroseconds(event.fire_time());
    }
    {
      std::lock_guard lock(self->mutex_);
      self->lags_ms_.push_back(static_cast<double>(now - due) / 1000.0);
    }
    natsMsg_Destroy(msg);
  }

  std::atomic<int64_t> raw_due_micros_;
  natsSubscription* sub_ = nullptr;
  std::mutex mutex_;
  std::vector<double> lags_ms_;
};

bool WaitFor(LagMeter& meter, std::size_t n, std::chrono::seconds timeout) {
  const auto deadline = SteadyClock::now() + timeout;
  while (meter.count() < n && SteadyClock::now() < deadline) {
    std::this_thread::sleep_for(std::chrono::milliseconds(20));
  }
  return meter.count() >= n;
}

int Reminders(int n) {
  const std::string db = FreshPlanningDatabase("bench_calendar_reminders");
  const std::string nats_url = TestEnvironment::Get().FreshNats();
  crm::common::bus::NatsClient nats(nats_url, "bench-reminders");
  while (!nats.Connected()) {
    std::this_thread::sleep_for(std::chrono::milliseconds(10));
  }
  nats.EnsureStreams({});

  // Raw baseline: n messages published straight to JetStream (async, acks per 256), all "due"
  // when the loop starts.
  std::vector<double> raw_lags;
  {
    LagMeter meter(nats, "crm.bench.raw_reminder", 0);
    const std::string payload = R"({"sequence":"1"})";
    const int64_t due = NowMicros();
    meter.set_raw_due(due);
    for (int i = 0; i < n; ++i) {
      natsMsg* msg = nullptr;
      natsMsg_Create(&msg, "crm.bench.raw_reminder", nullptr, payload.data(),
                     static_cast<int>(payload.size()));
      const std::string id = crm::common::NewUuid();
      natsMsgHeader_Set(msg, "Nats-Msg-Id", id.c_str());
      js_PublishMsgAsync(nats.js(), &msg, nullptr);
      if (i % 256 == 255) {
        js_PublishAsyncComplete(nats.js(), nullptr);
      }
      natsMsg_Destroy(msg);
    }
    js_PublishAsyncComplete(nats.js(), nullptr);
    if (!WaitFor(meter, static_cast<std::size_t>(n), std::chrono::seconds(120))) {
      std::fprintf(stderr, "raw: only %zu of %d received\n", meter.count(), n);
      return 1;
    }
    raw_lags = meter.lags();
  }

  // The real path: tasks with one reminder each, all due 15 s from now.
  pqxx::connection conn(db);
  const std::string client = crm::common::NewUuid();
  const std::string project = crm::common::NewUuid();
  const std::string edition = crm::common::NewUuid();
  SeedProjection(conn, client, project, edition);
  const auto due_time = TimeUtil::MicrosecondsToTimestamp(NowMicros() + 15'000'000);
  const std::string due_text = TimeUtil::ToString(due_time);
  {
    pqxx::work tx(conn);
    tx.exec_params(
        "WITH tasks AS (INSERT INTO contacts (id, client_id, project_id, edition_id, type, purpose,"
        " scheduled_time, owner_id, state, create_time)"
        " SELECT gen_random_uuid(), $1, $2, $3, 'CALL', 'Напомнить об оплате',"
        " $4::timestamptz + interval '15 minutes', md5('manager' || (i % 500))::uuid, 'PLANNED',"
        " now() FROM generate_series(1, $5) AS i RETURNING id, owner_id)"
        " INSERT INTO task_reminders (id, contact_id, owner_id, fire_time)"
        " SELECT gen_random_uuid(), id, owner_id, $4::timestamptz FROM tasks",
        client, project, edition, due_text, n);
    tx.commit();
  }

  crm::common::db::Pool pool(db, 4, crm::planning::AllQueries());
  LagMeter meter(nats, std::string(crm::events::v1::kTaskReminderDue.subject), 0);
  crm::planning::app::ReminderHub hub(db);
  hub.Start();
  crm::planning::app::ReminderScheduler scheduler(pool, hub, crm::planning::app::SystemClock());
  crm::common::bus::OutboxRelay relay(db, nats_url, "planning", {});
  relay.Start();
  scheduler.Start();
  const bool all = WaitFor(meter, static_cast<std::size_t>(n), std::chrono::seconds(180));
  scheduler.Stop();
  relay.Stop();
  hub.Stop();
  if (!all) {
    std::fprintf(stderr, "reminders: only %zu of %d received\n", meter.count(), n);
    return 1;
  }
  const auto real = PercentilesOf(meter.lags());
  const auto raw = PercentilesOf(raw_lags);
  std::printf("reminders due at one instant: %d\n", n);
  std::printf(
      "raw JetStream publish loop (async)          : p50 %7.0f ms  p99 %7.0f ms  max %7.0f ms\n",
      raw.p50, raw.p99, raw.max);
  std::printf(
      "scheduler + outbox relay (due -> subscriber): p50 %7.0f ms  p99 %7.0f ms  max %7.0f ms\n",
      real.p50, real.p99, real.max);
  std::printf("target p99 < 2000 ms: %s\n", real.p99 < 2000 ? "met" : "NOT met");
  crm::bench::Report({.name = "reminders due -> subscriber p99",
                      .value = real.p99,
                      .unit = "ms",
                      .better = crm::bench::Better::kLower,
                      .goal = crm::bench::Goal::Value(2000),
                      .raw = raw.p99,
                      .raw_name = "raw JetStream publish loop",
                      .scale = std::to_string(n) + " reminders"});
  return 0;
}

}  // namespace

int main(int argc, char** argv) {
  crm::common::log::Init("bench", "warn");
  const std::string mode = argc > 1 ? argv[1] : "";
  if (mode == "month") {
    return Month(argc > 2 ? std::stoll(argv[2]) : 10'000'000, argc > 3 ? std::stoi(argv[3]) : 500,
                 argc > 4 ? std::stoi(argv[4]) : 300);
  }
  if (mode == "reminders") {
    return Reminders(argc > 2 ? std::stoi(argv[2]) : 10'000);
  }
  std::fprintf(stderr,
               "usage: crm-bench-calendar month [tasks] [managers] [views]\n"
               "       crm-bench-calendar reminders [reminders]\n");
  return 2;
}
