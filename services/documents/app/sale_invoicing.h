#pragma once

#include <chrono>
#include <pqxx/pqxx>
#include <string>
#include <vector>

#include "common/db/pool.h"
#include "crm/events/v1/planning_topics.h"

// Invoicing of sales, what documents does on planning's sale events (events/handlers.h calls
// these in the consumer's transaction, which also records the event id): every sale has one
// current invoice (счёт на оплату), numbered in the primary issuer's gapless series and
// published as crm.documents.document.issued. An amendment replaces it with a new invoice, a
// cancellation annuls it (crm.documents.document.annulled).
namespace crm::documents::app {

// Issues the invoice for `sale` within `tx`, unless the sale already has an invoice, and queues
// the rest of the sale's package, the `package` kinds (domain/sale_package.h;
// CRM_DOCUMENTS_SALE_PACKAGE), for IssueNextSalePackage. Throws common::bus::PoisonEvent for an
// event that contradicts the contract, and common::PreconditionError("NO_ISSUER") while no primary
// issuer exists (the consumer retries).
void IssueInvoiceForSale(pqxx::work& tx, const events::v1::SaleRecorded& sale,
                         const std::string& event_id, const std::vector<std::string>& package);

// Replaces the sale's current invoice by a new version for the amended state and queues the
// package's new versions, unless the invoice already shows this or a later amendment or is
// annulled; issues the first ones when the sale has none yet. Throws like IssueInvoiceForSale.
void ReissueInvoiceForSale(pqxx::work& tx, const events::v1::SaleAmended& amended,
                           const std::string& event_id, const std::vector<std::string>& package);

// Annuls the sale's current invoice, unless it is annulled already, and every package document
// still open (a signed application or contract stays). Throws
// common::PreconditionError("NO_INVOICE") while the sale has no invoice (the consumer retries).
void AnnulInvoiceOfSale(pqxx::work& tx, const events::v1::SaleCancelled& cancelled,
                        const std::string& event_id);

// Issues the rest of the package of the sale queued first (the oldest due job no other replica
// holds), in one transaction that also removes the job, beside the sale's invoice of the same
// state; nothing for a sale amended since (its later job follows) or cancelled. The documents are
// numbered and composed in turn and their PDFs rendered on up to `render_threads` threads at once
// (CRM_DOCUMENTS_PACKAGE_RENDER_THREADS). False when no job is due. A job that fails is postponed
// (1 s, doubling up to 5 minutes) with its error; a database outage is thrown.
bool IssueNextSalePackage(common::db::Pool& pool, const std::vector<std::string>& package,
                          int render_threads);

// Issues the waiting packages in turn for at most `budget` (a stop is not kept waiting longer),
// then sets the gauge crm_documents_packages_waiting to how many still wait.
void IssueWaitingSalePackages(common::db::Pool& pool, const std::vector<std::string>& package,
                              int render_threads, std::chrono::milliseconds budget);

}  // namespace crm::documents::app
