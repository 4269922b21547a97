// Input rules of departments, project teams, projects' target groups and client base.

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "common/core/errors.h"
#include "services/registry/domain/group_rules.h"
#include "services/registry/domain/project_base_rules.h"
#include "services/registry/domain/staff_org_rules.h"
#include "tests/support/violations.h"
#include "tests/unit/registry/page_tokens.h"

namespace crm::registry {
namespace {

using crm::testing::ViolatedFieldsOf;
using ::testing::ElementsAre;
using ::testing::UnorderedElementsAre;

constexpr char kEmployeeA[] = "0b6a1d9e-5c1f-4f3e-9d0a-111111111111";
constexpr char kEmployeeB[] = "0b6a1d9e-5c1f-4f3e-9d0a-222222222222";

TEST(DepartmentRulesTest, TrimsNamesAndChecksHeads) {
  v1::CreateDepartmentRequest create;
  create.mutable_department()->set_display_name("  Бухгалтерия ");
  create.mutable_department()->set_head(std::string("employees/") + kEmployeeA);
  EXPECT_EQ(ValidateCreateDepartment(create).display_name(), "Бухгалтерия");
  create.mutable_department()->set_display_name(" ");
  create.mutable_department()->set_head("employees/1");
  EXPECT_THAT(ViolatedFieldsOf([&] { ValidateCreateDepartment(create); }),
              UnorderedElementsAre("department.display_name", "department.head"));

  v1::UpdateDepartmentRequest update;
  update.mutable_department()->set_name(std::string("departments/") + kEmployeeA);
  update.mutable_update_mask()->add_paths("members");
  EXPECT_THAT(ViolatedFieldsOf([&] { ValidateUpdateDepartment(update); }),
              UnorderedElementsAre("department.etag", "update_mask"));
  v1::Department current;
  current.set_display_name("Бухгалтерия");
  current.set_head(std::string("employees/") + kEmployeeA);
  v1::Department changes;
  changes.set_display_name("ignored");
  EXPECT_EQ(ApplyDepartmentUpdate(current, changes, {"head"}).head(), "");
  EXPECT_EQ(ApplyDepartmentUpdate(current, changes, {"head"}).display_name(), "Бухгалтерия");

  v1::SetEmployeeDepartmentRequest set;
  set.set_employee(std::string("employees/") + kEmployeeA);
  EXPECT_EQ(ValidateSetEmployeeDepartment(set).department_id, "");
  set.set_department("groups/x");
  EXPECT_THAT(ViolatedFieldsOf([&] { ValidateSetEmployeeDepartment(set); }),
              ElementsAre("department"));
}

TEST(ProjectTeamRulesTest, RolesAndMemberNames) {
  v1::SetProjectTeamMemberRequest set;
  set.set_project(std::string("projects/") + kEmployeeA);
  set.set_employee(std::string("employees/") + kEmployeeB);
  set.set_role(v1::PROJECT_TEAM_ROLE_COORDINATOR);
  TeamMemberChange change = ValidateSetProjectTeamMember(set);
  EXPECT_EQ(change.ref.project_id, kEmployeeA);
  EXPECT_EQ(change.ref.employee_id, kEmployeeB);
  EXPECT_EQ(change.role, "coordinator");
  EXPECT_EQ(ProjectTeamRoleText::Parse("coordinator"), v1::PROJECT_TEAM_ROLE_COORDINATOR);
  set.set_role(v1::PROJECT_TEAM_ROLE_UNSPECIFIED);
  EXPECT_THAT(ViolatedFieldsOf([&] { ValidateSetProjectTeamMember(set); }), ElementsAre("role"));

  v1::RemoveProjectTeamMemberRequest remove;
  remove.set_name(std::string("projects/") + kEmployeeA + "/teamMembers/" + kEmployeeB);
  EXPECT_EQ(ValidateRemoveProjectTeamMember(remove).employee_id, kEmployeeB);
  remove.set_name(std::string("projects/") + kEmployeeA + "/members/" + kEmployeeB);
  EXPECT_THAT(ViolatedFieldsOf([&] { ValidateRemoveProjectTeamMember(remove); }),
              ElementsAre("name"));
}

TEST(ProjectBaseRulesTest, TargetGroupsAndClientLists) {
  v1::SetProjectTargetGroupsRequest set;
  set.set_project(std::string("projects/") + kEmployeeA);
  set.add_groups(std::string("groups/") + kEmployeeB);
  set.add_groups(std::string("groups/") + kEmployeeA);
  EXPECT_THAT(ValidateSetProjectTargetGroups(set).group_ids, ElementsAre(kEmployeeB, kEmployeeA));
  set.add_groups(std::string("groups/") + kEmployeeB);
  set.add_groups("groups/x");
  EXPECT_THAT(ViolatedFieldsOf([&] { ValidateSetProjectTargetGroups(set); }),
              ElementsAre("groups[2]", "groups[3]"));

  // Page tokens are bound to the filter.
  v1::ListProjectClientsRequest list;
  list.set_project(std::string("projects/") + kEmployeeA);
  list.mutable_filter()->add_region_codes("63");
  list.set_page_token(ListTokenFor(list, {"Волга", kEmployeeA}));
  EXPECT_TRUE(ValidateListProjectClients(list, kListCaller).window.after.has_value());
  // A filter with a condition is marked, so the count reads the clients; without one, only the
  // project's base.
  EXPECT_TRUE(ValidateListProjectClients(list, kListCaller).filtered);
  v1::ListProjectClientsRequest unfiltered;
  unfiltered.set_project(list.project());
  EXPECT_FALSE(ValidateListProjectClients(unfiltered, kListCaller).filtered);
  v1::ListProjectClientsRequest other = list;
  other.mutable_filter()->set_region_codes(0, "77");
  EXPECT_THAT(ViolatedFieldsOf([&] { ValidateListProjectClients(other, kListCaller); }),
              ElementsAre("page_token"));
  list.mutable_filter()->add_curators("employees/x");
  list.set_project("projects/x");
  EXPECT_THAT(ViolatedFieldsOf([&] { ValidateListProjectClients(list, kListCaller); }),
              UnorderedElementsAre("project", "filter.curators[0]"));
}

TEST(GroupRulesTest, MembersByFilterNeedACondition) {
  v1::AddGroupMembersByFilterRequest add;
  add.set_group(std::string("groups/") + kEmployeeA);
  EXPECT_THAT(ViolatedFieldsOf([&] { ValidateAddGroupMembersByFilter(add); }),
              ElementsAre("filter"));
  add.mutable_filter()->add_participation_years(2025);
  EXPECT_THAT(ValidateAddGroupMembersByFilter(add).filter.participation_years, ElementsAre(2025));
  v1::RemoveGroupMembersByFilterRequest remove;
  remove.set_group("groups/x");
  remove.mutable_filter()->add_groups("groups/y");
  EXPECT_THAT(ViolatedFieldsOf([&] { ValidateRemoveGroupMembersByFilter(remove); }),
              UnorderedElementsAre("group", "filter.groups[0]"));
}

}  // namespace
}  // namespace crm::registry
