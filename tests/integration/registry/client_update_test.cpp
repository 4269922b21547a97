// UpdateClient, DeleteClient and UndeleteClient: optimistic concurrency by etag, soft deletion,
// the history they leave and the events they publish, against a real PostgreSQL and JetStream.

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "common/bus/outbox.h"
#include "crm/events/v1/registry_topics.h"
#include "google/rpc/error_details.pb.h"
#include "google/rpc/status.pb.h"
#include "tests/integration/registry/registry_fixture.h"

namespace crm::registry::integration {
namespace {

using crm::testing::ResourceInfoName;
using crm::testing::ViolatedFields;
using ::testing::ElementsAre;
using ::testing::IsEmpty;
using Stub = v1::RegistryService::Stub;

struct HistoryRow {
  int version;
  std::string change;
  std::string changed_by;
  std::string display_name;  // from the snapshot
  bool deleted;              // the snapshot has a deleteTime
};

class ClientUpdateTest : public RegistryTest {
 protected:
  grpc::Status Delete(const v1::Client& client, v1::Client* out, const std::string& token) {
    v1::DeleteClientRequest request;
    request.set_name(client.name());
    request.set_etag(client.etag());
    return Call(&Stub::DeleteClient, request, out, token);
  }

  grpc::Status Undelete(const std::string& name, v1::Client* out, const std::string& token) {
    v1::UndeleteClientRequest request;
    request.set_name(name);
    return Call(&Stub::UndeleteClient, request, out, token);
  }

  v1::Client Get(const std::string& name) {
    v1::GetClientRequest request;
    request.set_name(name);
    v1::Client out;
    grpc::Status status = Call(&Stub::GetClient, request, &out, analyst());
    EXPECT_TRUE(status.ok()) << status.error_message();
    return out;
  }

  std::vector<std::string> SearchNames(const std::string& query, bool show_deleted) {
    v1::SearchClientsRequest request;
    request.set_query(query);
    request.set_show_deleted(show_deleted);
    v1::SearchClientsResponse response;
    grpc::Status status = Call(&Stub::SearchClients, request, &response, analyst());
    EXPECT_TRUE(status.ok()) << status.error_message();
    std::vector<std::string> names;
    for (const auto& c : response.clients()) {
      names.push_back(c.display_name());
    }
    return names;
  }

