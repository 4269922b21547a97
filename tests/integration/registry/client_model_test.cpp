// The full client model, branches, contact persons and access rules of the client RPCs, against
// a real PostgreSQL.

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "common/bus/outbox.h"
#include "crm/events/v1/registry_topics.h"
#include "google/rpc/error_details.pb.h"
#include "google/rpc/status.pb.h"
#include "tests/integration/registry/registry_fixture.h"

namespace crm::registry::integration {
namespace {

using crm::testing::ViolatedFields;
using ::testing::ElementsAre;
using ::testing::HasSubstr;
using ::testing::IsEmpty;
using ::testing::UnorderedElementsAre;
using Stub = v1::RegistryService::Stub;

v1::Client FullClient() {
  v1::Client client;
  client.set_display_name("Волга-Агро");
  client.set_legal_name("ООО «Волга-Агро»");
  client.set_inn(kSberInn);
  client.set_kpp(kSberKpp);
  client.set_legal_form(v1::LEGAL_FORM_OOO);
  auto* legal = client.mutable_legal_address_details();
  legal->set_postal_code("443001");
  legal->set_region_code("63");
  legal->set_city("Самара");
  legal->set_street_line("ул. Молодогвардейская, д. 1, оф. 5");
  auto* postal = client.mutable_postal_address();
  postal->set_postal_code("443099");
  postal->set_region_code("63");
  postal->set_city("Самара");
  postal->set_street_line("а/я 12");
  client.set_industry_code("agro");
  client.add_okved_codes("01.11");
  client.add_okved_codes("46.21.1");
  client.add_phones()->set_number("8 (846) 207-11-11");
  client.add_phones()->set_number("+7 927 000-00-01");
  client.add_emails("Info@Volga-Agro.ru");
  client.add_emails("sales@volga-agro.ru");
  client.set_website("https://volga-agro.ru");
  client.set_lead_source("exhibition");
  client.set_notes("Участвуют в АгроЭкспо с 2019 года.\nЛюбят угловые стенды.");
  return client;
}

class ClientModelTest : public RegistryTest {
 protected:
  grpc::Status Create(const v1::Client& client, v1::Client* out, const std::string& token) {
    v1::CreateClientRequest request;
    *request.mutable_client() = client;
    return Call(&Stub::CreateClient, request, out, token);
  }

  grpc::Status Delete(const v1::Client& client, v1::Client* out, const std::string& token) {
    v1::DeleteClientRequest request;
    request.set_name(client.name());
    request.set_etag(client.etag());
    return Call(&Stub::DeleteClient, request, out, token);
  }

  v1::Client Get(const std::string& name) {
    v1::GetClientRequest request;
    request.set_name(name);
    v1::Client out;
    grpc::Status status = Call(&Stub::GetClient, request, &out, accountant());
    EXPECT_TRUE(status.ok()) << status.error_message();
    return out;
  }

  grpc::Status CreatePerson(const std::string& parent, const v1::ContactPerson& person,
                            v1::ContactPerson* out, const std::string& token) {
    v1::CreateContactPersonRequest request;
    request.set_parent(parent);
    *request.mutable_contact_person() = person;
    return Call(&Stub::CreateContactPerson, request, out, token);
  }

  grpc::Status UpdatePerson(const v1::ContactPerson& person, const std::vector<std::string>& paths,
                            v1::ContactPerson* out, const std::string& token) {
    v1::UpdateContactPersonRequest request;
    *request.mutable_contact_person() = person;
    for (const auto& path : paths) {
      request.mutable_update_mask()->add_paths(path);
    }
    return Call(&Stub::UpdateContactPerson, request, out, token);
  }

  std::vector<std::string> OutboxSubjects() {
    pqxx::connection conn(url_);
    pqxx::read_transaction tx(conn);
    std::vector<std::string> subjects;
    for (const auto& row : tx.exec("SELECT subject FROM outbox ORDER BY seq")) {
      subjects.push_back(row[0].as<std::string>());
    }
    return subjects;
  }

