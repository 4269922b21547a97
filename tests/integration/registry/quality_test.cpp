// ClientQualityService against a real PostgreSQL: duplicate candidates and the verification
// workflow between departments.

#include <gmock/gmock.h>
#include <google/protobuf/util/json_util.h>
#include <gtest/gtest.h>

#include "crm/events/v1/registry_quality_events.pb.h"
#include "crm/registry/v1/quality.grpc.pb.h"
#include "services/registry/api/quality_api.h"
#include "services/registry/store/quality_store.h"
#include "tests/integration/registry/registry_fixture.h"

namespace crm::registry::integration {
namespace {

using crm::testing::ViolatedFields;
using ::testing::ElementsAre;
using ::testing::IsEmpty;
using QualityStub = v1::ClientQualityService::Stub;

class QualityTest : public RegistryTest {
 protected:
  void SetUp() override {
    RegistryTest::SetUp();
    quality_api_ = std::make_unique<QualityApi>(crm::testing::TestGuard(), *pool_);
    quality_server_ = std::make_unique<crm::testing::InProcessServer>(
        std::vector<grpc::Service*>{quality_api_.get()});
    quality_stub_ = v1::ClientQualityService::NewStub(quality_server_->channel());
  }

  template <class Request, class Response>
  using QualityMethod = grpc::Status (QualityStub::*)(grpc::ClientContext*, const Request&,
                                                      Response*);

  template <class Request, class Response>
  grpc::Status Quality(QualityMethod<Request, Response> method, const Request& request,
                       Response* response, const std::string& token) {
    grpc::ClientContext context;
    context.set_deadline(std::chrono::system_clock::now() + std::chrono::seconds(20));
    if (!token.empty()) {
      crm::testing::Authorize(context, token);
    }
    return ((*quality_stub_).*method)(&context, request, response);
  }

  grpc::Status Check(const v1::Client& client, v1::CheckDuplicatesResponse* out,
                     const std::string& token) {
    v1::CheckDuplicatesRequest request;
    *request.mutable_client() = client;
    return Quality(&QualityStub::CheckDuplicates, request, out, token);
  }

  std::vector<v1::DuplicateCandidate> MustCheck(const v1::Client& client) {
    v1::CheckDuplicatesResponse out;
    grpc::Status status = Check(client, &out, manager());
    EXPECT_TRUE(status.ok()) << status.error_message();
    return {out.candidates().begin(), out.candidates().end()};
  }

  static v1::Client Company(const std::string& display_name, const std::string& legal_name,
                            const std::string& inn) {
    v1::Client client;
    client.set_display_name(display_name);
    client.set_legal_name(legal_name);
    client.set_inn(inn);
    client.set_kpp("631601001");
    return client;
  }

  static std::vector<int> Reasons(const v1::DuplicateCandidate& candidate) {
    return {candidate.reasons().begin(), candidate.reasons().end()};
  }

