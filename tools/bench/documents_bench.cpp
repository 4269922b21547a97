// Document rendering benchmarks (no database needed).
//
//   build/bin/crm-bench-documents render [seconds=5] [lines=3]
//     Invoice PDFs rendered per second on one thread, i.e. per core: RenderInvoicePdf of an
//     invoice of `lines` lines with its payment QR code, as the service renders each sale's
//     invoice. Beside it the raw baseline measured in the same run: a blank A4 page written
//     through the same PDF surface (a PDF with nothing laid out). Target ≥ 200 invoices/s/core.
#include <cstdio>
#include <cstdlib>
#include <string>
#include <vector>

#include "common/core/log.h"
#include "common/render/pdf.h"
#include "services/documents/render/invoice_pdf.h"
#include "services/documents/render/sample_invoice.h"
#include "tools/bench/bench_stats.h"

namespace {

using crm::bench::PercentilesOf;
using crm::bench::Seconds;
using crm::bench::SteadyClock;
using crm::documents::InvoiceView;

constexpr double kA4Width = 595.28;
constexpr double kA4Height = 841.89;

// The sample invoice with `lines` stand lines in place of its own.
InvoiceView Invoice(int lines) {
  InvoiceView view = crm::documents::SampleInvoice();
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
  const InvoiceView view = Invoice(lines);
  std::printf("invoice PDFs on one thread, %.0f s each, %d line(s), with the payment QR code\n",
              seconds, lines);
  const Run blank = Measure(seconds, [] { return BlankPage(); });
  const Run invoice = Measure(seconds, [&view] { return crm::documents::RenderInvoicePdf(view); });
  Print("raw: blank A4 page", blank);
  Print("invoice (RenderInvoicePdf)", invoice);
  std::printf("  invoice / blank page: %.3f; target >= 200 invoices/s/core: %s\n",
              invoice.per_second / blank.per_second, invoice.per_second >= 200 ? "met" : "NOT met");
  return 0;
}

}  // namespace

int main(int argc, char** argv) {
  crm::common::log::Init("bench", "warn");
  const std::string mode = argc > 1 ? argv[1] : "render";
  if (mode == "render") {
    const double seconds = argc > 2 ? std::atof(argv[2]) : 5.0;
    const int lines = argc > 3 ? std::atoi(argv[3]) : 3;
    return RenderBench(seconds > 0 ? seconds : 5.0, lines > 0 ? lines : 3);
  }
  std::fprintf(stderr, "usage: crm-bench-documents render [seconds] [lines]\n");
  return 2;
}
