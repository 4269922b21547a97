#include "services/planning/domain/assessment_rules.h"

#include "common/api/enum_text.h"
#include "common/core/ids.h"
#include "services/planning/domain/contact_rules.h"

namespace crm::planning::domain {
namespace {}  // namespace

std::string_view ReadinessColour(v1::ReadinessLevel level) {
  switch (level) {
    case v1::READINESS_LEVEL_COLD:
      return "#1E88E5";
    case v1::READINESS_LEVEL_COOL:
      return "#26A69A";
    case v1::READINESS_LEVEL_WARM:
      return "#FDD835";
    case v1::READINESS_LEVEL_HOT:
      return "#E53935";
    default:
      return "";
  }
}

void CheckAssessmentText(std::string_view text, const std::string& field,
                         common::Violations& violations) {
  if (CharCount(text) > kMaxAssessmentTextChars) {
    violations.Add(field,
                   "must be at most " + std::to_string(kMaxAssessmentTextChars) + " characters");
  }
}

void ValidateReadinessLevel(v1::ReadinessLevel level, common::Violations& violations) {
  if (!common::api::IsSpecified(level)) {
    violations.Add("level", "is required: COLD, COOL, WARM or HOT");
  }
}

void ValidateLeadSource(const v1::SetLeadSourceRequest& request, common::Violations& violations) {
  if (!common::api::IsSpecified(request.source())) {
    violations.Add("source", "is required: a known lead source");
  }
  // Registry keeps the detail as the client's lead_source: its rule (one line, at most 500
  // characters) applies here, so what is accepted here is never refused there.
  constexpr std::size_t kMaxLeadSourceDetailChars = 500;
  if (CharCount(request.detail()) > kMaxLeadSourceDetailChars) {
    violations.Add("detail",
                   "must be at most " + std::to_string(kMaxLeadSourceDetailChars) + " characters");
  } else if (request.detail().find_first_of("\r\n") != std::string::npos) {
    violations.Add("detail", "must be one line");
  }
}

std::string ValidateRating(const v1::Rating& rating, common::Violations& violations) {
  if (rating.score() < 1 || rating.score() > 5) {
    violations.Add("rating.score", "must be 1 to 5");
  }
  CheckAssessmentText(rating.comment(), "rating.comment", violations);
  switch (rating.target()) {
    case v1::RATING_TARGET_MANAGER:
      if (auto id = ParseIdField(rating.subject(), "employees", "rating.subject", violations)) {
        return common::ResourceName("employees", *id);
      }
      return "";
    case v1::RATING_TARGET_PROJECT:
      if (auto id = ParseIdField(rating.subject(), "projects", "rating.subject", violations)) {
        return common::ResourceName("projects", *id);
      }
      return "";
    case v1::RATING_TARGET_COMPANY:
      if (!rating.subject().empty()) {
        violations.Add("rating.subject", "must be empty for the company");
      }
      return "";
    default:
      violations.Add("rating.target", "is required: MANAGER, PROJECT or COMPANY");
      return "";
  }
}

}  // namespace crm::planning::domain