  std::unique_ptr<QualityApi> quality_api_;
  std::unique_ptr<crm::testing::InProcessServer> quality_server_;
  std::unique_ptr<QualityStub> quality_stub_;
};

TEST_F(QualityTest, SameInnAndKppIsACertainCandidate) {
  v1::Client sber = MustCreateClient(SberClient());
  auto candidates = MustCheck(SberClient());
  ASSERT_EQ(candidates.size(), 1u);
  EXPECT_EQ(candidates[0].client(), sber.name());
  EXPECT_EQ(candidates[0].score(), 100);
  EXPECT_EQ(candidates[0].inn(), kSberInn);
  EXPECT_THAT(Reasons(candidates[0]),
              ElementsAre(v1::DUPLICATE_REASON_SAME_INN_KPP, v1::DUPLICATE_REASON_SIMILAR_NAME,
                          v1::DUPLICATE_REASON_SAME_PHONE, v1::DUPLICATE_REASON_SAME_EMAIL));
}

TEST_F(QualityTest, SameInnWithAnotherKppIsABranchCandidate) {
  v1::Client sber = MustCreateClient(SberClient());
  v1::Client branch;
  branch.set_display_name("Поволжский банк");
  branch.set_inn(kSberInn);
  branch.set_kpp("631602001");
  auto candidates = MustCheck(branch);
  ASSERT_EQ(candidates.size(), 1u);
  EXPECT_EQ(candidates[0].client(), sber.name());
  EXPECT_EQ(candidates[0].score(), 60);
  EXPECT_THAT(Reasons(candidates[0]), ElementsAre(v1::DUPLICATE_REASON_SAME_INN));
}

TEST_F(QualityTest, NamesAreComparedWithoutLegalFormsQuotesAndCase) {
  v1::Client romashka =
      MustCreateClient(Company("ООО «Ромашка-Ёлка»", "ООО «Ромашка-Ёлка»", LegalEntityInn(1)));
  MustCreateClient(Company("Волгастрой", "АО «Волгастрой»", LegalEntityInn(2)));
  v1::Client probe;
  probe.set_display_name("Ромашка елка");
  probe.set_legal_name("Общество с ограниченной ответственностью \"РОМАШКА ЕЛКА\"");
  probe.set_inn(LegalEntityInn(3));
  auto candidates = MustCheck(probe);
  ASSERT_EQ(candidates.size(), 1u);
  EXPECT_EQ(candidates[0].client(), romashka.name());
  EXPECT_EQ(candidates[0].score(), 50);
  EXPECT_THAT(Reasons(candidates[0]), ElementsAre(v1::DUPLICATE_REASON_SIMILAR_NAME));
}

TEST_F(QualityTest, PhoneDigitsAndEmailInAnyCaseMatch) {
  v1::Client existing = Company("Альфа", "ООО «Альфа»", LegalEntityInn(10));
  existing.set_phone("+7 (846) 111-22-33");
  existing.set_email("Office@Alfa.ru");
  existing = MustCreateClient(existing);
  v1::Client probe;
  probe.set_display_name("Совсем другое имя");
  probe.set_phone("8 846 111 22 33");
  probe.set_email("office@alfa.RU");
  auto candidates = MustCheck(probe);
  ASSERT_EQ(candidates.size(), 1u);
  EXPECT_EQ(candidates[0].client(), existing.name());
  EXPECT_EQ(candidates[0].score(), 60);
  EXPECT_THAT(Reasons(candidates[0]),
              ElementsAre(v1::DUPLICATE_REASON_SAME_PHONE, v1::DUPLICATE_REASON_SAME_EMAIL));

  probe.clear_email();  // the phone alone is not enough
  EXPECT_THAT(MustCheck(probe), IsEmpty());
}

TEST_F(QualityTest, DeletedClientsAreNoCandidates) {
  v1::Client sber = MustCreateClient(SberClient());
  v1::DeleteClientRequest request;
  request.set_name(sber.name());
  request.set_etag(sber.etag());
  v1::Client deleted;
  ASSERT_TRUE(Call(&v1::RegistryService::Stub::DeleteClient, request, &deleted, analyst()).ok());
  EXPECT_THAT(MustCheck(SberClient()), IsEmpty());
}

TEST_F(QualityTest, CandidatesComeBestFirst) {
  v1::Client same_name = MustCreateClient(Company("Ромашка", "ООО «Ромашка»", LegalEntityInn(20)));
  v1::Client same_inn = MustCreateClient(Company("Лютик", "ООО «Лютик»", LegalEntityInn(21)));
  v1::Client probe = Company("Ромашка", "ООО «Ромашка»", LegalEntityInn(21));
  probe.set_kpp("631699001");
  auto candidates = MustCheck(probe);
  ASSERT_EQ(candidates.size(), 2u);
  EXPECT_EQ(candidates[0].client(), same_inn.name());
  EXPECT_EQ(candidates[1].client(), same_name.name());
  EXPECT_GE(candidates[0].score(), candidates[1].score());
}

TEST_F(QualityTest, BatchChecksManyRecordsInOneCall) {
  v1::Client sber = MustCreateClient(SberClient());
  v1::Client romashka = MustCreateClient(Company("Ромашка", "ООО «Ромашка»", LegalEntityInn(30)));
  std::vector<DuplicateProbe> probes(3);
  probes[0].client = Company("Ромашка", "ООО Ромашка", LegalEntityInn(31));
  probes[1].client = Company("Нечто", "ООО «Нечто»", LegalEntityInn(32));
  probes[2].client = SberClient();
  // A record of the base checked against the others does not find itself.
  probes.push_back({SberClient(), common::ParseResourceId(sber.name(), "clients").value()});
  auto result = pool_->Read(
      [&](pqxx::read_transaction& tx) { return FindDuplicateCandidatesBatch(tx, probes); });
  ASSERT_EQ(result.size(), 4u);
  ASSERT_EQ(result[0].size(), 1u);
  EXPECT_EQ(result[0][0].client(), romashka.name());
  EXPECT_THAT(result[1], IsEmpty());
  ASSERT_EQ(result[2].size(), 1u);
  EXPECT_EQ(result[2][0].client(), sber.name());
  EXPECT_THAT(result[3], IsEmpty());
}

TEST_F(QualityTest, CheckDuplicatesRejectsBadInput) {
  v1::CheckDuplicatesResponse out;
  v1::CheckDuplicatesRequest no_client;
  grpc::Status status = Quality(&QualityStub::CheckDuplicates, no_client, &out, manager());
  EXPECT_EQ(status.error_code(), grpc::StatusCode::INVALID_ARGUMENT);
  EXPECT_THAT(ViolatedFields(status), ElementsAre("client"));

  EXPECT_THAT(ViolatedFields(Check(v1::Client(), &out, manager())), ElementsAre("client"));

  v1::Client bad;
  bad.set_inn("12345");
  bad.set_kpp("1");
  bad.set_phone("call me");
  bad.set_email("not-an-address");
  bad.set_display_name("a\nb");
  status = Check(bad, &out, manager());
  EXPECT_EQ(status.error_code(), grpc::StatusCode::INVALID_ARGUMENT);
  EXPECT_THAT(ViolatedFields(status), ElementsAre("client.display_name", "client.inn", "client.kpp",
                                                  "client.phone", "client.email"));
}

TEST_F(QualityTest, CheckDuplicatesAccess) {
  MustCreateClient(SberClient());
  v1::CheckDuplicatesResponse out;
  for (const std::string* token : {&manager(), &head(), &analyst(), &admin()}) {
    EXPECT_TRUE(Check(SberClient(), &out, *token).ok());
  }
  EXPECT_EQ(Check(SberClient(), &out, accountant()).error_code(),
            grpc::StatusCode::PERMISSION_DENIED);
  EXPECT_EQ(Check(SberClient(), &out, "").error_code(), grpc::StatusCode::UNAUTHENTICATED);
}

// --- Verification workflow ---------------------------------------------------------------------

class VerificationTest : public QualityTest {
 protected:
  std::string State(const v1::Client& client) {
    pqxx::connection conn(url_);
    pqxx::read_transaction tx(conn);
    return tx
        .exec_params1("SELECT verification_state FROM clients WHERE id = $1::uuid",
                      common::ParseResourceId(client.name(), "clients").value())[0]
        .as<std::string>();
  }

