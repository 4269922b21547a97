#pragma once

#include <google/protobuf/timestamp.pb.h>

#include <cstdint>
#include <optional>
#include <string>

#include "common/api/enum_text.h"
#include "common/auth/access.h"
#include "common/core/errors.h"
#include "crm/planning/v1/redirects.pb.h"

// Rules of redirects: validation, the status flow, who sees and who works on a redirect. Pure.
namespace crm::planning::domain {

inline constexpr std::size_t kMaxGoalChars = 2000;
inline constexpr std::size_t kMaxStatusCommentChars = 2000;

// A CreateRedirectRequest reduced to validated ids.
struct RedirectInput {
  std::string client_id;
  std::optional<std::string> to_employee_id;
  std::optional<std::string> to_department_id;  // a department unit
  google::protobuf::Timestamp deadline;
  std::string goal;
  std::optional<std::string> responsible_id;  // defaults to to_employee_id
  std::optional<std::string> contact_id;
};

// Every violation under its proto path ("redirect.deadline", ...); the deadline must be after
// `now`. Throws common::ValidationError.
RedirectInput ValidateCreateRedirect(const v1::CreateRedirectRequest& request,
                                     const google::protobuf::Timestamp& now);

// OPEN → IN_PROGRESS, DONE or DECLINED; IN_PROGRESS → DONE, DECLINED or back to OPEN; DONE and
// DECLINED are final. DECLINED needs a comment. Throws ValidationError (bad input) or
// PreconditionError REDIRECT_CLOSED / REDIRECT_STATUS_UNCHANGED.
void CheckStatusChange(v1::RedirectStatus from, v1::RedirectStatus to, const std::string& comment);

// Overdue: still OPEN or IN_PROGRESS after the deadline.
bool IsOverdue(v1::RedirectStatus status, const google::protobuf::Timestamp& deadline,
               const google::protobuf::Timestamp& now);

// The people and department units around a redirect.
struct RedirectParties {
  std::string from_id;
  std::string from_department_id;  // the sender's unit ("" when unknown)
  std::optional<std::string> to_id;
  std::string to_department_id;  // "" when addressed to an employee
  std::optional<std::string> responsible_id;
};

// Who sees a redirect: both sides (sender, addressee, responsible, the addressed department's
// members), heads of sales for their department's sent and received redirects, and whoever reads
// every task (analysts, admins, services). `actor.department_id` is the caller's department
// whatever their role.
bool MayReadRedirect(const common::auth::Actor& actor, const RedirectParties& parties);
// Who works on it (changes its status): the receiving side and admins; heads of sales for their
// department's queue and their managers' received redirects. Throws PermissionError otherwise.
void CheckMayWorkOnRedirect(const common::auth::Actor& actor, const RedirectParties& parties);

// Who claims a redirect without a task (ClaimRedirect): the addressed department's members and
// heads, the addressee (after their task was cancelled), and admins. Throws PermissionError.
void CheckMayClaimRedirect(const common::auth::Actor& actor, const RedirectParties& parties);
// A claim needs an open redirect without a task: PreconditionError REDIRECT_CLOSED or
// REDIRECT_ALREADY_CLAIMED.
void CheckClaimable(v1::RedirectStatus status, bool has_task);

// The calendar task of a redirect's responsible person.
inline constexpr int64_t kRedirectTaskSeconds = 3600;
// Its reminder (the default of a redirect's task) this long before the start.
inline constexpr int64_t kRedirectReminderLeadSeconds = 1800;
struct RedirectTaskPlan {
  google::protobuf::Timestamp start;
  int64_t duration_seconds = 0;
  v1::TaskReminder reminder;
};
// The task ends at the deadline: it starts an hour before it (or at `now` when the deadline is
// closer; at the deadline itself once it has passed, so the task is overdue at once) and reminds
// half an hour before its start.
RedirectTaskPlan PlanRedirectTask(const google::protobuf::Timestamp& deadline,
                                  const google::protobuf::Timestamp& now);

// The stored text of a redirect's status ("OPEN", ...).
using RedirectStatusText = common::api::EnumText<v1::RedirectStatus>;

}  // namespace crm::planning::domain
