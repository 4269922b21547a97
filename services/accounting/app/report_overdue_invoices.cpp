#include "services/accounting/app/report_overdue_invoices.h"

#include <string>
#include <vector>

#include "common/api/date.h"
#include "common/bus/outbox.h"
#include "common/core/ids.h"
#include "common/core/log.h"
#include "services/accounting/events/published.h"
#include "services/accounting/store/invoice_store.h"

namespace crm::accounting::app {
namespace {

// Invoices claimed per transaction: a short lock, and a bounded outbox write per commit.
constexpr int kBatch = 200;

}  // namespace

int ReportOverdueInvoices(common::db::Pool& pool, std::chrono::year_month_day today) {
  const std::string today_iso = common::api::IsoDate(today);
  int reported = 0;
  for (;;) {
    const int claimed = pool.InTransaction([&](pqxx::work& tx) {
      const std::vector<OverdueInvoice> overdue = InvoiceStore::ClaimOverdue(tx, today_iso, kBatch);
      for (const OverdueInvoice& invoice : overdue) {
        if (InvoiceStore::MarkOverdueNotified(tx, invoice.invoice.document_id)) {
          const std::string document =
              common::ResourceName("documents", invoice.invoice.document_id);
          common::bus::EnqueueEvent(tx, crm::events::v1::kInvoiceOverdue, document,
                                    InvoiceOverdueEvent(invoice));
          common::log::Info("invoice overdue",
                            {{"document", document},
                             {"number", invoice.invoice.number},
                             {"days_overdue", std::to_string(invoice.days_overdue)}});
        }
      }
      return static_cast<int>(overdue.size());
    });
    reported += claimed;
    if (claimed < kBatch) {
      return reported;
    }
  }
}

}  // namespace crm::accounting::app
