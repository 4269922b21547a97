#include "services/planning/domain/assessment_rules.h"

#include "common/core/ids.h"
#include "services/planning/domain/contact_rules.h"

namespace crm::planning::domain {
namespace {

template <class Enum, class Name>
std::string Strip(Enum value, bool (*valid)(int), Name name, std::string_view prefix) {
  if (static_cast<int>(value) == 0 || !valid(static_cast<int>(value))) {
    return "";
  }
  return name(value).substr(prefix.size());
}

}  // namespace

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

std::string ReadinessText(v1::ReadinessLevel level) {
  return Strip(
      level, v1::ReadinessLevel_IsValid,
      [](v1::ReadinessLevel v) { return v1::ReadinessLevel_Name(v); }, "READINESS_LEVEL_");
}

v1::ReadinessLevel ReadinessFromText(const std::string& text) {
  v1::ReadinessLevel level = v1::READINESS_LEVEL_UNSPECIFIED;
  v1::ReadinessLevel_Parse("READINESS_LEVEL_" + text, &level);
  return level;
}

std::string LeadSourceText(v1::LeadSourceKind source) {
  return Strip(
      source, v1::LeadSourceKind_IsValid,
      [](v1::LeadSourceKind v) { return v1::LeadSourceKind_Name(v); }, "LEAD_SOURCE_KIND_");
}

v1::LeadSourceKind LeadSourceFromText(const std::string& text) {
  v1::LeadSourceKind source = v1::LEAD_SOURCE_KIND_UNSPECIFIED;
  v1::LeadSourceKind_Parse("LEAD_SOURCE_KIND_" + text, &source);
  return source;
}

std::string RatingTargetText(v1::RatingTarget target) {
  return Strip(
      target, v1::RatingTarget_IsValid, [](v1::RatingTarget v) { return v1::RatingTarget_Name(v); },
      "RATING_TARGET_");
}

v1::RatingTarget RatingTargetFromText(const std::string& text) {
  v1::RatingTarget target = v1::RATING_TARGET_UNSPECIFIED;
  v1::RatingTarget_Parse("RATING_TARGET_" + text, &target);
  return target;
}

void CheckAssessmentText(std::string_view text, const std::string& field,
                         common::Violations& violations) {
  if (CharCount(text) > kMaxAssessmentTextChars) {
    violations.Add(field,
                   "must be at most " + std::to_string(kMaxAssessmentTextChars) + " characters");
  }
}

void ValidateReadinessLevel(v1::ReadinessLevel level, common::Violations& violations) {
  if (ReadinessText(level).empty()) {
    violations.Add("level", "is required: COLD, COOL, WARM or HOT");
  }
}

void ValidateLeadSource(const v1::SetLeadSourceRequest& request, common::Violations& violations) {
  if (LeadSourceText(request.source()).empty()) {
    violations.Add("source", "is required: a known lead source");
  }
  CheckAssessmentText(request.detail(), "detail", violations);
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
