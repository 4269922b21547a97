// Projects, editions and the staff directory.

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <functional>
#include <set>

#include "common/bus/outbox.h"
#include "crm/events/v1/registry_topics.h"
#include "tests/integration/registry/registry_fixture.h"

namespace crm::registry::integration {
namespace {

using crm::testing::ResourceInfoName;
using crm::testing::ViolatedFields;
using ::testing::ElementsAre;
using ::testing::UnorderedElementsAre;
using Stub = v1::RegistryService::Stub;

class CatalogTest : public RegistryTest {
 protected:
  grpc::Status CreateProject(const v1::Project& project, v1::Project* out, const std::string& token,
                             const std::string& request_id = "") {
    v1::CreateProjectRequest request;
    *request.mutable_project() = project;
    request.set_request_id(request_id);
    return Call(&Stub::CreateProject, request, out, token);
  }
  grpc::Status CreateEdition(const std::string& parent, const v1::Edition& edition,
                             v1::Edition* out, const std::string& token,
                             const std::string& request_id = "") {
    v1::CreateEditionRequest request;
    request.set_parent(parent);
    *request.mutable_edition() = edition;
    request.set_request_id(request_id);
    return Call(&Stub::CreateEdition, request, out, token);
  }
  grpc::Status ListEditions(const std::string& parent, int page_size, const std::string& token,
                            v1::ListEditionsResponse* out) {
    v1::ListEditionsRequest request;
    request.set_parent(parent);
    request.set_page_size(page_size);
    request.set_page_token(token);
    return Call(&Stub::ListEditions, request, out, manager());
  }
  grpc::Status CreateEmployee(const v1::Employee& employee, v1::Employee* out,
                              const std::string& token, const std::string& request_id = "") {
    v1::CreateEmployeeRequest request;
    *request.mutable_employee() = employee;
    request.set_request_id(request_id);
    return Call(&Stub::CreateEmployee, request, out, token);
  }
  static v1::Employee Employee(const std::string& full_name, const std::string& email) {
    v1::Employee employee;
    employee.set_full_name(full_name);
    employee.set_email(email);
    return employee;
  }
};

TEST_F(CatalogTest, CreatesAndListsProjects) {
  v1::Project input;
  input.set_display_name(" Волга-Строй ");
  input.set_description("Строительная выставка.\nПроводится каждую весну.");
  v1::Project created;
  grpc::Status status = CreateProject(input, &created, head());
  ASSERT_TRUE(status.ok()) << status.error_message();
  EXPECT_TRUE(common::ParseResourceId(created.name(), "projects").has_value()) << created.name();
  EXPECT_EQ(created.display_name(), "Волга-Строй");
  EXPECT_EQ(created.description(), input.description());
  EXPECT_GT(created.create_time().seconds(), 0);

  v1::Project by_admin;
  input.set_display_name("Агро-Волга");
  ASSERT_TRUE(CreateProject(input, &by_admin, admin()).ok());
  input.set_display_name("Медицина");
  ASSERT_TRUE(CreateProject(input, &by_admin, head()).ok());

  std::vector<std::string> names;
  std::string token;
  int pages = 0;
  do {
    v1::ListProjectsRequest request;
    request.set_page_size(2);
    request.set_page_token(token);
    v1::ListProjectsResponse page;
    ASSERT_TRUE(Call(&Stub::ListProjects, request, &page, analyst()).ok());
    for (const auto& p : page.projects()) {
      names.push_back(p.display_name());
    }
    token = page.next_page_token();
    ++pages;
  } while (!token.empty());
  EXPECT_EQ(pages, 2);
  EXPECT_THAT(names, ElementsAre("Агро-Волга", "Волга-Строй", "Медицина"));
}

TEST_F(CatalogTest, ProjectRulesRolesAndReplays) {
  v1::Project project;
  project.set_display_name("Волга-Строй");
  v1::Project out;
  EXPECT_EQ(CreateProject(project, &out, manager()).error_code(), grpc::PERMISSION_DENIED);
  EXPECT_EQ(CreateProject(project, &out, analyst()).error_code(), grpc::PERMISSION_DENIED);
  EXPECT_EQ(CreateProject(project, &out, "").error_code(), grpc::UNAUTHENTICATED);

  v1::Project bad;
  bad.set_display_name("\t");
  bad.set_description(std::string(5001, 'x'));
  grpc::Status status = CreateProject(bad, &out, head());
  EXPECT_EQ(status.error_code(), grpc::INVALID_ARGUMENT);
  EXPECT_THAT(ViolatedFields(status),
              UnorderedElementsAre("project.display_name", "project.description"));
  EXPECT_EQ(Count("projects"), 0);

  v1::ListProjectsRequest list;
  list.set_page_token("crm1:forged");
  v1::ListProjectsResponse page;
  status = Call(&Stub::ListProjects, list, &page, manager());
  EXPECT_THAT(ViolatedFields(status), ElementsAre("page_token"));
  EXPECT_EQ(Call(&Stub::ListProjects, v1::ListProjectsRequest(), &page, "").error_code(),
            grpc::UNAUTHENTICATED);

  const std::string request_id = common::NewUuid();
  v1::Project first;
  v1::Project second;
  ASSERT_TRUE(CreateProject(project, &first, head(), request_id).ok());
  ASSERT_TRUE(CreateProject(project, &second, head(), request_id).ok());
  EXPECT_EQ(first.SerializeAsString(), second.SerializeAsString());
  EXPECT_EQ(Count("projects"), 1);
}

TEST_F(CatalogTest, CreatesEditionsWithEventAndListsThemByStartDate) {
  v1::Project project = MustCreateProject("Волга-Строй");
  v1::Edition created;
  grpc::Status status =
      CreateEdition(project.name(), SampleEdition("Волга-Строй 2027", 2027), &created, head());
  ASSERT_TRUE(status.ok()) << status.error_message();
  auto ids = common::ParseChildResourceId(created.name(), "projects", "editions");
  ASSERT_TRUE(ids.has_value()) << created.name();
  EXPECT_EQ("projects/" + ids->first, project.name());
  EXPECT_EQ(created.display_name(), "Волга-Строй 2027");
  EXPECT_EQ(created.start_date().year(), 2027);
  EXPECT_EQ(created.start_date().month(), 3);
  EXPECT_EQ(created.start_date().day(), 14);
  EXPECT_EQ(created.end_date().day(), 17);
  EXPECT_EQ(created.venue(), "Самара, Экспо-Волга");
  EXPECT_EQ(created.price_per_m2().currency_code(), "RUB");
  EXPECT_EQ(created.price_per_m2().minor_units(), 1'250'000);

  for (int year : {2029, 2026, 2028}) {
    v1::Edition out;
    ASSERT_TRUE(CreateEdition(project.name(),
                              SampleEdition("Волга-Строй " + std::to_string(year), year), &out,
                              admin())
                    .ok());
  }
  // A one-day edition: start and end on the same date.
  v1::Edition one_day = SampleEdition("Волга-Строй 2030", 2030);
  *one_day.mutable_end_date() = one_day.start_date();
  v1::Edition out;
  ASSERT_TRUE(CreateEdition(project.name(), one_day, &out, head()).ok());
  // Editions of another project stay there.
  v1::Project other = MustCreateProject("Агро-Волга");
  ASSERT_TRUE(CreateEdition(other.name(), SampleEdition("Агро 2027", 2027), &out, head()).ok());

  std::vector<std::string> names;
  std::string token;
  do {
    v1::ListEditionsResponse page;
    ASSERT_TRUE(ListEditions(project.name(), 2, token, &page).ok());
    for (const auto& e : page.editions()) {
      names.push_back(e.display_name());
    }
    token = page.next_page_token();
  } while (!token.empty());
  EXPECT_THAT(names, ElementsAre("Волга-Строй 2026", "Волга-Строй 2027", "Волга-Строй 2028",
                                 "Волга-Строй 2029", "Волга-Строй 2030"));

  pqxx::connection conn(url_);
  pqxx::read_transaction tx(conn);
  auto row = tx.exec1(
      "SELECT subject_id, payload FROM outbox WHERE subject = 'crm.registry.edition.created'"
      " ORDER BY seq LIMIT 1");
  EXPECT_EQ(row[0].as<std::string>(), created.name());
  events::v1::EditionCreated event;
  common::bus::FromJson(row[1].as<std::string>(), &event);
  EXPECT_EQ(event.edition().edition(), created.name());
  EXPECT_EQ(event.edition().project(), project.name());
  EXPECT_EQ(event.edition().project_display_name(), "Волга-Строй");
  EXPECT_EQ(event.edition().start_date().year(), 2027);
  EXPECT_EQ(event.edition().price_per_m2().minor_units(), 1'250'000);
}

TEST_F(CatalogTest, InvalidEditionsAreRejectedWithEveryField) {
  v1::Project project = MustCreateProject("Волга-Строй");
  struct Case {
    const char* label;
    std::function<void(v1::Edition&)> change;
    std::vector<std::string> fields;
  };
  const std::vector<Case> cases = {
      {"missing name", [](v1::Edition& e) { e.set_display_name(" "); }, {"edition.display_name"}},
      {"end before start",
       [](v1::Edition& e) { e.mutable_end_date()->set_day(13); },
       {"edition.end_date"}},
      {"30 February",
       [](v1::Edition& e) {
         e.mutable_start_date()->set_month(2);
         e.mutable_start_date()->set_day(30);
       },
       {"edition.start_date"}},
      {"29 February of a common year",
       [](v1::Edition& e) {
         e.mutable_start_date()->set_year(2027);
         e.mutable_start_date()->set_month(2);
         e.mutable_start_date()->set_day(29);
       },
       {"edition.start_date"}},
      {"month without a day",
       [](v1::Edition& e) { e.mutable_end_date()->set_day(0); },
       {"edition.end_date"}},
      {"missing dates",
       [](v1::Edition& e) {
         e.clear_start_date();
         e.clear_end_date();
       },
       {"edition.start_date", "edition.end_date"}},
      {"missing price", [](v1::Edition& e) { e.clear_price_per_m2(); }, {"edition.price_per_m2"}},
      {"zero price",
       [](v1::Edition& e) { e.mutable_price_per_m2()->set_minor_units(0); },
       {"edition.price_per_m2.minor_units"}},
      {"negative price in dollars",
       [](v1::Edition& e) {
         e.mutable_price_per_m2()->set_minor_units(-5);
         e.mutable_price_per_m2()->set_currency_code("USD");
       },
       {"edition.price_per_m2.minor_units", "edition.price_per_m2.currency_code"}},
      {"control characters in venue",
       [](v1::Edition& e) { e.set_venue("Самара\r\nЭкспо"); },
       {"edition.venue"}},
  };
  for (const auto& bad : cases) {
    SCOPED_TRACE(bad.label);
    v1::Edition edition = SampleEdition("Волга-Строй 2028", 2028);
    bad.change(edition);
    v1::Edition out;
    grpc::Status status = CreateEdition(project.name(), edition, &out, head());
    EXPECT_EQ(status.error_code(), grpc::INVALID_ARGUMENT) << status.error_message();
    std::vector<std::string> fields = ViolatedFields(status);
    EXPECT_EQ(std::set<std::string>(fields.begin(), fields.end()),
              std::set<std::string>(bad.fields.begin(), bad.fields.end()));
  }
  EXPECT_EQ(Count("editions"), 0);
  EXPECT_EQ(Count("outbox"), 1) << "only the project's own crm.registry.project.created";
}

TEST_F(CatalogTest, EditionParentsRolesAndReplays) {
  v1::Project project = MustCreateProject("Волга-Строй");
  const v1::Edition edition = SampleEdition("Волга-Строй 2027", 2027);
  v1::Edition out;
  const std::string unknown = "projects/" + common::NewUuid();
  grpc::Status status = CreateEdition(unknown, edition, &out, head());
  EXPECT_EQ(status.error_code(), grpc::NOT_FOUND);
  EXPECT_EQ(ResourceInfoName(status), unknown);
  status = CreateEdition("clients/" + common::NewUuid(), edition, &out, head());
  EXPECT_EQ(status.error_code(), grpc::INVALID_ARGUMENT);
  EXPECT_THAT(ViolatedFields(status), ElementsAre("parent"));
  EXPECT_EQ(CreateEdition(project.name(), edition, &out, manager()).error_code(),
            grpc::PERMISSION_DENIED);
  EXPECT_EQ(CreateEdition(project.name(), edition, &out, "").error_code(), grpc::UNAUTHENTICATED);

  v1::ListEditionsResponse list;
  EXPECT_EQ(ListEditions(unknown, 0, "", &list).error_code(), grpc::NOT_FOUND);
  status = ListEditions("projects/x", 0, "", &list);
  EXPECT_THAT(ViolatedFields(status), ElementsAre("parent"));
  EXPECT_EQ(Count("editions"), 0);

  const std::string request_id = common::NewUuid();
  v1::Edition first;
  v1::Edition second;
  ASSERT_TRUE(CreateEdition(project.name(), edition, &first, head(), request_id).ok());
  ASSERT_TRUE(CreateEdition(project.name(), edition, &second, head(), request_id).ok());
  EXPECT_EQ(first.SerializeAsString(), second.SerializeAsString());
  EXPECT_EQ(Count("editions"), 1);
  EXPECT_EQ(Count("outbox"), 2) << "project.created and one edition.created";

  // A page token of one project's editions is refused for another project.
  ASSERT_TRUE(
      CreateEdition(project.name(), SampleEdition("Волга-Строй 2028", 2028), &out, head()).ok());
  ASSERT_TRUE(ListEditions(project.name(), 1, "", &list).ok());
  ASSERT_FALSE(list.next_page_token().empty());
  v1::Project other = MustCreateProject("Агро-Волга");
  status = ListEditions(other.name(), 1, list.next_page_token(), &list);
  EXPECT_THAT(ViolatedFields(status), ElementsAre("page_token"));
}

TEST_F(CatalogTest, CreatesAndListsEmployees) {
  v1::Employee created;
  grpc::Status status =
      CreateEmployee(Employee("Смирнова Елена", " smirnova@expo-volga.ru "), &created, head());
  ASSERT_TRUE(status.ok()) << status.error_message();
  EXPECT_TRUE(common::ParseResourceId(created.name(), "employees").has_value());
  EXPECT_EQ(created.email(), "smirnova@expo-volga.ru");
  EXPECT_EQ(created.department(), "");  // departments are an admin's SetEmployeeDepartment

  v1::Employee out;
  ASSERT_TRUE(
      CreateEmployee(Employee("Алексеев Игорь", "alekseev@expo-volga.ru"), &out, admin()).ok());

  // The same address in another letter case is the same person.
  status = CreateEmployee(Employee("Смирнова Е.", "Smirnova@Expo-Volga.ru"), &out, head());
  EXPECT_EQ(status.error_code(), grpc::ALREADY_EXISTS);
  EXPECT_EQ(ResourceInfoName(status), created.name());

  v1::ListEmployeesResponse list;
  ASSERT_TRUE(Call(&Stub::ListEmployees, v1::ListEmployeesRequest(), &list, accountant()).ok());
  ASSERT_EQ(list.employees_size(), 2);
  EXPECT_EQ(list.employees(0).full_name(), "Алексеев Игорь");
  EXPECT_EQ(list.employees(1).full_name(), "Смирнова Елена");
  EXPECT_TRUE(list.next_page_token().empty());

  const std::string payload = FirstPayload(events::v1::kEmployeeCreated);
  events::v1::EmployeeCreated event;
  common::bus::FromJson(payload, &event);
  EXPECT_EQ(event.employee().employee(), created.name());
  EXPECT_EQ(event.employee().email(), "smirnova@expo-volga.ru");
}

TEST_F(CatalogTest, EmployeeRulesRolesAndReplays) {
  v1::Employee out;
  grpc::Status status = CreateEmployee(Employee("", "not-an-address"), &out, head());
  EXPECT_EQ(status.error_code(), grpc::INVALID_ARGUMENT);
  EXPECT_THAT(ViolatedFields(status), UnorderedElementsAre("employee.full_name", "employee.email"));
  status = CreateEmployee(Employee("Смирнова Елена", "  "), &out, head());
  EXPECT_THAT(ViolatedFields(status), ElementsAre("employee.email"));
  EXPECT_EQ(CreateEmployee(Employee("Смирнова Елена", "s@expo.ru"), &out, manager()).error_code(),
            grpc::PERMISSION_DENIED);
  EXPECT_EQ(CreateEmployee(Employee("Смирнова Елена", "s@expo.ru"), &out, "").error_code(),
            grpc::UNAUTHENTICATED);
  v1::ListEmployeesRequest negative;
  negative.set_page_size(-3);
  v1::ListEmployeesResponse list;
  EXPECT_THAT(ViolatedFields(Call(&Stub::ListEmployees, negative, &list, manager())),
              ElementsAre("page_size"));
  EXPECT_EQ(Count("employees"), 0);
  EXPECT_EQ(Count("outbox"), 0);

  const std::string request_id = common::NewUuid();
  v1::Employee first;
  v1::Employee second;
  ASSERT_TRUE(
      CreateEmployee(Employee("Смирнова Елена", "s@expo.ru"), &first, head(), request_id).ok());
  ASSERT_TRUE(
      CreateEmployee(Employee("Смирнова Елена", "s@expo.ru"), &second, head(), request_id).ok());
  EXPECT_EQ(first.SerializeAsString(), second.SerializeAsString());
  EXPECT_EQ(Count("employees"), 1);
  EXPECT_EQ(Count("outbox"), 1);
}

}  // namespace
}  // namespace crm::registry::integration
