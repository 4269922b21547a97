#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "crm/events/v1/accounting_payment_events.pb.h"
#include "crm/events/v1/documents_document_events.pb.h"

// Money invoiced and received: what the projection keeps of documents' invoices and of the
// payments accounting applies to them (migration 0012). Pure; each function throws
// common::ValidationError (field paths of the event) for an event the projection cannot take.
namespace crm::analytics::domain {

// An invoice as document.issued gives it.
struct InvoiceRow {
  std::string document_id;  // UUID
  std::string sale_id;      // UUID
  std::string number;
  int64_t total_kopecks = 0;
  std::string issue_date;  // "YYYY-MM-DD"
  std::string due_date;    // "YYYY-MM-DD"; "" when unset
  int64_t sequence_number = 0;
  std::string replaces_id;  // UUID of the invoice this one replaces; "" for a sale's first
};

// The invoice of a document.issued of type INVOICE; nullopt for every other kind of document.
std::optional<InvoiceRow> InvoiceRowOf(const crm::events::v1::DocumentIssued& event);

// An invoice's document and sale (UUIDs).
struct InvoiceIds {
  std::string document_id;
  std::string sale_id;
};
// The annulled invoice of a document.annulled; nullopt for every other kind of document.
std::optional<InvoiceIds> AnnulledInvoiceOf(const crm::events::v1::DocumentAnnulled& event);

// One share of a payment in an invoice, as payment.received or payment.matched made it.
struct PaymentShareRow {
  std::string payment_id;   // UUID
  std::string document_id;  // UUID
  // When the share was made: "-infinity" at import (a payment's first event, before any
  // unmatch), else the match's time (RFC 3339).
  std::string matched_at;
  std::string sale_id;  // UUID
  int64_t amount_kopecks = 0;
  std::string payment_date;  // "YYYY-MM-DD"
};

// The shares of a payment.received (those matched at import; none when it went to the unmatched
// queue).
std::vector<PaymentShareRow> PaymentSharesOf(const crm::events::v1::PaymentReceived& event);
// The shares a payment.matched made, at its match_time (else `event_time`, the event's ce-time;
// an event with neither is unusable).
std::vector<PaymentShareRow> PaymentSharesOf(const crm::events::v1::PaymentMatched& event,
                                             const std::string& event_time);

// A payment.unmatched: every share its payment had until then is undone.
struct PaymentUnmatchRow {
  std::string payment_id;  // UUID
  // Its unmatch_time, else `event_time`; an event with neither is unusable.
  std::string unmatched_rfc3339;
};
PaymentUnmatchRow PaymentUnmatchOf(const crm::events::v1::PaymentUnmatched& event,
                                   const std::string& event_time);

}  // namespace crm::analytics::domain
