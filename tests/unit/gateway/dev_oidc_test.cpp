// The development OpenID Connect provider's token endpoint, in this process with a clock the
// tests move: the refresh grant (rotation, binding to the client, expiry) and the access tokens'
// lifetime. The whole code flow over HTTP is in tests/e2e/gateway_test.cpp.
#include "services/gateway/dev_oidc.h"

#include <gtest/gtest.h>

#include "common/auth/auth.h"
#include "services/gateway/dev_signin.h"

namespace crm::gateway {
namespace {

using nlohmann::json;
namespace auth = common::auth;

constexpr char kSecret[] = "expo-crm-dev-oidc-unit-secret-0123456789";
constexpr char kClient[] = "expo-crm-console";
constexpr char kVerifier[] = "dev-oidc-unit-test-verifier-0123456789-abcdefghij";

class DevOidcTest : public ::testing::Test {
 protected:
  DevOidcTest()
      : signin_(kSecret, auth::kDefaultAudience, std::chrono::seconds(90)),
        provider_(signin_, kClient, "/signin/callback", [this] { return now_; }) {
    request_.headers.emplace("host", "127.0.0.1:8080");
  }

  static std::string RedirectUri() { return "http://127.0.0.1:8080/signin/callback"; }

  static json Employee() {
    return {{"name", "employees/7c0b4b8e-0000-4000-8000-000000000001"},
            {"fullName", "Орлова Вера Петровна"},
            {"department", "Отдел продаж"},
            {"roles", {"sales_head"}}};
  }

  // The code flow to its end: the token endpoint's answer.
  json SignIn() {
    QueryParams pick = {{"response_type", "code"},
                        {"client_id", kClient},
                        {"redirect_uri", RedirectUri()},
                        {"scope", "openid profile"},
                        {"state", "st-1"},
                        {"code_challenge", PkceS256(kVerifier)},
                        {"code_challenge_method", "S256"},
                        {"employee", Employee()["name"]}};
    const HttpResponse redirect = provider_.Authorize(request_, pick, json::array({Employee()}));
    EXPECT_EQ(redirect.status, 302) << redirect.body;
    const std::string location = redirect.Header("location");
    const QueryParams params = ParseQuery(location.substr(location.find('?') + 1));
    const HttpResponse answer = provider_.Token(request_, {{"grant_type", "authorization_code"},
                                                           {"code", ParamOf(params, "code")},
                                                           {"redirect_uri", RedirectUri()},
                                                           {"client_id", kClient},
                                                           {"code_verifier", kVerifier}});
    EXPECT_EQ(answer.status, 200) << answer.body;
    return json::parse(answer.body);
  }

  HttpResponse Refresh(const std::string& refresh_token, const std::string& client = kClient) {
    return provider_.Token(
        request_,
        {{"grant_type", "refresh_token"}, {"refresh_token", refresh_token}, {"client_id", client}});
  }

  static std::string ErrorOf(const HttpResponse& response) {
    return json::parse(response.body).value("error", "");
  }

  // The access token as the services read it.
  static auth::Principal Verified(const std::string& token) {
    auth::VerifierConfig config;
    config.hs256_secret = kSecret;
    config.audience = auth::kDefaultAudience;
    return auth::TokenVerifier(config).Verify(token);
  }

