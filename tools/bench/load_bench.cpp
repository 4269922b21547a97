// A realistic mixed workload over the real five services for a long time: managers looking at
// their calendars and searching the base, clients opened, contacts planned and completed with
// sales (which issue documents, reach accounting and analytics), analysts importing small
// catalogues, reports and documents read. Prints the throughput, p50/p99 and errors per RPC, and
// each service's resident memory at the start of the load and at its end.
//
//   build-test/bin/crm-bench-load [seconds=600] [workers=6] [clients=2000]
//
// Goal (issue "Reliability"): 0 errors over 10 minutes, and no service growing by more than
// 64 MiB of resident memory between the start and the end of the load (a leak of a few hundred
// bytes per request would pass that bound only for short runs; the figure is printed to judge).
// `tools/bench/run load` runs it at these sizes; the quick mode runs it for 10 s.
#include <google/protobuf/util/time_util.h>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <map>
#include <mutex>
#include <random>
#include <string>
#include <thread>
#include <vector>

#include "common/auth/auth.h"
#include "common/core/ids.h"
#include "common/core/log.h"
#include "crm/analytics/v1/analytics.grpc.pb.h"
#include "crm/documents/v1/documents.grpc.pb.h"
#include "crm/planning/v1/calendar.grpc.pb.h"
#include "crm/planning/v1/planning.grpc.pb.h"
#include "crm/registry/v1/import.grpc.pb.h"
#include "crm/registry/v1/registry.grpc.pb.h"
#include "tests/e2e/flow.h"
#include "tests/e2e/stack.h"
#include "tests/support/requisites.h"
#include "tests/support/service_harness.h"
#include "tools/bench/bench_report.h"
#include "tools/bench/bench_stats.h"

namespace {

namespace registry = crm::registry::v1;
namespace planning = crm::planning::v1;
namespace documents = crm::documents::v1;
namespace analytics = crm::analytics::v1;
using crm::bench::SteadyClock;
using crm::testing::Ctx;  // a context with the token, a new request id and a deadline
using google::protobuf::util::TimeUtil;

constexpr double kRssGrowthBoundMiB = 64;
const char* const kServices[] = {"registry", "planning", "documents", "accounting", "analytics"};

// Latencies and failures per RPC, shared by the workers.
class Tally {
 public:
  void Add(const std::string& rpc, double ms, const grpc::Status& status) {
    std::lock_guard lock(mutex_);
    Entry& entry = entries_[rpc];
    entry.latencies.push_back(ms);
    if (!status.ok()) {
      ++entry.errors;
      if (entry.first_error.empty()) {
        entry.first_error =
            std::to_string(status.error_code()) + " " + status.error_message().substr(0, 200);
      }
    }
  }

  struct Totals {
    std::size_t calls = 0;
    std::size_t errors = 0;
    double p99 = 0;  // over every call of every RPC
  };

  // Prints the table per RPC and the line of all.
  Totals Print(double seconds) const {
    std::lock_guard lock(mutex_);
    std::printf("%-28s %9s %9s %9s %9s %7s\n", "rpc", "calls", "per s", "p50 ms", "p99 ms",
                "errors");
    Totals totals;
    std::vector<double> all;
    for (const auto& [rpc, entry] : entries_) {
      const auto p = crm::bench::PercentilesOf(entry.latencies);
      std::printf("%-28s %9zu %9.1f %9.2f %9.2f %7zu\n", rpc.c_str(), entry.latencies.size(),
                  static_cast<double>(entry.latencies.size()) / seconds, p.p50, p.p99,
                  entry.errors);
      if (!entry.first_error.empty()) {
        std::printf("    first error: %s\n", entry.first_error.c_str());
      }
      totals.errors += entry.errors;
      all.insert(all.end(), entry.latencies.begin(), entry.latencies.end());
    }
    totals.calls = all.size();
    if (!all.empty()) {
      const auto p = crm::bench::PercentilesOf(std::move(all));
      totals.p99 = p.p99;
      std::printf("%-28s %9zu %9.1f %9.2f %9.2f %7zu\n", "all", totals.calls,
                  static_cast<double>(totals.calls) / seconds, p.p50, p.p99, totals.errors);
    }
    return totals;
  }

 private:
  struct Entry {
    std::vector<double> latencies;
    std::size_t errors = 0;
    std::string first_error;
  };
  mutable std::mutex mutex_;
  std::map<std::string, Entry> entries_;
};

}  // namespace

