#pragma once

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>

#include "crm/documents/v1/documents.pb.h"

// A document's life: DRAFT (some kinds, for review) -> ISSUED -> SENT -> SIGNED, the last only for
// documents the buyer signs too; REPLACED and ANNULLED documents are no longer in force and change
// no more; a draft is sent, signed or given scans only once it is issued (DOCUMENT_IS_DRAFT).
// And what a scan attached to a document may be. Pure: no I/O.
namespace crm::documents {

// Drafts. An issuer may have the kinds of the sale's package a person issues (the application,
// the contract, the checklist, the manuals) made as drafts first: DRAFT -> ISSUED by
// IssueDocument, then the life above. The invoice and the accounting documents are never drafts.
bool MayBeDraft(v1::DocumentType type);
// Throws common::PreconditionError NOT_A_DRAFT (naming the document and its state) unless
// `document` is a draft, which alone is rendered again or issued.
void CheckIsDraft(const v1::Document& document);

// "documents/{document}/scans/{scan}": the name of a scan attached to a document.
std::string ScanName(const std::string& document_id, const std::string& scan_id);

// Whether the buyer signs documents of this kind: an act (both sides sign it), not an invoice.
bool SignedByBuyer(v1::DocumentType type);

// Throws common::PreconditionError (reason DOCUMENT_NOT_IN_FORCE, ALREADY_SENT or
// ALREADY_SIGNED, naming the document) when `document` cannot be marked sent.
void CheckMaySend(const v1::Document& document);
// The same for marking it signed (also NOT_SIGNED_BY_BUYER for a kind the buyer does not sign).
void CheckMaySign(const v1::Document& document);

// Throws common::PreconditionError DOCUMENT_NOT_IN_FORCE for a replaced or annulled document,
// to which nothing more is attached.
void CheckMayAttach(const v1::Document& document);

// The largest scan accepted, below the servers' 16 MiB message limit.
inline constexpr std::size_t kMaxScanBytes = 10 * 1024 * 1024;

// What is wrong with a scan's content type: nullopt when it is one accepted (PDF, JPEG, PNG).
std::optional<std::string> CheckScanContentType(std::string_view content_type);
// What is wrong with a scan's bytes for its (accepted) content type: empty, too large, or not
// starting the way such a file starts.
std::optional<std::string> CheckScanContent(std::string_view content_type,
                                            std::string_view content);
// What is wrong with an uploaded file's name (trimmed in place): required, at most 255
// characters, one line, no path.
std::optional<std::string> CheckScanFileName(std::string& file_name);

}  // namespace crm::documents
