// Document rendering benchmarks (no database needed).
//
//   build/bin/crm-bench-documents render [seconds=5] [lines=3]
//     Invoice PDFs rendered per second on one thread, i.e. per core: RenderDocumentPdf of an
//     invoice of `lines` lines with its payment QR code, as the service renders each sale's
//     invoice. Beside it the raw baseline measured in the same run: a blank A4 page written
//     through the same PDF surface (a PDF with nothing laid out). Target ≥ 200 invoices/s/core.
//     Then each kind of the sale's package as the service composes and renders it for one sale
//     (invoice, application, contract, checklist, both manuals), per second on one thread.
//
//   build/bin/crm-bench-documents issue [sales=500] [rate=50]
//     The documents service as it runs (consumer, numbering, rendering, outbox relay) on a private
//     PostgreSQL and nats-server: `sales` sale.recorded events published at `rate` per second, and
//     for each the time from its publication to the last document.issued of its package (the
//     invoice and every kind of PackageKinds()) arriving on the bus, and to its invoice's.
//     Beside it the raw baseline for the same events: publication to the sale.recorded message
//     itself arriving at a plain subscriber (the bus's own latency). Target p99 < 300 ms.
#include <google/protobuf/util/time_util.h>
#include <nats/nats.h>

#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <map>
#include <mutex>
#include <set>
#include <string>
#include <thread>
#include <vector>

#include "common/bus/nats_client.h"
#include "common/bus/outbox.h"
#include "common/core/ids.h"
#include "common/core/log.h"
#include "common/render/pdf.h"
#include "crm/documents/v1/documents.grpc.pb.h"
#include "crm/events/v1/documents_topics.h"
#include "crm/events/v1/planning_topics.h"
#include "services/documents/domain/sale_package.h"
#include "services/documents/render/document_pdf.h"
#include "services/documents/render/sample_invoice.h"
#include "services/documents/service.h"
#include "tests/support/event_publisher.h"
#include "tests/support/service_harness.h"
#include "tests/support/test_environment.h"
#include "tools/bench/bench_report.h"
#include "tools/bench/bench_stats.h"

namespace {

using crm::bench::PercentilesOf;
using crm::bench::Seconds;
using crm::bench::SteadyClock;
using crm::documents::DocumentView;

constexpr double kA4Width = 595.28;
constexpr double kA4Height = 841.89;

// The sample invoice with `lines` stand lines in place of its own.
DocumentView Invoice(int lines) {
  DocumentView view = crm::documents::SampleInvoice();
  view.lines.clear();
  for (int i = 1; i <= lines; ++i) {
    const std::string stand = "A-" + std::to_string(i);
    view.lines.push_back({"Участие в выставке «Волга-Строй 2026»: площадь 36 м², стенд " + stand,
                          "36", "м²", "2 000,00", "72 000,00"});
  }
  return view;
}

std::string BlankPage() {
  crm::common::render::PdfDocument pdf("blank PDF", kA4Width, kA4Height);
  {
    const crm::common::render::CairoPtr cr = pdf.NewContext();
    cairo_show_page(cr.get());
  }
  return std::move(pdf).Finish();
}

struct Run {
  double per_second = 0;
  crm::bench::Percentiles ms;
  std::size_t bytes = 0;
};

// Calls `render` for `seconds`, after one warm-up call.
template <typename Render>
Run Measure(double seconds, Render render) {
  Run run;
  run.bytes = render().size();
  std::vector<double> timings;
  const auto start = SteadyClock::now();
  while (Seconds(start) < seconds) {
    const auto one = SteadyClock::now();
    const std::string pdf = render();
    timings.push_back(Seconds(one) * 1000.0);
  }
  run.per_second = static_cast<double>(timings.size()) / Seconds(start);
  run.ms = PercentilesOf(timings);
  return run;
}

void Print(const char* what, const Run& run) {
  std::printf("  %-34s %9.1f /s   p50 %7.2f ms   p99 %7.2f ms   %7zu bytes\n", what, run.per_second,
              run.ms.p50, run.ms.p99, run.bytes);
}

int RenderBench(double seconds, int lines) {
  const DocumentView view = Invoice(lines);
  std::printf("invoice PDFs on one thread, %.0f s each, %d line(s), with the payment QR code\n",
              seconds, lines);
  const Run blank = Measure(seconds, [] { return BlankPage(); });
  const Run invoice = Measure(seconds, [&view] { return crm::documents::RenderDocumentPdf(view); });
  Print("raw: blank A4 page", blank);
  Print("invoice (RenderDocumentPdf)", invoice);
  std::printf("  invoice / blank page: %.3f; target >= 200 invoices/s/core: %s\n",
              invoice.per_second / blank.per_second, invoice.per_second >= 200 ? "met" : "NOT met");
  crm::bench::Report(
      {.name = "invoice PDF render",
       .value = invoice.per_second,
       .unit = "invoices/s/core",
       .better = crm::bench::Better::kHigher,
       .goal = crm::bench::Goal::Value(200),
       .raw = blank.per_second,
       .raw_name = "blank A4 page",
       .scale = std::to_string(lines) + " line(s), " + crm::bench::JsonNumber(seconds) + " s"});
  return 0;
}

// Arrival times of messages on one subject, by the sale they name (subscribed on core NATS, so
// they arrive as JetStream stores them): for document.issued, each sale's documents by type.
class Arrivals {
 public:
  struct Sale {
    std::map<std::string, SteadyClock::time_point> by_type;  // "" for sale.recorded
    SteadyClock::time_point last;
  };

