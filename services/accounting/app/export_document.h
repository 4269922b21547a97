#pragma once

#include <pqxx/pqxx>
#include <string>

#include "crm/events/v1/documents_topics.h"
#include "services/accounting/store/exchange_directory.h"

// Exporting an issued document for 1C, what accounting does on crm.documents.document.issued
// (events/handlers.h calls it in the consumer's transaction, which also records the event id).
namespace crm::accounting::app {

// Writes the event's package into `exchange`, records it and enqueues ExportCompleted in `tx`.
// A document exported before (a new event id for it, a replay) changes nothing. A malformed
// document throws common::ValidationError (dead-lettered at once).
void ExportDocument(pqxx::work& tx, const crm::events::v1::DocumentIssued& event,
                    const std::string& event_id, const ExchangeDirectory& exchange);

// The same for crm.documents.document.annulled: the annulment package (operation "annul") next
// to the document's, recorded once per document.
void ExportAnnulment(pqxx::work& tx, const crm::events::v1::DocumentAnnulled& event,
                     const std::string& event_id, const ExchangeDirectory& exchange);

}  // namespace crm::accounting::app
