#include "services/analytics/domain/money.h"

#include "common/api/date.h"
#include "common/core/errors.h"
#include "services/analytics/domain/projection.h"
#include "services/analytics/domain/timestamps.h"

namespace crm::analytics::domain {
namespace {

// The time an event carries in `own` (when set and valid), else its ce-time `event_time`; a
// violation at `field` when neither tells.
std::string TimeOf(bool has_own, const google::protobuf::Timestamp& own,
                   const std::string& event_time, const char* field,
                   common::Violations& violations) {
  if (has_own && IsValidTimestamp(own)) {
    return Rfc3339(own);
  }
  if (event_time.empty()) {
    violations.Add(field, "must be set when the event carries no ce-time");
  }
  return event_time;
}

// A date that must be set, as "YYYY-MM-DD".
std::string RequiredIsoDate(const google::type::Date& date, const char* field,
                            common::Violations& violations) {
  if (common::api::IsUnsetDate(date)) {
    violations.Add(field, "must be set");
    return {};
  }
  return OptionalIsoDate(date, field, violations);
}

// The document and sale of an invoice's event; nullopt for every other kind of document.
template <class Event>
std::optional<InvoiceIds> InvoiceIdsOf(const Event& event, common::Violations& violations) {
  if (event.type() != "INVOICE") {
    return std::nullopt;
  }
  return InvoiceIds{
      .document_id = ResourceIdOf(event.document(), "documents", "document", violations),
      .sale_id = ResourceIdOf(event.sale(), "sales", "sale", violations)};
}

// The shares of an incoming payment's event (received or matched), made at `matched_at`.
template <class Event>
std::vector<PaymentShareRow> Shares(const Event& event, const std::string& matched_at,
                                    common::Violations& violations) {
  const std::string payment_id = ResourceIdOf(event.payment(), "payments", "payment", violations);
  const std::string date = RequiredIsoDate(event.date(), "date", violations);
  std::vector<PaymentShareRow> rows;
  for (int i = 0; i < event.matched_invoices_size(); ++i) {
    const auto& share = event.matched_invoices(i);
    const std::string prefix = "matched_invoices[" + std::to_string(i) + "].";
    PaymentShareRow row;
    row.payment_id = payment_id;
    row.document_id =
        ResourceIdOf(share.document(), "documents", (prefix + "document").c_str(), violations);
    row.matched_at = matched_at;
    row.sale_id = ResourceIdOf(share.sale(), "sales", (prefix + "sale").c_str(), violations);
    row.amount_kopecks = share.amount().minor_units();
    if (row.amount_kopecks < 0) {
      violations.Add(prefix + "amount", "must not be negative");
    }
    row.payment_date = date;
    rows.push_back(std::move(row));
  }
  violations.ThrowIfAny();
  return rows;
}

}  // namespace

std::optional<InvoiceRow> InvoiceRowOf(const crm::events::v1::DocumentIssued& event) {
  common::Violations violations;
  const auto ids = InvoiceIdsOf(event, violations);
  if (!ids) {
    return std::nullopt;
  }
  InvoiceRow row;
  row.document_id = ids->document_id;
  row.sale_id = ids->sale_id;
  row.number = event.number();
  row.total_kopecks = event.total_amount().minor_units();
  row.issue_date = RequiredIsoDate(event.issue_date(), "issue_date", violations);
  row.due_date = OptionalIsoDate(event.payment_due_date(), "payment_due_date", violations);
  row.sequence_number = event.sequence_number();
  if (!event.replaces().empty()) {
    row.replaces_id = ResourceIdOf(event.replaces(), "documents", "replaces", violations);
  }
  violations.ThrowIfAny();
  return row;
}

std::optional<InvoiceIds> AnnulledInvoiceOf(const crm::events::v1::DocumentAnnulled& event) {
  common::Violations violations;
  auto ids = InvoiceIdsOf(event, violations);
  violations.ThrowIfAny();
  return ids;
}

std::vector<PaymentShareRow> PaymentSharesOf(const crm::events::v1::PaymentReceived& event) {
  common::Violations violations;
  return Shares(event, "-infinity", violations);
}

std::vector<PaymentShareRow> PaymentSharesOf(const crm::events::v1::PaymentMatched& event,
                                             const std::string& event_time) {
  common::Violations violations;
  const std::string at =
      TimeOf(event.has_match_time(), event.match_time(), event_time, "match_time", violations);
  return Shares(event, at, violations);
}

PaymentUnmatchRow PaymentUnmatchOf(const crm::events::v1::PaymentUnmatched& event,
                                   const std::string& event_time) {
  common::Violations violations;
  PaymentUnmatchRow row;
  row.payment_id = ResourceIdOf(event.payment(), "payments", "payment", violations);
  row.unmatched_rfc3339 = TimeOf(event.has_unmatch_time(), event.unmatch_time(), event_time,
                                 "unmatch_time", violations);
  violations.ThrowIfAny();
  return row;
}

}  // namespace crm::analytics::domain
