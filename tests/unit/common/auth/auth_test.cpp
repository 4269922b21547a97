#include "common/auth/auth.h"

#include <gtest/gtest.h>
#include <jwt.h>
#include <openssl/evp.h>
#include <openssl/pem.h>
#include <openssl/rsa.h>

#include <ctime>
#include <limits>
#include <memory>

namespace crm::common::auth {
namespace {

constexpr char kSecret[] = "unit-test-secret-0123456789abcdef";

TokenVerifier Verifier(std::string issuer = "") {
  return TokenVerifier(
      VerifierConfig{kSecret, "", std::move(issuer), kDefaultAudience, std::chrono::seconds(30)});
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

// A token lives its ttl counted from the clock the verifier reads (system_clock), to the whole
// second: minted at t, it expires no earlier than floor(t) + ttl. std::time reads a coarse clock
// that trails system_clock by up to a tick, so a token minted just after a second boundary used
// to expire a second early (found as RemindersTest.WatchEndsWhenTheTokenExpires ending its
// stream 1 ms before a second had passed). Minting across more than one second boundary meets
// that window.
TEST(Auth, ATokenExpiresNoEarlierThanItsTtlAfterTheSecondItWasMintedIn) {
  TokenRequest request = Request();
  request.ttl = std::chrono::seconds(2);
  const TokenVerifier verifier = Verifier();
  const auto until = std::chrono::steady_clock::now() + std::chrono::milliseconds(1100);
  int minted = 0;
  while (std::chrono::steady_clock::now() < until) {
    const auto before = std::chrono::system_clock::now();
    const Principal p = verifier.Verify(MintHs256Token(kSecret, request));
    ASSERT_GE(p.expires_at, std::chrono::floor<std::chrono::seconds>(before) + request.ttl)
        << "token " << minted << " expires before its ttl";
    ++minted;
  }
  EXPECT_GT(minted, 100);
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

// A token may name any expiry; system_clock's nanoseconds end in 2262. One expiring later (a
// thousand years on, or the largest exp there is) used to overflow into an expiry in the past or
// undefined behaviour (found by tests/fuzz/fuzz_jwt); it lasts to the end of the clock instead.
TEST(Auth, AnExpiryBeyondTheClocksRangeIsTheEndOfTheClock) {
  auto r = Request();
  r.ttl = std::chrono::hours(24 * 366 * 1000);
  const Principal far = Verifier().Verify(MintHs256Token(kSecret, r));
  EXPECT_EQ(far.expires_at, std::chrono::system_clock::time_point::max());
  EXPECT_NO_THROW(RequireUnexpired(far));

  const long now = static_cast<long>(std::time(nullptr));
  r.ttl = std::chrono::seconds(std::numeric_limits<long>::max() - now - 5);
  const Principal last = Verifier().Verify(MintHs256Token(kSecret, r));
  EXPECT_EQ(last.expires_at, std::chrono::system_clock::time_point::max());
  EXPECT_NO_THROW(RequireUnexpired(last));
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
  EXPECT_THROW(TokenVerifier(VerifierConfig{"a", "b", "", "crm", std::chrono::seconds(0)}),
               std::invalid_argument);
}

TEST(Auth, VerifierNeedsAnAudience) {
  EXPECT_THROW(TokenVerifier(VerifierConfig{kSecret, "", "", "", std::chrono::seconds(30)}),
               std::invalid_argument);
}

TEST(Auth, TokenWithoutAudienceIsRejected) {
  auto r = Request();
  r.audience = {};
  try {
    Verifier().Verify(MintHs256Token(kSecret, r));
    FAIL() << "a token without aud was accepted";
  } catch (const AuthenticationError& e) {
    EXPECT_STREQ(e.what(), "invalid token: no audience (aud)");
  }
}

TEST(Auth, TokenForAnotherAudienceIsRejected) {
  auto r = Request();
  r.audience = {"another-application"};
  try {
    Verifier().Verify(MintHs256Token(kSecret, r));
    FAIL() << "a token for another audience was accepted";
  } catch (const AuthenticationError& e) {
    EXPECT_STREQ(e.what(), "invalid token: issued for another audience (aud)");
  }
  r.audience = {"another-application", "yet-another"};
  EXPECT_THROW(Verifier().Verify(MintHs256Token(kSecret, r)), AuthenticationError);
}

TEST(Auth, AudienceMayBeAnArrayNamingUs) {
  auto r = Request();
  r.audience = {"another-application", kDefaultAudience};
  EXPECT_EQ(Verifier().Verify(MintHs256Token(kSecret, r)).subject, r.subject);
  r.audience = {kDefaultAudience};  // a plain string
  EXPECT_EQ(Verifier().Verify(MintHs256Token(kSecret, r)).subject, r.subject);
}

TEST(Auth, PrincipalCarriesTheTokensExpiry) {
  auto r = Request();
  r.ttl = std::chrono::seconds(600);
  const auto before = std::chrono::system_clock::now();
  const Principal p = Verifier().Verify(MintHs256Token(kSecret, r));
  EXPECT_GE(p.expires_at, before + std::chrono::seconds(599));
  EXPECT_LE(p.expires_at, std::chrono::system_clock::now() + std::chrono::seconds(601));
  EXPECT_NO_THROW(RequireUnexpired(p));

  // Within the verifier's leeway a token past its exp still authenticates a call, but a stream
  // that checks RequireUnexpired ends.
  r.ttl = std::chrono::seconds(-5);
  const Principal late = Verifier().Verify(MintHs256Token(kSecret, r));
  try {
    RequireUnexpired(late);
    FAIL() << "an expired principal passed";
  } catch (const AuthenticationError& e) {
    EXPECT_STREQ(e.what(), "token expired");
  }
}

// RS256: production verifies tokens of the identity provider with its public key.
struct RsaKeys {
  std::string private_pem;
  std::string public_pem;
};

RsaKeys GenerateRsaKeys() {
  std::unique_ptr<EVP_PKEY_CTX, decltype(&EVP_PKEY_CTX_free)> ctx(
      EVP_PKEY_CTX_new_id(EVP_PKEY_RSA, nullptr), &EVP_PKEY_CTX_free);
  EVP_PKEY* raw = nullptr;
  if (!ctx || EVP_PKEY_keygen_init(ctx.get()) != 1 ||
      EVP_PKEY_CTX_set_rsa_keygen_bits(ctx.get(), 2048) != 1 ||
      EVP_PKEY_keygen(ctx.get(), &raw) != 1) {
    throw std::runtime_error("RSA key generation failed");
  }
  std::unique_ptr<EVP_PKEY, decltype(&EVP_PKEY_free)> key(raw, &EVP_PKEY_free);
  auto to_string = [](auto write) {
    std::unique_ptr<BIO, decltype(&BIO_free)> bio(BIO_new(BIO_s_mem()), &BIO_free);
    write(bio.get());
    char* data = nullptr;
    long len = BIO_get_mem_data(bio.get(), &data);
    return std::string(data, static_cast<std::size_t>(len));
  };
  RsaKeys keys;
  keys.private_pem = to_string([&](BIO* b) {
    PEM_write_bio_PrivateKey(b, key.get(), nullptr, nullptr, 0, nullptr, nullptr);
  });
  keys.public_pem = to_string([&](BIO* b) { PEM_write_bio_PUBKEY(b, key.get()); });
  return keys;
}

std::string SignRs256(const std::string& private_pem, const std::string& claims_json) {
  jwt_t* raw = nullptr;
  jwt_new(&raw);
  std::unique_ptr<jwt_t, decltype(&jwt_free)> jwt(raw, &jwt_free);
  jwt_add_grants_json(jwt.get(), claims_json.c_str());
  jwt_set_alg(jwt.get(), JWT_ALG_RS256, reinterpret_cast<const unsigned char*>(private_pem.data()),
              static_cast<int>(private_pem.size()));
  std::unique_ptr<char, decltype(&free)> encoded(jwt_encode_str(jwt.get()), &free);
  return encoded ? encoded.get() : "";
}

TEST(Auth, Rs256TokensVerifyWithThePublicKeyOnly) {
  static const RsaKeys keys = GenerateRsaKeys();
  TokenVerifier verifier(
      VerifierConfig{"", keys.public_pem, "idp", "expo-crm", std::chrono::seconds(30)});
  const long now = static_cast<long>(std::time(nullptr));
  std::string claims = R"({"sub":"employees/x","iss":"idp","aud":["account","expo-crm"],"exp":)" +
                       std::to_string(now + 600) + R"(,"roles":["accountant"]})";
  auto p = verifier.Verify(SignRs256(keys.private_pem, claims));
  EXPECT_EQ(p.subject, "employees/x");
  EXPECT_TRUE(p.Has(Role::kAccountant));

  // Another key pair's signature is rejected.
  static const RsaKeys other = GenerateRsaKeys();
  EXPECT_THROW(verifier.Verify(SignRs256(other.private_pem, claims)), AuthenticationError);
  // Algorithm confusion: an HS256 token "signed" with the public key as the secret.
  auto forged = MintHs256Token(keys.public_pem, Request());
  EXPECT_THROW(verifier.Verify(forged), AuthenticationError);
  // And an HS256 verifier never accepts an RS256 token.
  EXPECT_THROW(Verifier().Verify(SignRs256(keys.private_pem, claims)), AuthenticationError);
}

}  // namespace
}  // namespace crm::common::auth
