#include "services/documents/service.h"

#include <google/protobuf/util/time_util.h>
#include <sys/resource.h>
#include <unistd.h>

#include <chrono>
#include <memory>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "common/api/date.h"
#include "common/core/periodic.h"
#include "services/documents/api/documents_api.h"
#include "services/documents/app/close_edition.h"
#include "services/documents/app/sale_invoicing.h"
#include "services/documents/domain/sale_package.h"
#include "services/documents/events/handlers.h"
#include "services/documents/store/migrations.h"
#include "services/documents/store/queries.h"

namespace crm::documents {
namespace {
// The nice value of the thread that issues the sales' packages (0 is the other threads').
constexpr int kPackagePriority = 10;
}  // namespace

common::rpc::ServiceDefinition Definition() {
  auto wire = [](common::rpc::ServiceHost& host, common::EnvReader& env) {
    // A sale that arrives before any issuer is configured is retried (backoff capped at 30 s)
    // rather than dead-lettered, for about two hours by default, so setting up the issuer late
    // still invoices it.
    const int sale_max_deliver = env.Int("CRM_DOCUMENTS_SALE_MAX_DELIVER", 240, 1, 100000);
    host.AddService<v1::DocumentService>(std::make_unique<DocumentsApi>(host.guard(), host.pool()));
    host.AddOutboxRelay();
    // What a sale gets with its invoice: the whole package unless the company issues some of it
    // outside the CRM.
    const std::string package_text = env.Optional("CRM_DOCUMENTS_SALE_PACKAGE", "all");
    std::optional<std::vector<std::string>> package = ParsePackageKinds(package_text);
    if (!package) {
      env.Problem("CRM_DOCUMENTS_SALE_PACKAGE \"" + package_text +
                  "\" is not \"all\", \"none\" or a comma-separated list of application, "
                  "contract, checklist, marketing_manual, technical_manual");
      package.emplace();
    }
    const std::vector<std::string> package_kinds = *package;
    host.AddConsumers(Subscriptions(sale_max_deliver, std::move(*package)));
    // The rest of each sale's package, issued after its invoice so the invoice never waits for
    // the package's five renderings: the consumer queues it beside the invoice, this worker
    // issues it (every replica may run it; a job is taken by one).
    const int package_poll_ms = env.Int("CRM_DOCUMENTS_PACKAGE_POLL_MS", 50, 10, 60000);
    // A package's PDFs are rendered side by side, while its series' counters are locked: by
    // default on the two cores a pod has.
    const int render_threads = env.Int("CRM_DOCUMENTS_PACKAGE_RENDER_THREADS", 2, 1, 16);
    common::db::Pool& packages_pool = host.pool();
    auto& packager = host.Own(std::make_unique<common::PeriodicTask>(
        "sale-packages", std::chrono::milliseconds(package_poll_ms),
        [&packages_pool, package_kinds, render_threads] {
          // Background work: the package renders at a lower CPU priority than the invoices (and
          // the API), so on a busy machine it takes the CPU they leave rather than delaying them;
          // the threads it renders on inherit that priority.
          setpriority(PRIO_PROCESS, static_cast<id_t>(gettid()), kPackagePriority);
          app::IssueWaitingSalePackages(packages_pool, package_kinds, render_threads,
                                        std::chrono::seconds(2));
        }));
    host.AddWorker({[&packager] { packager.Start(); }, [&packager] { packager.Stop(); }});
    // Editions that have ended get their acts without anyone asking; every replica may run it
    // (a sale's act is issued under the sale's lock, once).
    const int close_interval_ms =
        env.Int("CRM_DOCUMENTS_CLOSE_INTERVAL_MS", 300000, 100, 24 * 3600 * 1000);
    common::db::Pool& pool = host.pool();
    auto& closer = host.Own(std::make_unique<common::PeriodicTask>(
        "close-due-editions", std::chrono::milliseconds(close_interval_ms), [&pool] {
          app::CloseDueEditions(
              pool, common::api::LocalDate(google::protobuf::util::TimeUtil::GetCurrentTime()));
        }));
    host.AddWorker({[&closer] { closer.Start(); }, [&closer] { closer.Stop(); }});
  };
  return {"documents", Migrations(), Queries(), wire};
}

}  // namespace crm::documents
