#pragma once

#include <optional>
#include <string>
#include <string_view>

#include "common/api/enum_text.h"
#include "common/core/errors.h"
#include "crm/planning/v1/catalogues.pb.h"
#include "crm/planning/v1/planning.pb.h"

// Rules of the formal result kinds (refusals with catalogue reasons, invitations, manuals, sale
// details) and of the refusal reason catalogues. Pure: the API looks catalogue entries up.
namespace crm::planning::domain {

inline constexpr int kMaxInvitees = 100;
inline constexpr std::size_t kMaxPersonTextChars = 300;
inline constexpr std::size_t kMaxCatalogueNameChars = 200;

// The catalogue entry that stands for a value of the original RefusalReason enum (seeded with a
// fixed id by migration 0020). "" for UNSPECIFIED.
std::string LegacyRefusalReasonId(v1::RefusalReason reason);

// Per-kind validation under `path` ("result.refusal", ...).
void ValidateRefusal(const v1::RefusalOutcome& refusal, const std::string& path,
                     common::Violations& violations);
void ValidateVisitRefusal(const v1::VisitRefusalOutcome& refusal, const std::string& path,
                          common::Violations& violations);
void ValidateInvitation(const v1::InvitationOutcome& invitation, const std::string& path,
                        common::Violations& violations);
void ValidateManualSent(const v1::ManualSentOutcome& manual, const std::string& path,
                        common::Violations& violations);
// Area, stand, type, price override, services and discount (currency checks deferred).
void ValidateSaleOutcome(const v1::SaleOutcome& sale, const std::string& path,
                         common::Violations& violations);

// A catalogue entry as the checks below need it.
struct CatalogueEntry {
  std::string id;
  v1::RefusalScope scope = v1::REFUSAL_SCOPE_UNSPECIFIED;
  bool active = false;
  v1::RefusalReason legacy_reason = v1::REFUSAL_REASON_UNSPECIFIED;
};

// A result may name only an active entry of the right scope. Adds a violation on `field`.
void CheckReasonUsable(const std::optional<CatalogueEntry>& entry, v1::RefusalScope scope,
                       const std::string& field, common::Violations& violations);

// Fills the refusal's other reason field from `entry`: the catalogue name from the enum, or the
// enum from the entry (OTHER when the entry has no enum counterpart). Violations when the two
// given fields disagree.
void CompleteRefusalReason(v1::RefusalOutcome& refusal, const CatalogueEntry& entry,
                           const std::string& path, common::Violations& violations);

// The stored text of a refusal reason's scope: "PARTICIPATION" / "VISIT".
using RefusalScopeText = common::api::EnumText<v1::RefusalScope>;

// Create / update requests of the catalogue.
void ValidateNewRefusalReason(const v1::CreateRefusalReasonRequest& request,
                              common::Violations& violations);
void ValidateRefusalReasonUpdate(const v1::UpdateRefusalReasonRequest& request,
                                 common::Violations& violations);

}  // namespace crm::planning::domain