  std::chrono::steady_clock::time_point now_ = std::chrono::steady_clock::now();
  DevSignIn signin_;
  DevOidcProvider provider_;
  HttpRequest request_;
};

TEST_F(DevOidcTest, DiscoveryNamesBothGrants) {
  EXPECT_EQ(DevOidcProvider::Discovery("http://127.0.0.1:8080/dev/oidc")["grant_types_supported"],
            json::array({"authorization_code", "refresh_token"}));
}

TEST_F(DevOidcTest, TheCodeGrantAnswersARefreshTokenAndTheConfiguredLifetime) {
  const json tokens = SignIn();
  EXPECT_EQ(tokens.value("expires_in", 0), 90);
  const std::string refresh_token = tokens.value("refresh_token", "");
  EXPECT_GE(refresh_token.size(), 32u);
  EXPECT_NE(refresh_token, tokens.value("access_token", ""));
  const auth::Principal principal = Verified(tokens.value("access_token", ""));
  EXPECT_EQ(principal.subject, Employee()["name"]);
  const auto left = principal.expires_at - std::chrono::system_clock::now();
  EXPECT_GT(left, std::chrono::seconds(80));
  EXPECT_LE(left, std::chrono::seconds(91));
}

TEST_F(DevOidcTest, ARefreshTokenIsGoodOnceAndRotates) {
  const json first = SignIn();
  const std::string refresh_token = first.value("refresh_token", "");

  const HttpResponse renewed = Refresh(refresh_token);
  ASSERT_EQ(renewed.status, 200) << renewed.body;
  EXPECT_EQ(renewed.Header("cache-control"), "no-store");
  const json body = json::parse(renewed.body);
  EXPECT_EQ(body.value("token_type", ""), "Bearer");
  EXPECT_EQ(body.value("expires_in", 0), 90);
  EXPECT_EQ(body.value("scope", ""), "openid profile");
  const std::string rotated = body.value("refresh_token", "");
  EXPECT_FALSE(rotated.empty());
  EXPECT_NE(rotated, refresh_token);
  const auth::Principal principal = Verified(body.value("access_token", ""));
  EXPECT_EQ(principal.subject, Employee()["name"]);
  EXPECT_EQ(principal.name, "Орлова Вера Петровна");
  EXPECT_TRUE(principal.Has(auth::Role::kSalesHead));

  // The used one is refused; the rotated one works, once.
  const HttpResponse reused = Refresh(refresh_token);
  EXPECT_EQ(reused.status, 400) << reused.body;
  EXPECT_EQ(ErrorOf(reused), "invalid_grant");
  ASSERT_EQ(Refresh(rotated).status, 200);
  EXPECT_EQ(ErrorOf(Refresh(rotated)), "invalid_grant");
}

TEST_F(DevOidcTest, ARefreshTokenIsRefusedToAnotherClientUnknownOrMissing) {
  const std::string refresh_token = SignIn().value("refresh_token", "");
  const HttpResponse other = Refresh(refresh_token, "someone-else");
  EXPECT_EQ(other.status, 401) << other.body;
  EXPECT_EQ(ErrorOf(other), "invalid_client");
  // Another client's attempt does not spend it.
  EXPECT_EQ(Refresh(refresh_token).status, 200);

  EXPECT_EQ(ErrorOf(Refresh("not-a-refresh-token")), "invalid_grant");
  const HttpResponse missing =
      provider_.Token(request_, {{"grant_type", "refresh_token"}, {"client_id", kClient}});
  EXPECT_EQ(missing.status, 400);
  EXPECT_EQ(ErrorOf(missing), "invalid_request");
  const HttpResponse no_client =
      provider_.Token(request_, {{"grant_type", "refresh_token"}, {"refresh_token", "x"}});
  EXPECT_EQ(ErrorOf(no_client), "invalid_request");
}

TEST_F(DevOidcTest, RenewalsEndADayAfterTheSignInHoweverOftenRotated) {
  std::string refresh_token = SignIn().value("refresh_token", "");
  // Rotated every eight hours: the third rotation is still within the day.
  for (int i = 0; i < 2; ++i) {
    now_ += std::chrono::hours(8);
    const HttpResponse renewed = Refresh(refresh_token);
    ASSERT_EQ(renewed.status, 200) << renewed.body;
    refresh_token = json::parse(renewed.body).value("refresh_token", "");
  }
  now_ += std::chrono::hours(8) + std::chrono::seconds(1);
  const HttpResponse expired = Refresh(refresh_token);
  EXPECT_EQ(expired.status, 400) << expired.body;
  EXPECT_EQ(ErrorOf(expired), "invalid_grant");
}

}  // namespace
}  // namespace crm::gateway
