#include "common/auth/auth.h"

#include <gtest/gtest.h>
#include <jwt.h>
#include <openssl/core_names.h>
#include <openssl/evp.h>
#include <openssl/pem.h>
#include <openssl/rsa.h>

#include <ctime>
#include <limits>
#include <memory>
#include <nlohmann/json.hpp>

#include "common/core/base64url.h"

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

TEST(Auth, AShortHs256SecretIsRefused) {
  const std::string short_secret(kMinHs256SecretBytes - 1, 'k');
  try {
    const TokenVerifier weak(VerifierConfig{short_secret, "", "", "crm", std::chrono::seconds(30)});
    FAIL() << "a 31-byte HS256 secret was accepted";
  } catch (const std::invalid_argument& e) {
    EXPECT_STREQ(e.what(), "the HS256 secret must be at least 32 bytes long");
  }
  EXPECT_NO_THROW(TokenVerifier(VerifierConfig{std::string(kMinHs256SecretBytes, 'k'), "", "",
                                               "crm", std::chrono::seconds(30)}));
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

// A key set: the identity provider's public keys by kid, so a key rotates without a token signed
// with the previous one being refused.
std::string Base64UrlOfParameter(const std::string& public_pem, const char* parameter) {
  std::unique_ptr<BIO, decltype(&BIO_free)> bio(
      BIO_new_mem_buf(public_pem.data(), static_cast<int>(public_pem.size())), &BIO_free);
  std::unique_ptr<EVP_PKEY, decltype(&EVP_PKEY_free)> key(
      PEM_read_bio_PUBKEY(bio.get(), nullptr, nullptr, nullptr), &EVP_PKEY_free);
  BIGNUM* raw = nullptr;
  EVP_PKEY_get_bn_param(key.get(), parameter, &raw);
  std::unique_ptr<BIGNUM, decltype(&BN_free)> number(raw, &BN_free);
  std::string bytes(static_cast<std::size_t>(BN_num_bytes(number.get())), '\0');
  BN_bn2bin(number.get(), reinterpret_cast<unsigned char*>(bytes.data()));
  return Base64UrlEncode(bytes);
}

nlohmann::json RsaJwk(const RsaKeys& keys, const std::string& kid) {
  return {{"kty", "RSA"},
          {"kid", kid},
          {"use", "sig"},
          {"alg", "RS256"},
          {"n", Base64UrlOfParameter(keys.public_pem, OSSL_PKEY_PARAM_RSA_N)},
          {"e", Base64UrlOfParameter(keys.public_pem, OSSL_PKEY_PARAM_RSA_E)}};
}

std::string SignRs256WithKid(const std::string& private_pem, const std::string& kid,
                             const std::string& claims_json) {
  jwt_t* raw = nullptr;
  jwt_new(&raw);
  std::unique_ptr<jwt_t, decltype(&jwt_free)> jwt(raw, &jwt_free);
  jwt_add_grants_json(jwt.get(), claims_json.c_str());
  if (!kid.empty()) {
    jwt_add_header(jwt.get(), "kid", kid.c_str());
  }
  jwt_set_alg(jwt.get(), JWT_ALG_RS256, reinterpret_cast<const unsigned char*>(private_pem.data()),
              static_cast<int>(private_pem.size()));
  std::unique_ptr<char, decltype(&free)> encoded(jwt_encode_str(jwt.get()), &free);
  return encoded ? encoded.get() : "";
}

std::string IdpClaims() {
  const long now = static_cast<long>(std::time(nullptr));
  return R"({"sub":"employees/x","iss":"idp","aud":"expo-crm","exp":)" + std::to_string(now + 600) +
         R"(,"roles":["analyst"]})";
}

TEST(Auth, AKeySetVerifiesTokensOfEveryKeyByKid) {
  static const RsaKeys old_key = GenerateRsaKeys();
  static const RsaKeys new_key = GenerateRsaKeys();
  nlohmann::json set = {
      {"keys",
       {RsaJwk(old_key, "2026-11"),
        RsaJwk(new_key, "2026-12"),
        // An encryption key and an EC key, as a provider's set holds them: skipped.
        {{"kty", "RSA"}, {"kid", "enc-1"}, {"use", "enc"}, {"n", "AQAB"}, {"e", "AQAB"}},
        {{"kty", "EC"}, {"kid", "ec-1"}, {"crv", "P-256"}}}}};
  VerifierConfig config{"", "", "idp", "expo-crm", std::chrono::seconds(30)};
  config.jwks_json = set.dump();
  const TokenVerifier verifier(config);

  // Tokens signed with the key being retired and with its successor both verify.
  EXPECT_EQ(verifier.Verify(SignRs256WithKid(old_key.private_pem, "2026-11", IdpClaims())).subject,
            "employees/x");
  EXPECT_TRUE(verifier.Verify(SignRs256WithKid(new_key.private_pem, "2026-12", IdpClaims()))
                  .Has(Role::kAnalyst));

  auto refused = [&](const std::string& token) {
    try {
      verifier.Verify(token);
      return std::string("accepted");
    } catch (const AuthenticationError& e) {
      return std::string(e.what());
    }
  };
  // A kid naming one key with another key's signature; an unknown kid; no kid among several keys.
  EXPECT_EQ(refused(SignRs256WithKid(old_key.private_pem, "2026-12", IdpClaims())),
            "invalid token: malformed or bad signature");
  EXPECT_EQ(refused(SignRs256WithKid(new_key.private_pem, "2027-01", IdpClaims())),
            "invalid token: signed with an unknown key (kid)");
  EXPECT_EQ(refused(SignRs256WithKid(new_key.private_pem, "", IdpClaims())),
            "invalid token: no key id (kid) to choose among the signing keys");
  EXPECT_EQ(refused("not-base64!.e30.x"), "invalid token: malformed header");
  // Algorithm confusion: an HS256 token "signed" with an RSA key's PEM under a known kid.
  jwt_t* raw = nullptr;
  jwt_new(&raw);
  std::unique_ptr<jwt_t, decltype(&jwt_free)> forged(raw, &jwt_free);
  jwt_add_grants_json(forged.get(), IdpClaims().c_str());
  jwt_add_header(forged.get(), "kid", "2026-12");
  jwt_set_alg(forged.get(), JWT_ALG_HS256,
              reinterpret_cast<const unsigned char*>(new_key.public_pem.data()),
              static_cast<int>(new_key.public_pem.size()));
  std::unique_ptr<char, decltype(&free)> forged_token(jwt_encode_str(forged.get()), &free);
  EXPECT_NE(refused(forged_token.get()), "accepted");

  // Removing the retired key from the set refuses its tokens from then on.
  set["keys"].erase(0);
  config.jwks_json = set.dump();
  const TokenVerifier rotated(config);
  EXPECT_EQ(rotated.Verify(SignRs256WithKid(new_key.private_pem, "2026-12", IdpClaims())).subject,
            "employees/x");
  EXPECT_THROW(rotated.Verify(SignRs256WithKid(old_key.private_pem, "2026-11", IdpClaims())),
               AuthenticationError);
}

TEST(Auth, AKeySetMayHoldHs256KeysOfSufficientLength) {
  const std::string secret = "a-long-enough-shared-secret-0123456789";
  nlohmann::json set = {
      {"keys", {{{"kty", "oct"}, {"kid", "shared-1"}, {"k", Base64UrlEncode(secret)}}}}};
  VerifierConfig config{"", "", "", kDefaultAudience, std::chrono::seconds(30)};
  config.jwks_json = set.dump();
  const TokenVerifier verifier(config);
  jwt_t* raw = nullptr;
  jwt_new(&raw);
  std::unique_ptr<jwt_t, decltype(&jwt_free)> jwt(raw, &jwt_free);
  const long now = static_cast<long>(std::time(nullptr));
  jwt_add_grants_json(
      jwt.get(),
      (R"({"sub":"employees/y","aud":"expo-crm","exp":)" + std::to_string(now + 60) + "}").c_str());
  jwt_add_header(jwt.get(), "kid", "shared-1");
  jwt_set_alg(jwt.get(), JWT_ALG_HS256, reinterpret_cast<const unsigned char*>(secret.data()),
              static_cast<int>(secret.size()));
  std::unique_ptr<char, decltype(&free)> token(jwt_encode_str(jwt.get()), &free);
  EXPECT_EQ(verifier.Verify(token.get()).subject, "employees/y");
}

TEST(Auth, ABrokenOrWeakKeySetIsRefusedNamingTheProblem) {
  static const RsaKeys keys = GenerateRsaKeys();
  auto problem = [](const nlohmann::json& set) {
    try {
      ParseJwks(set.is_string() ? set.get<std::string>() : set.dump());
      return std::string("accepted");
    } catch (const std::invalid_argument& e) {
      return std::string(e.what());
    }
  };
  EXPECT_EQ(problem("{not json"), "JSON Web Key Set: not a JSON object with a \"keys\" array");
  EXPECT_EQ(problem(nlohmann::json{{"keys", nlohmann::json::array()}}),
            "JSON Web Key Set: no RS256 or HS256 signing key");
  nlohmann::json no_kid = RsaJwk(keys, "x");
  no_kid.erase("kid");
  EXPECT_EQ(problem(nlohmann::json{{"keys", {no_kid}}}),
            "JSON Web Key Set: every signing key needs a key id (\"kid\") to be told apart");
  EXPECT_EQ(problem(nlohmann::json{{"keys", {RsaJwk(keys, "a"), RsaJwk(keys, "a")}}}),
            "JSON Web Key Set: key \"a\": the key id appears twice");
  nlohmann::json bad_n = RsaJwk(keys, "b");
  bad_n["n"] = "***";
  EXPECT_EQ(problem(nlohmann::json{{"keys", {bad_n}}}),
            "JSON Web Key Set: key \"b\": \"n\" must be non-empty base64url");
  nlohmann::json small = RsaJwk(keys, "c");
  small["n"] = Base64UrlEncode(std::string(64, '\xC5'));  // a 512-bit modulus
  EXPECT_EQ(problem(nlohmann::json{{"keys", {small}}}),
            "JSON Web Key Set: key \"c\": an RSA modulus of 512 bits; at least 2048 are required");
  EXPECT_EQ(problem(nlohmann::json{
                {"keys", {{{"kty", "oct"}, {"kid", "d"}, {"k", Base64UrlEncode("short")}}}}}),
            "JSON Web Key Set: key \"d\": an HS256 key of 5 bytes; at least 32 are required");
}

}  // namespace
}  // namespace crm::common::auth
