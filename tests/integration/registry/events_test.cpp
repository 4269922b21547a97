// The registry's events travel through the real outbox relay to a real JetStream.

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "common/bus/outbox.h"
#include "crm/events/v1/registry_topics.h"
#include "tests/integration/registry/registry_fixture.h"
#include "tests/support/eventually.h"

namespace crm::registry::integration {
namespace {

using Stub = v1::RegistryService::Stub;

class EventsTest : public RegistryTest {
 protected:
  // The service's own outbox relay publishes to a fresh stream.
  bool ReadsTheStream() const override { return true; }
};

TEST_F(EventsTest, ClientCreatedArrivesOnTheBusAsCanonicalJson) {
  v1::Client client = MustCreateClient(SberClient());

  auto events = crm::testing::ReadStream(nats_url_, events::v1::kClientCreated, 1);
  ASSERT_EQ(events.size(), 1u);
  EXPECT_EQ(events[0].subject, events::v1::kClientCreated.subject);
  EXPECT_EQ(events[0].type, std::string(events::v1::kClientCreated.subject) + ".v1");
  EXPECT_TRUE(common::IsUuid(events[0].id)) << events[0].id;
  events::v1::ClientCreated event;
  common::bus::FromJson(events[0].data, &event);
  EXPECT_EQ(event.client().client(), client.name());
  EXPECT_EQ(event.client().display_name(), "Сбербанк");
  EXPECT_EQ(event.client().legal_name(), "ПАО «Сбербанк России»");
  EXPECT_EQ(event.client().inn(), kSberInn);
  EXPECT_EQ(event.client().kpp(), kSberKpp);
  EXPECT_EQ(event.client().ogrn(), kSberOgrn);
  EXPECT_EQ(event.client().email(), "info@sberbank.ru");
  // Canonical JSON: lowerCamelCase field names.
  EXPECT_NE(events[0].data.find("\"displayName\""), std::string::npos) << events[0].data;

  // The relay marks what it published.
  EXPECT_TRUE(crm::testing::Eventually([&] {
    pqxx::connection conn(url_);
    pqxx::read_transaction tx(conn);
    return tx.exec1("SELECT count(*) FROM outbox WHERE published_at IS NULL")[0].as<long>() == 0;
  }));
}

TEST_F(EventsTest, EveryCreateEventIsPublishedInOrder) {
  v1::Client client = MustCreateClient(SoleTraderClient());
  v1::CreateContactPersonRequest person;
  person.set_parent(client.name());
  person.mutable_contact_person()->set_full_name("Петров Пётр");
  v1::ContactPerson created_person;
  ASSERT_TRUE(Call(&Stub::CreateContactPerson, person, &created_person, head()).ok());
  v1::Project project = MustCreateProject("Волга-Строй");
  v1::CreateEditionRequest edition;
  edition.set_parent(project.name());
  *edition.mutable_edition() = SampleEdition("Волга-Строй 2027", 2027);
  v1::Edition created_edition;
  ASSERT_TRUE(Call(&Stub::CreateEdition, edition, &created_edition, head()).ok());
  v1::CreateEmployeeRequest employee;
  employee.mutable_employee()->set_full_name("Смирнова Елена");
  employee.mutable_employee()->set_email("smirnova@expo-volga.ru");
  v1::Employee created_employee;
  ASSERT_TRUE(Call(&Stub::CreateEmployee, employee, &created_employee, head()).ok());

  auto events = crm::testing::ReadStream(nats_url_, "crm.registry.>", 5);
  ASSERT_EQ(events.size(), 5u);
  EXPECT_EQ(events[0].subject, events::v1::kClientCreated.subject);
  EXPECT_EQ(events[1].subject, events::v1::kContactPersonCreated.subject);
  EXPECT_EQ(events[2].subject, events::v1::kProjectCreated.subject);
  EXPECT_EQ(events[3].subject, events::v1::kEditionCreated.subject);
  EXPECT_EQ(events[4].subject, events::v1::kEmployeeCreated.subject);

  events::v1::ContactPersonCreated person_event;
  common::bus::FromJson(events[1].data, &person_event);
  EXPECT_EQ(person_event.contact_person(), created_person.name());
  EXPECT_EQ(person_event.client(), client.name());

  events::v1::EditionCreated edition_event;
  common::bus::FromJson(events[3].data, &edition_event);
  EXPECT_EQ(edition_event.edition().edition(), created_edition.name());
  EXPECT_EQ(edition_event.edition().project_display_name(), "Волга-Строй");
  EXPECT_EQ(edition_event.edition().end_date().day(), 17);
  EXPECT_EQ(edition_event.edition().price_per_m2().currency_code(), "RUB");

  events::v1::EmployeeCreated employee_event;
  common::bus::FromJson(events[4].data, &employee_event);
  EXPECT_EQ(employee_event.employee().employee(), created_employee.name());
  EXPECT_EQ(employee_event.employee().full_name(), "Смирнова Елена");
}

}  // namespace
}  // namespace crm::registry::integration