  bool PostalAddressValid(const v1::Client& client) {
    pqxx::connection conn(url_);
    pqxx::read_transaction tx(conn);
    return tx
        .exec_params1("SELECT postal_address_valid FROM clients WHERE id = $1::uuid",
                      common::ParseResourceId(client.name(), "clients").value())[0]
        .as<bool>();
  }

  // The change kinds of the client's history, oldest first.
  std::vector<std::string> History(const v1::Client& client) {
    pqxx::connection conn(url_);
    pqxx::read_transaction tx(conn);
    std::vector<std::string> changes;
    for (const auto& row : tx.exec_params(
             "SELECT change FROM client_history WHERE client_id = $1::uuid ORDER BY version",
             common::ParseResourceId(client.name(), "clients").value())) {
      changes.push_back(row[0].as<std::string>());
    }
    return changes;
  }

  long Events(const std::string& subject) {
    pqxx::connection conn(url_);
    pqxx::read_transaction tx(conn);
    return tx.exec_params1("SELECT count(*) FROM outbox WHERE subject = $1", subject)[0].as<long>();
  }

  v1::Client CreateAs(const v1::Client& client, const std::string& token) {
    v1::CreateClientRequest request;
    *request.mutable_client() = client;
    v1::Client out;
    grpc::Status status = Call(&v1::RegistryService::Stub::CreateClient, request, &out, token);
    EXPECT_TRUE(status.ok()) << status.error_message();
    return out;
  }

