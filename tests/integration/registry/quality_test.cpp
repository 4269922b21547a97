// ClientQualityService against a real PostgreSQL: duplicate candidates.

#include <gmock/gmock.h>
#include <gtest/gtest.h>

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

}  // namespace
}  // namespace crm::registry::integration
