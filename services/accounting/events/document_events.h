#pragma once

#include "common/bus/consumer.h"
#include "crm/events/v1/documents_document_events.pb.h"
#include "services/accounting/store/exchange_directory.h"

// What accounting consumes: issued documents, each exported once as a package for 1C.
namespace crm::accounting {

inline constexpr char kDocumentIssuedSubject[] = "crm.documents.document.issued";
inline constexpr char kExportCompletedSubject[] = "crm.accounting.export.completed";

// The durable consumer "accounting-documents" on "crm.documents.document.>".
common::bus::ConsumerOptions DocumentsConsumerOptions();

// Writes the event's package into `exchange`, records it and enqueues ExportCompleted in `tx`.
// A document exported before (a new event id for it, a replay) changes nothing.
void HandleDocumentIssued(pqxx::work& tx, const crm::events::v1::DocumentIssued& event,
                          const common::bus::InboundEvent& meta, const ExchangeDirectory& exchange);

// A router with HandleDocumentIssued on kDocumentIssuedSubject; `exchange` must outlive it.
common::bus::EventRouter DocumentsRouter(const ExchangeDirectory& exchange);

}  // namespace crm::accounting
