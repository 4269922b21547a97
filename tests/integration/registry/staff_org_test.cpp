// StaffService: departments with their heads and members, and exhibition projects' teams.

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "crm/events/v1/registry_topics.h"
#include "tests/integration/registry/org_fixture.h"

namespace crm::registry::integration {
namespace {

using crm::testing::ViolatedFields;
using ::testing::ElementsAre;
using ::testing::IsEmpty;
using ::testing::UnorderedElementsAre;
using Staff = v1::StaffService::Stub;

class StaffOrgTest : public OrgTest {
 protected:
  grpc::Status CreateDepartment(const std::string& display_name, const std::string& head,
                                v1::Department* out, const std::string& token,
                                const std::string& request_id = "") {
    v1::CreateDepartmentRequest request;
    request.mutable_department()->set_display_name(display_name);
    request.mutable_department()->set_head(head);
    request.set_request_id(request_id);
    return CallOn(*staff_, &Staff::CreateDepartment, request, out, token);
  }

  grpc::Status SetDepartment(const v1::Employee& employee, const std::string& department,
                             v1::Employee* out, const std::string& token) {
    v1::SetEmployeeDepartmentRequest request;
    request.set_employee(employee.name());
    request.set_department(department);
    return CallOn(*staff_, &Staff::SetEmployeeDepartment, request, out, token);
  }

  std::vector<std::string> Members(const v1::Department& department) {
    v1::ListDepartmentMembersRequest request;
    request.set_department(department.name());
    v1::ListDepartmentMembersResponse response;
    grpc::Status status =
        CallOn(*staff_, &Staff::ListDepartmentMembers, request, &response, manager());
    EXPECT_TRUE(status.ok()) << status.error_message();
    std::vector<std::string> names;
    for (const auto& employee : response.employees()) {
      names.push_back(employee.full_name());
    }
    return names;
  }

