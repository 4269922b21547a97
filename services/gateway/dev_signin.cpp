#include "services/gateway/dev_signin.h"

#include <absl/strings/escaping.h>

#include <chrono>
#include <fstream>
#include <iterator>
#include <stdexcept>

#include "common/auth/auth.h"
#include "common/core/config.h"
#include "common/core/digest.h"

namespace crm::gateway {
namespace {

namespace auth = common::auth;

// An ID token only tells the client who signed in, once.
constexpr std::chrono::minutes kIdTokenLifetime{5};

// HMAC-SHA256 (RFC 2104) of `message` with `key`.
std::string HmacSha256(std::string key, const std::string& message) {
  constexpr std::size_t kBlock = 64;
  if (key.size() > kBlock) {
    key = common::Sha256(key);
  }
  key.resize(kBlock, '\0');
  std::string inner(kBlock, '\0');
  std::string outer(kBlock, '\0');
  for (std::size_t i = 0; i < kBlock; ++i) {
    inner[i] = static_cast<char>(key[i] ^ 0x36);
    outer[i] = static_cast<char>(key[i] ^ 0x5c);
  }
  return common::Sha256(outer + common::Sha256(inner + message));
}

}  // namespace

DevSignIn::DevSignIn(std::string secret, std::string audience, std::chrono::seconds token_lifetime)
    : secret_(std::move(secret)), audience_(std::move(audience)), token_lifetime_(token_lifetime) {
  if (secret_.empty()) {
    throw std::runtime_error("the development sign-in needs a key");
  }
  if (token_lifetime_.count() <= 0) {
    throw std::runtime_error("the development sign-in's token lifetime must be positive");
  }
}

DevSignIn DevSignIn::FromKeyFile(const std::string& key_file, std::string audience) {
  std::ifstream in(key_file, std::ios::binary);
  if (!in) {
    throw std::runtime_error("CRM_GATEWAY_DEV_SIGNIN_KEY_FILE " + key_file + " cannot be read");
  }
  std::string key{std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
  const auto first = key.find_first_not_of(" \t\r\n");
  if (first == std::string::npos) {
    throw std::runtime_error("CRM_GATEWAY_DEV_SIGNIN_KEY_FILE " + key_file + " is empty");
  }
  key = key.substr(first, key.find_last_not_of(" \t\r\n") - first + 1);
  common::EnvReader env;
  const int lifetime = env.Int("CRM_GATEWAY_DEV_SIGNIN_TOKEN_TTL_S",
                               static_cast<int>(kDefaultTokenLifetime.count()), 5, 7 * 24 * 3600);
  env.Validate();
  return DevSignIn(std::move(key), std::move(audience), std::chrono::seconds(lifetime));
}

std::string DevSignIn::LookupToken() const {
  auth::TokenRequest request;
  request.subject = "services/crm-gateway-dev-signin";
  request.name = "crm-gateway (development sign-in)";
  request.roles = {auth::Role::kAdmin};
  request.audience = {audience_};
  request.ttl = std::chrono::minutes(1);
  return auth::MintHs256Token(secret_, request);
}

nlohmann::json DevSignIn::Candidates(const nlohmann::json& employees) {
  nlohmann::json candidates = nlohmann::json::array();
  for (const auto& e : employees) {
    if (e.value("status", "") == "EMPLOYEE_STATUS_LEFT") {
      continue;
    }
    nlohmann::json roles = nlohmann::json::array();
    for (const auto& role : e.value("roles", nlohmann::json::array())) {
      if (role.is_string() && auth::ParseRole(role.get<std::string>()) &&
          role.get<std::string>() != "service") {
        roles.push_back(role);
      }
    }
    if (roles.empty()) {
      continue;
    }
    candidates.push_back({{"name", e.value("name", "")},
                          {"fullName", e.value("fullName", "")},
                          {"department", e.value("department", "")},
                          {"roles", roles}});
  }
  return candidates;
}

nlohmann::json DevSignIn::SignIn(const nlohmann::json& employee) const {
  auth::TokenRequest request;
  request.subject = employee.value("name", "");
  request.name = employee.value("fullName", "");
  for (const auto& role : employee.value("roles", nlohmann::json::array())) {
    if (auto parsed = auth::ParseRole(role.get<std::string>())) {
      request.roles.push_back(*parsed);
    }
  }
  request.audience = {audience_};
  request.ttl = token_lifetime_;
  return {{"token", auth::MintHs256Token(secret_, request)},
          {"expiresIn", token_lifetime_.count()},
          {"employee", employee}};
}

std::string DevSignIn::IdToken(const nlohmann::json& employee, const std::string& issuer,
                               const std::string& client_id, const std::string& nonce) const {
  const auto now =
      std::chrono::floor<std::chrono::seconds>(std::chrono::system_clock::now().time_since_epoch())
          .count();
  nlohmann::json claims = {{"iss", issuer},
                           {"aud", client_id},
                           {"sub", employee.value("name", "")},
                           {"name", employee.value("fullName", "")},
                           {"iat", now},
                           {"exp", now + std::chrono::seconds(kIdTokenLifetime).count()}};
  if (!nonce.empty()) {
    claims["nonce"] = nonce;
  }
  const std::string signed_part =
      absl::WebSafeBase64Escape(nlohmann::json{{"alg", "HS256"}, {"typ", "JWT"}}.dump()) + "." +
      absl::WebSafeBase64Escape(claims.dump());
  return signed_part + "." + absl::WebSafeBase64Escape(HmacSha256(secret_, signed_part));
}

}  // namespace crm::gateway