  Arrivals(natsConnection* connection, const std::string& subject, bool sale_is_nested)
      : sale_is_nested_(sale_is_nested) {
    crm::common::bus::Check(natsConnection_Subscribe(&subscription_, connection, subject.c_str(),
                                                     &Arrivals::OnMessage, this),
                            "natsConnection_Subscribe");
  }
  ~Arrivals() { natsSubscription_Destroy(subscription_); }
  Arrivals(const Arrivals&) = delete;
  Arrivals& operator=(const Arrivals&) = delete;

  // The sales with at least `types` messages of distinct types.
  std::size_t Complete(std::size_t types) {
    const std::lock_guard lock(mutex_);
    std::size_t complete = 0;
    for (const auto& [sale, arrived] : sales_) {
      complete += arrived.by_type.size() >= types ? 1 : 0;
    }
    return complete;
  }
  std::size_t Messages() {
    const std::lock_guard lock(mutex_);
    return messages_;
  }
  std::map<std::string, Sale> Sales() {
    const std::lock_guard lock(mutex_);
    return sales_;
  }

 private:
  static void OnMessage(natsConnection*, natsSubscription*, natsMsg* msg, void* closure) {
    const auto now = SteadyClock::now();
    auto* self = static_cast<Arrivals*>(closure);
    const std::string json(natsMsg_GetData(msg),
                           static_cast<std::size_t>(natsMsg_GetDataLength(msg)));
    natsMsg_Destroy(msg);
    std::string sale;
    std::string type;
    if (self->sale_is_nested_) {
      crm::events::v1::DocumentIssued issued;
      crm::common::bus::FromJson(json, &issued);
      sale = issued.sale();
      type = issued.type();
    } else {
      crm::events::v1::SaleRecorded recorded;
      crm::common::bus::FromJson(json, &recorded);
      sale = recorded.sale();
    }
    const std::lock_guard lock(self->mutex_);
    Sale& arrived = self->sales_[sale];
    arrived.by_type.emplace(type, now);
    arrived.last = now;
    ++self->messages_;
  }