int main(int argc, char** argv) {
  const int seconds = argc > 1 ? std::atoi(argv[1]) : 600;
  const int workers = argc > 2 ? std::atoi(argv[2]) : 6;
  const int clients = argc > 3 ? std::atoi(argv[3]) : 2000;
  crm::common::log::Init("crm-bench-load", "warn");

  crm::testing::Stack stack;
  crm::testing::Flow flow(stack);
  flow.SetUpReferenceData("7707083893", "773601001");
  const std::string admin = flow.admin_token;
  const std::string manager = flow.manager_token;
  const std::string analyst = crm::testing::TokenFor("employees/" + crm::common::NewUuid(),
                                                     {crm::common::auth::Role::kAnalyst});

  // The base: `clients` companies whose names share the words searched for.
  const auto seeding = SteadyClock::now();
  const char* words[] = {"Строй", "Агро", "Маш", "Тех", "Экспо", "Волга", "Сервис", "Пром"};
  std::vector<std::string> client_names;
  for (int i = 0; i < clients; ++i) {
    registry::CreateClientRequest request;
    auto* c = request.mutable_client();
    const std::string name =
        std::string(words[i % 8]) + words[(i / 8) % 8] + " " + std::to_string(i);
    c->set_display_name(name);
    c->set_legal_name("ООО «" + name + "»");
    c->set_inn(crm::testing::LegalEntityInn(300000 + i));
    c->set_kpp("631501001");
    registry::Client created;
    const auto status = flow.registry->CreateClient(Ctx(admin).get(), request, &created);
    if (!status.ok()) {
      std::fprintf(stderr, "CreateClient: %s\n", status.error_message().c_str());
      return 1;
    }
    client_names.push_back(created.name());
  }
  flow.PlanCall();  // planning has seen the client, the person and the edition
  std::printf("seeded %d clients in %.1f s; %d workers for %d s\n", clients,
              crm::bench::Seconds(seeding), workers, seconds);

  std::map<std::string, double> rss_start;
  for (const char* service : kServices) {
    rss_start[service] = crm::bench::RssMiBOf(stack.Pid(service));
  }

  auto registry_stub = registry::RegistryService::NewStub(stack.Channel("registry"));
  auto imports = registry::ImportService::NewStub(stack.Channel("registry"));
  auto calendar = planning::CalendarService::NewStub(stack.Channel("planning"));
  auto planning_stub = planning::PlanningService::NewStub(stack.Channel("planning"));
  auto documents_stub = documents::DocumentService::NewStub(stack.Channel("documents"));
  auto analytics_stub = analytics::AnalyticsService::NewStub(stack.Channel("analytics"));

  Tally tally;
  std::atomic<int> imported{0};
  const auto timed = [&](const std::string& rpc, const auto& call) {
    const auto started = SteadyClock::now();
    grpc::Status status = call();
    tally.Add(rpc, std::chrono::duration<double, std::milli>(SteadyClock::now() - started).count(),
              status);
    return status;
  };

  // One step of a person's work, picked by weight.
  const auto step = [&](std::mt19937& random) {
    const int pick = static_cast<int>(random() % 100);
    if (pick < 25) {  // the manager's month
      planning::ListCalendarRequest request;
      request.set_owner(flow.manager);
      request.set_period(planning::CALENDAR_PERIOD_MONTH);
      const auto now = std::chrono::system_clock::now();
      const std::chrono::year_month_day today{std::chrono::floor<std::chrono::days>(now)};
      request.mutable_date()->set_year(static_cast<int>(today.year()));
      request.mutable_date()->set_month(static_cast<int>(static_cast<unsigned>(today.month())));
      request.mutable_date()->set_day(1);
      request.set_page_size(200);
      planning::ListCalendarResponse response;
      timed("ListCalendar",
            [&] { return calendar->ListCalendar(Ctx(manager).get(), request, &response); });
    } else if (pick < 50) {  // a search by a name fragment or an INN prefix
      registry::SearchClientsRequest request;
      request.set_query(random() % 4 == 0 ? crm::testing::LegalEntityInn(
                                                300000 + static_cast<int>(random() % clients))
                                                .substr(0, 6)
                                          : std::string(words[random() % 8]));
      request.set_page_size(20);
      registry::SearchClientsResponse response;
      timed("SearchClients",
            [&] { return registry_stub->SearchClients(Ctx(manager).get(), request, &response); });
    } else if (pick < 62) {  // a client card
      registry::GetClientRequest request;
      request.set_name(client_names[random() % client_names.size()]);
      registry::Client response;
      timed("GetClient",
            [&] { return registry_stub->GetClient(Ctx(admin).get(), request, &response); });
    } else if (pick < 74) {  // a call planned and completed with a sale
      planning::PlanContactRequest plan;
      auto* c = plan.mutable_contact();
      c->set_client(flow.client);
      c->set_contact_person(flow.contact_person);
      c->set_edition(flow.edition);
      c->set_type(planning::CONTACT_TYPE_CALL);
      c->set_purpose("Предложить стенд");
      *c->mutable_scheduled_time() = TimeUtil::GetCurrentTime();
      plan.set_request_id(crm::common::NewUuid());
      planning::Contact contact;
      if (!timed("PlanContact", [&] {
             return planning_stub->PlanContact(Ctx(manager).get(), plan, &contact);
           }).ok()) {
        return;
      }
      planning::CompleteContactRequest complete;
      complete.set_name(contact.name());
      complete.mutable_result()->mutable_sale()->set_area_dm2(900 +
                                                              static_cast<int>(random() % 2700));
      complete.mutable_result()->mutable_sale()->set_stand_number("A-12");
      planning::CompleteContactResponse completed;
      timed("CompleteContact (sale)", [&] {
        return planning_stub->CompleteContact(Ctx(manager).get(), complete, &completed);
      });
    } else if (pick < 84) {  // the manager's figures for the month
      analytics::GetManagerReportRequest request;
      request.set_manager(flow.manager);
      const auto now = TimeUtil::GetCurrentTime();
      *request.mutable_start_time() = now - TimeUtil::HoursToDuration(24 * 30);
      *request.mutable_end_time() = now + TimeUtil::HoursToDuration(24);
      analytics::ManagerReport response;
      timed("GetManagerReport", [&] {
        return analytics_stub->GetManagerReport(Ctx(manager).get(), request, &response);
      });
    } else if (pick < 96) {  // the edition's documents
      documents::ListDocumentsRequest request;
      request.set_edition(flow.edition);
      request.set_page_size(50);
      documents::ListDocumentsResponse response;
      timed("ListDocuments",
            [&] { return documents_stub->ListDocuments(Ctx(admin).get(), request, &response); });
    } else {  // an analyst imports a small catalogue: upload, then run
      const int n = imported.fetch_add(3);
      std::string csv = "ИНН;КПП;Наименование\r\n";
      for (int i = 0; i < 3; ++i) {
        csv += crm::testing::LegalEntityInn(600000 + n + i) + ";631601001;ООО Каталог " +
               std::to_string(n + i) + "\r\n";
      }
      registry::ClientImport uploaded;
      const grpc::Status upload = timed("CreateImport", [&] {
        auto context = Ctx(analyst);
        auto writer = imports->CreateImport(context.get(), &uploaded);
        registry::CreateImportRequest first;
        first.mutable_import()->set_file_name("catalogue.csv");
        first.mutable_import()->set_format(registry::IMPORT_FILE_FORMAT_CSV);
        first.set_request_id(crm::common::NewUuid());
        writer->Write(first);
        registry::CreateImportRequest chunk;
        chunk.set_chunk(csv);
        writer->Write(chunk);
        writer->WritesDone();
        return writer->Finish();
      });
      if (!upload.ok()) {
        return;
      }
      timed("RunImport", [&] {
        auto context = Ctx(analyst);
        registry::RunImportRequest run;
        run.set_name(uploaded.name());
        auto reader = imports->RunImport(context.get(), run);
        registry::ClientImport progress;
        while (reader->Read(&progress)) {
        }
        return reader->Finish();
      });
    }
  };

  const auto started = SteadyClock::now();
  const auto end = started + std::chrono::seconds(seconds);
  std::vector<std::thread> threads;
  threads.reserve(static_cast<std::size_t>(workers));
  for (int w = 0; w < workers; ++w) {
    threads.emplace_back([&, w] {
      std::mt19937 random(1000 + static_cast<unsigned>(w));
      while (SteadyClock::now() < end) {
        step(random);
      }
    });
  }
  for (auto& t : threads) {
    t.join();
  }
  const double elapsed = crm::bench::Seconds(started);

  const Tally::Totals totals = tally.Print(elapsed);
  std::printf("\nresident memory (MiB)   start     end  growth  (bound %.0f)\n",
              kRssGrowthBoundMiB);
  double largest_growth = 0;
  bool alive = true;
  for (const char* service : kServices) {
    const double end_rss = crm::bench::RssMiBOf(stack.Pid(service));
    const double growth = end_rss - rss_start[service];
    alive = alive && end_rss > 0;
    largest_growth = std::max(largest_growth, growth);
    std::printf("%-20s %8.1f %7.1f %7.1f\n", service, rss_start[service], end_rss, growth);
  }
  const std::string scale = std::to_string(workers) + " workers, " + std::to_string(seconds) + " s";
  crm::bench::Report({.name = "load requests",
                      .value = static_cast<double>(totals.calls) / elapsed,
                      .unit = "req/s",
                      .better = crm::bench::Better::kHigher,
                      .scale = scale});
  crm::bench::Report({.name = "load p99, every RPC",
                      .value = totals.p99,
                      .unit = "ms",
                      .better = crm::bench::Better::kLower,
                      .scale = scale});
  crm::bench::Report({.name = "load errors",
                      .value = static_cast<double>(totals.errors),
                      .unit = "",
                      .better = crm::bench::Better::kLower,
                      .goal = crm::bench::Goal::Value(1),
                      .scale = scale});
  crm::bench::Report({.name = "load largest memory growth",
                      .value = largest_growth,
                      .unit = "MiB",
                      .better = crm::bench::Better::kLower,
                      .goal = crm::bench::Goal::Value(kRssGrowthBoundMiB),
                      .scale = scale});
  const std::size_t errors = totals.errors;
  const bool within = alive && largest_growth <= kRssGrowthBoundMiB;
  std::printf("\n%s: %zu errors, memory %s over %.0f s\n",
              errors == 0 && within ? "met" : "NOT met", errors,
              within ? "within the bound" : "beyond the bound", elapsed);
  return errors == 0 && within ? 0 : 1;
}
