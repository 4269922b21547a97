// The staff directory's edits, curators with their history, and the reassignment of a departing
// employee's clients.

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "crm/events/v1/registry_topics.h"
#include "services/registry/store/staff_store.h"
#include "tests/integration/registry/org_fixture.h"

namespace crm::registry::integration {
namespace {

using crm::testing::ViolatedFields;
using ::testing::ElementsAre;
using ::testing::IsEmpty;
using ::testing::UnorderedElementsAre;
using Staff = v1::StaffService::Stub;

class StaffTest : public OrgTest {
 protected:
  grpc::Status Update(const v1::Employee& employee, const std::vector<std::string>& paths,
                      v1::Employee* out, const std::string& token) {
    v1::UpdateEmployeeRequest request;
    *request.mutable_employee() = employee;
    for (const auto& path : paths) {
      request.mutable_update_mask()->add_paths(path);
    }
    return CallOn(*staff_, &Staff::UpdateEmployee, request, out, token);
  }

  std::vector<v1::Curator> Curators(const std::string& client, bool history) {
    std::vector<v1::Curator> all;
    std::string token;
    do {
      v1::ListCuratorsRequest request;
      request.set_parent(client);
      request.set_show_history(history);
      request.set_page_size(2);
      request.set_page_token(token);
      v1::ListCuratorsResponse page;
      grpc::Status status = CallOn(*staff_, &Staff::ListCurators, request, &page, manager());
      EXPECT_TRUE(status.ok()) << status.error_message();
      all.insert(all.end(), page.curators().begin(), page.curators().end());
      token = page.next_page_token();
    } while (!token.empty());
    return all;
  }

  std::vector<v1::Curator> CuratorshipsOf(const std::string& employee) {
    v1::ListCuratorshipsOfEmployeeRequest request;
    request.set_employee(employee);
    request.set_page_size(500);
    v1::ListCuratorshipsOfEmployeeResponse page;
    grpc::Status status =
        CallOn(*staff_, &Staff::ListCuratorshipsOfEmployee, request, &page, manager());
    EXPECT_TRUE(status.ok()) << status.error_message();
    return {page.curators().begin(), page.curators().end()};
  }

  bool Curates(const v1::Employee& employee, const v1::Client& client) {
    return server_->pool().Read([&](pqxx::read_transaction& tx) {
      return CuratesClient(tx, *common::ParseResourceId(employee.name(), "employees"),
                           *common::ParseResourceId(client.name(), "clients"));
    });
  }

