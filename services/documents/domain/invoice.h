#pragma once

#include <chrono>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "common/ru/date_text.h"
#include "common/ru/payment_qr.h"
#include "crm/documents/v1/documents.pb.h"
#include "crm/events/v1/documents_document_events.pb.h"
#include "crm/events/v1/planning_sale_events.pb.h"
#include "services/documents/render/document_pdf.h"

// Invoices (счета на оплату) for sales: numbering, the printed texts, the consistency check of a
// sale event and the composition of the document from it. Pure: no I/O; the only outside input is
// the process time zone (common::api::LocalDate, the date printed on documents).
namespace crm::documents {

// The document type as stored and as published in DocumentIssued.type.
inline constexpr char kInvoiceType[] = "INVOICE";
// The unit of stand space on every document.
inline constexpr char kSquareMetreUnit[] = "м²";

// "<year>-<sequence, at least 6 digits>": FormatDocumentNumber(2026, 17) == "2026-000017".
std::string FormatDocumentNumber(int year, int64_t sequence);

// "invoice-2026-000017.pdf".
std::string InvoiceFileName(std::string_view number);

// "26.11.2026" (the one Russian date format of common/ru).
using common::ru::FormatDateRu;

// "НДС 22%"; a fractional rate keeps its decimals with a comma: 1050 -> "НДС 10,5%".
std::string VatLabel(int32_t rate_bp);

// What a payment QR code carries: the issuer as payee with its bank requisites, the total, and
// the purpose "Оплата по <basis>. Сумма <total> руб., в т.ч. НДС 22% <vat> руб." (as a payment
// order states VAT); `basis` e.g. "счёту № 2026-000017 от 26.11.2026".
common::ru::PaymentRequisites PaymentRequisitesFor(const v1::Issuer& issuer, std::string_view basis,
                                                   int64_t total_kopecks, int32_t vat_rate_bp,
                                                   int64_t vat_kopecks);

// What an invoice's payment QR code carries: the issuer as payee with its bank requisites, the
// total, and the purpose "Оплата по счёту № <number> от <date>. Сумма <total> руб., в т.ч. НДС
// 22% <vat> руб." (as a payment order states VAT).
common::ru::PaymentRequisites InvoicePaymentRequisites(const v1::Issuer& issuer,
                                                       std::string_view number,
                                                       std::string_view issue_date_ru,
                                                       int64_t total_kopecks, int32_t vat_rate_bp,
                                                       int64_t vat_kopecks);

// "Участие в выставке «<edition>»: выставочная площадь 12,5 м², стенд A-12"; the stand part is
// left out when the sale has no stand number.
std::string StandLineDescription(std::string_view edition_display_name, int64_t area_dm2,
                                 std::string_view stand_number);

// Every way a SaleRecorded event breaks the contract or contradicts our own computation (the net
// is area × price, VAT and total follow from the standard rate on `issue_date`); empty when the
// event can be invoiced. A non-empty result means the event can never succeed.
std::vector<std::string> SaleProblems(const events::v1::SaleRecorded& sale,
                                      std::chrono::year_month_day issue_date);

// The parties and the lines as every document prints them.
DocumentParty PartyOf(const events::v1::IssuerSnapshot& issuer);
DocumentParty PartyOf(const events::v1::ClientSnapshot& client);
// A line's discount is printed in its description: "… (скидка 1 000,00 руб.)".
std::vector<DocumentLineView> LineViews(const events::v1::DocumentIssued& document);

// What one document consists of: the event to publish (all but `sha256`, known only once the PDF
// is rendered) and what the PDF prints.
struct DocumentDraft {
  events::v1::DocumentIssued issued;
  DocumentView view;
};

// Composes the invoice for a sale that SaleProblems accepted. `issuer` is the supplier (with its
// name "issuers/{id}"), `document_name` the new document's "documents/{id}".
DocumentDraft ComposeInvoice(const events::v1::SaleRecorded& sale, const v1::Issuer& issuer,
                             std::chrono::year_month_day issue_date, int64_t sequence,
                             const std::string& document_name);

}  // namespace crm::documents
