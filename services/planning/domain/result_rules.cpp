#include "services/planning/domain/result_rules.h"

#include <cstdio>

#include "common/api/enum_text.h"
#include "common/api/etag.h"
#include "common/api/request_id.h"
#include "common/api/update_mask.h"
#include "common/core/ids.h"
#include "services/planning/domain/contact_rules.h"
#include "services/planning/domain/sale_pricing.h"

namespace crm::planning::domain {
namespace {

void CheckReasonName(const std::string& name, bool required, const std::string& field,
                     common::Violations& violations) {
  if (name.empty()) {
    if (required) {
      violations.Add(field, "is required");
    }
    return;
  }
  ParseIdField(name, "refusalReasons", field, violations);
}

}  // namespace

std::string LegacyRefusalReasonId(v1::RefusalReason reason) {
  if (reason <= v1::REFUSAL_REASON_UNSPECIFIED || !v1::RefusalReason_IsValid(reason)) {
    return "";
  }
  char id[40];
  std::snprintf(id, sizeof id, "00000000-0000-4000-8000-%012d", 100 + static_cast<int>(reason));
  return id;
}

void ValidateRefusal(const v1::RefusalOutcome& refusal, const std::string& path,
                     common::Violations& violations) {
  if (refusal.reason() != v1::REFUSAL_REASON_UNSPECIFIED &&
      !v1::RefusalReason_IsValid(refusal.reason())) {
    violations.Add(path + ".reason", "is not a known refusal reason");
  }
  if (refusal.reason() == v1::REFUSAL_REASON_UNSPECIFIED && refusal.refusal_reason().empty()) {
    violations.Add(path + ".reason", "is required: a catalogue refusal_reason or the reason enum");
  }
  CheckReasonName(refusal.refusal_reason(), false, path + ".refusal_reason", violations);
  CheckText(refusal.details(), false, kMaxResultTextChars, path + ".details", violations);
}

void ValidateVisitRefusal(const v1::VisitRefusalOutcome& refusal, const std::string& path,
                          common::Violations& violations) {
  CheckReasonName(refusal.refusal_reason(), true, path + ".refusal_reason", violations);
  CheckText(refusal.comment(), false, kMaxResultTextChars, path + ".comment", violations);
}

void ValidateInvitation(const v1::InvitationOutcome& invitation, const std::string& path,
                        common::Violations& violations) {
  if (invitation.visitors().empty()) {
    violations.Add(path + ".visitors", "must name at least one visitor");
  } else if (invitation.visitors_size() > kMaxInvitees) {
    violations.Add(path + ".visitors",
                   "must name at most " + std::to_string(kMaxInvitees) + " visitors");
  } else {
    for (int i = 0; i < invitation.visitors_size(); ++i) {
      const std::string p = path + ".visitors[" + std::to_string(i) + "]";
      CheckText(invitation.visitors(i).full_name(), true, kMaxPersonTextChars, p + ".full_name",
                violations);
      CheckText(invitation.visitors(i).position(), false, kMaxPersonTextChars, p + ".position",
                violations);
    }
  }
  CheckText(invitation.comment(), false, kMaxResultTextChars, path + ".comment", violations);
}

void ValidateManualSent(const v1::ManualSentOutcome& manual, const std::string& path,
                        common::Violations& violations) {
  if (manual.manual() == v1::MANUAL_KIND_UNSPECIFIED) {
    violations.Add(path + ".manual", "is required: marketing or technical");
  } else if (!v1::ManualKind_IsValid(manual.manual())) {
    violations.Add(path + ".manual", "is not a known manual");
  }
  if (manual.channel() == v1::DELIVERY_CHANNEL_UNSPECIFIED) {
    violations.Add(path + ".channel", "is required: how the manual was sent");
  } else if (!v1::DeliveryChannel_IsValid(manual.channel())) {
    violations.Add(path + ".channel", "is not a known delivery channel");
  }
  CheckText(manual.title(), false, kMaxPersonTextChars, path + ".title", violations);
  CheckText(manual.comment(), false, kMaxResultTextChars, path + ".comment", violations);
}

void ValidateSaleOutcome(const v1::SaleOutcome& sale, const std::string& path,
                         common::Violations& violations) {
  // A sale naming a stand may leave the area out: the floor plan has it (app::PlaceSale requires
  // it where the edition has no inventory).
  if (sale.area_dm2() != 0 || !HasContent(sale.stand_number())) {
    ValidateArea(sale.area_dm2(), path + ".area_dm2", violations);
  }
  CheckText(sale.stand_number(), false, kMaxStandNumberChars, path + ".stand_number", violations);
  if (!v1::StandType_IsValid(sale.stand_type())) {
    violations.Add(path + ".stand_type", "is not a known stand type");
  }
  if (sale.has_price_per_m2()) {
    ValidatePriceOverride(sale.price_per_m2(), sale.price_override_reason(), "", path, violations);
  } else if (!sale.price_override_reason().empty()) {
    violations.Add(path + ".price_override_reason", "is given without price_per_m2");
  }
  ValidateServiceLines(sale.service_lines(), "", path + ".service_lines", violations);
  if (sale.has_discount()) {
    ValidateDiscount(sale.discount(), "", path + ".discount", violations);
  }
}

void CheckReasonUsable(const std::optional<CatalogueEntry>& entry, v1::RefusalScope scope,
                       const std::string& field, common::Violations& violations) {
  if (!entry) {
    violations.Add(field, "is not an entry of the refusal reason catalogue");
  } else if (entry->scope != scope) {
    violations.Add(field, scope == v1::REFUSAL_SCOPE_VISIT
                              ? "must be a reason for refusing to visit"
                              : "must be a reason for refusing to take part");
  } else if (!entry->active) {
    violations.Add(field, "is deactivated; pick an active reason");
  }
}

void CompleteRefusalReason(v1::RefusalOutcome& refusal, const CatalogueEntry& entry,
                           const std::string& path, common::Violations& violations) {
  const std::string name = common::ResourceName("refusalReasons", entry.id);
  if (refusal.reason() != v1::REFUSAL_REASON_UNSPECIFIED && !refusal.refusal_reason().empty() &&
      entry.legacy_reason != refusal.reason()) {
    violations.Add(path + ".reason", "does not match refusal_reason; give one of the two");
    return;
  }
  refusal.set_refusal_reason(name);
  refusal.set_reason(entry.legacy_reason != v1::REFUSAL_REASON_UNSPECIFIED
                         ? entry.legacy_reason
                         : v1::REFUSAL_REASON_OTHER);
}

void ValidateNewRefusalReason(const v1::CreateRefusalReasonRequest& request,
                              common::Violations& violations) {
  const auto& entry = request.refusal_reason();
  if (entry.scope() == v1::REFUSAL_SCOPE_UNSPECIFIED) {
    violations.Add("refusal_reason.scope", "is required: PARTICIPATION or VISIT");
  } else if (!common::api::IsSpecified(entry.scope())) {
    violations.Add("refusal_reason.scope", "is not a known scope");
  }
  CheckText(entry.display_name(), true, kMaxCatalogueNameChars, "refusal_reason.display_name",
            violations);
  common::api::CheckRequestId(violations, request.request_id());
}

void ValidateRefusalReasonUpdate(const v1::UpdateRefusalReasonRequest& request,
                                 common::Violations& violations) {
  const auto& entry = request.refusal_reason();
  if (entry.name().empty()) {
    violations.Add("refusal_reason.name", "is required");
  } else {
    ParseIdField(entry.name(), "refusalReasons", "refusal_reason.name", violations);
  }
  common::api::RequireEtag(violations, "refusal_reason.etag", entry.etag());
  static constexpr std::array<std::string_view, 1> kUpdatable = {"display_name"};
  static constexpr std::array<common::api::RefusedPath, 2> kRefused = {
      {{"scope", "is immutable"},
       {"active", "changes with :deactivate and :reactivate, not with an update"}}};
  const auto paths =
      common::api::ReadUpdateMask(violations, request.update_mask(), kUpdatable, kRefused);
  if (common::api::HasPath(paths, "display_name")) {
    CheckText(entry.display_name(), true, kMaxCatalogueNameChars, "refusal_reason.display_name",
              violations);
  }
}

}  // namespace crm::planning::domain
