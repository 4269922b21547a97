// Migration 0060: the free-text department becomes the department unit, and the other services
// learn every unit and every employee's membership from the stream.

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <map>

#include "common/bus/outbox.h"
#include "crm/events/v1/registry_topics.h"
#include "services/registry/store/all_queries.h"
#include "services/registry/store/migrations.h"
#include "services/registry/store/staff_store.h"
#include "tests/integration/registry/registry_fixture.h"

namespace crm::registry::integration {
namespace {

using ::testing::ElementsAre;

constexpr int kUnitsMigration = 60;

TEST(DepartmentUnitsMigrationTest, EveryFreeTextDepartmentBecomesAUnitAndIsAnnounced) {
  const std::string url = crm::testing::TestEnvironment::Get().FreshDatabase("registry_units");
  crm::testing::Migrate(url, "registry",
                        crm::testing::MigrationsBefore(Migrations(), kUnitsMigration));
  const std::string sales = common::NewUuid();
  const std::string anna = common::NewUuid();
  const std::string boris = common::NewUuid();
  const std::string vera = common::NewUuid();
  const std::string gleb = common::NewUuid();
  const std::string dina = common::NewUuid();
  {
    pqxx::connection conn(url);
    pqxx::work tx(conn);
    tx.exec_params(
        "INSERT INTO departments (id, display_name, created_by, updated_by)"
        " VALUES ($1, 'Отдел продаж', 'test', 'test')",
        sales);
    const auto add = [&](const std::string& id, const std::string& name, const std::string& text,
                         int minute) {
      tx.exec_params(
          "INSERT INTO employees (id, full_name, email, department, created_by, created_at)"
          " VALUES ($1, $2, $3, $4, 'test', '2026-01-01 10:00+00'::timestamptz + $5 * interval "
          "'1 minute')",
          id, name, id.substr(0, 8) + "@expo-volga.example", text, minute);
    };
    add(anna, "Анна", " отдел ПРОДАЖ ", 1);   // the existing unit, another letter case
    add(boris, "Борис", "Отдел рекламы", 2);  // no unit of that name yet
    add(vera, "Вера", "ОТДЕЛ РЕКЛАМЫ", 3);    // the same new unit
    add(gleb, "Глеб", "Старое название", 4);  // already a member: the unit wins
    add(dina, "Дина", "  ", 5);               // no department
    tx.exec_params("UPDATE employees SET department_id = $1 WHERE id = $2", sales, gleb);
    tx.commit();
  }

  crm::testing::Migrate(url, "registry", Migrations());

  common::db::Pool pool(url, 1, AllQueries());
  std::map<std::string, v1::Employee> employees;
  pool.Read([&](pqxx::read_transaction& tx) {
    for (const std::string& id : {anna, boris, vera, gleb, dina}) {
      employees[id] = FindEmployee(tx, id).value();
    }
  });
  const std::string sales_unit = "departments/" + sales;
  EXPECT_EQ(employees[anna].department_unit(), sales_unit);
  EXPECT_EQ(employees[anna].department(), "Отдел продаж");
  EXPECT_EQ(employees[gleb].department_unit(), sales_unit);
  EXPECT_EQ(employees[gleb].department(), "Отдел продаж");
  const std::string advertising = employees[boris].department_unit();
  EXPECT_NE(advertising, "");
  EXPECT_NE(advertising, sales_unit);
  EXPECT_EQ(employees[vera].department_unit(), advertising);
  EXPECT_EQ(employees[boris].department(), "Отдел рекламы");  // the first employee's spelling
  EXPECT_EQ(employees[dina].department_unit(), "");
  EXPECT_EQ(employees[dina].department(), "");

  // Announced in order: the new unit, the existing one, then every employee with their unit.
  pqxx::connection conn(url);
  pqxx::read_transaction tx(conn);
  std::vector<std::string> subjects;
  std::map<std::string, events::v1::EmployeeUpdated> announced;
  for (const auto& row : tx.exec("SELECT subject, subject_id, payload FROM outbox ORDER BY seq")) {
    subjects.emplace_back(row[0].c_str());
    if (subjects.back() == events::v1::kEmployeeUpdated.subject) {
      events::v1::EmployeeUpdated event;
      common::bus::FromJson(row[2].c_str(), &event);
      EXPECT_EQ(event.employee().employee(), row[1].c_str());
      announced[event.employee().employee()] = event;
    } else if (subjects.back() == events::v1::kDepartmentCreated.subject) {
      events::v1::DepartmentCreated event;
      common::bus::FromJson(row[2].c_str(), &event);
      EXPECT_EQ(event.department().department(), advertising);
      EXPECT_EQ(event.department().display_name(), "Отдел рекламы");
    } else {
      events::v1::DepartmentUpdated event;
      common::bus::FromJson(row[2].c_str(), &event);
      EXPECT_EQ(event.department().department(), sales_unit);
    }
  }
  EXPECT_THAT(
      subjects,
      ElementsAre(events::v1::kDepartmentCreated.subject, events::v1::kDepartmentUpdated.subject,
                  events::v1::kEmployeeUpdated.subject, events::v1::kEmployeeUpdated.subject,
                  events::v1::kEmployeeUpdated.subject, events::v1::kEmployeeUpdated.subject,
                  events::v1::kEmployeeUpdated.subject));
  const auto& anna_event = announced.at("employees/" + anna);
  EXPECT_EQ(anna_event.department_unit(), sales_unit);
  EXPECT_EQ(anna_event.employee().department(), "Отдел продаж");
  EXPECT_EQ(anna_event.employee().full_name(), "Анна");
  EXPECT_EQ(anna_event.status(), "active");
  EXPECT_EQ(announced.at("employees/" + vera).department_unit(), advertising);
  EXPECT_EQ(announced.at("employees/" + dina).department_unit(), "");
  EXPECT_EQ(tx.exec1("SELECT count(*) FROM departments")[0].as<int>(), 2);
}

}  // namespace
}  // namespace crm::registry::integration
