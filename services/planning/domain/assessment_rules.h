#pragma once

#include <string>
#include <string_view>

#include "common/api/enum_text.h"
#include "common/core/errors.h"
#include "crm/planning/v1/assessments.pb.h"

// Rules of the assessments of a client: readiness levels and their colours, lead sources,
// ratings. Pure.
namespace crm::planning::domain {

inline constexpr std::size_t kMaxAssessmentTextChars = 2000;

// "#1E88E5" for COLD ... "#E53935" for HOT; "" for UNSPECIFIED.
std::string_view ReadinessColour(v1::ReadinessLevel level);

// The stored text of the assessments' enums ("COLD", "WEBSITE", "MANAGER").
using ReadinessText = common::api::EnumText<v1::ReadinessLevel>;
using LeadSourceText = common::api::EnumText<v1::LeadSourceKind>;
using RatingTargetText = common::api::EnumText<v1::RatingTarget>;

// Validation; ids come back lower-case. Violations under the request's proto paths.
void ValidateReadinessLevel(v1::ReadinessLevel level, common::Violations& violations);
void ValidateLeadSource(const v1::SetLeadSourceRequest& request, common::Violations& violations);
// The subject must match the target: an employee for MANAGER, a project for PROJECT, none for
// COMPANY. Returns the normalised subject name.
std::string ValidateRating(const v1::Rating& rating, common::Violations& violations);
void CheckAssessmentText(std::string_view text, const std::string& field,
                         common::Violations& violations);

}  // namespace crm::planning::domain
