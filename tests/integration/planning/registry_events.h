#pragma once

#include <google/protobuf/util/time_util.h>

#include <cstdint>
#include <map>
#include <mutex>
#include <string>

#include "common/core/ids.h"
#include "crm/events/v1/registry_topics.h"
#include "tests/support/service_harness.h"

// The registry's events as planning's tests publish them to fill planning's projection through
// the real consumer: a contact person, an edition, department units and employees with realistic
// fields.
namespace crm::planning::registry_events {

inline void PublishContactPerson(const std::string& nats_url, const std::string& client_id,
                                 const std::string& person_id) {
  events::v1::ContactPersonCreated person;
  person.set_contact_person("clients/" + client_id + "/contactPersons/" + person_id);
  person.set_client("clients/" + client_id);
  person.set_full_name("Иванова Мария Петровна");
  person.set_position("Директор по маркетингу");
  person.set_phone("+7 495 765-43-21");
  person.set_email("ivanova@stroymash.example");
  testing::PublishEvent(nats_url, events::v1::kContactPersonCreated, common::NewUuid(), person,
                        person.contact_person());
}

// "СтройЭкспо-2026", 15–18 September 2026, at `price` kopecks a square metre.
inline events::v1::EditionSnapshot Edition(const std::string& project_id,
                                           const std::string& edition_id, int64_t price) {
  events::v1::EditionSnapshot edition;
  edition.set_edition("projects/" + project_id + "/editions/" + edition_id);
  edition.set_display_name("СтройЭкспо-2026");
  edition.set_project("projects/" + project_id);
  edition.set_project_display_name("СтройЭкспо");
  edition.mutable_start_date()->set_year(2026);
  edition.mutable_start_date()->set_month(9);
  edition.mutable_start_date()->set_day(15);
  edition.mutable_end_date()->set_year(2026);
  edition.mutable_end_date()->set_month(9);
  edition.mutable_end_date()->set_day(18);
  edition.set_venue("Экспо-Волга, павильон 3");
  edition.mutable_price_per_m2()->set_currency_code("RUB");
  edition.mutable_price_per_m2()->set_minor_units(price);
  return edition;
}

inline void PublishEdition(const std::string& nats_url, const std::string& project_id,
                           const std::string& edition_id, int64_t price) {
  events::v1::EditionCreated created;
  *created.mutable_edition() = Edition(project_id, edition_id, price);
  testing::PublishEvent(nats_url, events::v1::kEditionCreated, common::NewUuid(), created,
                        created.edition().edition());
}

// The department unit a test calls `display_name` ("Отдел продаж 1"): one id per name for the
// whole test binary, so every test and fixture means the same unit by the same name.
inline std::string DepartmentId(const std::string& display_name) {
  static std::mutex mutex;
  static std::map<std::string, std::string> ids;
  std::lock_guard<std::mutex> lock(mutex);
  auto [it, inserted] = ids.try_emplace(display_name, "");
  if (inserted) {
    it->second = common::NewUuid();
  }
  return it->second;
}
inline std::string DepartmentName(const std::string& display_name) {
  return "departments/" + DepartmentId(display_name);
}

inline void PublishDepartment(const std::string& nats_url, const std::string& display_name) {
  events::v1::DepartmentCreated created;
  created.mutable_department()->set_department(DepartmentName(display_name));
  created.mutable_department()->set_display_name(display_name);
  testing::PublishEvent(nats_url, events::v1::kDepartmentCreated, common::NewUuid(), created,
                        DepartmentName(display_name));
}

// An employee as registry announces them: employee.created for one in no department; for a
// member of `department` (a unit's display name), the unit's department.created and the
// employee.updated that an admin's SetEmployeeDepartment publishes, which carries the unit (so a
// second call with another department is a move). One
// employee event either way, so a test waiting for the employee row sees its membership too.
inline void PublishEmployee(const std::string& nats_url, const std::string& id,
                            const std::string& full_name, const std::string& department) {
  events::v1::EmployeeSnapshot snapshot;
  snapshot.set_employee("employees/" + id);
  snapshot.set_full_name(full_name);
  snapshot.set_email(id.substr(0, 8) + "@expo-volga.example");
  snapshot.set_department(department);
  if (department.empty()) {
    events::v1::EmployeeCreated created;
    *created.mutable_employee() = snapshot;
    testing::PublishEvent(nats_url, events::v1::kEmployeeCreated, common::NewUuid(), created,
                          "employees/" + id);
    return;
  }
  PublishDepartment(nats_url, department);
  events::v1::EmployeeUpdated updated;
  *updated.mutable_employee() = snapshot;
  updated.set_status("active");
  updated.set_department_unit(DepartmentName(department));
  testing::PublishEvent(nats_url, events::v1::kEmployeeUpdated, common::NewUuid(), updated,
                        "employees/" + id);
}

// crm.registry.curator.assigned: `employee_id` became the curator of the client in the project,
// from `start` (RFC 3339) on, replacing whoever it was. Returns the term's name.
inline std::string PublishCuratorAssigned(const std::string& nats_url, const std::string& client_id,
                                          const std::string& project_id,
                                          const std::string& employee_id, const char* start) {
  events::v1::CuratorAssigned assigned;
  auto* term = assigned.mutable_curator();
  term->set_curator("clients/" + client_id + "/curators/" + common::NewUuid());
  term->set_client("clients/" + client_id);
  term->set_project("projects/" + project_id);
  term->set_employee("employees/" + employee_id);
  google::protobuf::util::TimeUtil::FromString(start, term->mutable_start_time());
  assigned.set_assigned_by("employees/" + common::NewUuid());
  testing::PublishEvent(nats_url, events::v1::kCuratorAssigned, common::NewUuid(), assigned,
                        term->curator());
  return term->curator();
}

// crm.registry.curator.ended: the term `curator` (as PublishCuratorAssigned returned it) ended.
inline void PublishCuratorEnded(const std::string& nats_url, const std::string& curator,
                                const std::string& project_id, const std::string& employee_id,
                                const char* start) {
  events::v1::CuratorEnded ended;
  auto* term = ended.mutable_curator();
  term->set_curator(curator);
  term->set_client(curator.substr(0, curator.find("/curators/")));
  term->set_project("projects/" + project_id);
  term->set_employee("employees/" + employee_id);
  google::protobuf::util::TimeUtil::FromString(start, term->mutable_start_time());
  testing::PublishEvent(nats_url, events::v1::kCuratorEnded, common::NewUuid(), ended, curator);
}

}  // namespace crm::planning::registry_events
