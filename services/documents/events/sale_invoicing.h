#pragma once

#include <pqxx/pqxx>
#include <string>

#include "common/bus/consumer.h"
#include "crm/events/v1/events.pb.h"

// Invoicing of sales: every crm.planning.sale.recorded gets exactly one invoice (счёт на оплату),
// numbered in the primary issuer's gapless series and published as crm.documents.document.issued.
namespace crm::documents {

inline constexpr char kSaleRecordedSubject[] = "crm.planning.sale.recorded";
inline constexpr char kDocumentIssuedSubject[] = "crm.documents.document.issued";

// The durable consumer of sale events ("documents-sales" on "crm.planning.sale.>").
common::bus::ConsumerOptions SalesConsumerOptions();

// Registers the sale handlers on `router`.
void RegisterSaleHandlers(common::bus::EventRouter& router);

// Issues the invoice for `sale` within `tx`, unless the sale already has one. Throws
// common::bus::PoisonEvent for an event that contradicts the contract, and
// common::PreconditionError("NO_ISSUER") while no primary issuer exists (the consumer retries).
void IssueInvoiceForSale(pqxx::work& tx, const events::v1::SaleRecorded& sale,
                         const std::string& event_id);

}  // namespace crm::documents
