#pragma once

#include <vector>

#include "common/bus/consumer.h"
#include "crm/events/v1/documents_topics.h"
#include "services/accounting/store/exchange_directory.h"

// Everything accounting consumes: issued documents (crm.documents.document.issued), each exported
// once as a package for 1C. What it emits is in events/published.h.
namespace crm::accounting {

// The durable consumer "accounting-documents" on "crm.documents.document.>".
common::bus::ConsumerOptions DocumentsConsumerOptions();

// Writes the event's package into `exchange`, records it and enqueues ExportCompleted in `tx`.
// A document exported before (a new event id for it, a replay) changes nothing.
void HandleDocumentIssued(pqxx::work& tx, const crm::events::v1::DocumentIssued& event,
                          const common::bus::InboundEvent& meta, const ExchangeDirectory& exchange);

// A router with HandleDocumentIssued on document.issued; `exchange` must outlive it.
common::bus::EventRouter DocumentsRouter(const ExchangeDirectory& exchange);

// Every consumer of accounting (the one above), for ServiceHost::AddConsumers; `exchange` must
// outlive them.
std::vector<common::bus::Subscription> Subscriptions(const ExchangeDirectory& exchange);

}  // namespace crm::accounting
