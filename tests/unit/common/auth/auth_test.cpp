#include "common/auth/auth.h"

#include <gtest/gtest.h>

namespace crm::common::auth {
namespace {

constexpr char kSecret[] = "unit-test-secret-0123456789abcdef";

TokenVerifier Verifier(std::string issuer = "") {
  return TokenVerifier(VerifierConfig{kSecret, "", std::move(issuer), std::chrono::seconds(30)});
}

TokenRequest Request() {
  TokenRequest r;
  r.subject = "employees/5b0f7c9e-2a51-4e0b-9d7a-0c8a1f3e6d21";
  r.name = "Иванова М. П.";
  r.roles = {Role::kSalesManager, Role::kAnalyst};
  return r;
}

TEST(Auth, ValidTokenGivesThePrincipal) {
  auto p = Verifier().Verify(MintHs256Token(kSecret, Request()));
  EXPECT_EQ(p.subject, Request().subject);
  EXPECT_EQ(p.name, "Иванова М. П.");
  EXPECT_TRUE(p.Has(Role::kSalesManager));
  EXPECT_TRUE(p.Has(Role::kAnalyst));
  EXPECT_FALSE(p.Has(Role::kAdmin));
  EXPECT_TRUE(p.HasAny({Role::kAccountant, Role::kAnalyst}));
}

TEST(Auth, BearerHeaderIsRequired) {
  auto token = MintHs256Token(kSecret, Request());
  EXPECT_NO_THROW(Verifier().VerifyAuthorizationHeader("Bearer " + token));
  EXPECT_THROW(Verifier().VerifyAuthorizationHeader(""), AuthenticationError);
  EXPECT_THROW(Verifier().VerifyAuthorizationHeader(token), AuthenticationError);
  EXPECT_THROW(Verifier().VerifyAuthorizationHeader("Basic abc"), AuthenticationError);
  EXPECT_THROW(Verifier().VerifyAuthorizationHeader("Bearer "), AuthenticationError);
}

TEST(Auth, WrongSecretTamperingAndGarbageAreRejected) {
  auto token = MintHs256Token("another-secret-another-secret-xx", Request());
  EXPECT_THROW(Verifier().Verify(token), AuthenticationError);
  auto good = MintHs256Token(kSecret, Request());
  std::string tampered = good;
  tampered[good.find('.') + 3] ^= 1;  // flip a bit in the claims
  EXPECT_THROW(Verifier().Verify(tampered), AuthenticationError);
  EXPECT_THROW(Verifier().Verify("a.b.c"), AuthenticationError);
  EXPECT_THROW(Verifier().Verify(std::string(10000, 'x')), AuthenticationError);
}

TEST(Auth, AlgNoneIsRejected) {
  // {"alg":"none","typ":"JWT"}.{"sub":"employees/x","exp":9999999999,"roles":["admin"]}.
  std::string token =
      "eyJhbGciOiJub25lIiwidHlwIjoiSldUIn0."
      "eyJzdWIiOiJlbXBsb3llZXMveCIsImV4cCI6OTk5OTk5OTk5OSwicm9sZXMiOlsiYWRtaW4iXX0.";
  EXPECT_THROW(Verifier().Verify(token), AuthenticationError);
}

TEST(Auth, ExpiredTokenIsRejected) {
  auto r = Request();
  r.ttl = std::chrono::seconds(-120);
  EXPECT_THROW(Verifier().Verify(MintHs256Token(kSecret, r)), AuthenticationError);
  r.ttl = std::chrono::seconds(-10);  // within the leeway
  EXPECT_NO_THROW(Verifier().Verify(MintHs256Token(kSecret, r)));
}

TEST(Auth, IssuerIsCheckedWhenConfigured) {
  auto r = Request();
  r.issuer = "someone-else";
  EXPECT_THROW(Verifier("expo-crm-dev").Verify(MintHs256Token(kSecret, r)), AuthenticationError);
  r.issuer = "expo-crm-dev";
  EXPECT_NO_THROW(Verifier("expo-crm-dev").Verify(MintHs256Token(kSecret, r)));
}

TEST(Auth, UnknownRolesAreIgnored) {
  auto r = Request();
  r.roles = {};
  auto p = Verifier().Verify(MintHs256Token(kSecret, r));
  EXPECT_TRUE(p.roles.empty());
  EXPECT_EQ(ParseRole("superuser"), std::nullopt);
  EXPECT_EQ(ParseRole("sales_head"), Role::kSalesHead);
  EXPECT_EQ(RoleName(Role::kService), "service");
}

TEST(Auth, VerifierNeedsExactlyOneKey) {
  EXPECT_THROW(TokenVerifier(VerifierConfig{}), std::invalid_argument);
  EXPECT_THROW(TokenVerifier(VerifierConfig{"a", "b", "", std::chrono::seconds(0)}),
               std::invalid_argument);
}

}  // namespace
}  // namespace crm::common::auth