  grpc::Status Reassign(const std::string& employee, const std::vector<std::string>& successors,
                        v1::ReassignCuratorsResponse* out, const std::string& token) {
    v1::ReassignCuratorsRequest request;
    request.set_employee(employee);
    for (const auto& s : successors) {
      request.add_successors(s);
    }
    return CallOn(*staff_, &Staff::ReassignCurators, request, out, token);
  }
};

TEST_F(StaffTest, GetsAndUpdatesAnEmployeeWithEtagAndEvent) {
  v1::Employee created = MustCreateEmployee("Анна Петрова", "anna@expo-volga.ru");
  v1::GetEmployeeRequest get;
  get.set_name(created.name());
  v1::Employee read;
  ASSERT_TRUE(CallOn(*staff_, &Staff::GetEmployee, get, &read, accountant()).ok());
  EXPECT_EQ(read.status(), v1::EMPLOYEE_STATUS_ACTIVE);
  EXPECT_THAT(read.roles(), IsEmpty());
  EXPECT_FALSE(read.etag().empty());

  v1::Employee change = read;
  change.set_full_name("  Анна Сергеевна Петрова ");
  change.set_email("ignored@expo-volga.ru");  // not in the mask
  v1::Employee updated;
  grpc::Status status = Update(change, {"full_name"}, &updated, head());
  ASSERT_TRUE(status.ok()) << status.error_message();
  EXPECT_EQ(updated.full_name(), "Анна Сергеевна Петрова");
  EXPECT_EQ(updated.department(), "");
  EXPECT_EQ(updated.email(), "anna@expo-volga.ru");
  EXPECT_NE(updated.etag(), read.etag());
  auto event = LastEvent(events::v1::kEmployeeUpdated);
  EXPECT_EQ(event.employee().employee(), created.name());
  EXPECT_EQ(event.employee().full_name(), "Анна Сергеевна Петрова");
  EXPECT_EQ(event.status(), "active");

  // The old etag no longer matches.
  status = Update(change, {"full_name"}, &updated, head());
  EXPECT_EQ(status.error_code(), grpc::ABORTED);
  EXPECT_EQ(crm::testing::ErrorInfoReason(status), "ETAG_MISMATCH");

  // Roles: admins only, known names only; stored sorted without repeats.
  v1::Employee roles = updated;
  roles.add_roles("sales_manager");
  roles.add_roles("analyst");
  roles.add_roles("sales_manager");
  EXPECT_EQ(Update(roles, {"roles"}, &read, head()).error_code(), grpc::PERMISSION_DENIED);
  ASSERT_TRUE(Update(roles, {"roles"}, &read, admin()).ok());
  EXPECT_THAT(read.roles(), ElementsAre("analyst", "sales_manager"));
  EXPECT_THAT(LastEvent(events::v1::kEmployeeUpdated).roles(),
              ElementsAre("analyst", "sales_manager"));
}

// Membership decides how far a head of sales reaches in every service, so nobody changes it with
// UpdateEmployee, not even for themself: only an admin's SetEmployeeDepartment does. A department
// text sent on create is ignored (output only).
TEST_F(StaffTest, NobodyChangesADepartmentWithUpdateEmployee) {
  v1::CreateEmployeeRequest create;
  create.mutable_employee()->set_full_name("Олег Кузнецов");
  create.mutable_employee()->set_email("oleg@expo-volga.ru");
  create.mutable_employee()->set_department("Отдел продаж");
  v1::Employee head_record;
  ASSERT_TRUE(Call(&v1::RegistryService::Stub::CreateEmployee, create, &head_record, admin()).ok());
  EXPECT_EQ(head_record.department(), "");
  EXPECT_EQ(head_record.department_unit(), "");
  const long events_before = EventCount(events::v1::kEmployeeUpdated);

  v1::Employee widen = head_record;
  widen.set_department("Отдел продаж");
  widen.set_department_unit("departments/" + common::NewUuid());
  for (const std::string& token :
       {crm::testing::TokenFor(head_record.name(), {common::auth::Role::kSalesHead}), admin()}) {
    for (const char* path : {"department", "department_unit"}) {
      v1::Employee out;
      grpc::Status status = Update(widen, {path}, &out, token);
      EXPECT_EQ(status.error_code(), grpc::INVALID_ARGUMENT) << path;
      EXPECT_THAT(ViolatedFields(status), ElementsAre("update_mask"));
      EXPECT_THAT(status.error_message(), ::testing::HasSubstr("SetEmployeeDepartment"));
    }
  }
  v1::GetEmployeeRequest get;
  get.set_name(head_record.name());
  v1::Employee read;
  ASSERT_TRUE(CallOn(*staff_, &Staff::GetEmployee, get, &read, admin()).ok());
  EXPECT_EQ(read.department(), "");
  EXPECT_EQ(read.etag(), head_record.etag());
  EXPECT_EQ(EventCount(events::v1::kEmployeeUpdated), events_before);
}

TEST_F(StaffTest, EmployeeUpdateRejectsBadInputAndOtherRoles) {
  v1::Employee anna = MustCreateEmployee("Анна", "anna@expo-volga.ru");
  MustCreateEmployee("Борис", "boris@expo-volga.ru");
  const long events_before = EventCount(events::v1::kEmployeeUpdated);

  v1::Employee bad = anna;
  bad.set_full_name(" ");
  bad.add_roles("service");
  v1::Employee out;
  grpc::Status status = Update(bad, {"full_name", "roles", "status"}, &out, admin());
  EXPECT_EQ(status.error_code(), grpc::INVALID_ARGUMENT);
  EXPECT_THAT(ViolatedFields(status), ElementsAre("update_mask"));
  status = Update(bad, {"full_name", "roles"}, &out, admin());
  EXPECT_EQ(status.error_code(), grpc::INVALID_ARGUMENT);
  EXPECT_THAT(ViolatedFields(status), ElementsAre("employee.roles[0]"));
  bad.clear_roles();
  status = Update(bad, {"full_name"}, &out, admin());
  EXPECT_THAT(ViolatedFields(status), ElementsAre("employee.full_name"));

  v1::Employee taken = anna;
  taken.set_email("BORIS@expo-volga.ru");
  status = Update(taken, {"email"}, &out, head());
  EXPECT_EQ(status.error_code(), grpc::ALREADY_EXISTS);

  v1::Employee unnamed;
  status = Update(unnamed, {}, &out, head());
  EXPECT_THAT(ViolatedFields(status),
              UnorderedElementsAre("employee.name", "employee.etag", "update_mask"));

  v1::Employee fine = anna;
  fine.set_full_name("Анна П.");
  EXPECT_EQ(Update(fine, {"full_name"}, &out, manager()).error_code(), grpc::PERMISSION_DENIED);
  EXPECT_EQ(Update(fine, {"full_name"}, &out, analyst()).error_code(), grpc::PERMISSION_DENIED);
  EXPECT_EQ(Update(fine, {"full_name"}, &out, "").error_code(), grpc::UNAUTHENTICATED);

  v1::GetEmployeeRequest get;
  get.set_name(anna.name());
  ASSERT_TRUE(CallOn(*staff_, &Staff::GetEmployee, get, &out, manager()).ok());
  EXPECT_EQ(out.full_name(), "Анна");
  EXPECT_EQ(out.etag(), anna.etag());
  EXPECT_EQ(EventCount(events::v1::kEmployeeUpdated), events_before);

  get.set_name("employees/" + common::NewUuid());
  EXPECT_EQ(CallOn(*staff_, &Staff::GetEmployee, get, &out, manager()).error_code(),
            grpc::NOT_FOUND);
  get.set_name("staff/1");
  EXPECT_EQ(CallOn(*staff_, &Staff::GetEmployee, get, &out, manager()).error_code(),
            grpc::INVALID_ARGUMENT);
}

TEST_F(StaffTest, AssigningACuratorKeepsTheHistory) {
  v1::Client client = MustCreateNumberedClient(1, "СтройМаш");
  v1::Project build = MustCreateProject("Волга-Строй");
  v1::Project agro = MustCreateProject("Агро-Волга");
  v1::Employee anna = MustCreateEmployee("Анна", "anna@expo-volga.ru");
  v1::Employee boris = MustCreateEmployee("Борис", "boris@expo-volga.ru");

  v1::Curator first = MustAssign(client.name(), build.name(), anna.name());
  EXPECT_EQ(first.client(), client.name());
  EXPECT_EQ(first.employee(), anna.name());
  EXPECT_FALSE(first.has_end_time());
  EXPECT_TRUE(Curates(anna, client));
  EXPECT_FALSE(Curates(boris, client));

  // The same curator again changes nothing and announces nothing.
  v1::Curator again = MustAssign(client.name(), build.name(), anna.name());
  EXPECT_EQ(again.name(), first.name());
  EXPECT_EQ(EventCount(events::v1::kCuratorAssigned), 1);

  // Another curator in the same project replaces the first; another project is separate.
  v1::Curator second;
  ASSERT_TRUE(Assign(client.name(), build.name(), boris.name(), &second, analyst()).ok());
  MustAssign(client.name(), agro.name(), anna.name());
  auto event = LastEvent(events::v1::kCuratorAssigned);
  EXPECT_EQ(event.curator().project(), agro.name());
  EXPECT_EQ(event.previous_employee(), "");

  std::vector<v1::Curator> current = Curators(client.name(), false);
  ASSERT_EQ(current.size(), 2u);
  EXPECT_EQ(current[0].employee(), boris.name());
  EXPECT_EQ(current[0].project(), build.name());
  EXPECT_EQ(current[1].employee(), anna.name());

  std::vector<v1::Curator> history = Curators(client.name(), true);
  ASSERT_EQ(history.size(), 3u);
  EXPECT_EQ(history[0].name(), first.name());
  EXPECT_TRUE(history[0].has_end_time());
  EXPECT_EQ(history[0].end_reason(), v1::CURATORSHIP_END_REASON_REPLACED);
  EXPECT_FALSE(history[0].ended_by().empty());
  EXPECT_EQ(EventCount(events::v1::kCuratorAssigned), 3);

  // A contact person gets their own curator.
  v1::CreateContactPersonRequest person;
  person.set_parent(client.name());
  person.mutable_contact_person()->set_full_name("Иван Иванов");
  v1::ContactPerson ivan;
  ASSERT_TRUE(Call(&v1::RegistryService::Stub::CreateContactPerson, person, &ivan, head()).ok());
  v1::Curator personal;
  ASSERT_TRUE(
      Assign(client.name(), build.name(), anna.name(), &personal, head(), ivan.name()).ok());
  EXPECT_EQ(personal.contact_person(), ivan.name());
  EXPECT_EQ(Curators(client.name(), false).size(), 3u);

  // Ending a term leaves no curator; a second end is refused.
  v1::EndCuratorshipRequest end;
  end.set_name(second.name());
  v1::Curator ended;
  ASSERT_TRUE(CallOn(*staff_, &Staff::EndCuratorship, end, &ended, head()).ok());
  EXPECT_EQ(ended.end_reason(), v1::CURATORSHIP_END_REASON_ENDED);
  EXPECT_FALSE(Curates(boris, client));
  EXPECT_EQ(CallOn(*staff_, &Staff::EndCuratorship, end, &ended, head()).error_code(),
            grpc::FAILED_PRECONDITION);
  EXPECT_EQ(EventCount(events::v1::kCuratorEnded), 1);
}

TEST_F(StaffTest, CuratorAssignmentRejectsBadInputAndManagers) {
  v1::Client client = MustCreateNumberedClient(1, "СтройМаш");
  v1::Client other = MustCreateNumberedClient(2, "АгроТех");
  v1::Project project = MustCreateProject("Волга-Строй");
  v1::Employee anna = MustCreateEmployee("Анна", "anna@expo-volga.ru");
  v1::Curator out;

  grpc::Status status = Assign("", "projects/x", "", &out, head());
  EXPECT_EQ(status.error_code(), grpc::INVALID_ARGUMENT);
  EXPECT_THAT(ViolatedFields(status), UnorderedElementsAre("client", "project", "employee"));

  const std::string foreign_person = other.name() + "/contactPersons/" + common::NewUuid();
  status = Assign(client.name(), project.name(), anna.name(), &out, head(), foreign_person);
  EXPECT_THAT(ViolatedFields(status), ElementsAre("contact_person"));

  EXPECT_EQ(Assign(client.name(), "projects/" + common::NewUuid(), anna.name(), &out, head())
                .error_code(),
            grpc::NOT_FOUND);
  EXPECT_EQ(Assign(client.name(), project.name(), "employees/" + common::NewUuid(), &out, head())
                .error_code(),
            grpc::NOT_FOUND);
  EXPECT_EQ(Assign(client.name(), project.name(), anna.name(), &out, head(),
                   client.name() + "/contactPersons/" + common::NewUuid())
                .error_code(),
            grpc::NOT_FOUND);

  EXPECT_EQ(Assign(client.name(), project.name(), anna.name(), &out, manager()).error_code(),
            grpc::PERMISSION_DENIED);
  EXPECT_EQ(Assign(client.name(), project.name(), anna.name(), &out, accountant()).error_code(),
            grpc::PERMISSION_DENIED);
  EXPECT_EQ(Assign(client.name(), project.name(), anna.name(), &out, "").error_code(),
            grpc::UNAUTHENTICATED);
  EXPECT_EQ(Count("curators"), 0);
  EXPECT_EQ(EventCount(events::v1::kCuratorAssigned), 0);

  v1::ListCuratorsRequest list;
  list.set_parent(client.name());
  list.set_page_token("crm1:forged");
  v1::ListCuratorsResponse page;
  EXPECT_EQ(CallOn(*staff_, &Staff::ListCurators, list, &page, manager()).error_code(),
            grpc::INVALID_ARGUMENT);
}

TEST_F(StaffTest, ReassignsADepartingEmployeesClientsRoundRobin) {
  v1::Project project = MustCreateProject("Волга-Строй");
  v1::Employee leaving = MustCreateEmployee("Уходящий", "leaving@expo-volga.ru");
  v1::Employee boris = MustCreateEmployee("Борис", "boris@expo-volga.ru");
  v1::Employee vera = MustCreateEmployee("Вера", "vera@expo-volga.ru");
  std::vector<v1::Client> clients;
  for (int i = 1; i <= 5; ++i) {
    clients.push_back(MustCreateNumberedClient(i, "Клиент " + std::to_string(i)));
    MustAssign(clients.back().name(), project.name(), leaving.name());
  }
  // Vera already curates one of them in another project: unaffected.
  v1::Project agro = MustCreateProject("Агро-Волга");
  MustAssign(clients[0].name(), agro.name(), vera.name());

  v1::ReassignCuratorsResponse result;
  grpc::Status status = Reassign(leaving.name(), {boris.name(), vera.name()}, &result, analyst());
  ASSERT_TRUE(status.ok()) << status.error_message();
  EXPECT_EQ(result.reassigned_count(), 5);
  ASSERT_EQ(result.counts_size(), 2);
  EXPECT_EQ(result.counts(0).employee(), boris.name());
  EXPECT_EQ(result.counts(0).count(), 3);
  EXPECT_EQ(result.counts(1).count(), 2);
  EXPECT_EQ(result.employee().status(), v1::EMPLOYEE_STATUS_LEFT);
  ASSERT_EQ(result.curators_size(), 5);
  EXPECT_EQ(result.curators(0).client(), clients[0].name());
  EXPECT_EQ(result.curators(0).employee(), boris.name());
  EXPECT_EQ(result.curators(1).employee(), vera.name());

  EXPECT_THAT(CuratorshipsOf(leaving.name()), IsEmpty());
  EXPECT_EQ(CuratorshipsOf(boris.name()).size(), 3u);
  EXPECT_EQ(CuratorshipsOf(vera.name()).size(), 3u);
  EXPECT_TRUE(Curates(boris, clients[2]));
  EXPECT_FALSE(Curates(leaving, clients[2]));

  std::vector<v1::Curator> history = Curators(clients[0].name(), true);
  ASSERT_EQ(history.size(), 3u);
  EXPECT_EQ(history[0].employee(), leaving.name());
  EXPECT_EQ(history[0].end_reason(), v1::CURATORSHIP_END_REASON_EMPLOYEE_LEFT);

  auto event = LastEvent(events::v1::kCuratorsReassigned);
  EXPECT_EQ(event.from_employee(), leaving.name());
  EXPECT_EQ(event.reassigned_count(), 5);
  EXPECT_EQ(event.curators_size(), 5);
  EXPECT_EQ(LastEvent(events::v1::kEmployeeUpdated).status(), "left");

  // One who left takes no clients and cannot leave twice.
  v1::Curator out;
  status = Assign(clients[0].name(), project.name(), leaving.name(), &out, head());
  EXPECT_EQ(status.error_code(), grpc::FAILED_PRECONDITION);
  EXPECT_EQ(crm::testing::ErrorInfoReason(status), "EMPLOYEE_LEFT");
  EXPECT_EQ(Reassign(leaving.name(), {boris.name()}, &result, head()).error_code(),
            grpc::FAILED_PRECONDITION);
  EXPECT_EQ(Reassign(boris.name(), {leaving.name()}, &result, head()).error_code(),
            grpc::FAILED_PRECONDITION);
}

TEST_F(StaffTest, ReassignmentRejectsBadInputAndChangesNothing) {
  v1::Project project = MustCreateProject("Волга-Строй");
  v1::Employee anna = MustCreateEmployee("Анна", "anna@expo-volga.ru");
  v1::Employee boris = MustCreateEmployee("Борис", "boris@expo-volga.ru");
  v1::Client client = MustCreateNumberedClient(1, "СтройМаш");
  MustAssign(client.name(), project.name(), anna.name());

  v1::ReassignCuratorsResponse out;
  grpc::Status status =
      Reassign(anna.name(), {anna.name(), boris.name(), boris.name(), "x"}, &out, head());
  EXPECT_EQ(status.error_code(), grpc::INVALID_ARGUMENT);
  EXPECT_THAT(ViolatedFields(status),
              ElementsAre("successors[0]", "successors[2]", "successors[3]"));
  status = Reassign(anna.name(), {}, &out, head());
  EXPECT_EQ(status.error_code(), grpc::INVALID_ARGUMENT);
  EXPECT_THAT(ViolatedFields(status), ElementsAre("successors"));
  EXPECT_EQ(Reassign(anna.name(), {"employees/" + common::NewUuid()}, &out, head()).error_code(),
            grpc::NOT_FOUND);
  EXPECT_EQ(Reassign(anna.name(), {boris.name()}, &out, manager()).error_code(),
            grpc::PERMISSION_DENIED);
  EXPECT_EQ(Reassign(anna.name(), {boris.name()}, &out, accountant()).error_code(),
            grpc::PERMISSION_DENIED);

  EXPECT_TRUE(Curates(anna, client));
  EXPECT_EQ(CountWhere("SELECT count(*) FROM employees WHERE status = 'left'"), 0);
  EXPECT_EQ(EventCount(events::v1::kCuratorsReassigned), 0);

  // Someone who curates nobody may leave without successors.
  ASSERT_TRUE(Reassign(boris.name(), {}, &out, head()).ok());
  EXPECT_EQ(out.reassigned_count(), 0);
  EXPECT_EQ(out.employee().status(), v1::EMPLOYEE_STATUS_LEFT);
}

}  // namespace
}  // namespace crm::registry::integration
