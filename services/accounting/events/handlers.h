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

// A router with app::ExportDocument on document.issued; `exchange` must outlive it.
common::bus::EventRouter DocumentsRouter(const ExchangeDirectory& exchange);

// Every consumer of accounting (the one above), for ServiceHost::AddConsumers; `exchange` must
// outlive them.
std::vector<common::bus::Subscription> Subscriptions(const ExchangeDirectory& exchange);

}  // namespace crm::accounting
