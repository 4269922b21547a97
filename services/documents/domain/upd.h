#pragma once

#include <chrono>
#include <cstdint>
#include <string>
#include <string_view>

#include "crm/documents/v1/documents.pb.h"
#include "crm/events/v1/documents_document_events.pb.h"
#include "services/documents/domain/invoice.h"

// The универсальный передаточный документ (УПД) closing a sale, in the form the tax service
// recommended (letter ММВ-20-3/96@ of 21.10.2013, Appendix 1) as it reads since Decree 534 of
// 02.04.2021 changed the VAT invoice it contains: on the left the box "Статус" (1: VAT invoice
// and transfer document, 2: transfer document only), on the right the VAT invoice's heading and
// lines (1)–(8), the table of columns А and 1 to 13 (column А, the code of the goods or services,
// before the VAT invoice's own columns; Decree 534's traceability columns 12–13 included, since a
// УПД with status 1 must carry every column of the VAT invoice), the VAT invoice's signatures,
// then the transfer part, lines [8] to [19]: the basis of the transfer, the day the services
// were rendered, who handed over and who received them, and who is responsible for the record
// on either side. With status 2 the parts only a VAT invoice needs are dashed (lines (1а), (2б),
// (5), (5а), (6б), (8)), as the letter allows.
//
// Numbering: a УПД is numbered in a series of its own per issuer and year (document type "UPD"),
// printed with the prefix "У-": "У-2026-000001". A УПД with status 1 is a VAT invoice, and the
// seller's VAT invoices must be numbered in the order they are issued (Decree 1137, rules of
// filling in, p. 1 а); sharing the VAT_INVOICE series would do that, but the two would then be
// issued in one series by two kinds of closing, and a УПД with status 2 (no VAT invoice) would
// need one series anyway. A separate series with its own prefix is what the rules allow
// (numbers may carry a prefix that tells series apart, as advance VAT invoices' "А-" does here):
// no number of a УПД can coincide with a VAT invoice's of the same year in the sales ledger, and
// each series stays gapless and chronological on its own. Both statuses share the series: a
// buyer knows a УПД by its number whatever its status. Pure: no I/O.
namespace crm::documents {

// The document type as stored and as published in DocumentIssued.type.
inline constexpr char kUpdType[] = "UPD";

// "У-2026-000001".
std::string FormatUpdNumber(int year, int64_t sequence);
// "upd-2026-000001.pdf" (ASCII, as every file name).
std::string UpdFileName(int year, int64_t sequence);

// What a УПД is made of besides the sale's invoice.
struct UpdBasis {
  int status = 1;  // 1 or 2
  // The invoice the sale was billed by (its number and date name the basis of the transfer).
  std::string invoice_number;
  std::chrono::year_month_day invoice_date;
  // The day the services were rendered: the edition's last day.
  std::chrono::year_month_day rendered_date;
};

// The УПД closing the sale whose current invoice is `invoice` (its DocumentIssued as issued):
// the invoice's lines and amounts, `issuer`'s director handing over and responsible for the
// record, its chief accountant signing the VAT invoice part. `sequence` is the number in the
// issuer's УПД series, `document_name` the УПД's "documents/{id}". Throws std::invalid_argument
// for a status other than 1 or 2.
DocumentDraft ComposeUpd(const events::v1::DocumentIssued& invoice, const v1::Issuer& issuer,
                         const UpdBasis& basis, std::chrono::year_month_day issue_date,
                         int64_t sequence, const std::string& document_name);

// The document type of a УКД (универсальный корректировочный документ), status 1 or 2.
inline constexpr char kUkdType[] = "UKD";

// "УК-2026-000001": a series of its own, kept apart in the sales ledger from the corrective VAT
// invoices' as the УПД's is from the VAT invoices'.
std::string FormatUkdNumber(int year, int64_t sequence);

// The УКД (the form the tax service recommended in its letter ММВ-20-15/86@ of 17.10.2014) of a
// sale closed with `upd` and amended since: the corrective VAT invoice of
// ComposeCorrectiveVatInvoice — rows А, Б, В, Г per line and the totals — in the box
// "Универсальный корректировочный документ / Статус: N", line (1а) naming the УПД, and the
// correction's part [8]–[15]: its basis (the changed terms of participation), the seller's
// responsible person and entity, the buyer's side for their hand. `status` 1 (a УПД of status 1
// corrected: the УКД is also the corrective VAT invoice) or 2 (a УПД of status 2, the transfer
// document only, corrected: the УКД is the corrective transfer document, with a corrective VAT
// invoice of its own beside it; the lines only a corrective VAT invoice needs — the correction of
// a corrective VAT invoice (1б), the government contract's id (5) — are dashed, as the letter
// allows). Throws as ComposeCorrectiveVatInvoice, and std::invalid_argument for another status.
DocumentDraft ComposeUkd(const events::v1::DocumentIssued& upd,
                         const events::v1::DocumentIssued& before,
                         const events::v1::DocumentIssued& after, const v1::Issuer& issuer,
                         int status, std::chrono::year_month_day issue_date, int64_t sequence,
                         const std::string& document_name);

}  // namespace crm::documents