  v1::Client Get(const std::string& name) {
    v1::GetClientRequest request;
    request.set_name(name);
    v1::Client out;
    EXPECT_TRUE(Call(&v1::RegistryService::Stub::GetClient, request, &out, analyst()).ok());
    return out;
  }

  grpc::Status Queue(v1::VerificationReason reason, int page_size, const std::string& token,
                     v1::ListVerificationQueueResponse* out, const std::string& page_token = "") {
    v1::ListVerificationQueueRequest request;
    request.set_reason(reason);
    request.set_page_size(page_size);
    request.set_page_token(page_token);
    return Quality(&QualityStub::ListVerificationQueue, request, out, token);
  }

  std::vector<std::string> QueueClients(v1::VerificationReason reason) {
    v1::ListVerificationQueueResponse out;
    grpc::Status status = Queue(reason, 100, analyst(), &out);
    EXPECT_TRUE(status.ok()) << status.error_message();
    std::vector<std::string> clients;
    for (const auto& item : out.verification_items()) {
      clients.push_back(item.client());
    }
    return clients;
  }

  grpc::Status Verify(const v1::Client& client, const std::string& token, v1::Client* out,
                      bool postal_address_confirmed = false) {
    v1::VerifyClientRequest request;
    request.set_name(client.name());
    request.set_etag(client.etag());
    request.set_comment("checked by phone");
    request.set_postal_address_confirmed(postal_address_confirmed);
    return Quality(&QualityStub::VerifyClient, request, out, token);
  }

  grpc::Status Reject(const v1::Client& client, const std::string& reason, const std::string& token,
                      v1::Client* out) {
    v1::RejectClientRequest request;
    request.set_name(client.name());
    request.set_etag(client.etag());
    request.set_reason(reason);
    return Quality(&QualityStub::RejectClient, request, out, token);
  }

  grpc::Status Flag(const v1::Client& client, const std::vector<std::string>& paths,
                    const std::string& token, v1::VerificationItem* out,
                    const std::string& request_id = "") {
    v1::FlagClientRequest request;
    request.set_name(client.name());
    request.set_problem("wrong phone");
    for (const auto& path : paths) {
      request.add_field_paths(path);
    }
    request.set_comment("the number belongs to another company");
    request.set_request_id(request_id);
    return Quality(&QualityStub::FlagClient, request, out, token);
  }

  grpc::Status ReturnedMail(const v1::Client& client, const std::string& token,
                            v1::VerificationItem* out, const std::string& request_id = "") {
    v1::MarkPostalAddressInvalidRequest request;
    request.set_name(client.name());
    request.set_problem("addressee unknown");
    request.set_request_id(request_id);
    return Quality(&QualityStub::MarkPostalAddressInvalid, request, out, token);
  }