  const std::string other_manager_ = crm::testing::TokenFor(
      common::ResourceName("employees", common::NewUuid()), {Role::kSalesManager});
};

TEST_F(ClientModelTest, FullModelIsStoredNormalisedAndPublished) {
  v1::Client created;
  grpc::Status status = Create(FullClient(), &created, manager());
  ASSERT_TRUE(status.ok()) << status.error_message();

  EXPECT_EQ(created.legal_form(), v1::LEGAL_FORM_OOO);
  EXPECT_EQ(created.legal_address(),
            "443001, Самарская область, Самара, ул. Молодогвардейская, д. 1, оф. 5");
  EXPECT_EQ(created.postal_address().street_line(), "а/я 12");
  EXPECT_TRUE(created.postal_address_valid());
  EXPECT_EQ(created.geography().federal_district_code(), "VOLGA");
  EXPECT_EQ(created.geography().region(), "Самарская область");
  EXPECT_EQ(created.geography().city(), "Самара");
  ASSERT_EQ(created.phones_size(), 2);
  EXPECT_EQ(created.phones(0).number(), "8 (846) 207-11-11");
  EXPECT_EQ(created.phones(0).digits(), "78462071111");
  EXPECT_EQ(created.phones(1).digits(), "79270000001");
  EXPECT_EQ(created.phone(), "8 (846) 207-11-11");
  EXPECT_THAT(created.emails(), ElementsAre("Info@Volga-Agro.ru", "sales@volga-agro.ru"));
  EXPECT_EQ(created.email(), "Info@Volga-Agro.ru");
  EXPECT_THAT(created.okved_codes(), ElementsAre("01.11", "46.21.1"));
  EXPECT_EQ(created.industry_code(), "agro");
  EXPECT_EQ(created.website(), "https://volga-agro.ru");
  EXPECT_EQ(created.lead_source(), "exhibition");
  EXPECT_EQ(created.notes(), "Участвуют в АгроЭкспо с 2019 года.\nЛюбят угловые стенды.");
  // A manager's client waits for an analyst's check.
  EXPECT_EQ(created.verification_state(), v1::VERIFICATION_STATE_PENDING_VERIFICATION);
  EXPECT_THAT(created.creator(), ::testing::StartsWith("employees/"));
  EXPECT_EQ(Get(created.name()).SerializeAsString(), created.SerializeAsString());

  events::v1::ClientCreated event;
  common::bus::FromJson(FirstPayload(events::v1::kClientCreated), &event);
  EXPECT_EQ(event.client().legal_form(), "OOO");
  EXPECT_EQ(event.client().region_code(), "63");
  EXPECT_EQ(event.client().federal_district_code(), "VOLGA");
  EXPECT_THAT(event.client().phones(), ElementsAre("8 (846) 207-11-11", "+7 927 000-00-01"));
  EXPECT_EQ(event.client().postal_address(), "443099, Самарская область, Самара, а/я 12");
  EXPECT_TRUE(event.client().postal_address_valid());
  EXPECT_EQ(event.client().verification_state(), "PENDING_VERIFICATION");
  EXPECT_EQ(event.client().version(), 1);

  // An analyst's client is verified from the start.
  v1::Client by_analyst;
  ASSERT_TRUE(Create(SoleTraderClient(), &by_analyst, analyst()).ok());
  EXPECT_EQ(by_analyst.verification_state(), v1::VERIFICATION_STATE_VERIFIED);
}

TEST_F(ClientModelTest, InvalidModelFieldsAreRejectedTogetherAndNothingWritten) {
  v1::Client client = FullClient();
  client.set_legal_form(v1::LEGAL_FORM_IP);  // a 10-digit INN is an organisation
  client.mutable_legal_address_details()->set_postal_code("44300");
  client.mutable_postal_address()->set_region_code("99");
  client.set_industry_code("space");
  client.add_okved_codes("41.2.1");
  client.add_phones()->set_number("207-11-11 доб. 5");
  client.add_phones()->set_number("+7 (846) 207-11-11");  // the first phone again
  client.add_emails("not an address");
  client.set_website("volga agro");
  client.set_head_client("projects/1");
  v1::Client out;
  grpc::Status status = Create(client, &out, analyst());
  EXPECT_EQ(status.error_code(), grpc::INVALID_ARGUMENT);
  EXPECT_THAT(ViolatedFields(status),
              UnorderedElementsAre("client.legal_form", "client.legal_address_details.postal_code",
                                   "client.postal_address.region_code", "client.industry_code",
                                   "client.okved_codes[2]", "client.phones[2].number",
                                   "client.phones[3].number", "client.emails[2]", "client.website",
                                   "client.head_client"));
  EXPECT_EQ(Count("clients"), 0);
  EXPECT_EQ(Count("outbox"), 0);
}

TEST_F(ClientModelTest, BranchesShareTheHeadsInnAndCannotFormCycles) {
  v1::Client head_company = MustCreateClient(SberClient());
  v1::Client branch = SberClient();
  branch.set_display_name("Сбербанк, Поволжский банк");
  branch.set_kpp("631602001");
  branch.set_head_client(head_company.name());
  v1::Client created_branch;
  grpc::Status status = Create(branch, &created_branch, manager());
  ASSERT_TRUE(status.ok()) << status.error_message();
  EXPECT_EQ(created_branch.head_client(), head_company.name());

  // Another INN cannot be a branch of this head.
  v1::Client stranger = FullClient();
  stranger.set_inn(kOtherInn);
  stranger.set_kpp("773601001");
  stranger.set_head_client(head_company.name());
  v1::Client out;
  status = Create(stranger, &out, manager());
  EXPECT_EQ(status.error_code(), grpc::INVALID_ARGUMENT);
  EXPECT_THAT(ViolatedFields(status), ElementsAre("client.head_client"));

  // The head cannot become a branch of its own branch.
  v1::Client changes = head_company;
  changes.set_head_client(created_branch.name());
  status = Update(changes, {"head_client"}, &out, analyst());
  EXPECT_EQ(status.error_code(), grpc::INVALID_ARGUMENT);
  EXPECT_THAT(ViolatedFields(status), ElementsAre("client.head_client"));

  // Branches are found by their head.
  v1::SearchClientsRequest search;
  search.mutable_filter()->set_head_client(head_company.name());
  v1::SearchClientsResponse found;
  ASSERT_TRUE(Call(&Stub::SearchClients, search, &found, manager()).ok());
  ASSERT_EQ(found.clients_size(), 1);
  EXPECT_EQ(found.clients(0).name(), created_branch.name());
}

TEST_F(ClientModelTest, NewPostalAddressIsValidAgainAndPhoneEditsTheFirstEntry) {
  v1::Client created;
  ASSERT_TRUE(Create(FullClient(), &created, analyst()).ok());
  {
    pqxx::connection conn(url_);
    pqxx::work tx(conn);
    tx.exec_params0("UPDATE clients SET postal_address_valid = false WHERE id = $1::uuid",
                    common::ParseResourceId(created.name(), "clients").value());
    tx.commit();
  }
  v1::Client changes = Get(created.name());
  EXPECT_FALSE(changes.postal_address_valid());
  changes.mutable_postal_address()->set_street_line("ул. Галактионовская, д. 3");
  changes.set_phone("+7 846 300-00-00");
  v1::Client updated;
  grpc::Status status = Update(changes, {"postal_address", "phone"}, &updated, analyst());
  ASSERT_TRUE(status.ok()) << status.error_message();
  EXPECT_TRUE(updated.postal_address_valid());
  ASSERT_EQ(updated.phones_size(), 2);
  EXPECT_EQ(updated.phones(0).number(), "+7 846 300-00-00");
  EXPECT_EQ(updated.phones(1).number(), "+7 927 000-00-01");
  EXPECT_EQ(updated.phone(), "+7 846 300-00-00");
}

TEST_F(ClientModelTest, ContactPersonsFullLifecycleWithEvents) {
  v1::Client client = MustCreateClient(FullClient());
  v1::ContactPerson person;
  person.set_full_name("Иванова Мария Петровна");
  person.set_position("Директор по маркетингу");
  person.add_phones()->set_number("8 927 111-22-33");
  person.add_emails("m.ivanova@volga-agro.ru");
  person.set_mailing_consent(true);
  person.set_primary(true);
  v1::ContactPerson created;
  grpc::Status status = CreatePerson(client.name(), person, &created, head());
  ASSERT_TRUE(status.ok()) << status.error_message();
  EXPECT_EQ(created.phone(), "8 927 111-22-33");
  EXPECT_EQ(created.phones(0).digits(), "79271112233");
  EXPECT_TRUE(created.primary());
  EXPECT_TRUE(created.mailing_consent());
  EXPECT_EQ(created.status(), v1::CONTACT_PERSON_STATUS_ACTIVE);
  EXPECT_EQ(created.etag(), "1");

  // A second primary contact is refused by the database's rule.
  v1::ContactPerson second = person;
  second.set_full_name("Петров Иван");
  v1::ContactPerson out;
  status = CreatePerson(client.name(), second, &out, head());
  EXPECT_EQ(status.error_code(), grpc::FAILED_PRECONDITION);
  EXPECT_EQ(crm::testing::ErrorInfoReason(status), "PRIMARY_CONTACT_EXISTS");
  second.set_primary(false);
  v1::ContactPerson created_second;
  ASSERT_TRUE(CreatePerson(client.name(), second, &created_second, head()).ok());
  v1::ContactPerson promote = created_second;
  promote.set_primary(true);
  status = UpdatePerson(promote, {"primary"}, &out, head());
  EXPECT_EQ(status.error_code(), grpc::FAILED_PRECONDITION);

  // Get, update with the etag, a stale etag is ABORTED.
  v1::GetContactPersonRequest get;
  get.set_name(created.name());
  v1::ContactPerson read;
  ASSERT_TRUE(Call(&Stub::GetContactPerson, get, &read, accountant()).ok());
  EXPECT_EQ(read.SerializeAsString(), created.SerializeAsString());
  v1::ContactPerson changes = read;
  changes.set_status(v1::CONTACT_PERSON_STATUS_LEFT);
  changes.set_primary(false);
  v1::ContactPerson updated;
  status = UpdatePerson(changes, {"status", "primary"}, &updated, head());
  ASSERT_TRUE(status.ok()) << status.error_message();
  EXPECT_EQ(updated.status(), v1::CONTACT_PERSON_STATUS_LEFT);
  EXPECT_EQ(updated.etag(), "2");
  status = UpdatePerson(changes, {"position"}, &out, head());
  EXPECT_EQ(status.error_code(), grpc::ABORTED);
  EXPECT_EQ(crm::testing::ErrorInfoReason(status), "ETAG_MISMATCH");

  // Soft delete hides the person from the list; undelete brings it back.
  v1::DeleteContactPersonRequest remove;
  remove.set_name(updated.name());
  remove.set_etag(updated.etag());
  v1::ContactPerson deleted;
  ASSERT_TRUE(Call(&Stub::DeleteContactPerson, remove, &deleted, head()).ok());
  EXPECT_TRUE(deleted.has_delete_time());
  v1::ListContactPersonsRequest list;
  list.set_parent(client.name());
  v1::ListContactPersonsResponse listed;
  ASSERT_TRUE(Call(&Stub::ListContactPersons, list, &listed, head()).ok());
  ASSERT_EQ(listed.contact_persons_size(), 1);
  EXPECT_EQ(listed.contact_persons(0).full_name(), "Петров Иван");
  list.set_show_deleted(true);
  ASSERT_TRUE(Call(&Stub::ListContactPersons, list, &listed, head()).ok());
  EXPECT_EQ(listed.contact_persons_size(), 2);
  v1::UndeleteContactPersonRequest undelete;
  undelete.set_name(deleted.name());
  v1::ContactPerson restored;
  ASSERT_TRUE(Call(&Stub::UndeleteContactPerson, undelete, &restored, analyst()).ok());
  EXPECT_FALSE(restored.has_delete_time());

  EXPECT_THAT(OutboxSubjects(), ElementsAre(events::v1::kClientCreated.subject,
                                            events::v1::kContactPersonCreated.subject,
                                            events::v1::kContactPersonCreated.subject,
                                            events::v1::kContactPersonUpdated.subject,
                                            events::v1::kContactPersonDeleted.subject,
                                            events::v1::kContactPersonUndeleted.subject));
  events::v1::ContactPersonUpdated event;
  common::bus::FromJson(FirstPayload(events::v1::kContactPersonUpdated), &event);
  EXPECT_EQ(event.contact_person().status(), "LEFT");
  EXPECT_EQ(event.contact_person().client(), client.name());
}

TEST_F(ClientModelTest, ContactPersonBadInputAndAccess) {
  v1::Client client = MustCreateClient(FullClient());
  CurateByManager(client.name());
  v1::ContactPerson person;
  person.set_full_name("Иванова Мария");
  v1::ContactPerson created;
  ASSERT_TRUE(CreatePerson(client.name(), person, &created, manager()).ok());

  v1::ContactPerson changes = created;
  changes.set_full_name(" ");
  changes.add_emails("x@");
  v1::ContactPerson out;
  grpc::Status status = UpdatePerson(changes, {"full_name", "emails", "age"}, &out, manager());
  EXPECT_EQ(status.error_code(), grpc::INVALID_ARGUMENT);
  EXPECT_THAT(ViolatedFields(status), ElementsAre("update_mask"));
  status = UpdatePerson(changes, {"full_name", "emails"}, &out, manager());
  EXPECT_EQ(status.error_code(), grpc::INVALID_ARGUMENT);
  EXPECT_THAT(ViolatedFields(status),
              UnorderedElementsAre("contact_person.full_name", "contact_person.emails[0]"));

  // Another manager, an accountant and an unknown person.
  changes = created;
  changes.set_position("Бухгалтер");
  status = UpdatePerson(changes, {"position"}, &out, other_manager_);
  EXPECT_EQ(status.error_code(), grpc::PERMISSION_DENIED);
  status = UpdatePerson(changes, {"position"}, &out, accountant());
  EXPECT_EQ(status.error_code(), grpc::PERMISSION_DENIED);
  status = CreatePerson(client.name(), person, &out, other_manager_);
  EXPECT_EQ(status.error_code(), grpc::PERMISSION_DENIED);
  v1::GetContactPersonRequest get;
  get.set_name(client.name() + "/contactPersons/" + common::NewUuid());
  EXPECT_EQ(Call(&Stub::GetContactPerson, get, &out, manager()).error_code(), grpc::NOT_FOUND);
  get.set_name("contactPersons/1");
  status = Call(&Stub::GetContactPerson, get, &out, manager());
  EXPECT_EQ(status.error_code(), grpc::INVALID_ARGUMENT);
  EXPECT_THAT(ViolatedFields(status), ElementsAre("name"));
  EXPECT_EQ(Count("contact_persons"), 1);
}

// Access rules of UpdateClient and DeleteClient, one case per rule.
TEST_F(ClientModelTest, ManagerEditsOnlyTheClientsTheyCurate) {
  v1::Client created = MustCreateClient(FullClient());  // by manager()
  v1::Client changes = created;
  changes.set_website("volga-agro.com");
  v1::Client out;
  // Creating a client does not make its creator responsible for it.
  grpc::Status status = Update(changes, {"website"}, &out, manager());
  EXPECT_EQ(status.error_code(), grpc::PERMISSION_DENIED);
  EXPECT_THAT(status.error_message(), HasSubstr("curate"));
  EXPECT_EQ(Get(created.name()).etag(), "1");

  CurateByManager(created.name());
  EXPECT_EQ(Update(changes, {"website"}, &out, other_manager_).error_code(),
            grpc::PERMISSION_DENIED);
  EXPECT_EQ(Get(created.name()).etag(), "1");
  status = Update(changes, {"website"}, &out, manager());
  ASSERT_TRUE(status.ok()) << status.error_message();
  EXPECT_EQ(out.website(), "volga-agro.com");
}

TEST_F(ClientModelTest, AccountantEditsRequisitesOnly) {
  v1::Client created = MustCreateClient(FullClient());
  v1::Client changes = created;
  changes.set_ogrn(kSberOgrn);
  changes.set_legal_name("ПАО «Волга-Агро»");
  changes.set_website("volga-agro.com");
  v1::Client out;
  grpc::Status status = Update(changes, {"ogrn", "website"}, &out, accountant());
  EXPECT_EQ(status.error_code(), grpc::PERMISSION_DENIED);
  EXPECT_EQ(Get(created.name()).etag(), "1");
  status = Update(changes, {"ogrn", "legal_name"}, &out, accountant());
  ASSERT_TRUE(status.ok()) << status.error_message();
  EXPECT_EQ(out.ogrn(), kSberOgrn);
}

TEST_F(ClientModelTest, OnlyAnalystsDelete) {
  v1::Client created = MustCreateClient(FullClient());
  v1::Client out;
  EXPECT_EQ(Delete(created, &out, manager()).error_code(), grpc::PERMISSION_DENIED);
  EXPECT_EQ(Delete(created, &out, head()).error_code(), grpc::PERMISSION_DENIED);
  EXPECT_EQ(Delete(created, &out, accountant()).error_code(), grpc::PERMISSION_DENIED);
  EXPECT_FALSE(Get(created.name()).has_delete_time());
  ASSERT_TRUE(Delete(created, &out, analyst()).ok());
  EXPECT_TRUE(out.has_delete_time());
}

}  // namespace
}  // namespace crm::registry::integration
