#include "services/planning/domain/redirect_rules.h"

#include <google/protobuf/util/time_util.h>

#include "common/api/request_id.h"
#include "services/planning/domain/contact_rules.h"

namespace crm::planning::domain {
namespace {

using common::auth::Role;
using google::protobuf::Timestamp;

bool Is(const std::optional<std::string>& id, const std::optional<std::string>& other) {
  return id && other && *id == *other;
}

bool InDepartment(const common::auth::Actor& actor, const std::string& department_id) {
  return !department_id.empty() && actor.department_id == department_id;
}

// The receiving side: the addressee, the responsible person, the addressed department.
bool Receives(const common::auth::Actor& actor, const RedirectParties& p) {
  return Is(actor.employee_id, p.to_id) || Is(actor.employee_id, p.responsible_id) ||
         InDepartment(actor, p.to_department_id);
}

}  // namespace

RedirectInput ValidateCreateRedirect(const v1::CreateRedirectRequest& request,
                                     const Timestamp& now) {
  using google::protobuf::util::TimeUtil;
  common::Violations violations;
  RedirectInput in;
  common::api::CheckRequestId(violations, request.request_id());
  if (!request.has_redirect()) {
    violations.Add("redirect", "is required");
    violations.ThrowIfAny();
  }
  const v1::Redirect& r = request.redirect();
  if (r.client().empty()) {
    violations.Add("redirect.client", "is required");
  } else if (auto id = ParseIdField(r.client(), "clients", "redirect.client", violations)) {
    in.client_id = *id;
  }
  if (r.to_employee().empty() == r.to_department().empty()) {
    violations.Add("redirect.to_employee",
                   "exactly one of to_employee and to_department is required");
  } else if (!r.to_employee().empty()) {
    in.to_employee_id =
        ParseIdField(r.to_employee(), "employees", "redirect.to_employee", violations);
  } else {
    in.to_department_id =
        ParseIdField(r.to_department(), "departments", "redirect.to_department", violations);
  }
  if (!r.has_deadline()) {
    violations.Add("redirect.deadline", "is required");
  } else if (!IsPlausibleTime(r.deadline())) {
    violations.Add("redirect.deadline", "must be a valid time in the years 2000 to 2099");
  } else if (r.deadline() <= now) {
    violations.Add("redirect.deadline", "must be in the future");
  } else {
    in.deadline = r.deadline();
  }
  if (!HasContent(r.goal())) {
    violations.Add("redirect.goal", "is required");
  } else if (CharCount(r.goal()) > kMaxGoalChars) {
    violations.Add("redirect.goal",
                   "must be at most " + std::to_string(kMaxGoalChars) + " characters");
  }
  in.goal = r.goal();
  if (!r.responsible().empty()) {
    in.responsible_id =
        ParseIdField(r.responsible(), "employees", "redirect.responsible", violations);
  } else {
    in.responsible_id = in.to_employee_id;
  }
  if (!r.contact().empty()) {
    in.contact_id = ParseIdField(r.contact(), "contacts", "redirect.contact", violations);
  }
  violations.ThrowIfAny();
  return in;
}

void CheckStatusChange(v1::RedirectStatus from, v1::RedirectStatus to, const std::string& comment) {
  common::Violations violations;
  if (to == v1::REDIRECT_STATUS_UNSPECIFIED || !v1::RedirectStatus_IsValid(to)) {
    violations.Add("status", "must be OPEN, IN_PROGRESS, DONE or DECLINED");
  }
  if (to == v1::REDIRECT_STATUS_DECLINED && !HasContent(comment)) {
    violations.Add("comment", "is required when declining");
  } else if (CharCount(comment) > kMaxStatusCommentChars) {
    violations.Add("comment",
                   "must be at most " + std::to_string(kMaxStatusCommentChars) + " characters");
  }
  violations.ThrowIfAny();
  if (from == v1::REDIRECT_STATUS_DONE || from == v1::REDIRECT_STATUS_DECLINED) {
    throw common::PreconditionError(
        "REDIRECT_CLOSED",
        "the redirect is " + RedirectStatusText::Of(from) + "; it does not change");
  }
  if (from == to) {
    throw common::PreconditionError("REDIRECT_STATUS_UNCHANGED",
                                    "the redirect is already " + RedirectStatusText::Of(from));
  }
}

bool IsOverdue(v1::RedirectStatus status, const Timestamp& deadline, const Timestamp& now) {
  using google::protobuf::util::TimeUtil;
  return (status == v1::REDIRECT_STATUS_OPEN || status == v1::REDIRECT_STATUS_IN_PROGRESS) &&
         deadline < now;
}

bool MayReadRedirect(const common::auth::Actor& actor, const RedirectParties& p) {
  if (common::auth::ScopeOf(actor, common::auth::Records::kTasks, common::auth::Action::kRead) ==
      common::auth::Scope::kAll) {
    return true;
  }
  if (!actor.principal.HasAny({Role::kSalesManager, Role::kSalesHead})) {
    return false;
  }
  if (Is(actor.employee_id, p.from_id) || Receives(actor, p)) {
    return true;
  }
  return actor.principal.Has(Role::kSalesHead) && InDepartment(actor, p.from_department_id);
}

void CheckMayWorkOnRedirect(const common::auth::Actor& actor, const RedirectParties& p) {
  if (actor.principal.Has(Role::kAdmin)) {
    return;
  }
  if (actor.principal.HasAny({Role::kSalesManager, Role::kSalesHead}) && Receives(actor, p)) {
    return;
  }
  throw common::PermissionError(
      "only the receiving side (the addressee, the responsible person or the addressed "
      "department) works on a redirect");
}

void CheckMayClaimRedirect(const common::auth::Actor& actor, const RedirectParties& p) {
  if (!actor.employee_id) {
    throw common::PermissionError("a redirect is claimed by an employee, whose task it becomes");
  }
  if (actor.principal.Has(Role::kAdmin)) {
    return;
  }
  if (actor.principal.HasAny({Role::kSalesManager, Role::kSalesHead}) &&
      (InDepartment(actor, p.to_department_id) || Is(actor.employee_id, p.to_id))) {
    return;
  }
  throw common::PermissionError(
      "only a member or head of the addressed department (or the addressee) claims a redirect");
}

void CheckClaimable(v1::RedirectStatus status, bool has_task) {
  if (status == v1::REDIRECT_STATUS_DONE || status == v1::REDIRECT_STATUS_DECLINED) {
    throw common::PreconditionError(
        "REDIRECT_CLOSED",
        "the redirect is " + RedirectStatusText::Of(status) + "; nobody claims it any more");
  }
  if (has_task) {
    throw common::PreconditionError(
        "REDIRECT_ALREADY_CLAIMED",
        "the redirect already has a task of its responsible person; reassign the task instead");
  }
}

RedirectTaskPlan PlanRedirectTask(const Timestamp& deadline, const Timestamp& now) {
  using google::protobuf::util::TimeUtil;
  RedirectTaskPlan plan;
  plan.start = deadline - TimeUtil::SecondsToDuration(kRedirectTaskSeconds);
  if (deadline <= now) {
    plan.start = deadline;
  } else if (plan.start < now) {
    plan.start = now;
  }
  plan.duration_seconds = TimeUtil::DurationToSeconds(deadline - plan.start);
  plan.reminder.mutable_before_start()->set_seconds(kRedirectReminderLeadSeconds);
  return plan;
}

}  // namespace crm::planning::domain
