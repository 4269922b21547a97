#pragma once

#include <chrono>

#include "common/db/pool.h"

// The overdue reminder: issued invoices whose due date has passed and that are not paid in full
// are reported once each as crm.accounting.invoice.overdue (planning may create payment-reminder
// tasks from it). The service runs it periodically (CRM_ACCOUNTING_OVERDUE_INTERVAL_MS).
namespace crm::accounting::app {

// Reports every invoice overdue on `today` (the company's local date) not reported before: in
// batches, each one transaction that claims its invoices (FOR UPDATE SKIP LOCKED, so replicas
// running it at once share the work), marks them reported and enqueues their events. A replaced
// or annulled invoice, one paid in full, one without a due date is never reported. Returns how
// many it reported.
int ReportOverdueInvoices(common::db::Pool& pool, std::chrono::year_month_day today);

}  // namespace crm::accounting::app