  grpc::Status SetTeamMember(const v1::Project& project, const v1::Employee& employee,
                             v1::ProjectTeamRole role, v1::ProjectTeamMember* out,
                             const std::string& token) {
    v1::SetProjectTeamMemberRequest request;
    request.set_project(project.name());
    request.set_employee(employee.name());
    request.set_role(role);
    return CallOn(*staff_, &Staff::SetProjectTeamMember, request, out, token);
  }
};

TEST_F(StaffOrgTest, AdminsKeepDepartmentsWithHeadsAndMembers) {
  v1::Employee anna = MustCreateEmployee("Анна Смирнова", "anna@expo-volga.test");
  v1::Employee oleg = MustCreateEmployee("Олег Петров", "oleg@expo-volga.test");
  v1::Department sales;
  grpc::Status status = CreateDepartment(" Отдел продаж ", anna.name(), &sales, admin(), "dep-1");
  ASSERT_TRUE(status.ok()) << status.error_message();
  EXPECT_EQ(sales.display_name(), "Отдел продаж");
  EXPECT_EQ(sales.head(), anna.name());
  EXPECT_EQ(sales.member_count(), 0);
  v1::Department replay;
  ASSERT_TRUE(CreateDepartment(" Отдел продаж ", anna.name(), &replay, admin(), "dep-1").ok());
  EXPECT_EQ(replay.name(), sales.name());
  v1::Department out;
  status = CreateDepartment("отдел ПРОДАЖ", "", &out, admin());
  EXPECT_EQ(status.error_code(), grpc::ALREADY_EXISTS);
  EXPECT_EQ(EventCount(events::v1::kDepartmentCreated), 1);

  v1::Employee moved;
  ASSERT_TRUE(SetDepartment(oleg, sales.name(), &moved, admin()).ok());
  EXPECT_EQ(moved.department_unit(), sales.name());
  EXPECT_EQ(moved.department(), "Отдел продаж");
  ASSERT_TRUE(SetDepartment(anna, sales.name(), &moved, admin()).ok());
  EXPECT_THAT(Members(sales), ElementsAre("Анна Смирнова", "Олег Петров"));
  auto employee_event = LastEvent(events::v1::kEmployeeUpdated);
  EXPECT_EQ(employee_event.department_unit(), sales.name());

  // A rename carries over to the members' department text.
  v1::UpdateDepartmentRequest update;
  *update.mutable_department() = sales;
  update.mutable_department()->set_display_name("Отдел продаж (ОП)");
  update.mutable_department()->set_head(oleg.name());
  update.mutable_update_mask()->add_paths("display_name");
  update.mutable_update_mask()->add_paths("head");
  v1::Department renamed;
  status = CallOn(*staff_, &Staff::UpdateDepartment, update, &renamed, admin());
  ASSERT_TRUE(status.ok()) << status.error_message();
  EXPECT_EQ(renamed.head(), oleg.name());
  EXPECT_EQ(renamed.member_count(), 2);
  v1::GetEmployeeRequest get;
  get.set_name(anna.name());
  v1::Employee read;
  ASSERT_TRUE(CallOn(*staff_, &Staff::GetEmployee, get, &read, manager()).ok());
  EXPECT_EQ(read.department(), "Отдел продаж (ОП)");
  auto event = LastEvent(events::v1::kDepartmentUpdated);
  EXPECT_EQ(event.department().display_name(), "Отдел продаж (ОП)");
  EXPECT_EQ(event.department().head(), oleg.name());
  // A stale etag.
  EXPECT_EQ(CallOn(*staff_, &Staff::UpdateDepartment, update, &out, admin()).error_code(),
            grpc::ABORTED);

  // Not empty: cannot go; emptied: goes, and leaves every list.
  v1::DeleteDepartmentRequest remove;
  remove.set_name(sales.name());
  remove.set_etag(renamed.etag());
  status = CallOn(*staff_, &Staff::DeleteDepartment, remove, &out, admin());
  EXPECT_EQ(status.error_code(), grpc::FAILED_PRECONDITION);
  EXPECT_EQ(crm::testing::ErrorInfoReason(status), "DEPARTMENT_NOT_EMPTY");
  ASSERT_TRUE(SetDepartment(anna, "", &moved, admin()).ok());
  EXPECT_EQ(moved.department_unit(), "");
  ASSERT_TRUE(SetDepartment(oleg, "", &moved, admin()).ok());
  status = CallOn(*staff_, &Staff::DeleteDepartment, remove, &out, admin());
  ASSERT_TRUE(status.ok()) << status.error_message();
  EXPECT_TRUE(out.has_delete_time());
  v1::ListDepartmentsRequest list;
  v1::ListDepartmentsResponse listed;
  ASSERT_TRUE(CallOn(*staff_, &Staff::ListDepartments, list, &listed, accountant()).ok());
  EXPECT_EQ(listed.departments_size(), 0);
  v1::GetDepartmentRequest get_department;
  get_department.set_name(sales.name());
  EXPECT_EQ(CallOn(*staff_, &Staff::GetDepartment, get_department, &out, manager()).error_code(),
            grpc::NOT_FOUND);
  EXPECT_EQ(EventCount(events::v1::kDepartmentDeleted), 1);
}

TEST_F(StaffOrgTest, DepartmentsBadInputAndDeniedRolesChangeNothing) {
  v1::Department out;
  grpc::Status status = CreateDepartment(" ", "employees/1", &out, admin());
  EXPECT_EQ(status.error_code(), grpc::INVALID_ARGUMENT);
  EXPECT_THAT(ViolatedFields(status),
              UnorderedElementsAre("department.display_name", "department.head"));
  status = CreateDepartment("Бухгалтерия", "employees/" + common::NewUuid(), &out, admin());
  EXPECT_EQ(status.error_code(), grpc::INVALID_ARGUMENT);
  EXPECT_THAT(ViolatedFields(status), ElementsAre("department.head"));
  for (const std::string& token : {manager(), head(), analyst(), accountant()}) {
    EXPECT_EQ(CreateDepartment("Бухгалтерия", "", &out, token).error_code(),
              grpc::PERMISSION_DENIED);
  }
  EXPECT_EQ(Count("departments"), 0);

  v1::Employee anna = MustCreateEmployee("Анна Смирнова", "anna@expo-volga.test");
  v1::Employee moved;
  status = SetDepartment(anna, "departments/" + common::NewUuid(), &moved, admin());
  EXPECT_EQ(status.error_code(), grpc::INVALID_ARGUMENT);
  EXPECT_THAT(ViolatedFields(status), ElementsAre("department"));
  status = SetDepartment(anna, "departments/x", &moved, admin());
  EXPECT_THAT(ViolatedFields(status), ElementsAre("department"));
  ASSERT_TRUE(CreateDepartment("Бухгалтерия", "", &out, admin()).ok());
  EXPECT_EQ(SetDepartment(anna, out.name(), &moved, head()).error_code(), grpc::PERMISSION_DENIED);
  v1::Employee ghost;
  ghost.set_name("employees/" + common::NewUuid());
  EXPECT_EQ(SetDepartment(ghost, out.name(), &moved, admin()).error_code(), grpc::NOT_FOUND);
  EXPECT_EQ(CountWhere("SELECT count(*) FROM employees WHERE department_id IS NOT NULL"), 0);
}

TEST_F(StaffOrgTest, ProjectTeamsHoldEmployeesWithRoles) {
  v1::Project build = MustCreateProject("Волга-Строй");
  v1::Employee anna = MustCreateEmployee("Анна Смирнова", "anna@expo-volga.test");
  v1::Employee oleg = MustCreateEmployee("Олег Петров", "oleg@expo-volga.test");
  v1::ProjectTeamMember member;
  grpc::Status status = SetTeamMember(build, anna, v1::PROJECT_TEAM_ROLE_LEAD, &member, head());
  ASSERT_TRUE(status.ok()) << status.error_message();
  EXPECT_EQ(member.name(), build.name() + "/teamMembers/" + anna.name().substr(10));
  EXPECT_EQ(member.employee(), anna.name());
  EXPECT_EQ(member.employee_full_name(), "Анна Смирнова");
  EXPECT_EQ(member.role(), v1::PROJECT_TEAM_ROLE_LEAD);
  ASSERT_TRUE(
      SetTeamMember(build, oleg, v1::PROJECT_TEAM_ROLE_SALES_MANAGER, &member, analyst()).ok());
  ASSERT_TRUE(
      SetTeamMember(build, oleg, v1::PROJECT_TEAM_ROLE_COORDINATOR, &member, analyst()).ok());
  auto event = LastEvent(events::v1::kProjectTeamMemberSet);
  EXPECT_EQ(event.member().project(), build.name());
  EXPECT_EQ(event.member().role(), "coordinator");
  EXPECT_EQ(event.previous_role(), "sales_manager");
  EXPECT_EQ(Count("project_team_members"), 2);

  v1::ListProjectTeamMembersRequest list;
  list.set_project(build.name());
  list.set_page_size(1);
  v1::ListProjectTeamMembersResponse page;
  ASSERT_TRUE(CallOn(*staff_, &Staff::ListProjectTeamMembers, list, &page, accountant()).ok());
  ASSERT_EQ(page.members_size(), 1);
  EXPECT_EQ(page.members(0).employee(), anna.name());
  list.set_page_token(page.next_page_token());
  ASSERT_TRUE(CallOn(*staff_, &Staff::ListProjectTeamMembers, list, &page, accountant()).ok());
  ASSERT_EQ(page.members_size(), 1);
  EXPECT_EQ(page.members(0).role(), v1::PROJECT_TEAM_ROLE_COORDINATOR);
  EXPECT_TRUE(page.next_page_token().empty());

  v1::RemoveProjectTeamMemberRequest remove;
  remove.set_name(member.name());
  v1::ProjectTeamMember removed;
  ASSERT_TRUE(CallOn(*staff_, &Staff::RemoveProjectTeamMember, remove, &removed, head()).ok());
  EXPECT_EQ(removed.employee(), oleg.name());
  EXPECT_EQ(CallOn(*staff_, &Staff::RemoveProjectTeamMember, remove, &removed, head()).error_code(),
            grpc::NOT_FOUND);
  EXPECT_EQ(EventCount(events::v1::kProjectTeamMemberRemoved), 1);
}

TEST_F(StaffOrgTest, ProjectTeamsBadInputDeniedRolesAndLeftEmployeesChangeNothing) {
  v1::Project build = MustCreateProject("Волга-Строй");
  v1::Employee anna = MustCreateEmployee("Анна Смирнова", "anna@expo-volga.test");
  const long events_before = Count("outbox");
  v1::SetProjectTeamMemberRequest request;
  request.set_project("projects/1");
  request.set_employee("");
  v1::ProjectTeamMember out;
  grpc::Status status = CallOn(*staff_, &Staff::SetProjectTeamMember, request, &out, head());
  EXPECT_EQ(status.error_code(), grpc::INVALID_ARGUMENT);
  EXPECT_THAT(ViolatedFields(status), UnorderedElementsAre("project", "employee", "role"));
  EXPECT_EQ(SetTeamMember(build, anna, v1::PROJECT_TEAM_ROLE_LEAD, &out, manager()).error_code(),
            grpc::PERMISSION_DENIED);
  EXPECT_EQ(SetTeamMember(build, anna, v1::PROJECT_TEAM_ROLE_LEAD, &out, accountant()).error_code(),
            grpc::PERMISSION_DENIED);
  v1::Project nowhere;
  nowhere.set_name("projects/" + common::NewUuid());
  EXPECT_EQ(SetTeamMember(nowhere, anna, v1::PROJECT_TEAM_ROLE_LEAD, &out, head()).error_code(),
            grpc::NOT_FOUND);
  v1::ReassignCuratorsRequest leave;
  leave.set_employee(anna.name());
  v1::ReassignCuratorsResponse left;
  ASSERT_TRUE(CallOn(*staff_, &Staff::ReassignCurators, leave, &left, head()).ok());
  const long events_after_leaving = Count("outbox");
  status = SetTeamMember(build, anna, v1::PROJECT_TEAM_ROLE_LEAD, &out, head());
  EXPECT_EQ(status.error_code(), grpc::FAILED_PRECONDITION);
  EXPECT_EQ(crm::testing::ErrorInfoReason(status), "EMPLOYEE_LEFT");
  v1::RemoveProjectTeamMemberRequest remove;
  remove.set_name(build.name() + "/members/x");
  status = CallOn(*staff_, &Staff::RemoveProjectTeamMember, remove, &out, head());
  EXPECT_THAT(ViolatedFields(status), ElementsAre("name"));
  EXPECT_EQ(Count("project_team_members"), 0);
  EXPECT_GT(events_after_leaving, events_before);
  EXPECT_EQ(Count("outbox"), events_after_leaving);
  v1::ListProjectTeamMembersRequest list;
  list.set_project(nowhere.name());
  v1::ListProjectTeamMembersResponse page;
  EXPECT_EQ(CallOn(*staff_, &Staff::ListProjectTeamMembers, list, &page, head()).error_code(),
            grpc::NOT_FOUND);
  EXPECT_THAT(page.members(), IsEmpty());
}

}  // namespace
}  // namespace crm::registry::integration