  bool sale_is_nested_;
  natsSubscription* subscription_ = nullptr;
  std::mutex mutex_;
  std::map<std::string, Sale> sales_;
  std::size_t messages_ = 0;
};

crm::events::v1::SaleRecorded BenchSale(int64_t sale_time) {
  crm::events::v1::SaleRecorded sale;
  sale.set_sale("sales/" + crm::common::NewUuid());
  sale.mutable_manager()->set_employee("employees/" + crm::common::NewUuid());
  *sale.mutable_sale_time() = google::protobuf::util::TimeUtil::SecondsToTimestamp(sale_time);
  auto& client = *sale.mutable_client();
  client.set_client("clients/" + crm::common::NewUuid());
  client.set_display_name("СтройМаш");
  client.set_legal_name("ООО «СтройМаш»");
  client.set_inn("7736050003");
  client.set_kpp("773601001");
  client.set_legal_address("101000, г. Москва, ул. Мясницкая, д. 1");
  auto& edition = *sale.mutable_edition();
  edition.set_edition("projects/" + crm::common::NewUuid() + "/editions/" + crm::common::NewUuid());
  edition.set_display_name("Волга-Строй 2026");
  constexpr int64_t kAreaDm2 = 3600;       // 36 m²
  constexpr int64_t kPricePerM2 = 500000;  // 5,000.00 ₽
  constexpr int64_t kNet = kAreaDm2 * kPricePerM2 / 100;
  constexpr int64_t kVat = kNet * 22 / 100;
  sale.set_area_dm2(kAreaDm2);
  sale.set_stand_number("B-7");
  const auto rub = [](int64_t kopecks) {
    crm::common::v1::Money money;
    money.set_currency_code("RUB");
    money.set_minor_units(kopecks);
    return money;
  };
  *sale.mutable_price_per_m2() = rub(kPricePerM2);
  *sale.mutable_net_amount() = rub(kNet);
  sale.set_vat_rate_bp(2200);
  *sale.mutable_vat_amount() = rub(kVat);
  *sale.mutable_total_amount() = rub(kNet + kVat);
  return sale;
}

// The issuer of the benchmarks, as an accountant creates it.
crm::documents::v1::Issuer BenchIssuer() {
  crm::documents::v1::Issuer issuer;
  issuer.set_legal_name("ООО «Экспо-Волга»");
  issuer.set_inn("7707083893");
  issuer.set_kpp("773601001");
  issuer.set_address("443099, г. Самара, ул. Молодогвардейская, д. 10");
  issuer.set_bank_name("ПАО Сбербанк");
  issuer.set_bik("044525225");
  issuer.set_settlement_account("40702810938000012345");
  issuer.set_correspondent_account("30101810400000000225");
  return issuer;
}

// Each kind of a sale's package composed and rendered as the service issues it, per second on one
// thread.
void RenderPackageBench(double seconds) {
  const crm::events::v1::SaleRecorded sale = BenchSale(1773568800);
  crm::documents::v1::Issuer issuer = BenchIssuer();
  issuer.set_name("issuers/" + crm::common::NewUuid());
  const std::chrono::year_month_day issue_date{std::chrono::year{2026}, std::chrono::month{3},
                                               std::chrono::day{15}};
  const crm::documents::DocumentDraft invoice = crm::documents::ComposeInvoice(
      sale, issuer, issue_date, 1, "documents/" + crm::common::NewUuid());
  crm::documents::PackageBasis basis;
  basis.sale = &sale;
  basis.invoice = &invoice.issued;
  basis.issuer = &issuer;
  basis.application_number = basis.contract_number = "2026-000001";
  basis.application_date = basis.contract_date = "15.03.2026";
  std::printf("the sale's package on one thread, %.0f s each: composed and rendered\n", seconds);
  Print("INVOICE", Measure(seconds, [&] {
          return crm::documents::RenderDocumentPdf(
              crm::documents::ComposeInvoice(sale, issuer, issue_date, 1, invoice.issued.document())
                  .view);
        }));
  for (const std::string& kind : crm::documents::PackageKinds()) {
    Print(kind.c_str(), Measure(seconds, [&] {
            return crm::documents::RenderDocumentPdf(
                crm::documents::ComposePackageDocument(kind, basis, issue_date, 1,
                                                       "documents/" + crm::common::NewUuid())
                    .view);
          }));
  }
}

int IssueBench(int sales, double rate) {
  auto& env = crm::testing::TestEnvironment::Get();
  const std::string db_url = env.FreshDatabase("documents");
  const std::string nats_url = env.FreshNats();
  crm::testing::RunningService service(crm::documents::Definition(), db_url, nats_url);

  {
    grpc::ClientContext context;
    crm::testing::Authorize(context,
                            crm::testing::TokenFor("employees/" + crm::common::NewUuid(),
                                                   {crm::common::auth::Role::kAccountant}));
    crm::documents::v1::CreateIssuerRequest request;
    *request.mutable_issuer() = BenchIssuer();
    crm::documents::v1::Issuer created;
    const grpc::Status status = crm::documents::v1::DocumentService::NewStub(service.channel())
                                    ->CreateIssuer(&context, request, &created);
    if (!status.ok()) {
      std::fprintf(stderr, "CreateIssuer: %s\n", status.error_message().c_str());
      return 1;
    }
  }

  crm::common::bus::NatsClient nats(nats_url, "crm-bench-documents");
  if (!nats.WaitConnected(std::chrono::seconds(10))) {
    std::fprintf(stderr, "no connection to nats-server\n");
    return 1;
  }
  nats.EnsureStreams(crm::common::bus::StreamLayout{});
  Arrivals recorded(nats.connection(), std::string(crm::events::v1::kSaleRecorded.subject), false);
  Arrivals issued(nats.connection(), std::string(crm::events::v1::kDocumentIssued.subject), true);
  // The invoice and every kind of the package (CRM_DOCUMENTS_SALE_PACKAGE's default, all).
  const std::size_t package = 1 + crm::documents::PackageKinds().size();

  std::printf(
      "sale.recorded -> its package's document.issued through crm-documents: %d sales at %.0f/s, "
      "%zu documents each\n",
      sales, rate, package);
  std::map<std::string, SteadyClock::time_point> published;
  const auto period =
      std::chrono::duration_cast<SteadyClock::duration>(std::chrono::duration<double>(1.0 / rate));
  const auto start = SteadyClock::now();
  const int64_t sale_time = 1773568800;  // 15.03.2026
  for (int i = 0; i < sales; ++i) {
    std::this_thread::sleep_until(start + i * period);
    const crm::events::v1::SaleRecorded sale = BenchSale(sale_time + i);
    published[sale.sale()] = SteadyClock::now();
    crm::testing::PublishEventOn(nats, crm::events::v1::kSaleRecorded, crm::common::NewUuid(), sale,
                                 {sale.sale(), "", ""});
  }
  const auto deadline = SteadyClock::now() + std::chrono::seconds(60);
  while (issued.Complete(package) < static_cast<std::size_t>(sales) &&
         SteadyClock::now() < deadline) {
    std::this_thread::sleep_for(std::chrono::milliseconds(20));
  }
  const double seconds = Seconds(start);

  // Milliseconds from each sale's publication to `at` of its arrivals.
  const auto latencies = [&published](const std::map<std::string, Arrivals::Sale>& arrived,
                                      const auto& at) {
    std::vector<double> ms;
    for (const auto& [sale, arrival] : arrived) {
      const auto sent = published.find(sale);
      if (sent != published.end()) {
        ms.push_back(std::chrono::duration<double, std::milli>(at(arrival) - sent->second).count());
      }
    }
    return ms;
  };
  const auto last = [](const Arrivals::Sale& arrival) { return arrival.last; };
  const auto invoice_of = [](const Arrivals::Sale& arrival) {
    const auto found = arrival.by_type.find(crm::documents::kInvoiceType);
    return found == arrival.by_type.end() ? arrival.last : found->second;
  };
  const std::vector<double> raw = latencies(recorded.Sales(), last);
  const std::map<std::string, Arrivals::Sale> documents = issued.Sales();
  const std::size_t packages = issued.Complete(package);
  if (raw.empty() || packages != static_cast<std::size_t>(sales)) {
    std::printf("  only %zu of %d packages were issued within a minute\n", packages, sales);
    return 1;
  }
  const crm::bench::Percentiles bus = PercentilesOf(raw);
  const crm::bench::Percentiles invoice = PercentilesOf(latencies(documents, invoice_of));
  const crm::bench::Percentiles whole = PercentilesOf(latencies(documents, last));
  std::printf("  %-44s p50 %7.1f ms   p99 %7.1f ms   max %7.1f ms\n",
              "raw: sale.recorded on the bus", bus.p50, bus.p99, bus.max);
  std::printf("  %-44s p50 %7.1f ms   p99 %7.1f ms   max %7.1f ms\n",
              "sale.recorded -> invoice's document.issued", invoice.p50, invoice.p99, invoice.max);
  std::printf("  %-44s p50 %7.1f ms   p99 %7.1f ms   max %7.1f ms\n",
              "sale.recorded -> package's last issued", whole.p50, whole.p99, whole.max);
  std::printf(
      "  %zu packages of %zu documents (%zu document.issued, %.1f per sale) in %.1f s; "
      "target p99 < 300 ms: %s\n",
      packages, package, issued.Messages(),
      static_cast<double>(issued.Messages()) / static_cast<double>(sales), seconds,
      whole.p99 < 300 ? "met" : "NOT met");
  const std::string scale =
      std::to_string(sales) + " sales at " + std::to_string(static_cast<int>(rate)) + "/s";
  crm::bench::Report({.name = "sale -> invoice issued p99",
                      .value = invoice.p99,
                      .unit = "ms",
                      .better = crm::bench::Better::kLower,
                      .goal = crm::bench::Goal::Value(300),
                      .raw = bus.p99,
                      .raw_name = "sale.recorded on the bus",
                      .scale = scale});
  crm::bench::Report({.name = "sale -> package issued p99",
                      .value = whole.p99,
                      .unit = "ms",
                      .better = crm::bench::Better::kLower,
                      .goal = crm::bench::Goal::Value(300),
                      .raw = bus.p99,
                      .raw_name = "sale.recorded on the bus",
                      .scale = scale});
  return 0;
}

}  // namespace

int main(int argc, char** argv) {
  crm::common::log::Init("bench", "warn");
  const std::string mode = argc > 1 ? argv[1] : "render";
  if (mode == "render") {
    const double seconds = argc > 2 ? std::atof(argv[2]) : 5.0;
    const int lines = argc > 3 ? std::atoi(argv[3]) : 3;
    const int status = RenderBench(seconds > 0 ? seconds : 5.0, lines > 0 ? lines : 3);
    RenderPackageBench(seconds > 0 ? seconds : 5.0);
    return status;
  }
  if (mode == "issue") {
    const int sales = argc > 2 ? std::atoi(argv[2]) : 500;
    const double rate = argc > 3 ? std::atof(argv[3]) : 50.0;
    return IssueBench(sales > 0 ? sales : 500, rate > 0 ? rate : 50.0);
  }
  std::fprintf(stderr,
               "usage: crm-bench-documents render [seconds] [lines] | issue [sales] [rate]\n");
  return 2;
}
