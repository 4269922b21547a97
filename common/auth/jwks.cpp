#include "common/auth/jwks.h"

#include <openssl/bn.h>
#include <openssl/core_names.h>
#include <openssl/evp.h>
#include <openssl/param_build.h>
#include <openssl/pem.h>

#include <memory>
#include <nlohmann/json.hpp>
#include <set>
#include <stdexcept>

#include "common/core/base64url.h"

namespace crm::common::auth {
namespace {

template <typename T, void (*Free)(T*)>
struct Deleter {
  void operator()(T* p) const { Free(p); }
};
using BigNum = std::unique_ptr<BIGNUM, Deleter<BIGNUM, BN_free>>;
using ParamBuilder = std::unique_ptr<OSSL_PARAM_BLD, Deleter<OSSL_PARAM_BLD, OSSL_PARAM_BLD_free>>;
using Params = std::unique_ptr<OSSL_PARAM, Deleter<OSSL_PARAM, OSSL_PARAM_free>>;
using KeyContext = std::unique_ptr<EVP_PKEY_CTX, Deleter<EVP_PKEY_CTX, EVP_PKEY_CTX_free>>;
using Key = std::unique_ptr<EVP_PKEY, Deleter<EVP_PKEY, EVP_PKEY_free>>;
using Bio = std::unique_ptr<BIO, Deleter<BIO, BIO_free_all>>;

[[noreturn]] void Fail(const std::string& kid, const std::string& problem) {
  throw std::invalid_argument("JSON Web Key Set: key \"" + kid + "\": " + problem);
}

std::string Member(const nlohmann::json& key, const char* name) {
  const auto it = key.find(name);
  return it != key.end() && it->is_string() ? it->get<std::string>() : std::string();
}

std::string Bytes(const nlohmann::json& key, const char* name, const std::string& kid) {
  const std::string text = Member(key, name);
  std::optional<std::string> bytes = Base64UrlDecode(text);
  if (text.empty() || !bytes || bytes->empty()) {
    Fail(kid, std::string("\"") + name + "\" must be non-empty base64url");
  }
  return *std::move(bytes);
}

BigNum Number(const std::string& bytes) {
  return BigNum(BN_bin2bn(reinterpret_cast<const unsigned char*>(bytes.data()),
                          static_cast<int>(bytes.size()), nullptr));
}

// The RSA public key of modulus `n` and exponent `e` (big-endian bytes) in PEM.
std::string RsaPublicKeyPem(const std::string& n, const std::string& e, const std::string& kid) {
  BigNum modulus = Number(n);
  BigNum exponent = Number(e);
  ParamBuilder builder(OSSL_PARAM_BLD_new());
  if (!modulus || !exponent || !builder ||
      OSSL_PARAM_BLD_push_BN(builder.get(), OSSL_PKEY_PARAM_RSA_N, modulus.get()) != 1 ||
      OSSL_PARAM_BLD_push_BN(builder.get(), OSSL_PKEY_PARAM_RSA_E, exponent.get()) != 1) {
    Fail(kid, "cannot read the RSA modulus and exponent");
  }
  Params params(OSSL_PARAM_BLD_to_param(builder.get()));
  KeyContext context(EVP_PKEY_CTX_new_from_name(nullptr, "RSA", nullptr));
  EVP_PKEY* raw = nullptr;
  if (!params || !context || EVP_PKEY_fromdata_init(context.get()) != 1 ||
      EVP_PKEY_fromdata(context.get(), &raw, EVP_PKEY_PUBLIC_KEY, params.get()) != 1) {
    Fail(kid, "not a valid RSA public key");
  }
  Key key(raw);
  if (EVP_PKEY_get_bits(key.get()) < kMinRsaModulusBits) {
    Fail(kid, "an RSA modulus of " + std::to_string(EVP_PKEY_get_bits(key.get())) +
                  " bits; at least " + std::to_string(kMinRsaModulusBits) + " are required");
  }
  Bio bio(BIO_new(BIO_s_mem()));
  if (!bio || PEM_write_bio_PUBKEY(bio.get(), key.get()) != 1) {
    Fail(kid, "cannot write the RSA key");
  }
  char* data = nullptr;
  const long length = BIO_get_mem_data(bio.get(), &data);
  return {data, static_cast<std::size_t>(length)};
}

}  // namespace

std::vector<SigningKey> ParseJwks(std::string_view json) {
  const nlohmann::json set = nlohmann::json::parse(json, nullptr, false);
  if (set.is_discarded() || !set.is_object() || !set.contains("keys") || !set["keys"].is_array()) {
    throw std::invalid_argument("JSON Web Key Set: not a JSON object with a \"keys\" array");
  }
  std::vector<SigningKey> keys;
  std::set<std::string> kids;
  for (const nlohmann::json& key : set["keys"]) {
    if (!key.is_object()) {
      throw std::invalid_argument("JSON Web Key Set: every entry of \"keys\" must be an object");
    }
    const std::string kty = Member(key, "kty");
    const std::string use = Member(key, "use");
    const std::string alg = Member(key, "alg");
    const bool rsa = kty == "RSA" && (alg.empty() || alg == "RS256");
    const bool oct = kty == "oct" && (alg.empty() || alg == "HS256");
    if ((!rsa && !oct) || (!use.empty() && use != "sig")) {
      continue;  // an encryption key, or a type or algorithm this system does not verify
    }
    SigningKey signing;
    signing.kid = Member(key, "kid");
    if (signing.kid.empty()) {
      throw std::invalid_argument(
          "JSON Web Key Set: every signing key needs a key id (\"kid\") to be told apart");
    }
    if (!kids.insert(signing.kid).second) {
      Fail(signing.kid, "the key id appears twice");
    }
    if (rsa) {
      signing.algorithm = SigningAlgorithm::kRs256;
      signing.material =
          RsaPublicKeyPem(Bytes(key, "n", signing.kid), Bytes(key, "e", signing.kid), signing.kid);
    } else {
      signing.algorithm = SigningAlgorithm::kHs256;
      signing.material = Bytes(key, "k", signing.kid);
      if (signing.material.size() < kMinHs256SecretBytes) {
        Fail(signing.kid, "an HS256 key of " + std::to_string(signing.material.size()) +
                              " bytes; at least " + std::to_string(kMinHs256SecretBytes) +
                              " are required");
      }
    }
    keys.push_back(std::move(signing));
  }
  if (keys.empty()) {
    throw std::invalid_argument("JSON Web Key Set: no RS256 or HS256 signing key");
  }
  return keys;
}

}  // namespace crm::common::auth
