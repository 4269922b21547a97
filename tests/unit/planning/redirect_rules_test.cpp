#include "services/planning/domain/redirect_rules.h"

#include <gmock/gmock.h>
#include <google/protobuf/util/time_util.h>
#include <gtest/gtest.h>

#include "tests/support/actors.h"
#include "tests/support/timestamps.h"

namespace crm::planning::domain {
namespace {

using common::auth::Role;
using crm::testing::At;
using crm::testing::EmployeeActor;
using google::protobuf::Timestamp;
using ::testing::UnorderedElementsAre;

// Sent by "sender" of department A to department B's queue.
RedirectParties ToQueue() {
  RedirectParties p;
  p.from_id = "sender";
  p.from_department_id = "A";
  p.to_department_id = "B";
  return p;
}

std::vector<std::string> Fields(const v1::CreateRedirectRequest& request) {
  try {
    ValidateCreateRedirect(request, At("2026-03-16T07:00:00Z"));
  } catch (const common::ValidationError& e) {
    std::vector<std::string> fields;
    for (const auto& v : e.violations()) {
      fields.push_back(v.field);
    }
    return fields;
  }
  return {};
}

TEST(RedirectValidationTest, ReportsEveryProblem) {
  v1::CreateRedirectRequest request;
  request.mutable_redirect()->set_client("clients/nope");
  *request.mutable_redirect()->mutable_deadline() = At("2026-03-16T06:00:00Z");
  EXPECT_THAT(Fields(request), UnorderedElementsAre("redirect.client", "redirect.to_employee",
                                                    "redirect.deadline", "redirect.goal"));
}

// A department is addressed by its unit's name, not by free text.
TEST(RedirectValidationTest, ADepartmentIsAUnitName) {
  v1::CreateRedirectRequest request;
  auto* r = request.mutable_redirect();
  r->set_client("clients/0b6c1d2e-3f40-4a5b-8c6d-7e8f9a0b1c2d");
  r->set_to_department("Отдел рекламы");
  *r->mutable_deadline() = At("2026-03-20T06:00:00Z");
  r->set_goal("Счёт на рекламу");
  EXPECT_THAT(Fields(request), UnorderedElementsAre("redirect.to_department"));
  r->set_to_department("departments/7F1E0000-0000-4000-8000-000000000001");
  EXPECT_EQ(ValidateCreateRedirect(request, At("2026-03-16T07:00:00Z")).to_department_id,
            "7f1e0000-0000-4000-8000-000000000001");
}

TEST(RedirectValidationTest, ResponsibleDefaultsToTheAddressee) {
  v1::CreateRedirectRequest request;
  auto* r = request.mutable_redirect();
  r->set_client("clients/0b6c1d2e-3f40-4a5b-8c6d-7e8f9a0b1c2d");
  r->set_to_employee("employees/1B6C1D2E-3F40-4A5B-8C6D-7E8F9A0B1C2D");
  *r->mutable_deadline() = At("2026-03-20T06:00:00Z");
  r->set_goal("Счёт на рекламу");
  const RedirectInput in = ValidateCreateRedirect(request, At("2026-03-16T07:00:00Z"));
  EXPECT_EQ(in.to_employee_id, "1b6c1d2e-3f40-4a5b-8c6d-7e8f9a0b1c2d");
  EXPECT_EQ(in.responsible_id, in.to_employee_id);
}

TEST(RedirectStatusTest, FlowAndDeclineComment) {
  EXPECT_NO_THROW(CheckStatusChange(v1::REDIRECT_STATUS_OPEN, v1::REDIRECT_STATUS_IN_PROGRESS, ""));
  EXPECT_NO_THROW(CheckStatusChange(v1::REDIRECT_STATUS_IN_PROGRESS, v1::REDIRECT_STATUS_DONE, ""));
  EXPECT_THROW(CheckStatusChange(v1::REDIRECT_STATUS_OPEN, v1::REDIRECT_STATUS_DECLINED, " "),
               common::ValidationError);
  EXPECT_NO_THROW(
      CheckStatusChange(v1::REDIRECT_STATUS_OPEN, v1::REDIRECT_STATUS_DECLINED, "Не наш профиль"));
  EXPECT_THROW(CheckStatusChange(v1::REDIRECT_STATUS_DONE, v1::REDIRECT_STATUS_OPEN, ""),
               common::PreconditionError);
  EXPECT_THROW(CheckStatusChange(v1::REDIRECT_STATUS_OPEN, v1::REDIRECT_STATUS_OPEN, ""),
               common::PreconditionError);
}

TEST(RedirectStatusTest, OverdueOnlyWhileOpen) {
  const Timestamp deadline = At("2026-03-16T07:00:00Z");
  const Timestamp after = At("2026-03-16T07:00:01Z");
  EXPECT_TRUE(IsOverdue(v1::REDIRECT_STATUS_OPEN, deadline, after));
  EXPECT_TRUE(IsOverdue(v1::REDIRECT_STATUS_IN_PROGRESS, deadline, after));
  EXPECT_FALSE(IsOverdue(v1::REDIRECT_STATUS_DONE, deadline, after));
  EXPECT_FALSE(IsOverdue(v1::REDIRECT_STATUS_OPEN, deadline, deadline));
}

TEST(RedirectAccessTest, BothSidesReadTheirHeadsTooOthersNot) {
  const RedirectParties p = ToQueue();
  EXPECT_TRUE(MayReadRedirect(EmployeeActor({Role::kSalesManager}, "sender", "A"), p));
  EXPECT_TRUE(MayReadRedirect(EmployeeActor({Role::kSalesManager}, "member", "B"), p));
  EXPECT_TRUE(MayReadRedirect(EmployeeActor({Role::kSalesHead}, "head-a", "A"), p));
  EXPECT_TRUE(MayReadRedirect(EmployeeActor({Role::kAnalyst}, "analyst", ""), p));
  EXPECT_FALSE(MayReadRedirect(EmployeeActor({Role::kSalesManager}, "colleague", "A"), p));
  EXPECT_FALSE(MayReadRedirect(EmployeeActor({Role::kSalesHead}, "head-c", "C"), p));
  EXPECT_FALSE(MayReadRedirect(EmployeeActor({Role::kAccountant}, "accountant", "B"), p));
}

TEST(RedirectAccessTest, OnlyTheReceivingSideWorksOnIt) {
  RedirectParties p = ToQueue();
  EXPECT_NO_THROW(CheckMayWorkOnRedirect(EmployeeActor({Role::kSalesManager}, "member", "B"), p));
  EXPECT_NO_THROW(CheckMayWorkOnRedirect(EmployeeActor({Role::kAdmin}, "admin", ""), p));
  EXPECT_THROW(CheckMayWorkOnRedirect(EmployeeActor({Role::kSalesManager}, "sender", "A"), p),
               common::PermissionError);
  EXPECT_THROW(CheckMayWorkOnRedirect(EmployeeActor({Role::kAnalyst}, "analyst", "B"), p),
               common::PermissionError);
  p.to_department_id.clear();
  p.to_id = "addressee";
  p.responsible_id = "responsible";
  EXPECT_NO_THROW(
      CheckMayWorkOnRedirect(EmployeeActor({Role::kSalesManager}, "responsible", "C"), p));
  EXPECT_THROW(CheckMayWorkOnRedirect(EmployeeActor({Role::kSalesManager}, "member", "B"), p),
               common::PermissionError);
}

TEST(RedirectClaimTest, TheAddressedDepartmentOrTheAddresseeClaims) {
  RedirectParties p = ToQueue();
  EXPECT_NO_THROW(CheckMayClaimRedirect(EmployeeActor({Role::kSalesManager}, "member", "B"), p));
  EXPECT_NO_THROW(CheckMayClaimRedirect(EmployeeActor({Role::kSalesHead}, "head-b", "B"), p));
  EXPECT_NO_THROW(CheckMayClaimRedirect(EmployeeActor({Role::kAdmin}, "admin", ""), p));
  EXPECT_THROW(CheckMayClaimRedirect(EmployeeActor({Role::kSalesManager}, "sender", "A"), p),
               common::PermissionError);
  EXPECT_THROW(CheckMayClaimRedirect(EmployeeActor({Role::kAnalyst}, "analyst", "B"), p),
               common::PermissionError);
  common::auth::Actor service = EmployeeActor({Role::kAdmin}, "x", "B");
  service.employee_id.reset();
  EXPECT_THROW(CheckMayClaimRedirect(service, p), common::PermissionError);
  p.to_department_id.clear();
  p.to_id = "addressee";
  EXPECT_NO_THROW(CheckMayClaimRedirect(EmployeeActor({Role::kSalesManager}, "addressee", "C"), p));
  EXPECT_THROW(CheckMayClaimRedirect(EmployeeActor({Role::kSalesManager}, "member", "B"), p),
               common::PermissionError);
}

TEST(RedirectClaimTest, OnlyAnOpenRedirectWithoutATask) {
  EXPECT_NO_THROW(CheckClaimable(v1::REDIRECT_STATUS_OPEN, false));
  EXPECT_NO_THROW(CheckClaimable(v1::REDIRECT_STATUS_IN_PROGRESS, false));
  EXPECT_THROW(CheckClaimable(v1::REDIRECT_STATUS_OPEN, true), common::PreconditionError);
  EXPECT_THROW(CheckClaimable(v1::REDIRECT_STATUS_DONE, false), common::PreconditionError);
  EXPECT_THROW(CheckClaimable(v1::REDIRECT_STATUS_DECLINED, false), common::PreconditionError);
}

// The task ends at the deadline: an hour long when there is time, shorter when not, at the
// deadline (overdue at once) when it has passed; the reminder half an hour before the start.
TEST(RedirectTaskTest, EndsAtTheDeadline) {
  using google::protobuf::util::TimeUtil;
  const Timestamp now = At("2026-03-16T07:00:00Z");
  RedirectTaskPlan plan = PlanRedirectTask(At("2026-03-18T07:00:00Z"), now);
  EXPECT_EQ(TimeUtil::ToString(plan.start), "2026-03-18T06:00:00Z");
  EXPECT_EQ(plan.duration_seconds, 3600);
  EXPECT_EQ(plan.reminder.before_start().seconds(), 1800);
  plan = PlanRedirectTask(At("2026-03-16T07:20:00Z"), now);
  EXPECT_EQ(TimeUtil::ToString(plan.start), "2026-03-16T07:00:00Z");
  EXPECT_EQ(plan.duration_seconds, 1200);
  plan = PlanRedirectTask(At("2026-03-16T06:00:00Z"), now);
  EXPECT_EQ(TimeUtil::ToString(plan.start), "2026-03-16T06:00:00Z");
  EXPECT_EQ(plan.duration_seconds, 0);
}

}  // namespace
}  // namespace crm::planning::domain
