#pragma once

#include <pqxx/pqxx>
#include <string>

#include "crm/events/v1/documents_document_events.pb.h"

// The fact of budgets' income (store/budget_store.h): the closing documents documents issues —
// acts, УПД and the УКД correcting them — with their stand space (lines in м²) and other lines
// without VAT, by edition and issue date. A document superseded by a later one (its `replaces` or
// `corrects`) or annulled with its sale drops out of the fact.
namespace crm::accounting::app {

// Records a closing document (other kinds are ignored); a redelivery changes nothing.
void RecordIssuedClosingDocument(pqxx::work& tx, const crm::events::v1::DocumentIssued& event,
                                 const std::string& event_id);
// Takes an annulled closing document out of the fact.
void RecordAnnulledClosingDocument(pqxx::work& tx, const crm::events::v1::DocumentAnnulled& event);

}  // namespace crm::accounting::app
