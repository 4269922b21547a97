#pragma once

#include <pqxx/pqxx>
#include <string>
#include <vector>

#include "crm/events/v1/planning_topics.h"

// Invoicing of sales, what documents does on planning's sale events (events/handlers.h calls
// these in the consumer's transaction, which also records the event id): every sale has one
// current invoice (счёт на оплату), numbered in the primary issuer's gapless series and
// published as crm.documents.document.issued. An amendment replaces it with a new invoice, a
// cancellation annuls it (crm.documents.document.annulled).
namespace crm::documents::app {

// Issues the invoice for `sale` within `tx` and after it the rest of the sale's package, the
// `package` kinds (domain/sale_package.h; CRM_DOCUMENTS_SALE_PACKAGE), unless the sale already has
// an invoice. Throws common::bus::PoisonEvent for an event that contradicts the contract, and
// common::PreconditionError("NO_ISSUER") while no primary issuer exists (the consumer retries).
void IssueInvoiceForSale(pqxx::work& tx, const events::v1::SaleRecorded& sale,
                         const std::string& event_id, const std::vector<std::string>& package);

// Replaces the sale's current invoice and package documents by new versions for the amended
// state, unless the invoice already shows this or a later amendment or is annulled; issues the
// first ones when the sale has none yet. Throws like IssueInvoiceForSale.
void ReissueInvoiceForSale(pqxx::work& tx, const events::v1::SaleAmended& amended,
                           const std::string& event_id, const std::vector<std::string>& package);

// Annuls the sale's current invoice, unless it is annulled already, and every package document
// still open (a signed application or contract stays). Throws
// common::PreconditionError("NO_INVOICE") while the sale has no invoice (the consumer retries).
void AnnulInvoiceOfSale(pqxx::work& tx, const events::v1::SaleCancelled& cancelled,
                        const std::string& event_id);

}  // namespace crm::documents::app
