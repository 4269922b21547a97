#include "services/planning/domain/contact_rules.h"

#include <google/protobuf/util/time_util.h>

#include <cctype>

#include "common/api/request_id.h"
#include "common/auth/access.h"
#include "common/core/ids.h"
#include "services/planning/domain/result_rules.h"
#include "services/planning/domain/sale_pricing.h"

namespace crm::planning::domain {
namespace {

using common::auth::Role;
using google::protobuf::Timestamp;

// 2000-01-01T00:00:00Z and 2100-01-01T00:00:00Z.
constexpr int64_t kEarliestPlausibleSeconds = 946684800;
constexpr int64_t kLatestPlausibleSeconds = 4102444800;

// Names may carry upper-case hex; ids are stored and compared in PostgreSQL's lower-case form.
std::string Lower(std::string text) {
  for (char& c : text) {
    c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  }
  return text;
}

std::optional<std::pair<std::string, std::string>> ParseChildField(std::string_view value,
                                                                   std::string_view parent,
                                                                   std::string_view child,
                                                                   const std::string& field,
                                                                   common::Violations& violations) {
  auto ids = common::ParseChildResourceId(value, parent, child);
  if (!ids) {
    violations.Add(field, "must be a resource name of the form \"" + std::string(parent) +
                              "/{uuid}/" + std::string(child) + "/{uuid}\"");
    return std::nullopt;
  }
  return std::make_pair(Lower(ids->first), Lower(ids->second));
}

}  // namespace

void CheckText(std::string_view text, bool required, std::size_t max_chars,
               const std::string& field, common::Violations& violations) {
  if (required && !HasContent(text)) {
    violations.Add(field, "is required");
  } else if (CharCount(text) > max_chars) {
    violations.Add(field, "must be at most " + std::to_string(max_chars) + " characters");
  }
}

bool IsPlausibleTime(const Timestamp& t) {
  return t.nanos() >= 0 && t.nanos() <= 999'999'999 && t.seconds() >= kEarliestPlausibleSeconds &&
         t.seconds() < kLatestPlausibleSeconds;
}

std::size_t CharCount(std::string_view text) {
  std::size_t count = 0;
  for (char c : text) {
    // Continuation bytes (10xxxxxx) belong to the code point before them.
    if ((static_cast<unsigned char>(c) & 0xC0) != 0x80) {
      ++count;
    }
  }
  return count;
}

bool HasContent(std::string_view text) {
  for (char c : text) {
    if (!std::isspace(static_cast<unsigned char>(c))) {
      return true;
    }
  }
  return false;
}

std::optional<std::string> ParseIdField(std::string_view value, std::string_view collection,
                                        const std::string& field, common::Violations& violations) {
  auto id = common::ParseResourceId(value, collection);
  if (!id) {
    violations.Add(
        field, "must be a resource name of the form \"" + std::string(collection) + "/{uuid}\"");
    return std::nullopt;
  }
  return Lower(*id);
}

PlanInput ValidatePlanContact(const v1::PlanContactRequest& request,
                              std::string_view caller_subject, bool edition_optional) {
  common::Violations violations;
  PlanInput in;
  common::api::CheckRequestId(violations, request.request_id());
  if (!request.has_contact()) {
    violations.Add("contact", "is required");
    violations.ThrowIfAny();
  }
  const v1::Contact& contact = request.contact();

  if (contact.client().empty()) {
    violations.Add("contact.client", "is required");
  } else if (auto id = ParseIdField(contact.client(), "clients", "contact.client", violations)) {
    in.client_id = *id;
  }

  if (!contact.contact_person().empty()) {
    if (auto ids = ParseChildField(contact.contact_person(), "clients", "contactPersons",
                                   "contact.contact_person", violations)) {
      if (!in.client_id.empty() && ids->first != in.client_id) {
        violations.Add("contact.contact_person", "must be a contact person of contact.client");
      } else {
        in.contact_person_id = ids->second;
      }
    }
  }

  if (contact.edition().empty()) {
    if (!edition_optional) {
      violations.Add("contact.edition", "is required");
    }
  } else if (auto ids = ParseChildField(contact.edition(), "projects", "editions",
                                        "contact.edition", violations)) {
    in.project_id = ids->first;
    in.edition_id = ids->second;
  }

  if (contact.type() == v1::CONTACT_TYPE_UNSPECIFIED) {
    violations.Add("contact.type", "is required");
  } else if (!v1::ContactType_IsValid(contact.type())) {
    violations.Add("contact.type", "is not a known contact type");
  } else {
    in.type = contact.type();
  }

  ValidatePurpose(contact, "contact", violations);
  in.purpose = contact.purpose();
  in.task = ValidateTaskAttributes(contact, "contact", violations);

  if (!contact.has_scheduled_time()) {
    violations.Add("contact.scheduled_time", "is required");
  } else if (!IsPlausibleTime(contact.scheduled_time())) {
    violations.Add("contact.scheduled_time", "must be a valid time in the years 2000 to 2099");
  } else {
    in.scheduled_time = contact.scheduled_time();
  }

  if (!contact.owner().empty()) {
    if (auto id = ParseIdField(contact.owner(), "employees", "contact.owner", violations)) {
      in.owner_id = *id;
    }
  } else if (auto self = common::auth::EmployeeIdOf(caller_subject)) {
    in.owner_id = *self;
  } else {
    violations.Add("contact.owner", "is required when the caller is not an employee");
  }

  violations.ThrowIfAny();
  return in;
}

bool IsPositive(ResultKind kind) {
  return kind == ResultKind::kSale || kind == ResultKind::kInvitation ||
         kind == ResultKind::kManualSent;
}

std::optional<ResultKind> ValidateResult(const v1::ContactResult& result, const Timestamp& now,
                                         common::Violations& violations, const std::string& path) {
  using google::protobuf::util::TimeUtil;
  switch (result.outcome_case()) {
    case v1::ContactResult::kSale:
      ValidateSaleOutcome(result.sale(), path + ".sale", violations);
      return ResultKind::kSale;
    case v1::ContactResult::kRefusal:
      ValidateRefusal(result.refusal(), path + ".refusal", violations);
      return ResultKind::kRefusal;
    case v1::ContactResult::kVisitRefusal:
      ValidateVisitRefusal(result.visit_refusal(), path + ".visit_refusal", violations);
      return ResultKind::kVisitRefusal;
    case v1::ContactResult::kInvitation:
      ValidateInvitation(result.invitation(), path + ".invitation", violations);
      return ResultKind::kInvitation;
    case v1::ContactResult::kManualSent:
      ValidateManualSent(result.manual_sent(), path + ".manual_sent", violations);
      return ResultKind::kManualSent;
    case v1::ContactResult::kReschedule: {
      const std::string p = path + ".reschedule";
      const auto& r = result.reschedule();
      if (!r.has_new_time()) {
        violations.Add(p + ".new_time", "is required");
      } else if (!IsPlausibleTime(r.new_time())) {
        violations.Add(p + ".new_time", "must be a valid time in the years 2000 to 2099");
      } else if (r.new_time() <= now) {
        violations.Add(p + ".new_time", "must be in the future");
      }
      CheckText(r.reason(), true, kMaxResultTextChars, p + ".reason", violations);
      return ResultKind::kReschedule;
    }
    case v1::ContactResult::kNote:
      CheckText(result.note().text(), true, kMaxResultTextChars, path + ".note.text", violations);
      return ResultKind::kNote;
    case v1::ContactResult::OUTCOME_NOT_SET:
      break;
  }
  violations.Add(path,
                 "must hold exactly one outcome: sale, refusal, visit_refusal, invitation, "
                 "manual_sent, reschedule or note");
  return std::nullopt;
}

}  // namespace crm::planning::domain
