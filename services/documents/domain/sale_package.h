#pragma once

#include <chrono>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "crm/documents/v1/documents.pb.h"
#include "crm/events/v1/planning_sale_events.pb.h"
#include "services/documents/domain/invoice.h"

// The rest of a sale's package, issued with its invoice when the sale is recorded (and in new
// versions when it is amended): the participation application (заявка на участие), the contract
// (договор) with its appendix listing the stand and services, the Contract Check List, and the
// marketing and technical exhibitor manuals, personalised for the exhibitor, the edition and the
// stand. Each is composed from the sale, the sale's invoice as issued with it (the same lines and
// amounts, to the kopeck) and the issuer. Pure: no I/O.
namespace crm::documents {

// The document types as stored and as published in DocumentIssued.type.
inline constexpr char kApplicationType[] = "APPLICATION";
inline constexpr char kContractType[] = "CONTRACT";
inline constexpr char kChecklistType[] = "CHECKLIST";
inline constexpr char kMarketingManualType[] = "MARKETING_MANUAL";
inline constexpr char kTechnicalManualType[] = "TECHNICAL_MANUAL";

// The kinds issued after the invoice, in the order they are issued (the contract names the
// application, the checklist both and the invoice).
const std::vector<std::string>& PackageKinds();

// The kinds named in `text` (CRM_DOCUMENTS_SALE_PACKAGE): "all" for PackageKinds(), "none" for
// none (a sale gets its invoice only), or a comma-separated list of "application", "contract",
// "checklist", "marketing_manual", "technical_manual"; returned in PackageKinds()' order. Nullopt
// for an unknown name or an empty list.
std::optional<std::vector<std::string>> ParsePackageKinds(std::string_view text);

// How many days after the package is issued the exhibitor has to return the signed application
// and contract.
inline constexpr int kSigningTermDays = 5;

// What the package is composed from. The numbers and dates of the documents issued before in the
// same package are filled in as they are issued.
struct PackageBasis {
  const events::v1::SaleRecorded* sale = nullptr;
  const events::v1::DocumentIssued* invoice = nullptr;  // the sale's invoice in force
  const v1::Issuer* issuer = nullptr;                   // the supplier, with its name
  std::string application_number, application_date;     // "2026-000001", "26.11.2026"
  std::string contract_number, contract_date;
};

// Notes the number and date of `kind`'s document just composed (`view`) in `basis` when the later
// documents of the package name it (the application, the contract).
void NoteIssued(PackageBasis& basis, std::string_view kind, const DocumentView& view);

// One line of the Contract Check List: what to do and by when. `due` is absent when the edition's
// dates are not known; `due_text` is what is printed ("не позднее 15.01.2027", "незамедлительно"
// when the day has passed by the issue date, or the rule when the date is unknown).
struct ChecklistItem {
  std::string what;
  std::optional<std::chrono::year_month_day> due;
  std::string due_text;
};

// The exhibitor's obligations for the sale, in this order: sign and return the application and
// the contract, pay the invoice, then what the edition's opening day sets (catalogue entry, stand
// design, extra services and power, staff badges, build-up) and the dismantling after its last
// day.
std::vector<ChecklistItem> ChecklistItems(const PackageBasis& basis,
                                          std::chrono::year_month_day issue_date);

// "contract-2026-000001.pdf", "technical-manual-2026-000001.pdf", ...
std::string PackageFileName(std::string_view kind, std::string_view number);

// What a draft's pages are marked with.
inline constexpr char kDraftMark[] = "ПРОЕКТ";

// The document of `kind` (one of PackageKinds()) for the basis, numbered `sequence` of its series
// and dated `issue_date`; `document_name` is its "documents/{id}". Sequence 0 composes the draft:
// no number, the file "<kind>-draft.pdf", every page marked kDraftMark and no payment QR code.
// Throws std::invalid_argument for another kind.
DocumentDraft ComposePackageDocument(std::string_view kind, const PackageBasis& basis,
                                     std::chrono::year_month_day issue_date, int64_t sequence,
                                     const std::string& document_name);

// The document of `kind` (one of PackageKinds()) of a sample sale — 36 m² at 2 000,00 on a corner
// stand with a registration fee, of an edition 10–13 March 2027 — from `issuer`, as an admin's
// template preview lays its text out.
DocumentView SamplePackageView(std::string_view kind, const v1::Issuer& issuer);

}  // namespace crm::documents
