#pragma once

#include "crm/events/v1/registry_client_events.pb.h"
#include "crm/events/v1/registry_contact_person_events.pb.h"
#include "crm/events/v1/registry_edition_events.pb.h"
#include "crm/events/v1/registry_employee_events.pb.h"
#include "crm/registry/v1/registry.pb.h"

// What the registry emits (docs/events.md): one subject and one payload builder per event.
namespace crm::registry {

inline constexpr char kServiceName[] = "registry";

inline constexpr char kClientCreatedSubject[] = "crm.registry.client.created";
inline constexpr char kClientUpdatedSubject[] = "crm.registry.client.updated";
inline constexpr char kClientDeletedSubject[] = "crm.registry.client.deleted";
inline constexpr char kClientUndeletedSubject[] = "crm.registry.client.undeleted";
inline constexpr char kClientRestoredSubject[] = "crm.registry.client.restored";
inline constexpr char kContactPersonCreatedSubject[] = "crm.registry.contact_person.created";
inline constexpr char kContactPersonUpdatedSubject[] = "crm.registry.contact_person.updated";
inline constexpr char kContactPersonDeletedSubject[] = "crm.registry.contact_person.deleted";
inline constexpr char kContactPersonUndeletedSubject[] = "crm.registry.contact_person.undeleted";
inline constexpr char kEditionCreatedSubject[] = "crm.registry.edition.created";
inline constexpr char kEmployeeCreatedSubject[] = "crm.registry.employee.created";

events::v1::ClientCreated ClientCreatedEvent(const v1::Client& client);
events::v1::ClientUpdated ClientUpdatedEvent(const v1::Client& client);
events::v1::ClientDeleted ClientDeletedEvent(const v1::Client& client);
events::v1::ClientUndeleted ClientUndeletedEvent(const v1::Client& client);
events::v1::ClientRestored ClientRestoredEvent(const v1::Client& client, int restored_version);
events::v1::ContactPersonCreated ContactPersonCreatedEvent(const v1::ContactPerson& person);
events::v1::ContactPersonUpdated ContactPersonUpdatedEvent(const v1::ContactPerson& person);
events::v1::ContactPersonDeleted ContactPersonDeletedEvent(const v1::ContactPerson& person);
events::v1::ContactPersonUndeleted ContactPersonUndeletedEvent(const v1::ContactPerson& person);
events::v1::EditionCreated EditionCreatedEvent(const v1::Edition& edition,
                                               const v1::Project& project);
events::v1::EmployeeCreated EmployeeCreatedEvent(const v1::Employee& employee);

}  // namespace crm::registry
