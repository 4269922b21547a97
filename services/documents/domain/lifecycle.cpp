#include "services/documents/domain/lifecycle.h"

#include <array>
#include <utility>

#include "common/core/errors.h"
#include "common/core/ids.h"
#include "common/core/text.h"

namespace crm::documents {
namespace {

bool InForce(v1::DocumentStatus status) {
  return status == v1::DOCUMENT_STATUS_ISSUED || status == v1::DOCUMENT_STATUS_SENT ||
         status == v1::DOCUMENT_STATUS_SIGNED;
}

void CheckInForce(const v1::Document& document) {
  if (document.status() == v1::DOCUMENT_STATUS_DRAFT) {
    throw common::PreconditionError("DOCUMENT_IS_DRAFT",
                                    "the document is a draft without a number: issue it first",
                                    document.name());
  }
  if (!InForce(document.status())) {
    throw common::PreconditionError(
        "DOCUMENT_NOT_IN_FORCE",
        document.status() == v1::DOCUMENT_STATUS_REPLACED
            ? "the document was replaced by " + document.replaced_by()
            : "the document was annulled: " + document.annulment_reason(),
        document.name());
  }
}

// The file signatures of the accepted content types.
constexpr std::array<std::pair<std::string_view, std::string_view>, 3> kSignatures{{
    {"application/pdf", "%PDF-"},
    {"image/jpeg", "\xFF\xD8\xFF"},
    {"image/png", "\x89PNG\r\n\x1A\n"},
}};

}  // namespace

std::string ScanName(const std::string& document_id, const std::string& scan_id) {
  return common::ResourceName("documents", document_id) + "/" +
         common::ResourceName("scans", scan_id);
}

bool MayBeDraft(v1::DocumentType type) {
  return type == v1::DOCUMENT_TYPE_APPLICATION || type == v1::DOCUMENT_TYPE_CONTRACT ||
         type == v1::DOCUMENT_TYPE_CHECKLIST || type == v1::DOCUMENT_TYPE_MARKETING_MANUAL ||
         type == v1::DOCUMENT_TYPE_TECHNICAL_MANUAL;
}

void CheckIsDraft(const v1::Document& document) {
  if (document.status() != v1::DOCUMENT_STATUS_DRAFT) {
    throw common::PreconditionError("NOT_A_DRAFT",
                                    "only a draft is rendered again or issued; the document is " +
                                        std::string(v1::DocumentStatus_Name(document.status())),
                                    document.name());
  }
}

bool SignedByBuyer(v1::DocumentType type) {
  return type == v1::DOCUMENT_TYPE_ACT || type == v1::DOCUMENT_TYPE_APPLICATION ||
         type == v1::DOCUMENT_TYPE_CONTRACT;
}

void CheckMaySend(const v1::Document& document) {
  CheckInForce(document);
  if (document.status() == v1::DOCUMENT_STATUS_SENT) {
    throw common::PreconditionError("ALREADY_SENT", "the document was sent already",
                                    document.name());
  }
  if (document.status() == v1::DOCUMENT_STATUS_SIGNED) {
    throw common::PreconditionError("ALREADY_SIGNED", "the buyer has signed the document already",
                                    document.name());
  }
}

void CheckMaySign(const v1::Document& document) {
  if (!SignedByBuyer(document.type())) {
    throw common::PreconditionError(
        "NOT_SIGNED_BY_BUYER", "the buyer does not sign documents of this kind", document.name());
  }
  CheckInForce(document);
  if (document.status() == v1::DOCUMENT_STATUS_SIGNED) {
    throw common::PreconditionError("ALREADY_SIGNED", "the buyer has signed the document already",
                                    document.name());
  }
}

void CheckMayAttach(const v1::Document& document) { CheckInForce(document); }

std::optional<std::string> CheckScanContentType(std::string_view content_type) {
  for (const auto& [type, signature] : kSignatures) {
    if (content_type == type) {
      return std::nullopt;
    }
  }
  return content_type.empty() ? "is required" : "must be application/pdf, image/jpeg or image/png";
}

std::optional<std::string> CheckScanContent(std::string_view content_type,
                                            std::string_view content) {
  if (content.empty()) {
    return "is required";
  }
  if (content.size() > kMaxScanBytes) {
    return "must be at most 10 MiB";
  }
  for (const auto& [type, signature] : kSignatures) {
    if (content_type == type && !content.starts_with(signature)) {
      return "is not a " + std::string(type) + " file";
    }
  }
  return std::nullopt;
}

std::optional<std::string> CheckScanFileName(std::string& file_name) {
  if (auto problem = common::CheckText(file_name, {.required = true, .max_characters = 255})) {
    return problem;
  }
  if (file_name.find_first_of("/\\") != std::string::npos) {
    return "must be a file name without a path";
  }
  return std::nullopt;
}

}  // namespace crm::documents
