// ClientQualityService against a real PostgreSQL: duplicate candidates and the verification
// workflow between departments.

#include <gmock/gmock.h>
#include <google/protobuf/util/json_util.h>
#include <gtest/gtest.h>

#include "crm/events/v1/registry_topics.h"
#include "crm/registry/v1/quality.grpc.pb.h"
#include "services/registry/domain/duplicate_scoring.h"
#include "services/registry/store/quality_store.h"
#include "tests/integration/registry/registry_fixture.h"

namespace crm::registry::integration {
namespace {

using crm::testing::ViolatedFields;
using ::testing::ElementsAre;
using ::testing::HasSubstr;
using ::testing::IsEmpty;
using ::testing::Not;
using QualityStub = v1::ClientQualityService::Stub;

class QualityTest : public RegistryTest {
 protected:
  void SetUp() override {
    RegistryTest::SetUp();
    quality_stub_ = v1::ClientQualityService::NewStub(server_->channel());
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
  auto result = server_->pool().Read(
      [&](pqxx::read_transaction& tx) { return FindDuplicateCandidatesBatch(tx, probes); });
  ASSERT_EQ(result.size(), 4u);
  ASSERT_EQ(result[0].size(), 1u);
  EXPECT_EQ(result[0][0].client(), romashka.name());
  EXPECT_THAT(result[1], IsEmpty());
  ASSERT_EQ(result[2].size(), 1u);
  EXPECT_EQ(result[2][0].client(), sber.name());
  EXPECT_THAT(result[3], IsEmpty());
}

// On an analysed base of look-alike names the planner, pricing the trigram operator like `=`, read
// the whole clients table for each record; the duplicate statement runs with the operator cost of
// a trigram comparison (and leaves the transaction's setting as it found it).
TEST_F(QualityTest, DuplicateLookupReadsTheIndexesAndRestoresTheOperatorCost) {
  server_->pool().InTransaction([](pqxx::work& tx) {
    tx.exec0(
        "INSERT INTO clients (id, display_name, legal_name, inn, kpp, created_by, updated_by) "
        "SELECT gen_random_uuid(), 'Ромашка ' || g, 'ООО «Ромашка ' || g || '»', "
        "'77' || lpad(g::text, 8, '0'), '631601001', 'employees/test', 'employees/test' "
        "FROM generate_series(1, 2000) g");
    tx.exec0("ANALYZE clients");
  });
  server_->pool().Read([&](pqxx::read_transaction& tx) {
    const auto cost = [&] {
      return tx.exec1("SELECT current_setting('cpu_operator_cost')")[0].as<std::string>();
    };
    const std::string before = cost();
    const auto found = FindDuplicateCandidates(
        tx, Company("Ромашка 7", "ООО «Ромашка 7»", LegalEntityInn(40)), "");
    EXPECT_FALSE(found.empty());
    EXPECT_EQ(cost(), before);

    tx.exec_prepared1("duplicate_name_threshold", std::to_string(NameAloneCandidateSimilarity()));
    std::string plan;
    for (const auto& row :
         tx.exec("EXPLAIN EXECUTE duplicate_signals_batch('{7701234567}', '{631601001}', "
                 "'{Ромашка 7}', '{ООО «Ромашка 7»}', '{\"\"}', '{\"\"}', "
                 "'{00000000-0000-0000-0000-000000000000}', 20)")) {
      plan += row[0].as<std::string>() + "\n";
    }
    EXPECT_THAT(plan, HasSubstr("BitmapOr")) << plan;
    EXPECT_THAT(plan, Not(HasSubstr("Seq Scan on clients"))) << plan;
  });
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
  for (const std::string* token : {&manager(), &head(), &analyst(), &accountant(), &admin()}) {
    EXPECT_TRUE(Check(SberClient(), &out, *token).ok());
  }
  EXPECT_EQ(Check(SberClient(), &out,
                  crm::testing::TokenFor(common::ResourceName("employees", common::NewUuid()), {}))
                .error_code(),
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

  template <class Payload>
  long Events(const common::bus::Topic<Payload>& topic) {
    pqxx::connection conn(url_);
    pqxx::read_transaction tx(conn);
    return tx
        .exec_params1("SELECT count(*) FROM outbox WHERE subject = $1",
                      std::string(topic.subject))[0]
        .as<long>();
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

// The accounting department enters a buyer who paid before any manager met them: the same
// validation, duplicate checks and verification queue as a manager's entry; the accountant neither
// curates it nor edits more than its requisites; another system still may not create clients.
TEST_F(VerificationTest, AnAccountantsClientWaitsForVerificationLikeAManagers) {
  const std::string accountant_name = common::ResourceName("employees", common::NewUuid());
  const std::string accountant = crm::testing::TokenFor(accountant_name, {Role::kAccountant});
  v1::Client romashka =
      CreateAs(Company("Ромашка", "ООО «Ромашка»", LegalEntityInn(50)), analyst());

  // Bad input changes nothing.
  v1::CreateClientRequest request;
  *request.mutable_client() = Company("Ромашка", "АО Ромашка", "7707083894");
  v1::Client out;
  grpc::Status status = Call(&v1::RegistryService::Stub::CreateClient, request, &out, accountant);
  EXPECT_EQ(status.error_code(), grpc::StatusCode::INVALID_ARGUMENT);
  EXPECT_THAT(ViolatedFields(status), ElementsAre("client.inn"));
  EXPECT_EQ(Count("clients"), 1);

  // The duplicate check before entering shows the similar client.
  v1::CheckDuplicatesResponse candidates;
  ASSERT_TRUE(
      Check(Company("Ромашка", "АО Ромашка", LegalEntityInn(51)), &candidates, accountant).ok());
  ASSERT_EQ(candidates.candidates_size(), 1);
  EXPECT_EQ(candidates.candidates(0).client(), romashka.name());

  v1::Client paid = CreateAs(Company("Ромашка", "АО Ромашка", LegalEntityInn(51)), accountant);
  EXPECT_EQ(State(paid), "PENDING_VERIFICATION");
  v1::ListVerificationQueueResponse queue;
  ASSERT_TRUE(Queue(v1::VERIFICATION_REASON_UNSPECIFIED, 10, analyst(), &queue).ok());
  ASSERT_EQ(queue.verification_items_size(), 1);
  const v1::VerificationItem& item = queue.verification_items(0);
  EXPECT_EQ(item.client(), paid.name());
  EXPECT_EQ(item.reason(), v1::VERIFICATION_REASON_NEW_RECORD);
  EXPECT_EQ(item.creator(), accountant_name);
  ASSERT_EQ(item.candidates_size(), 1);
  EXPECT_EQ(item.candidates(0).client(), romashka.name());

  // The same INN and KPP again is the existing client, not a second one.
  *request.mutable_client() = Company("Ромашка-2", "АО Ромашка", LegalEntityInn(51));
  status = Call(&v1::RegistryService::Stub::CreateClient, request, &out, accountant);
  EXPECT_EQ(status.error_code(), grpc::StatusCode::ALREADY_EXISTS);
  EXPECT_EQ(Count("clients"), 2);

  // Entering a client makes the accountant neither its curator nor its editor beyond requisites.
  v1::ListCuratorsRequest curators_request;
  curators_request.set_parent(paid.name());
  v1::ListCuratorsResponse curators;
  grpc::ClientContext context;
  crm::testing::Authorize(context, analyst());
  ASSERT_TRUE(curators_->ListCurators(&context, curators_request, &curators).ok());
  EXPECT_EQ(curators.curators_size(), 0);
  v1::UpdateClientRequest update;
  *update.mutable_client() = paid;
  update.mutable_client()->set_website("romashka.example");
  update.mutable_update_mask()->add_paths("website");
  EXPECT_EQ(Call(&v1::RegistryService::Stub::UpdateClient, update, &out, accountant).error_code(),
            grpc::StatusCode::PERMISSION_DENIED);

  // Another company system may not enter clients, and nothing reaches the queue.
  *request.mutable_client() = Company("Лютик", "ООО «Лютик»", LegalEntityInn(52));
  EXPECT_EQ(Call(&v1::RegistryService::Stub::CreateClient, request, &out, mailing_).error_code(),
            grpc::StatusCode::PERMISSION_DENIED);
  EXPECT_EQ(Count("clients"), 2);
  EXPECT_THAT(QueueClients(v1::VERIFICATION_REASON_UNSPECIFIED), ElementsAre(paid.name()));

  // An analyst verifies it as any other new record.
  ASSERT_TRUE(Verify(paid, analyst(), &out).ok());
  EXPECT_EQ(State(paid), "VERIFIED");
  EXPECT_THAT(History(paid), ElementsAre("created", "verified"));
}

TEST_F(VerificationTest, QueueIsOldestFirstPaginatedAndFilteredByReason) {
  std::vector<v1::Client> clients;
  clients.reserve(3);
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
  EXPECT_EQ(Events(events::v1::kClientVerified), 1);
  events::v1::ClientVerified event;
  ASSERT_TRUE(
      google::protobuf::util::JsonStringToMessage(FirstPayload(events::v1::kClientVerified), &event)
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
  EXPECT_EQ(Events(events::v1::kClientRejected), 0);

  ASSERT_TRUE(Reject(client, "a test record", analyst(), &out).ok());
  EXPECT_EQ(State(client), "REJECTED");
  EXPECT_THAT(QueueClients(v1::VERIFICATION_REASON_UNSPECIFIED), IsEmpty());
  EXPECT_THAT(History(client), ElementsAre("created", "rejected"));
  events::v1::ClientRejected event;
  ASSERT_TRUE(
      google::protobuf::util::JsonStringToMessage(FirstPayload(events::v1::kClientRejected), &event)
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
  EXPECT_EQ(Events(events::v1::kClientFlagged), 1);
  events::v1::ClientFlagged event;
  ASSERT_TRUE(
      google::protobuf::util::JsonStringToMessage(FirstPayload(events::v1::kClientFlagged), &event)
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
  EXPECT_EQ(Events(events::v1::kClientPostalAddressInvalidated), 1);

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

// --- Merges -----------------------------------------------------------------------------------

class MergeTest : public VerificationTest {
 protected:
  v1::ContactPerson AddPerson(const v1::Client& client, const std::string& full_name) {
    v1::CreateContactPersonRequest request;
    request.set_parent(client.name());
    request.mutable_contact_person()->set_full_name(full_name);
    v1::ContactPerson out;
    grpc::Status status =
        Call(&v1::RegistryService::Stub::CreateContactPerson, request, &out, analyst());
    EXPECT_TRUE(status.ok()) << status.error_message();
    return out;
  }

  std::vector<std::string> PersonNames(const v1::Client& client) {
    v1::ListContactPersonsRequest request;
    request.set_parent(client.name());
    v1::ListContactPersonsResponse out;
    EXPECT_TRUE(
        Call(&v1::RegistryService::Stub::ListContactPersons, request, &out, analyst()).ok());
    std::vector<std::string> names;
    for (const auto& person : out.contact_persons()) {
      names.push_back(person.full_name());
    }
    return names;
  }

  std::string MergedInto(const v1::Client& client) {
    pqxx::connection conn(url_);
    pqxx::read_transaction tx(conn);
    return tx
        .exec_params1("SELECT coalesce(merged_into::text, '') FROM clients WHERE id = $1::uuid",
                      common::ParseResourceId(client.name(), "clients").value())[0]
        .as<std::string>();
  }

  grpc::Status Merge(const v1::Client& survivor, const std::vector<v1::Client>& merged,
                     const std::string& token, v1::Merge* out, const std::string& request_id = "") {
    v1::MergeClientsRequest request;
    request.set_survivor(survivor.name());
    (*request.mutable_etags())[survivor.name()] = survivor.etag();
    for (const auto& client : merged) {
      request.add_merged(client.name());
      (*request.mutable_etags())[client.name()] = client.etag();
    }
    request.set_comment("one company entered twice");
    request.set_request_id(request_id);
    return Quality(&QualityStub::MergeClients, request, out, token);
  }

  grpc::Status Undo(const std::string& merge, const std::string& token, v1::Merge* out) {
    v1::UndoMergeRequest request;
    request.set_name(merge);
    return Quality(&QualityStub::UndoMerge, request, out, token);
  }
};

TEST_F(MergeTest, MergeMovesEverythingToTheSurvivorAndUndoMovesItBack) {
  v1::Client survivor =
      CreateAs(Company("Ромашка", "ООО «Ромашка»", LegalEntityInn(60)), analyst());
  v1::Client twin_input = Company("Ромашка", "ООО Ромашка", LegalEntityInn(61));
  twin_input.set_phone("+7 (846) 333-44-55");
  v1::Client twin = CreateAs(twin_input, manager());
  AddPerson(survivor, "Иванов Иван");
  AddPerson(twin, "Петров Пётр");
  AddPerson(twin, "Сидорова Анна");
  twin = Get(twin.name());
  survivor = Get(survivor.name());
  ASSERT_THAT(QueueClients(v1::VERIFICATION_REASON_UNSPECIFIED), ElementsAre(twin.name()));

  v1::Merge merge;
  grpc::Status status = Merge(survivor, {twin}, analyst(), &merge, "merge-1");
  ASSERT_TRUE(status.ok()) << status.error_message();
  EXPECT_EQ(merge.survivor(), survivor.name());
  EXPECT_THAT(std::vector<std::string>(merge.merged().begin(), merge.merged().end()),
              ElementsAre(twin.name()));
  EXPECT_EQ(merge.moved_contact_persons(), 2);
  EXPECT_THAT(std::vector<std::string>(merge.filled_fields().begin(), merge.filled_fields().end()),
              ElementsAre("phone"));
  EXPECT_FALSE(merge.has_undo_time());

  EXPECT_THAT(PersonNames(survivor), ElementsAre("Иванов Иван", "Петров Пётр", "Сидорова Анна"));
  EXPECT_THAT(PersonNames(twin), IsEmpty());
  EXPECT_EQ(Get(survivor.name()).phone(), "+7 (846) 333-44-55");
  EXPECT_TRUE(Get(twin.name()).has_delete_time());
  EXPECT_EQ(MergedInto(twin), common::ParseResourceId(survivor.name(), "clients").value());
  EXPECT_THAT(QueueClients(v1::VERIFICATION_REASON_UNSPECIFIED), IsEmpty());
  EXPECT_THAT(History(survivor), ElementsAre("created", "merged"));
  EXPECT_THAT(History(twin), ElementsAre("created", "merged_into"));
  events::v1::ClientMerged merged_event;
  ASSERT_TRUE(google::protobuf::util::JsonStringToMessage(FirstPayload(events::v1::kClientMerged),
                                                          &merged_event)
                  .ok());
  EXPECT_EQ(merged_event.survivor(), survivor.name());
  EXPECT_THAT(std::vector<std::string>(merged_event.merged().begin(), merged_event.merged().end()),
              ElementsAre(twin.name()));
  EXPECT_EQ(merged_event.merge(), merge.name());

  // The same request again returns the same merge.
  v1::Merge replay;
  ASSERT_TRUE(Merge(survivor, {twin}, analyst(), &replay, "merge-1").ok());
  EXPECT_EQ(replay.name(), merge.name());
  EXPECT_EQ(Count("merges"), 1);

  // Each client's history names the merge, which is what the undo takes.
  auto newest_merge = [&](const v1::Client& client) {
    v1::ListClientHistoryRequest request;
    request.set_name(client.name());
    request.set_page_size(1);
    v1::ListClientHistoryResponse history;
    EXPECT_TRUE(
        Call(&v1::RegistryService::Stub::ListClientHistory, request, &history, analyst()).ok());
    return history.versions_size() == 1 ? history.versions(0).merge() : std::string("none");
  };
  EXPECT_EQ(newest_merge(twin), merge.name());
  const std::string from_history = newest_merge(survivor);
  EXPECT_EQ(from_history, merge.name());

  // Someone adds a person to the survivor after the merge: the undo leaves them there.
  AddPerson(survivor, "Новиков Олег");
  v1::Merge undone;
  status = Undo(from_history, analyst(), &undone);
  ASSERT_TRUE(status.ok()) << status.error_message();
  EXPECT_TRUE(undone.has_undo_time());
  EXPECT_THAT(PersonNames(survivor), ElementsAre("Иванов Иван", "Новиков Олег"));
  EXPECT_THAT(PersonNames(twin), ElementsAre("Петров Пётр", "Сидорова Анна"));
  EXPECT_EQ(Get(survivor.name()).phone(), "");
  EXPECT_EQ(Get(twin.name()).phone(), "+7 (846) 333-44-55");
  EXPECT_FALSE(Get(twin.name()).has_delete_time());
  EXPECT_EQ(MergedInto(twin), "");
  EXPECT_EQ(State(twin), "PENDING_VERIFICATION");
  EXPECT_THAT(QueueClients(v1::VERIFICATION_REASON_UNSPECIFIED), ElementsAre(twin.name()));
  EXPECT_THAT(History(survivor), ElementsAre("created", "merged", "merge_undone"));
  EXPECT_THAT(History(twin), ElementsAre("created", "merged_into", "unmerged"));
  EXPECT_EQ(newest_merge(twin), merge.name());
  EXPECT_EQ(newest_merge(survivor), merge.name());
  events::v1::ClientMergeUndone undone_event;
  ASSERT_TRUE(google::protobuf::util::JsonStringToMessage(
                  FirstPayload(events::v1::kClientMergeUndone), &undone_event)
                  .ok());
  EXPECT_EQ(undone_event.merge(), merge.name());
  EXPECT_THAT(
      std::vector<std::string>(undone_event.restored().begin(), undone_event.restored().end()),
      ElementsAre(twin.name()));

  v1::Merge again;
  EXPECT_EQ(Undo(merge.name(), analyst(), &again).error_code(),
            grpc::StatusCode::FAILED_PRECONDITION);
  v1::GetMergeRequest get;
  get.set_name(merge.name());
  v1::Merge read;
  ASSERT_TRUE(Quality(&QualityStub::GetMerge, get, &read, analyst()).ok());
  EXPECT_EQ(read.undoer(), undone.undoer());
}

TEST_F(MergeTest, AFieldChangedAfterTheMergeSurvivesTheUndo) {
  v1::Client survivor = CreateAs(Company("Лютик", "ООО «Лютик»", LegalEntityInn(62)), analyst());
  v1::Client other_input = Company("Лютик", "ООО Лютик", LegalEntityInn(63));
  other_input.set_email("info@lutik.ru");
  v1::Client other = CreateAs(other_input, analyst());
  v1::Merge merge;
  ASSERT_TRUE(Merge(survivor, {other}, analyst(), &merge).ok());

  v1::UpdateClientRequest update;
  *update.mutable_client() = Get(survivor.name());
  update.mutable_client()->set_email("sales@lutik.ru");
  update.mutable_update_mask()->add_paths("email");
  v1::Client updated;
  ASSERT_TRUE(Call(&v1::RegistryService::Stub::UpdateClient, update, &updated, analyst()).ok());

  v1::Merge undone;
  ASSERT_TRUE(Undo(merge.name(), analyst(), &undone).ok());
  EXPECT_EQ(Get(survivor.name()).email(), "sales@lutik.ru");
}

TEST_F(MergeTest, TheTwinsBankAccountsMoveToTheSurvivorAndGoBackOnUndo) {
  constexpr char kSberAccount[] = "40702810938000012345";
  constexpr char kTinkoffAccount[] = "40702810800000001234";
  auto account = [](const std::string& bik, const std::string& number) {
    v1::BankAccount out;
    out.set_bik(bik);
    out.set_account(number);
    return out;
  };
  v1::Client survivor_input = Company("Василёк", "ООО «Василёк»", LegalEntityInn(96));
  *survivor_input.add_bank_accounts() = account("044525225", kSberAccount);
  v1::Client survivor = CreateAs(survivor_input, analyst());
  v1::Client twin_input = Company("Василёк", "ООО Василёк", LegalEntityInn(97));
  *twin_input.add_bank_accounts() = account("044525225", kSberAccount);  // the survivor has it
  *twin_input.add_bank_accounts() = account("044525974", kTinkoffAccount);
  v1::Client twin = CreateAs(twin_input, analyst());

  v1::Merge merge;
  grpc::Status status = Merge(survivor, {twin}, analyst(), &merge);
  ASSERT_TRUE(status.ok()) << status.error_message();
  EXPECT_THAT(std::vector<std::string>(merge.filled_fields().begin(), merge.filled_fields().end()),
              ElementsAre("bank_accounts"));
  const v1::Client kept = Get(survivor.name());
  ASSERT_EQ(kept.bank_accounts_size(), 2);
  EXPECT_EQ(kept.bank_accounts(0).account(), kSberAccount);
  EXPECT_EQ(kept.bank_accounts(1).account(), kTinkoffAccount);
  EXPECT_EQ(kept.bank_accounts(1).bik(), "044525974");
  // The services that copy clients (accounting's counterparties) learn of the added account.
  const events::v1::ClientUpdated filled = LastEvent(events::v1::kClientUpdated);
  EXPECT_EQ(filled.client().client(), survivor.name());
  EXPECT_EQ(filled.client().bank_accounts_size(), 2);

  v1::Merge undone;
  ASSERT_TRUE(Undo(merge.name(), analyst(), &undone).ok());
  const v1::Client after = Get(survivor.name());
  ASSERT_EQ(after.bank_accounts_size(), 1);
  EXPECT_EQ(after.bank_accounts(0).account(), kSberAccount);
  EXPECT_EQ(Get(twin.name()).bank_accounts_size(), 2);
  const events::v1::ClientUpdated emptied = LastEvent(events::v1::kClientUpdated);
  EXPECT_EQ(emptied.client().client(), survivor.name());
  EXPECT_EQ(emptied.client().bank_accounts_size(), 1);
}

TEST_F(MergeTest, BadMergesChangeNothing) {
  v1::Client a = CreateAs(Company("Альфа", "ООО «Альфа»", LegalEntityInn(64)), analyst());
  v1::Client b = CreateAs(Company("Бета", "ООО «Бета»", LegalEntityInn(65)), analyst());
  v1::Merge out;

  v1::MergeClientsRequest request;
  request.set_survivor(a.name());
  request.add_merged(a.name());
  request.add_merged("clients/nope");
  request.add_merged(b.name());
  request.add_merged(b.name());
  grpc::Status status = Quality(&QualityStub::MergeClients, request, &out, analyst());
  EXPECT_EQ(status.error_code(), grpc::StatusCode::INVALID_ARGUMENT);
  EXPECT_THAT(ViolatedFields(status),
              ElementsAre("merged[0]", "merged[1]", "merged[3]", "etags[\"" + a.name() + "\"]",
                          "etags[\"" + b.name() + "\"]"));

  v1::MergeClientsRequest empty;
  status = Quality(&QualityStub::MergeClients, empty, &out, analyst());
  EXPECT_THAT(ViolatedFields(status), ElementsAre("survivor", "merged"));

  v1::Client stale = b;
  stale.set_etag("999");
  EXPECT_EQ(Merge(a, {stale}, analyst(), &out).error_code(), grpc::StatusCode::ABORTED);

  v1::Client ghost;
  ghost.set_name(common::ResourceName("clients", common::NewUuid()));
  ghost.set_etag("1");
  EXPECT_EQ(Merge(a, {ghost}, analyst(), &out).error_code(), grpc::StatusCode::NOT_FOUND);

  v1::DeleteClientRequest remove;
  remove.set_name(b.name());
  remove.set_etag(b.etag());
  v1::Client deleted;
  ASSERT_TRUE(Call(&v1::RegistryService::Stub::DeleteClient, remove, &deleted, analyst()).ok());
  EXPECT_EQ(Merge(a, {deleted}, analyst(), &out).error_code(),
            grpc::StatusCode::FAILED_PRECONDITION);

  EXPECT_EQ(Count("merges"), 0);
  EXPECT_EQ(Events(events::v1::kClientMerged), 0);
  EXPECT_THAT(History(a), ElementsAre("created"));

  EXPECT_EQ(Undo("merges/nope", analyst(), &out).error_code(), grpc::StatusCode::INVALID_ARGUMENT);
  EXPECT_EQ(Undo(common::ResourceName("merges", common::NewUuid()), analyst(), &out).error_code(),
            grpc::StatusCode::NOT_FOUND);
}

TEST_F(MergeTest, UndoWaitsForALaterMergeOfTheSurvivorToBeUndone) {
  v1::Client a = CreateAs(Company("Гамма", "ООО «Гамма»", LegalEntityInn(66)), analyst());
  v1::Client b = CreateAs(Company("Гамма", "АО «Гамма»", LegalEntityInn(67)), analyst());
  v1::Client c = CreateAs(Company("Гамма", "ПАО «Гамма»", LegalEntityInn(68)), analyst());
  v1::Merge first;
  ASSERT_TRUE(Merge(b, {c}, analyst(), &first).ok());
  v1::Merge second;
  ASSERT_TRUE(Merge(a, {Get(b.name())}, analyst(), &second).ok());

  v1::Merge out;
  EXPECT_EQ(Undo(first.name(), analyst(), &out).error_code(),
            grpc::StatusCode::FAILED_PRECONDITION);
  ASSERT_TRUE(Undo(second.name(), analyst(), &out).ok());
  ASSERT_TRUE(Undo(first.name(), analyst(), &out).ok());
  EXPECT_FALSE(Get(c.name()).has_delete_time());
  EXPECT_FALSE(Get(b.name()).has_delete_time());
}

TEST_F(MergeTest, OnlyAnalystsMergeAndUndo) {
  v1::Client a = CreateAs(Company("Дельта", "ООО «Дельта»", LegalEntityInn(69)), analyst());
  v1::Client b = CreateAs(Company("Дельта", "АО «Дельта»", LegalEntityInn(70)), analyst());
  v1::Merge out;
  for (const std::string* token : {&manager(), &head(), &accountant(), &mailing_}) {
    EXPECT_EQ(Merge(a, {b}, *token, &out).error_code(), grpc::StatusCode::PERMISSION_DENIED);
  }
  EXPECT_EQ(Merge(a, {b}, "", &out).error_code(), grpc::StatusCode::UNAUTHENTICATED);
  v1::Merge merge;
  ASSERT_TRUE(Merge(a, {b}, admin(), &merge).ok());
  v1::GetMergeRequest get;
  get.set_name(merge.name());
  for (const std::string* token : {&manager(), &head(), &accountant(), &mailing_}) {
    EXPECT_EQ(Undo(merge.name(), *token, &out).error_code(), grpc::StatusCode::PERMISSION_DENIED);
    EXPECT_EQ(Quality(&QualityStub::GetMerge, get, &out, *token).error_code(),
              grpc::StatusCode::PERMISSION_DENIED);
  }
  EXPECT_TRUE(Get(b.name()).has_delete_time());
  EXPECT_TRUE(Undo(merge.name(), analyst(), &out).ok());
}

}  // namespace
}  // namespace crm::registry::integration