  std::vector<HistoryRow> History(const v1::Client& client) {
    pqxx::connection conn(url_);
    pqxx::read_transaction tx(conn);
    std::vector<HistoryRow> rows;
    for (const auto& row :
         tx.exec_params("SELECT version, change, changed_by, snapshot->>'displayName',"
                        " snapshot ? 'deleteTime' FROM client_history WHERE client_id = $1::uuid"
                        " ORDER BY version",
                        common::ParseResourceId(client.name(), "clients").value())) {
      rows.push_back({row[0].as<int>(), row[1].as<std::string>(), row[2].as<std::string>(),
                      row[3].as<std::string>(), row[4].as<bool>()});
    }
    return rows;
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

  // The stored client, its history and the outbox are exactly as `client` left them.
  void ExpectUnchanged(const v1::Client& client, std::size_t history_rows, long outbox_rows) {
    v1::Client now = Get(client.name());
    EXPECT_EQ(now.SerializeAsString(), client.SerializeAsString()) << now.DebugString();
    EXPECT_EQ(History(client).size(), history_rows);
    EXPECT_EQ(Count("outbox"), outbox_rows);
  }

  const std::string editor_subject_ = common::ResourceName("employees", common::NewUuid());
  const std::string editor_ = crm::testing::TokenFor(editor_subject_, {Role::kSalesHead});
};

TEST_F(ClientUpdateTest, UpdatesOnlyMaskedFieldsWithHistoryAndEvent) {
  // A head of sales edits any client (managers only those they curate: client_model_test).
  v1::CreateClientRequest create;
  *create.mutable_client() = SberClient();
  v1::Client created;
  ASSERT_TRUE(Call(&Stub::CreateClient, create, &created, editor_).ok());
  ASSERT_EQ(created.etag(), "1");

  v1::Client changes = created;
  changes.set_display_name("  Сбер ");  // trimmed like on create
  changes.set_phone("+7 (495) 111-22-33");
  changes.set_legal_name("not in the mask, so ignored");
  changes.set_email("");
  v1::Client updated;
  grpc::Status status = Update(changes, {"display_name", "phone"}, &updated, editor_);
  ASSERT_TRUE(status.ok()) << status.error_message();

  EXPECT_EQ(updated.name(), created.name());
  EXPECT_EQ(updated.display_name(), "Сбер");
  EXPECT_EQ(updated.phone(), "+7 (495) 111-22-33");
  EXPECT_EQ(updated.legal_name(), created.legal_name());
  EXPECT_EQ(updated.email(), created.email());
  EXPECT_EQ(updated.inn(), created.inn());
  EXPECT_EQ(updated.kpp(), created.kpp());
  EXPECT_EQ(updated.etag(), "2");
  EXPECT_FALSE(updated.has_delete_time());
  EXPECT_EQ(updated.create_time().SerializeAsString(), created.create_time().SerializeAsString());
  EXPECT_EQ(Get(created.name()).SerializeAsString(), updated.SerializeAsString());

  auto history = History(created);
  ASSERT_EQ(history.size(), 2u);
  EXPECT_EQ(history[1].version, 2);
  EXPECT_EQ(history[1].change, "updated");
  EXPECT_EQ(history[1].changed_by, editor_subject_);
  EXPECT_EQ(history[1].display_name, "Сбер");

  EXPECT_THAT(OutboxSubjects(),
              ElementsAre(events::v1::kClientCreated.subject, events::v1::kClientUpdated.subject));
  events::v1::ClientUpdated event;
  common::bus::FromJson(FirstPayload(events::v1::kClientUpdated), &event);
  EXPECT_EQ(event.client().client(), created.name());
  EXPECT_EQ(event.client().display_name(), "Сбер");
  EXPECT_EQ(event.client().legal_name(), created.legal_name());
  EXPECT_EQ(event.client().phone(), "+7 (495) 111-22-33");
}

TEST_F(ClientUpdateTest, HeadAnalystAndAdminMayEditToo) {
  v1::Client created = MustCreateClient(SoleTraderClient());
  v1::Client changes = created;
  changes.set_email("petrov@example.ru");
  v1::Client updated;
  ASSERT_TRUE(Update(changes, {"email"}, &updated, head()).ok());
  changes = updated;
  changes.set_legal_address("г. Самара");
  ASSERT_TRUE(Update(changes, {"legal_address"}, &updated, analyst()).ok());
  changes = updated;
  changes.set_phone("+7 846 000-00-00");
  ASSERT_TRUE(Update(changes, {"phone"}, &updated, admin()).ok());
  EXPECT_EQ(updated.etag(), "4");
  EXPECT_EQ(updated.email(), "petrov@example.ru");
  EXPECT_EQ(updated.legal_address(), "г. Самара");
  EXPECT_EQ(History(created).size(), 4u);
}

TEST_F(ClientUpdateTest, StaleEtagIsAbortedAndChangesNothing) {
  v1::Client created = MustCreateClient(SberClient());
  v1::Client changes = created;
  changes.set_display_name("Первая правка");
  v1::Client first;
  ASSERT_TRUE(Update(changes, {"display_name"}, &first, head()).ok());

  changes.set_display_name("Вторая правка по старой версии");  // etag is still "1"
  v1::Client out;
  grpc::Status status = Update(changes, {"display_name"}, &out, head());
  EXPECT_EQ(status.error_code(), grpc::ABORTED) << status.error_message();
  EXPECT_EQ(crm::testing::ErrorInfoReason(status), "ETAG_MISMATCH");
  ExpectUnchanged(first, 2, 2);

  v1::Client stale_delete = first;
  stale_delete.set_etag("1");
  status = Delete(stale_delete, &out, analyst());
  EXPECT_EQ(status.error_code(), grpc::ABORTED) << status.error_message();
  EXPECT_EQ(crm::testing::ErrorInfoReason(status), "ETAG_MISMATCH");
  ExpectUnchanged(first, 2, 2);
}

TEST_F(ClientUpdateTest, BadInputIsInvalidArgumentAndWritesNothing) {
  v1::Client created = MustCreateClient(SberClient());
  v1::Client out;

  v1::Client no_etag = created;
  no_etag.clear_etag();
  grpc::Status status = Update(no_etag, {"display_name"}, &out, head());
  EXPECT_EQ(status.error_code(), grpc::INVALID_ARGUMENT);
  EXPECT_THAT(ViolatedFields(status), ElementsAre("client.etag"));

  status = Update(created, {}, &out, head());
  EXPECT_EQ(status.error_code(), grpc::INVALID_ARGUMENT);
  EXPECT_THAT(ViolatedFields(status), ElementsAre("update_mask"));

  v1::Client new_inn = created;
  new_inn.set_inn(kOtherInn);
  status = Update(new_inn, {"display_name", "inn"}, &out, head());
  EXPECT_EQ(status.error_code(), grpc::INVALID_ARGUMENT);
  EXPECT_THAT(ViolatedFields(status), ElementsAre("update_mask"));

  status = Update(created, {"create_time"}, &out, head());
  EXPECT_EQ(status.error_code(), grpc::INVALID_ARGUMENT);
  EXPECT_THAT(ViolatedFields(status), ElementsAre("update_mask"));

  v1::Client bad_kpp = created;
  bad_kpp.set_kpp("77360100");
  bad_kpp.set_display_name("");
  status = Update(bad_kpp, {"kpp", "display_name"}, &out, head());
  EXPECT_EQ(status.error_code(), grpc::INVALID_ARGUMENT);
  EXPECT_THAT(ViolatedFields(status),
              ::testing::UnorderedElementsAre("client.kpp", "client.display_name"));

  // A legal entity cannot lose its KPP: the create rules judge the updated client.
  v1::Client no_kpp = created;
  no_kpp.clear_kpp();
  status = Update(no_kpp, {"kpp"}, &out, head());
  EXPECT_EQ(status.error_code(), grpc::INVALID_ARGUMENT);
  EXPECT_THAT(ViolatedFields(status), ElementsAre("client.kpp"));

  v1::Client bad_name = created;
  bad_name.set_name("clients/not-a-uuid");
  status = Update(bad_name, {"phone"}, &out, head());
  EXPECT_EQ(status.error_code(), grpc::INVALID_ARGUMENT);
  EXPECT_THAT(ViolatedFields(status), ElementsAre("client.name"));

  v1::Client no_etag_delete = created;
  no_etag_delete.clear_etag();
  status = Delete(no_etag_delete, &out, analyst());
  EXPECT_EQ(status.error_code(), grpc::INVALID_ARGUMENT);
  EXPECT_THAT(ViolatedFields(status), ElementsAre("etag"));

  status = Undelete("projects/x", &out, analyst());
  EXPECT_EQ(status.error_code(), grpc::INVALID_ARGUMENT);
  EXPECT_THAT(ViolatedFields(status), ElementsAre("name"));

  ExpectUnchanged(created, 1, 1);
}

TEST_F(ClientUpdateTest, TakingAnotherClientsInnAndKppIsAlreadyExists) {
  v1::Client head_office = MustCreateClient(SberClient());
  v1::Client branch_input = SberClient();
  branch_input.set_display_name("Сбербанк, филиал");
  branch_input.set_kpp("773602001");
  v1::Client branch = MustCreateClient(branch_input);

  v1::Client changes = branch;
  changes.set_kpp(std::string(" ") + kSberKpp);
  v1::Client out;
  grpc::Status status = Update(changes, {"kpp"}, &out, head());
  EXPECT_EQ(status.error_code(), grpc::ALREADY_EXISTS) << status.error_message();
  EXPECT_EQ(ResourceInfoName(status), head_office.name());
  ExpectUnchanged(branch, 1, 2);
}

TEST_F(ClientUpdateTest, DeleteHidesFromSearchAndUndeleteBringsBack) {
  v1::Client created = MustCreateClient(SberClient());
  MustCreateClient(SoleTraderClient());

  v1::Client deleted;
  grpc::Status status = Delete(created, &deleted, analyst());
  ASSERT_TRUE(status.ok()) << status.error_message();
  EXPECT_TRUE(deleted.has_delete_time());
  EXPECT_GT(deleted.delete_time().seconds(), 1'700'000'000);
  EXPECT_EQ(deleted.etag(), "2");
  EXPECT_EQ(deleted.display_name(), "Сбербанк");

  v1::Client got = Get(created.name());
  EXPECT_TRUE(got.has_delete_time());
  EXPECT_EQ(got.SerializeAsString(), deleted.SerializeAsString());
  EXPECT_THAT(SearchNames("", false), ElementsAre("ИП Петров"));
  EXPECT_THAT(SearchNames("Сбер", false), IsEmpty());
  EXPECT_THAT(SearchNames("Сбер", true), ElementsAre("Сбербанк"));
  EXPECT_THAT(SearchNames("", true), ElementsAre("ИП Петров", "Сбербанк"));

  // A deleted client is not edited and not deleted again.
  v1::Client out;
  v1::Client changes = deleted;
  changes.set_phone("+7 495 000-00-00");
  status = Update(changes, {"phone"}, &out, head());
  EXPECT_EQ(status.error_code(), grpc::FAILED_PRECONDITION) << status.error_message();
  status = Delete(deleted, &out, analyst());
  EXPECT_EQ(status.error_code(), grpc::FAILED_PRECONDITION) << status.error_message();
  EXPECT_EQ(crm::testing::ErrorInfoReason(status), "CLIENT_ALREADY_DELETED");
  ExpectUnchanged(deleted, 2, 3);

  v1::Client restored;
  status = Undelete(created.name(), &restored, analyst());
  ASSERT_TRUE(status.ok()) << status.error_message();
  EXPECT_FALSE(restored.has_delete_time());
  EXPECT_EQ(restored.etag(), "3");
  EXPECT_THAT(SearchNames("Сбер", false), ElementsAre("Сбербанк"));

  status = Undelete(created.name(), &out, analyst());
  EXPECT_EQ(status.error_code(), grpc::FAILED_PRECONDITION) << status.error_message();
  EXPECT_EQ(crm::testing::ErrorInfoReason(status), "CLIENT_NOT_DELETED");

  auto history = History(created);
  ASSERT_EQ(history.size(), 3u);
  EXPECT_EQ(history[1].change, "deleted");
  EXPECT_TRUE(history[1].deleted);
  EXPECT_EQ(history[2].change, "undeleted");
  EXPECT_EQ(history[2].version, 3);
  EXPECT_FALSE(history[2].deleted);
  EXPECT_THAT(
      OutboxSubjects(),
      ElementsAre(events::v1::kClientCreated.subject, events::v1::kClientCreated.subject,
                  events::v1::kClientDeleted.subject, events::v1::kClientUndeleted.subject));
}

TEST_F(ClientUpdateTest, RolesAreChecked) {
  v1::Client created = MustCreateClient(SberClient());
  v1::Client out;
  grpc::Status status = Delete(created, &out, manager());
  EXPECT_EQ(status.error_code(), grpc::PERMISSION_DENIED);
  status = Delete(created, &out, accountant());
  EXPECT_EQ(status.error_code(), grpc::PERMISSION_DENIED);
  status = Update(created, {"phone"}, &out, accountant());
  EXPECT_EQ(status.error_code(), grpc::PERMISSION_DENIED);
  ExpectUnchanged(created, 1, 1);

  ASSERT_TRUE(Delete(created, &out, admin()).ok());
  status = Undelete(created.name(), &out, manager());
  EXPECT_EQ(status.error_code(), grpc::PERMISSION_DENIED);
  ASSERT_TRUE(Undelete(created.name(), &out, admin()).ok());
}

TEST_F(ClientUpdateTest, NoTokenIsUnauthenticated) {
  v1::Client created = MustCreateClient(SberClient());
  v1::Client out;
  EXPECT_EQ(Update(created, {"phone"}, &out, "").error_code(), grpc::UNAUTHENTICATED);
  EXPECT_EQ(Delete(created, &out, "").error_code(), grpc::UNAUTHENTICATED);
  EXPECT_EQ(Undelete(created.name(), &out, "").error_code(), grpc::UNAUTHENTICATED);
  ExpectUnchanged(created, 1, 1);
}

TEST_F(ClientUpdateTest, UnknownClientIsNotFound) {
  v1::Client unknown = SberClient();
  unknown.set_name(common::ResourceName("clients", common::NewUuid()));
  unknown.set_etag("1");
  v1::Client out;
  grpc::Status status = Update(unknown, {"phone"}, &out, manager());
  EXPECT_EQ(status.error_code(), grpc::NOT_FOUND);
  EXPECT_EQ(ResourceInfoName(status), unknown.name());
  status = Delete(unknown, &out, analyst());
  EXPECT_EQ(status.error_code(), grpc::NOT_FOUND);
  EXPECT_EQ(ResourceInfoName(status), unknown.name());
  status = Undelete(unknown.name(), &out, analyst());
  EXPECT_EQ(status.error_code(), grpc::NOT_FOUND);
  EXPECT_EQ(ResourceInfoName(status), unknown.name());
  EXPECT_EQ(Count("client_history"), 0);
  EXPECT_EQ(Count("outbox"), 0);
}

// The three events through the real outbox relay to a real JetStream.
class ClientUpdateEventsTest : public ClientUpdateTest {
 protected:
  // The service's own outbox relay publishes to a fresh stream.
  bool ReadsTheStream() const override { return true; }
};

TEST_F(ClientUpdateEventsTest, UpdateDeleteUndeleteArriveOnTheBusInOrder) {
  v1::Client created = MustCreateClient(SberClient());
  v1::Client changes = created;
  changes.set_email("press@sberbank.ru");
  v1::Client updated;
  ASSERT_TRUE(Update(changes, {"email"}, &updated, head()).ok());
  v1::Client deleted;
  ASSERT_TRUE(Delete(updated, &deleted, analyst()).ok());
  v1::Client restored;
  ASSERT_TRUE(Undelete(created.name(), &restored, analyst()).ok());

  auto events = crm::testing::ReadStream(nats_url_, "crm.registry.client.>", 4);
  ASSERT_EQ(events.size(), 4u);
  EXPECT_EQ(events[0].subject, events::v1::kClientCreated.subject);
  EXPECT_EQ(events[1].subject, events::v1::kClientUpdated.subject);
  EXPECT_EQ(events[1].type, std::string(events::v1::kClientUpdated.subject) + ".v1");
  EXPECT_EQ(events[2].subject, events::v1::kClientDeleted.subject);
  EXPECT_EQ(events[3].subject, events::v1::kClientUndeleted.subject);

  events::v1::ClientUpdated updated_event;
  common::bus::FromJson(events[1].data, &updated_event);
  EXPECT_EQ(updated_event.client().client(), created.name());
  EXPECT_EQ(updated_event.client().email(), "press@sberbank.ru");
  EXPECT_EQ(updated_event.client().display_name(), "Сбербанк");
  EXPECT_EQ(updated_event.client().inn(), kSberInn);

  events::v1::ClientDeleted deleted_event;
  common::bus::FromJson(events[2].data, &deleted_event);
  EXPECT_EQ(deleted_event.client(), created.name());

  events::v1::ClientUndeleted undeleted_event;
  common::bus::FromJson(events[3].data, &undeleted_event);
  EXPECT_EQ(undeleted_event.client().client(), created.name());
  EXPECT_EQ(undeleted_event.client().email(), "press@sberbank.ru");
}

}  // namespace
}  // namespace crm::registry::integration
