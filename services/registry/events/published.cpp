#include "services/registry/events/published.h"

#include <charconv>

#include "services/registry/domain/client_rules.h"

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
  snapshot->set_legal_form(LegalFormText::Of(client.legal_form()));
  snapshot->set_postal_address(AddressLine(client.postal_address()));
  snapshot->set_postal_address_valid(client.postal_address_valid());
  snapshot->set_region_code(client.geography().region_code());
  snapshot->set_federal_district_code(client.geography().federal_district_code());
  snapshot->set_city(client.geography().city());
  snapshot->set_industry_code(client.industry_code());
  *snapshot->mutable_okved_codes() = client.okved_codes();
  for (const v1::Phone& phone : client.phones()) {
    snapshot->add_phones(phone.number());
  }
  *snapshot->mutable_emails() = client.emails();
  snapshot->set_website(client.website());
  snapshot->set_lead_source(client.lead_source());
  snapshot->set_head_client(client.head_client());
  snapshot->set_verification_state(VerificationStateText::Of(client.verification_state()));
  // The etag is the version number (client_store.cpp).
  int version = 0;
  const std::string& etag = client.etag();
  auto [end, error] = std::from_chars(etag.data(), etag.data() + etag.size(), version);
  if (error == std::errc() && end == etag.data() + etag.size()) {
    snapshot->set_version(version);
  }
}

void FillContactPerson(const v1::ContactPerson& person, events::v1::ContactPersonState* state) {
  state->set_contact_person(person.name());
  state->set_client(ParentOf(person.name()));
  state->set_full_name(person.full_name());
  state->set_position(person.position());
  for (const v1::Phone& phone : person.phones()) {
    state->add_phones(phone.number());
  }
  *state->mutable_emails() = person.emails();
  state->set_mailing_consent(person.mailing_consent());
  state->set_primary(person.primary());
  state->set_status(ContactPersonStatusText::Of(person.status()));
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
  for (const v1::Phone& phone : person.phones()) {
    event.add_phones(phone.number());
  }
  *event.mutable_emails() = person.emails();
  event.set_mailing_consent(person.mailing_consent());
  event.set_primary(person.primary());
  event.set_status(ContactPersonStatusText::Of(person.status()));
  return event;
}

events::v1::ContactPersonUpdated ContactPersonUpdatedEvent(const v1::ContactPerson& person) {
  events::v1::ContactPersonUpdated event;
  FillContactPerson(person, event.mutable_contact_person());
  return event;
}

events::v1::ContactPersonDeleted ContactPersonDeletedEvent(const v1::ContactPerson& person) {
  events::v1::ContactPersonDeleted event;
  event.set_contact_person(person.name());
  event.set_client(ParentOf(person.name()));
  return event;
}

events::v1::ContactPersonUndeleted ContactPersonUndeletedEvent(const v1::ContactPerson& person) {
  events::v1::ContactPersonUndeleted event;
  FillContactPerson(person, event.mutable_contact_person());
  return event;
}

events::v1::ClientRestored ClientRestoredEvent(const v1::Client& client, int restored_version) {
  events::v1::ClientRestored event;
  FillSnapshot(client, event.mutable_client());
  event.set_restored_version(restored_version);
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
