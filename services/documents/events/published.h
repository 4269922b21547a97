#pragma once

#include <string>

#include "crm/documents/v1/documents.pb.h"
#include "crm/events/v1/accounting_payment_events.pb.h"
#include "crm/events/v1/documents_topics.h"
#include "crm/events/v1/planning_topics.h"
#include "services/documents/store/advance_store.h"

// Everything documents emits: the topics are declared in crm/events/v1/documents_topics.h
// (subject + payload type, docs/events.md). DocumentIssued is the invoice's own content as
// domain/invoice.h composes it (DocumentDraft::issued); DocumentAnnulled, DocumentSent and
// DocumentSigned are built here. What documents consumes is in events/handlers.h.
namespace crm::documents {

// The document `document` ("documents/{id}") of `type` and `number`, annulled because its sale
// was cancelled: the cancellation's reason, who cancelled and when.
events::v1::DocumentAnnulled DocumentAnnulledEvent(const std::string& document,
                                                   const std::string& type,
                                                   const std::string& number,
                                                   const events::v1::SaleCancelled& cancelled);

// The advance VAT invoice `document` of sale `sale`, annulled because its payment's match was
// undone by `annulled_by` at `annul_time` (RFC 3339).
events::v1::DocumentAnnulled AdvanceAnnulledEvent(
    const std::string& document, const std::string& number, const std::string& sale,
    const std::string& reason, const std::string& annulled_by, const std::string& annul_time);

// The advance VAT invoice `document` as `refund` (undone or not, at `event_time`, RFC 3339) left
// its refunds (`state`).
events::v1::AdvanceRefunded AdvanceRefundedEvent(const std::string& document,
                                                 const store::AdvanceRefundState& state,
                                                 const events::v1::RefundSnapshot& refund,
                                                 bool undone, const std::string& event_time);

// `document` as it is once marked sent (its `sent` set).
events::v1::DocumentSent DocumentSentEvent(const v1::Document& document);

// `document` as it is once marked signed (its `signed` set).
events::v1::DocumentSigned DocumentSignedEvent(const v1::Document& document);

}  // namespace crm::documents