  const std::string mailing_ = crm::testing::TokenFor("services/mailing", {Role::kService});
};

TEST_F(VerificationTest, ManagersRecordsWaitWithTheirCandidatesAnalystsAreVerified) {
  v1::Client romashka =
      CreateAs(Company("Ромашка", "ООО «Ромашка»", LegalEntityInn(40)), analyst());
  EXPECT_EQ(State(romashka), "VERIFIED");
  EXPECT_THAT(QueueClients(v1::VERIFICATION_REASON_UNSPECIFIED), IsEmpty());

  v1::Client twin = CreateAs(Company("Ромашка", "АО Ромашка", LegalEntityInn(41)), manager());
  EXPECT_EQ(State(twin), "PENDING_VERIFICATION");
  v1::ListVerificationQueueResponse out;
  ASSERT_TRUE(Queue(v1::VERIFICATION_REASON_UNSPECIFIED, 10, analyst(), &out).ok());
  ASSERT_EQ(out.verification_items_size(), 1);
  const v1::VerificationItem& item = out.verification_items(0);
  EXPECT_EQ(item.client(), twin.name());
  EXPECT_EQ(item.client_etag(), twin.etag());
  EXPECT_EQ(item.reason(), v1::VERIFICATION_REASON_NEW_RECORD);
  EXPECT_EQ(item.client_display_name(), "Ромашка");
  ASSERT_EQ(item.candidates_size(), 1);
  EXPECT_EQ(item.candidates(0).client(), romashka.name());
  EXPECT_THAT(Reasons(item.candidates(0)), ElementsAre(v1::DUPLICATE_REASON_SIMILAR_NAME));
  EXPECT_EQ(item.candidates(0).score(), 50);
}

TEST_F(VerificationTest, QueueIsOldestFirstPaginatedAndFilteredByReason) {
  std::vector<v1::Client> clients;
  for (int i = 0; i < 3; ++i) {
    clients.push_back(
        CreateAs(Company("Компания " + std::to_string(i), "ООО «Компания»", LegalEntityInn(50 + i)),
                 manager()));
  }
  v1::VerificationItem flagged;
  ASSERT_TRUE(Flag(clients[0], {"phone"}, manager(), &flagged).ok());

  std::vector<std::string> seen;
  std::string token;
  int pages = 0;
  do {
    v1::ListVerificationQueueResponse out;
    ASSERT_TRUE(Queue(v1::VERIFICATION_REASON_UNSPECIFIED, 2, analyst(), &out, token).ok());
    for (const auto& item : out.verification_items()) {
      seen.push_back(item.client());
    }
    token = out.next_page_token();
    ++pages;
  } while (!token.empty() && pages < 10);
  EXPECT_EQ(pages, 2);
  EXPECT_THAT(seen, ElementsAre(clients[0].name(), clients[1].name(), clients[2].name(),
                                clients[0].name()));
  EXPECT_THAT(QueueClients(v1::VERIFICATION_REASON_FLAGGED_BY_MANAGER),
              ElementsAre(clients[0].name()));
  EXPECT_THAT(QueueClients(v1::VERIFICATION_REASON_RETURNED_MAIL), IsEmpty());

  // A token of one filter is not accepted for another.
  v1::ListVerificationQueueResponse first;
  ASSERT_TRUE(Queue(v1::VERIFICATION_REASON_UNSPECIFIED, 1, analyst(), &first).ok());
  v1::ListVerificationQueueResponse out;
  grpc::Status status =
      Queue(v1::VERIFICATION_REASON_NEW_RECORD, 1, analyst(), &out, first.next_page_token());
  EXPECT_EQ(status.error_code(), grpc::StatusCode::INVALID_ARGUMENT);
  EXPECT_THAT(ViolatedFields(status), ElementsAre("page_token"));
}

TEST_F(VerificationTest, VerifyResolvesTheItemsRecordsHistoryAndPublishes) {
  v1::Client client = CreateAs(SberClient(), manager());
  v1::Client verified;
  grpc::Status status = Verify(client, analyst(), &verified);
  ASSERT_TRUE(status.ok()) << status.error_message();
  EXPECT_NE(verified.etag(), client.etag());
  EXPECT_EQ(State(client), "VERIFIED");
  EXPECT_THAT(QueueClients(v1::VERIFICATION_REASON_UNSPECIFIED), IsEmpty());
  EXPECT_THAT(History(client), ElementsAre("created", "verified"));
  EXPECT_EQ(Events("crm.registry.client.verified"), 1);
  events::v1::ClientVerified event;
  ASSERT_TRUE(google::protobuf::util::JsonStringToMessage(
                  FirstPayload("crm.registry.client.verified"), &event)
                  .ok());
  EXPECT_EQ(event.client(), client.name());
  EXPECT_EQ(event.comment(), "checked by phone");

  // Nothing left to verify; an old etag is a conflict.
  v1::Client again;
  status = Verify(verified, analyst(), &again);
  EXPECT_EQ(status.error_code(), grpc::StatusCode::FAILED_PRECONDITION);
  status = Verify(client, analyst(), &again);
  EXPECT_EQ(status.error_code(), grpc::StatusCode::ABORTED);
  EXPECT_THAT(History(client), ElementsAre("created", "verified"));
}

TEST_F(VerificationTest, RejectNeedsAReason) {
  v1::Client client = CreateAs(SberClient(), manager());
  v1::Client out;
  grpc::Status status = Reject(client, "  ", analyst(), &out);
  EXPECT_EQ(status.error_code(), grpc::StatusCode::INVALID_ARGUMENT);
  EXPECT_THAT(ViolatedFields(status), ElementsAre("reason"));
  EXPECT_EQ(State(client), "PENDING_VERIFICATION");
  EXPECT_EQ(Events("crm.registry.client.rejected"), 0);

  ASSERT_TRUE(Reject(client, "a test record", analyst(), &out).ok());
  EXPECT_EQ(State(client), "REJECTED");
  EXPECT_THAT(QueueClients(v1::VERIFICATION_REASON_UNSPECIFIED), IsEmpty());
  EXPECT_THAT(History(client), ElementsAre("created", "rejected"));
  events::v1::ClientRejected event;
  ASSERT_TRUE(google::protobuf::util::JsonStringToMessage(
                  FirstPayload("crm.registry.client.rejected"), &event)
                  .ok());
  EXPECT_EQ(event.reason(), "a test record");
  EXPECT_EQ(Reject(out, "again", analyst(), &out).error_code(),
            grpc::StatusCode::FAILED_PRECONDITION);
}

TEST_F(VerificationTest, AManagersFlagLandsInTheQueueOnce) {
  v1::Client client = CreateAs(SberClient(), analyst());
  v1::VerificationItem item;
  grpc::Status status = Flag(client, {"phone", "legal_address"}, manager(), &item, "flag-1");
  ASSERT_TRUE(status.ok()) << status.error_message();
  EXPECT_EQ(item.reason(), v1::VERIFICATION_REASON_FLAGGED_BY_MANAGER);
  EXPECT_THAT(std::vector<std::string>(item.field_paths().begin(), item.field_paths().end()),
              ElementsAre("phone", "legal_address"));
  EXPECT_EQ(item.problem(), "wrong phone");
  EXPECT_EQ(State(client), "FLAGGED");
  EXPECT_THAT(History(client), ElementsAre("created", "flagged"));

  v1::VerificationItem replay;
  ASSERT_TRUE(Flag(client, {"phone", "legal_address"}, manager(), &replay, "flag-1").ok());
  EXPECT_EQ(replay.name(), item.name());
  EXPECT_EQ(Count("verification_items"), 1);
  EXPECT_EQ(Events("crm.registry.client.flagged"), 1);
  events::v1::ClientFlagged event;
  ASSERT_TRUE(google::protobuf::util::JsonStringToMessage(
                  FirstPayload("crm.registry.client.flagged"), &event)
                  .ok());
  EXPECT_EQ(event.verification_item(), item.name());
  EXPECT_THAT(std::vector<std::string>(event.field_paths().begin(), event.field_paths().end()),
              ElementsAre("phone", "legal_address"));

  // The analyst checks it and verifies again.
  v1::Client verified;
  ASSERT_TRUE(Verify(Get(client.name()), analyst(), &verified).ok());
  EXPECT_EQ(State(client), "VERIFIED");
}

TEST_F(VerificationTest, FlagRejectsBadInputAndChangesNothing) {
  v1::Client client = CreateAs(SberClient(), analyst());
  v1::FlagClientRequest request;
  request.set_name("clients/not-a-uuid");
  request.add_field_paths("phone");
  request.add_field_paths("no_such_field");
  request.add_field_paths("etag");
  request.add_field_paths("phone");
  v1::VerificationItem out;
  grpc::Status status = Quality(&QualityStub::FlagClient, request, &out, manager());
  EXPECT_EQ(status.error_code(), grpc::StatusCode::INVALID_ARGUMENT);
  EXPECT_THAT(ViolatedFields(status),
              ElementsAre("name", "problem", "field_paths[1]", "field_paths[2]", "field_paths[3]"));
  EXPECT_EQ(Count("verification_items"), 0);
  EXPECT_EQ(State(client), "VERIFIED");

  request.set_name(common::ResourceName("clients", common::NewUuid()));
  request.set_problem("wrong");
  request.clear_field_paths();
  EXPECT_EQ(Quality(&QualityStub::FlagClient, request, &out, manager()).error_code(),
            grpc::StatusCode::NOT_FOUND);
}

TEST_F(VerificationTest, ReturnedMailInvalidatesThePostalAddressUntilConfirmed) {
  v1::Client client = CreateAs(SberClient(), analyst());
  v1::VerificationItem item;
  grpc::Status status = ReturnedMail(client, mailing_, &item, "letter-1");
  ASSERT_TRUE(status.ok()) << status.error_message();
  EXPECT_EQ(item.reason(), v1::VERIFICATION_REASON_RETURNED_MAIL);
  EXPECT_FALSE(PostalAddressValid(client));
  EXPECT_EQ(State(client), "VERIFIED");
  EXPECT_THAT(QueueClients(v1::VERIFICATION_REASON_RETURNED_MAIL), ElementsAre(client.name()));
  EXPECT_THAT(History(client), ElementsAre("created", "postal_address_invalidated"));
  EXPECT_EQ(Events("crm.registry.client.postal_address_invalidated"), 1);

  ASSERT_TRUE(ReturnedMail(client, mailing_, &item, "letter-1").ok());
  EXPECT_EQ(Count("verification_items"), 1);

  // A verified client with returned mail can be verified again, confirming the address.
  v1::Client verified;
  ASSERT_TRUE(Verify(Get(client.name()), analyst(), &verified, true).ok());
  EXPECT_TRUE(PostalAddressValid(client));
  EXPECT_THAT(QueueClients(v1::VERIFICATION_REASON_UNSPECIFIED), IsEmpty());
}

TEST_F(VerificationTest, DeletedClientsCannotBeFlagged) {
  v1::Client client = CreateAs(SberClient(), analyst());
  v1::DeleteClientRequest request;
  request.set_name(client.name());
  request.set_etag(client.etag());
  v1::Client deleted;
  ASSERT_TRUE(Call(&v1::RegistryService::Stub::DeleteClient, request, &deleted, analyst()).ok());
  v1::VerificationItem out;
  EXPECT_EQ(Flag(client, {}, manager(), &out).error_code(), grpc::StatusCode::FAILED_PRECONDITION);
  EXPECT_EQ(ReturnedMail(client, mailing_, &out).error_code(),
            grpc::StatusCode::FAILED_PRECONDITION);
}

TEST_F(VerificationTest, WhoMayDoWhat) {
  v1::Client client = CreateAs(SberClient(), manager());
  v1::ListVerificationQueueResponse queue;
  for (const std::string* token : {&manager(), &head(), &accountant(), &mailing_}) {
    EXPECT_EQ(Queue(v1::VERIFICATION_REASON_UNSPECIFIED, 10, *token, &queue).error_code(),
              grpc::StatusCode::PERMISSION_DENIED);
  }
  EXPECT_TRUE(Queue(v1::VERIFICATION_REASON_UNSPECIFIED, 10, admin(), &queue).ok());

  v1::Client out;
  for (const std::string* token : {&manager(), &head(), &accountant(), &mailing_}) {
    EXPECT_EQ(Verify(client, *token, &out).error_code(), grpc::StatusCode::PERMISSION_DENIED);
    EXPECT_EQ(Reject(client, "no", *token, &out).error_code(), grpc::StatusCode::PERMISSION_DENIED);
  }
  EXPECT_EQ(Verify(client, "", &out).error_code(), grpc::StatusCode::UNAUTHENTICATED);

  v1::VerificationItem item;
  for (const std::string* token : {&manager(), &head(), &accountant(), &analyst(), &admin()}) {
    EXPECT_TRUE(Flag(client, {"email"}, *token, &item).ok());
  }
  EXPECT_EQ(Flag(client, {"email"}, mailing_, &item).error_code(),
            grpc::StatusCode::PERMISSION_DENIED);

  for (const std::string* token : {&manager(), &head(), &accountant()}) {
    EXPECT_EQ(ReturnedMail(client, *token, &item).error_code(),
              grpc::StatusCode::PERMISSION_DENIED);
  }
  EXPECT_TRUE(ReturnedMail(client, analyst(), &item).ok());
  EXPECT_TRUE(ReturnedMail(client, mailing_, &item).ok());
  EXPECT_EQ(State(client), "FLAGGED");
  EXPECT_TRUE(Verify(Get(client.name()), admin(), &out).ok());
}

}  // namespace
}  // namespace crm::registry::integration
