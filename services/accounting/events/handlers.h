#pragma once

#include <vector>

#include "common/bus/consumer.h"
#include "crm/events/v1/documents_topics.h"
#include "services/accounting/store/exchange_directory.h"

// Everything accounting consumes: issued and annulled documents (crm.documents.document.issued,
// .annulled), each exported once as a package for 1C, and invoices kept in accounting's copy for
// matching payments. What it emits is in events/published.h.
namespace crm::accounting {

// The durable consumer "accounting-documents" on "crm.documents.document.>".
common::bus::ConsumerOptions DocumentsConsumerOptions();

// A router with app::ExportDocument and app::RecordIssuedInvoice on document.issued,
// app::ExportAnnulment and app::RecordAnnulledInvoice on document.annulled; `exchange` must
// outlive it.
common::bus::EventRouter DocumentsRouter(const ExchangeDirectory& exchange);

// Every consumer of accounting (the one above), for ServiceHost::AddConsumers; `exchange` must
// outlive them.
std::vector<common::bus::Subscription> Subscriptions(const ExchangeDirectory& exchange);

}  // namespace crm::accounting
