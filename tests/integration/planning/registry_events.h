#pragma once

#include <cstdint>
#include <string>

#include "common/core/ids.h"
#include "crm/events/v1/events.pb.h"
#include "tests/support/service_harness.h"

// The registry's events as planning's tests publish them to fill planning's projection through
// the real consumer: a contact person, an edition and an employee with realistic fields.
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
  testing::PublishEvent(nats_url, "crm.registry.contact_person.created", common::NewUuid(), person,
                        person.contact_person());
}

// "СтройЭкспо-2026", 15–18 September 2026, at `price` kopecks a square metre.
inline void PublishEdition(const std::string& nats_url, const std::string& project_id,
                           const std::string& edition_id, int64_t price) {
  events::v1::EditionCreated created;
  auto* e = created.mutable_edition();
  e->set_edition("projects/" + project_id + "/editions/" + edition_id);
  e->set_display_name("СтройЭкспо-2026");
  e->set_project("projects/" + project_id);
  e->set_project_display_name("СтройЭкспо");
  e->mutable_start_date()->set_year(2026);
  e->mutable_start_date()->set_month(9);
  e->mutable_start_date()->set_day(15);
  e->mutable_end_date()->set_year(2026);
  e->mutable_end_date()->set_month(9);
  e->mutable_end_date()->set_day(18);
  e->set_venue("Экспо-Волга, павильон 3");
  e->mutable_price_per_m2()->set_currency_code("RUB");
  e->mutable_price_per_m2()->set_minor_units(price);
  testing::PublishEvent(nats_url, "crm.registry.edition.created", common::NewUuid(), created,
                        e->edition());
}

inline void PublishEmployee(const std::string& nats_url, const std::string& id,
                            const std::string& full_name, const std::string& department) {
  events::v1::EmployeeCreated created;
  created.mutable_employee()->set_employee("employees/" + id);
  created.mutable_employee()->set_full_name(full_name);
  created.mutable_employee()->set_email(id.substr(0, 8) + "@expo-volga.example");
  created.mutable_employee()->set_department(department);
  testing::PublishEvent(nats_url, "crm.registry.employee.created", common::NewUuid(), created,
                        "employees/" + id);
}

}  // namespace crm::planning::registry_events
