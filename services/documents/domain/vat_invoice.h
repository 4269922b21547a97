#pragma once

#include <chrono>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "crm/documents/v1/documents.pb.h"
#include "crm/events/v1/documents_document_events.pb.h"
#include "services/documents/domain/invoice.h"

// VAT invoices (счета-фактуры) in the form of Government Decree 1137 of 26.12.2011 (Appendix 1,
// as amended by Decree 534 of 02.04.2021): the one a sale gets with its act when its edition
// closes, and the advance one a prepayment gets (Tax Code art. 168 p. 3: within 5 calendar days
// of the payment). Pure: no I/O.
namespace crm::documents {

// The document types as stored and as published in DocumentIssued.type.
inline constexpr char kVatInvoiceType[] = "VAT_INVOICE";
inline constexpr char kAdvanceVatInvoiceType[] = "ADVANCE_VAT_INVOICE";
inline constexpr char kCorrectiveVatInvoiceType[] = "CORRECTIVE_VAT_INVOICE";

// The days after a payment by which its advance VAT invoice is due (Tax Code art. 168 p. 3).
inline constexpr int kAdvanceVatInvoiceDays = 5;

// "vat-invoice-2026-000001.pdf".
std::string VatInvoiceFileName(std::string_view number);

// Advance VAT invoices are a series of their own, told apart from the shipment ones by the
// prefix "А-": FormatAdvanceNumber(2026, 3) == "А-2026-000003".
std::string FormatAdvanceNumber(int year, int64_t sequence);
// "advance-vat-invoice-2026-000003.pdf" (ASCII, as every file name).
std::string AdvanceVatInvoiceFileName(int year, int64_t sequence);

// The estimated rate printed in column 7 of an advance VAT invoice: 2200 -> "22/122".
// Throws std::invalid_argument for a rate that is not a whole percent.
std::string EstimatedRateLabel(int32_t rate_bp);

// The VAT contained in a prepayment: the standard rate on the payment day as the estimated rate
// rate/(100 + rate) (22/122 from 2026-01-01, 20/120 before), rounded half-up to a kopeck.
struct AdvanceVat {
  int32_t rate_bp;
  int64_t vat;
  int64_t net;  // the payment less its VAT
};
// Throws std::invalid_argument for a non-positive amount or an invalid date.
AdvanceVat AdvanceVatOf(int64_t amount_kopecks, std::chrono::year_month_day payment_date);
// The VAT contained in `amount_kopecks` at the estimated rate rate_bp/(10000 + rate_bp), as
// AdvanceVatOf rounds it: what a refund of part of a prepayment makes deductible.
AdvanceVat VatContainedIn(int64_t amount_kopecks, int32_t rate_bp);

// The VAT invoice of a sale closed by `act` (its DocumentIssued as issued): the act's lines and
// amounts (those of the sale's invoice in force when it was closed), line 5а naming the act.
// `issuer` is the issuer's record now (its director and chief accountant sign).
DocumentDraft ComposeVatInvoice(const events::v1::DocumentIssued& act, const v1::Issuer& issuer,
                                std::chrono::year_month_day issue_date, int64_t sequence,
                                const std::string& document_name);

// A prepayment as the advance VAT invoice names it (line 5).
struct AdvancePayment {
  std::string payment;  // "payments/{id}"
  std::string number;   // the payment order's number
  std::chrono::year_month_day date;
  int64_t amount_kopecks = 0;  // what went to this sale
};

// The advance VAT invoice of `payment` for the sale whose latest invoice is `invoice`: one line
// "Предварительная оплата за участие в выставке «…»" with quantity, unit and price dashed, the
// estimated rate and the VAT it contains.
DocumentDraft ComposeAdvanceVatInvoice(const events::v1::DocumentIssued& invoice,
                                       const AdvancePayment& payment, const v1::Issuer& issuer,
                                       std::chrono::year_month_day issue_date, int64_t sequence,
                                       const std::string& document_name);

// Whether the lines or amounts of `after` differ from `before`'s (what a corrective VAT invoice
// is issued for; a change of, say, the stand's number alone needs none).
bool AmountsDiffer(const events::v1::DocumentIssued& before,
                   const events::v1::DocumentIssued& after);

// "corrective-vat-invoice-2026-000001.pdf".
std::string CorrectiveVatInvoiceFileName(std::string_view number);

// The corrective VAT invoice (корректировочный счёт-фактура, Decree 1137 Appendix 2) of a sale
// amended after its VAT invoice `vat_invoice` was issued: per line the state `before` (the VAT
// invoice, or what the previous corrective left) in row А, `after` (the amended sale's invoice)
// in row Б, the increase in row В and the decrease in row Г, and the totals of both. Lines are
// matched by position for the stand (the first line, whose description changes with the area)
// and by description for services; a line only on one side is compared with nothing. The event
// carries the state after the change and `corrects` the VAT invoice's name. Throws
// std::invalid_argument unless AmountsDiffer(before, after).
DocumentDraft ComposeCorrectiveVatInvoice(const events::v1::DocumentIssued& vat_invoice,
                                          const events::v1::DocumentIssued& before,
                                          const events::v1::DocumentIssued& after,
                                          const v1::Issuer& issuer,
                                          std::chrono::year_month_day issue_date, int64_t sequence,
                                          const std::string& document_name);

}  // namespace crm::documents
