#pragma once

#include <cstdint>
#include <string>
#include <string_view>

#include "common/ru/money.h"
#include "crm/events/v1/documents_document_events.pb.h"

// The 1C export package for an issued document (docs/accounting-exchange.md): its file name and
// its bytes. Pure: the same event always gives the same bytes, so a redelivered event rewrites an
// identical file.
namespace crm::accounting::domain {

// The value of the package's top-level "format" field and its version. A 1C processing checks
// both before reading anything else; a change that 1C must notice bumps the version.
inline constexpr char kFormat[] = "expo-crm.accounting-export";
inline constexpr int kFormatVersion = 1;

struct ExportPackage {
  std::string document_id;  // the document's UUID
  std::string file_name;    // <YYYYMMDD>_<doctype>_<number>_<document uuid>.json
  std::string content;      // UTF-8 JSON, ending with a newline
};

// Whether documents of `document_type` (DocumentIssued.type) are booked in 1C and so exported:
// invoices, acts and VAT invoices (advance ones included), and any kind not known here (a new
// accounting document must not be dropped silently). The sale's application, contract, checklist
// and manuals are not.
bool ExportedToAccounting(std::string_view document_type);

// Throws common::ValidationError listing every field of `event` that a package cannot be built
// without (field paths are the event's proto paths, e.g. "lines[0].unit_price.currency_code").
void ValidateDocumentIssued(const crm::events::v1::DocumentIssued& event);

// Validates `event` (as above) and builds its package. `source_event_id` is the event's ce-id,
// written into the file so 1C can trace a document back to the event.
ExportPackage BuildExportPackage(const crm::events::v1::DocumentIssued& event,
                                 std::string_view source_event_id);

// Validates `event` (a malformed one throws common::ValidationError listing its fields) and
// builds the package that tells 1C the document is void: operation "annul", the document's id,
// type and number, the sale, the reason, who and when. Its file name is the document's with
// "_annul" before ".json", dated the day of the annulment where the company is.
ExportPackage BuildAnnulmentPackage(const crm::events::v1::DocumentAnnulled& event,
                                    std::string_view source_event_id);

// <YYYYMMDD>_<doctype>_<number>_<document uuid>.json ("20261127_INVOICE_2026-000001_<uuid>.json"),
// with every run of characters other than ASCII letters and digits in the type and number
// replaced by one '-' (none at either end), so the name is safe on any file system and share 1C
// may read it from; the UUID is lower-cased.
std::string ExportFileName(int year, int month, int day, std::string_view document_type,
                           std::string_view document_number, std::string_view document_id);

// The package's amounts and quantities (common/ru/money.h).
using common::ru::MilliDecimal;
using common::ru::RoublesDecimal;

// Basis points as a percentage without trailing zeros: 2200 -> "22", 1050 -> "10.5", 0 -> "0".
std::string PercentFromBp(int32_t bp);

}  // namespace crm::accounting::domain
