#pragma once

#include <chrono>
#include <string>
#include <vector>

#include "common/db/pool.h"

// Closing an edition: once the show has taken place, every sale of it whose invoice is in force
// gets its act of services rendered (акт) and its VAT invoice (счёт-фактура, line 5а naming the
// act), dated the closing day. One run per edition; a run can be repeated (after a failure, or
// for sales invoiced since) and issues only what is missing, never a second act or VAT invoice
// for a sale.
namespace crm::documents::app {

struct ClosingRun {
  std::vector<std::string> issued;        // "documents/{id}" of the acts this run issued
  std::vector<std::string> vat_invoices;  // and of its VAT invoices
  int64_t acts_total = 0;                 // the edition's acts after the run
  int64_t vat_invoices_total = 0;         // the edition's VAT invoices after the run
};

// Issues the missing acts and VAT invoices of `edition` ("projects/{p}/editions/{e}") dated
// `close_date`, one transaction per sale (a sale's act, its VAT invoice, their numbers and events
// commit together). `caller` names who asked, recorded as the documents' cause.
ClosingRun CloseEdition(common::db::Pool& pool, const std::string& edition,
                        std::chrono::year_month_day close_date, const std::string& caller);

// Closes every edition that has ended by `today` (its end date passed, or registry marked it
// closed; registry's editions come from crm.registry.edition.*) and still has sales without an
// act or VAT invoice, dated the end date. Returns the documents issued. The service runs it
// periodically (CRM_DOCUMENTS_CLOSE_INTERVAL_MS), so a closed edition's acts appear without anyone
// asking.
int CloseDueEditions(common::db::Pool& pool, std::chrono::year_month_day today);

}  // namespace crm::documents::app
