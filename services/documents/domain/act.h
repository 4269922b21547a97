#pragma once

#include <chrono>
#include <cstdint>
#include <string>
#include <string_view>

#include "crm/documents/v1/documents.pb.h"
#include "crm/events/v1/documents_document_events.pb.h"
#include "services/documents/domain/invoice.h"

// Acts of services rendered (акты об оказании услуг): the closing document of a sale once its
// edition has taken place, the one revenue and VAT are booked on. Pure: no I/O.
namespace crm::documents {

// The document type as stored and as published in DocumentIssued.type.
inline constexpr char kActType[] = "ACT";

// "act-2026-000001.pdf".
std::string ActFileName(std::string_view number);

// The act closing the sale whose current invoice is `invoice` (its DocumentIssued as issued):
// the same lines and amounts, the supplier as executor with the requisites printed on the
// invoice, the buyer as customer. `issuer` is the issuer's record now (its director signs),
// `issue_date` the closing day, `sequence` the number in the issuer's act series,
// `document_name` the act's "documents/{id}".
DocumentDraft ComposeAct(const events::v1::DocumentIssued& invoice, const v1::Issuer& issuer,
                         std::chrono::year_month_day issue_date, int64_t sequence,
                         const std::string& document_name);

}  // namespace crm::documents
