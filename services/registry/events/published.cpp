#include "services/registry/events/published.h"

namespace crm::registry {
namespace {

// "clients/{a}/contactPersons/{b}" -> "clients/{a}"; a child name always holds its parent's.
std::string ParentOf(const std::string& child_name) {
  auto first = child_name.find('/');
  auto second = child_name.find('/', first + 1);
  return child_name.substr(0, second);
}

void FillSnapshot(const v1::Client& client, events::v1::ClientSnapshot* snapshot) {
  snapshot->set_client(client.name());
  snapshot->set_display_name(client.display_name());
  snapshot->set_legal_name(client.legal_name());
  snapshot->set_inn(client.inn());
  snapshot->set_kpp(client.kpp());
  snapshot->set_ogrn(client.ogrn());
  snapshot->set_legal_address(client.legal_address());
  snapshot->set_phone(client.phone());
  snapshot->set_email(client.email());
}

}  // namespace

events::v1::ClientCreated ClientCreatedEvent(const v1::Client& client) {
  events::v1::ClientCreated event;
  FillSnapshot(client, event.mutable_client());
  return event;
}

events::v1::ClientUpdated ClientUpdatedEvent(const v1::Client& client) {
  events::v1::ClientUpdated event;
  FillSnapshot(client, event.mutable_client());
  return event;
}

events::v1::ClientDeleted ClientDeletedEvent(const v1::Client& client) {
  events::v1::ClientDeleted event;
  event.set_client(client.name());
  return event;
}

events::v1::ClientUndeleted ClientUndeletedEvent(const v1::Client& client) {
  events::v1::ClientUndeleted event;
  FillSnapshot(client, event.mutable_client());
  return event;
}

events::v1::ContactPersonCreated ContactPersonCreatedEvent(const v1::ContactPerson& person) {
  events::v1::ContactPersonCreated event;
  event.set_contact_person(person.name());
  event.set_client(ParentOf(person.name()));
  event.set_full_name(person.full_name());
  event.set_position(person.position());
  event.set_phone(person.phone());
  event.set_email(person.email());
  return event;
}

events::v1::EditionCreated EditionCreatedEvent(const v1::Edition& edition,
                                               const v1::Project& project) {
  events::v1::EditionCreated event;
  auto* snapshot = event.mutable_edition();
  snapshot->set_edition(edition.name());
  snapshot->set_display_name(edition.display_name());
  snapshot->set_project(project.name());
  snapshot->set_project_display_name(project.display_name());
  *snapshot->mutable_start_date() = edition.start_date();
  *snapshot->mutable_end_date() = edition.end_date();
  snapshot->set_venue(edition.venue());
  *snapshot->mutable_price_per_m2() = edition.price_per_m2();
  return event;
}

events::v1::EmployeeCreated EmployeeCreatedEvent(const v1::Employee& employee) {
  events::v1::EmployeeCreated event;
  auto* snapshot = event.mutable_employee();
  snapshot->set_employee(employee.name());
  snapshot->set_full_name(employee.full_name());
  snapshot->set_email(employee.email());
  snapshot->set_department(employee.department());
  return event;
}

}  // namespace crm::registry
