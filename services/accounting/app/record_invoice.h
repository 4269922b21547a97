#pragma once

#include <pqxx/pqxx>
#include <string>

#include "crm/events/v1/documents_topics.h"

// Accounting's copy of issued invoices (store/invoice_store.h), kept current from documents'
// events in the consumer's transaction, so bank payments can be matched to what is payable.
namespace crm::accounting::app {

// Records an issued invoice (other document types are not payable and are skipped); the invoice it
// replaces, if any, is no longer payable and the payments matched to it move to this one
// (MovePaymentsToReplacement). A replay changes nothing.
void RecordIssuedInvoice(pqxx::work& tx, const crm::events::v1::DocumentIssued& event,
                         const std::string& event_id);

// Marks an annulled invoice no longer payable and releases the payments on it
// (ReleasePaymentsOfAnnulled); an unknown one (issued before accounting kept invoices) is logged
// and skipped.
void RecordAnnulledInvoice(pqxx::work& tx, const crm::events::v1::DocumentAnnulled& event);

}  // namespace crm::accounting::app
