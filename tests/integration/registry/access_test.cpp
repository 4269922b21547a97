// Who may call the registry at all: a valid token needs the configured audience and at least one
// CRM role; reads open to every role stay closed to a token that has none.

#include <gtest/gtest.h>

#include "tests/integration/registry/registry_fixture.h"

namespace crm::registry::integration {
namespace {

using Stub = v1::RegistryService::Stub;

class RegistryAccessTest : public RegistryTest {
 protected:
  void SetUp() override {
    RegistryTest::SetUp();
    client_ = MustCreateClient(SberClient());
  }

  // A token of this identity provider, for this audience, without any CRM role: a user nobody
  // gave access to the CRM.
  static std::string NoRoleToken() {
    return crm::testing::TokenFor(common::ResourceName("employees", common::NewUuid()), {});
  }

  // A sales manager's token with the given `aud` values (none: no claim).
  static std::string ManagerTokenFor(std::vector<std::string> audience) {
    common::auth::TokenRequest request;
    request.subject = common::ResourceName("employees", common::NewUuid());
    request.roles = {Role::kSalesManager};
    request.audience = std::move(audience);
    return common::auth::MintHs256Token(crm::testing::kTestJwtSecret, request);
  }

  // The status of each read that every CRM role may call, made with `token`.
  std::vector<std::pair<std::string, grpc::Status>> Reads(const std::string& token) {
    std::vector<std::pair<std::string, grpc::Status>> statuses;
    v1::GetClientRequest get;
    get.set_name(client_.name());
    v1::Client client;
    statuses.emplace_back("GetClient", Call(&Stub::GetClient, get, &client, token));
    v1::SearchClientsRequest search;
    v1::SearchClientsResponse found;
    statuses.emplace_back("SearchClients", Call(&Stub::SearchClients, search, &found, token));
    v1::ListContactPersonsRequest people;
    people.set_parent(client_.name());
    v1::ListContactPersonsResponse persons;
    statuses.emplace_back("ListContactPersons",
                          Call(&Stub::ListContactPersons, people, &persons, token));
    v1::ListEmployeesRequest staff;
    v1::ListEmployeesResponse employees;
    statuses.emplace_back("ListEmployees", Call(&Stub::ListEmployees, staff, &employees, token));
    v1::ListClientHistoryRequest history;
    history.set_name(client_.name());
    v1::ListClientHistoryResponse versions;
    statuses.emplace_back("ListClientHistory",
                          Call(&Stub::ListClientHistory, history, &versions, token));
    return statuses;
  }

  v1::Client client_;
};

TEST_F(RegistryAccessTest, TokenWithoutCrmRolesIsDeniedEveryRead) {
  for (const auto& [method, status] : Reads(NoRoleToken())) {
    EXPECT_EQ(status.error_code(), grpc::PERMISSION_DENIED)
        << method << ": " << status.error_message();
    EXPECT_EQ(crm::testing::ErrorInfoReason(status), "PERMISSION_DENIED") << method;
  }
}

TEST_F(RegistryAccessTest, EveryCrmRoleReadsIncludingService) {
  const std::vector<std::string> tokens = {
      manager(),    head(),  analyst(),
      accountant(), admin(), crm::testing::TokenFor("services/mailing", {Role::kService}),
  };
  for (const std::string& token : tokens) {
    for (const auto& [method, status] : Reads(token)) {
      EXPECT_TRUE(status.ok()) << method << ": " << status.error_message();
    }
  }
}

TEST_F(RegistryAccessTest, TokenForAnotherAudienceIsUnauthenticated) {
  for (const auto& [method, status] : Reads(ManagerTokenFor({"another-application"}))) {
    EXPECT_EQ(status.error_code(), grpc::UNAUTHENTICATED) << method;
    EXPECT_NE(status.error_message().find("audience"), std::string::npos)
        << method << ": " << status.error_message();
  }
}

TEST_F(RegistryAccessTest, TokenWithoutAudienceIsUnauthenticated) {
  for (const auto& [method, status] : Reads(ManagerTokenFor({}))) {
    EXPECT_EQ(status.error_code(), grpc::UNAUTHENTICATED) << method;
    EXPECT_EQ(status.error_message(), "invalid token: no audience (aud)") << method;
  }
}

TEST_F(RegistryAccessTest, WritesAreDeniedToATokenWithoutCrmRolesAndChangeNothing) {
  const long clients = Count("clients");
  v1::CreateClientRequest request;
  *request.mutable_client() = SoleTraderClient();
  v1::Client out;
  EXPECT_EQ(Call(&Stub::CreateClient, request, &out, NoRoleToken()).error_code(),
            grpc::PERMISSION_DENIED);
  EXPECT_EQ(Count("clients"), clients);
}

}  // namespace
}  // namespace crm::registry::integration
