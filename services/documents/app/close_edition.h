#pragma once

#include <chrono>
#include <string>
#include <vector>

#include "common/db/pool.h"

// Closing an edition: once the show has taken place, every sale of it whose invoice is in force
// gets its closing documents, dated the closing day, as its issuer's closing_documents says: its
// act of services rendered (акт) and its VAT invoice (счёт-фактура, line 5а naming the act) —
// the default —, or one УПД with status 1 (VAT invoice and transfer document at once), or a УПД
// with status 2 and a VAT invoice naming it. One run per edition; a run can be repeated (after a
// failure, or for sales invoiced since) and issues only what is missing, never a second closing
// document of a kind for a sale; a sale closed before keeps the kind it was closed with.
namespace crm::documents::app {

struct ClosingRun {
  std::vector<std::string> issued;        // "documents/{id}" of the acts this run issued
  std::vector<std::string> vat_invoices;  // and of its VAT invoices
  int64_t acts_total = 0;                 // the edition's acts after the run
  int64_t vat_invoices_total = 0;         // the edition's VAT invoices after the run
  std::vector<std::string> upds;          // and of its УПД
  int64_t upds_total = 0;                 // the edition's УПД after the run
};

// Issues the missing closing documents of `edition` ("projects/{p}/editions/{e}") dated
// `close_date`, one transaction per sale (a sale's act or УПД, its VAT invoice, their numbers and
// events commit together). `caller` names who asked, recorded as the documents' cause.
ClosingRun CloseEdition(common::db::Pool& pool, const std::string& edition,
                        std::chrono::year_month_day close_date, const std::string& caller);

// Closes every edition that has ended by `today` (its end date passed, or registry marked it
// closed; registry's editions come from crm.registry.edition.*) and still has sales without an
// act or VAT invoice, dated the end date. Returns the documents issued. The service runs it
// periodically (CRM_DOCUMENTS_CLOSE_INTERVAL_MS), so a closed edition's acts appear without anyone
// asking.
int CloseDueEditions(common::db::Pool& pool, std::chrono::year_month_day today);

}  // namespace crm::documents::app
