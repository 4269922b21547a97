#include "services/registry/domain/staff_rules.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "common/core/errors.h"
#include "tests/support/violations.h"
#include "tests/unit/registry/page_tokens.h"

namespace crm::registry {
namespace {

using crm::testing::ViolatedFieldsOf;
using ::testing::ElementsAre;
using ::testing::IsEmpty;
using ::testing::UnorderedElementsAre;

constexpr char kClient[] = "clients/0b6c3d0e-1111-4c5e-9a43-2f1e7f1d9b20";
constexpr char kOtherClient[] = "clients/7d1f6a2b-2222-4c5e-9a43-2f1e7f1d9b20";
constexpr char kProject[] = "projects/5a3e9c10-3333-4c5e-9a43-2f1e7f1d9b20";
constexpr char kEmployee[] = "employees/9f1c5e0a-4444-4c5e-9a43-2f1e7f1d9b20";
constexpr char kOtherEmployee[] = "employees/1e2d3c4b-5555-4c5e-9a43-2f1e7f1d9b20";
constexpr char kPersonId[] = "6b5a4938-6666-4c5e-9a43-2f1e7f1d9b20";

TEST(StaffRulesTest, RolesSplitAndJoin) {
  EXPECT_THAT(SplitRoles(""), IsEmpty());
  EXPECT_THAT(SplitRoles("analyst"), ElementsAre("analyst"));
  EXPECT_THAT(SplitRoles("analyst,sales_head"), ElementsAre("analyst", "sales_head"));
  v1::Employee employee;
  EXPECT_EQ(JoinRoles(employee.roles()), "");
  employee.add_roles("analyst");
  employee.add_roles("admin");
  EXPECT_EQ(JoinRoles(employee.roles()), "analyst,admin");
}

TEST(StaffRulesTest, EmployeeUpdateAppliesOnlyMaskedFieldsAndChecksRoles) {
  v1::Employee current;
  current.set_full_name("Анна");
  current.set_email("anna@expo-volga.ru");
  v1::Employee changes;
  changes.set_full_name(" Анна Петрова ");
  changes.set_email("other@expo-volga.ru");
  changes.add_roles("sales_manager");
  changes.add_roles("admin");
  changes.add_roles("sales_manager");
  v1::Employee result = ApplyEmployeeUpdate(current, changes, {"full_name", "roles"});
  EXPECT_EQ(result.full_name(), "Анна Петрова");
  EXPECT_EQ(result.email(), "anna@expo-volga.ru");
  EXPECT_THAT(result.roles(), ElementsAre("admin", "sales_manager"));

  changes.add_roles("service");
  changes.add_roles("boss");
  EXPECT_THAT(ViolatedFieldsOf([&] { ApplyEmployeeUpdate(current, changes, {"roles"}); }),
              ElementsAre("employee.roles[3]", "employee.roles[4]"));
  changes.set_email("not an address");
  EXPECT_THAT(ViolatedFieldsOf([&] { ApplyEmployeeUpdate(current, changes, {"email"}); }),
              ElementsAre("employee.email"));
}

TEST(StaffRulesTest, UpdateRequestNeedsNameEtagAndKnownPaths) {
  v1::UpdateEmployeeRequest request;
  request.mutable_employee()->set_name(kEmployee);
  request.mutable_employee()->set_etag("3");
  request.mutable_update_mask()->add_paths("roles");
  request.mutable_update_mask()->add_paths("roles");
  EmployeeUpdate update = ValidateUpdateEmployee(request);
  EXPECT_THAT(update.paths, ElementsAre("roles"));
  EXPECT_TRUE(ChangesRoles(update));

  request.mutable_update_mask()->add_paths("status");
  request.mutable_employee()->set_name("employees/42");
  request.mutable_employee()->clear_etag();
  EXPECT_THAT(ViolatedFieldsOf([&] { ValidateUpdateEmployee(request); }),
              UnorderedElementsAre("employee.name", "employee.etag", "update_mask"));
}

TEST(StaffRulesTest, CuratorAssignmentNamesResources) {
  v1::AssignCuratorRequest request;
  request.set_client(kClient);
  request.set_project(kProject);
  request.set_employee(kEmployee);
  CuratorAssignment assignment = ValidateAssignCurator(request);
  EXPECT_EQ(assignment.contact_person_id, "");
  EXPECT_EQ(assignment.employee_id, "9f1c5e0a-4444-4c5e-9a43-2f1e7f1d9b20");

  request.set_contact_person(std::string(kClient) + "/contactPersons/" + kPersonId);
  EXPECT_EQ(ValidateAssignCurator(request).contact_person_id, kPersonId);

  request.set_contact_person(std::string(kOtherClient) + "/contactPersons/" + kPersonId);
  EXPECT_THAT(ViolatedFieldsOf([&] { ValidateAssignCurator(request); }),
              ElementsAre("contact_person"));
  request.set_contact_person("");
  request.set_project(kClient);
  request.clear_employee();
  EXPECT_THAT(ViolatedFieldsOf([&] { ValidateAssignCurator(request); }),
              ElementsAre("project", "employee"));
}

TEST(StaffRulesTest, ReassignmentSuccessorsAreDistinctOthers) {
  v1::ReassignCuratorsRequest request;
  request.set_employee(kEmployee);
  request.add_successors(kOtherEmployee);
  Reassignment ok = ValidateReassignCurators(request);
  EXPECT_THAT(ok.successor_ids, ElementsAre("1e2d3c4b-5555-4c5e-9a43-2f1e7f1d9b20"));

  request.add_successors(kEmployee);
  request.add_successors(kOtherEmployee);
  request.add_successors(kClient);
  EXPECT_THAT(ViolatedFieldsOf([&] { ValidateReassignCurators(request); }),
              ElementsAre("successors[1]", "successors[2]", "successors[3]"));
}

TEST(StaffRulesTest, CuratorListTokensAreBoundToTheListAndHoldSequenceNumbers) {
  v1::ListCuratorsRequest request;
  request.set_parent(kClient);
  request.set_page_token(ListTokenFor(request, {"17", "0b6c3d0e-1111-4c5e-9a43-2f1e7f1d9b20"}));
  CuratorList list = ValidateListCurators(request, kListCaller);
  ASSERT_TRUE(list.window.after.has_value());
  EXPECT_EQ(list.window.after->sort, "17");

  request.set_show_history(true);  // a page of current terms does not continue the history
  EXPECT_THAT(ViolatedFieldsOf([&] { ValidateListCurators(request, kListCaller); }),
              ElementsAre("page_token"));
  request.set_page_token(
      ListTokenFor(request, {"1; DROP", "0b6c3d0e-1111-4c5e-9a43-2f1e7f1d9b20"}));
  EXPECT_THAT(ViolatedFieldsOf([&] { ValidateListCurators(request, kListCaller); }),
              ElementsAre("page_token"));
}

}  // namespace
}  // namespace crm::registry
