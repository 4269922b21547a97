#pragma once

#include <chrono>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "crm/documents/v1/documents.pb.h"
#include "crm/events/v1/documents_document_events.pb.h"
#include "services/documents/render/document_pdf.h"

// The parts of the VAT invoice form of Government Decree 1137 (Appendix 1, as amended by Decree
// 534 of 02.04.2021) that every document printing it shares: the VAT invoices (vat_invoice.h)
// and the УПД (upd.h), whose status 1 is a VAT invoice in that form with a transfer part added.
// Pure: no I/O.
namespace crm::documents {

// What the form prints where a line or a column does not apply.
inline constexpr char kFormDash[] = "—";

// A unit as the all-Russian classifier of units (ОКЕИ) has it: its code and national symbol.
struct OkeiUnit {
  std::string_view code;    // "055"
  std::string_view symbol;  // "м2"
};
// The ОКЕИ entry of a unit our documents use (м², шт., ч); nullopt for one without.
std::optional<OkeiUnit> OkeiOf(std::string_view unit);

// The unit's code in the all-Russian classifier of units (ОКЕИ) for column 2; a dash for one
// without.
std::string OkeiCode(std::string_view unit);
// "7707083893/773601001"; a dash for a missing KPP.
std::string InnKpp(std::string_view inn, std::string_view kpp);
// Column 7: "22%".
std::string PercentLabel(int32_t rate_bp);

// A new document of `type` started from what the sale's invoice (or its act) says about both
// parties, the edition and the lines, with its own number, date and name; not paid (no due date).
events::v1::DocumentIssued DocumentFromInvoice(const events::v1::DocumentIssued& invoice,
                                               const char* type, const std::string& number,
                                               int64_t sequence,
                                               std::chrono::year_month_day issue_date,
                                               const std::string& document_name);

// The form's heading, note, numbered header lines (1а) to (8) — the parties from `document`,
// dashes for what does not apply to services — its columns 1 to 13 on a landscape page, and the
// signatures of `issuer`'s director and chief accountant. Lines (5) and (5а) print the given
// texts. The table's rows are the caller's.
DocumentView VatFormView(const events::v1::DocumentIssued& document, const v1::Issuer& issuer,
                         std::string payment_document, std::string shipment_document);

// The lines of a sale's document as the form's rows of columns 1 to 13: the quantity, the price
// the amount was reached at (net per unit after a discount), the amounts, the rate, and dashes
// for excise, country, customs declaration and traceability.
std::vector<std::vector<std::string>> VatFormRows(const events::v1::DocumentIssued& document);

// Appends the cells of a row after column 9: country, declaration, traceability — dashes, none
// of them applies to services.
void AppendNotApplicable(std::vector<std::string>& row);

// Line (5а) naming the shipment document `number` of `date` for all of `document`'s rows:
// "1–3 № 2026-000001 от 20.05.2026".
std::string ShipmentDocumentLine(const events::v1::DocumentIssued& document,
                                 const std::string& number, const std::string& date);

// The row "Всего к оплате (9)" under columns 1 to 13 shifted right by `leading_columns` (the
// УПД's column А): the net (or a dash), "Х" for excise and rate, the VAT and the total.
TableTotalView VatFormTotalRow(const std::string& net, const std::string& vat,
                               const std::string& total, std::size_t leading_columns = 0);

}  // namespace crm::documents
