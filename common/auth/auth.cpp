#include "common/auth/auth.h"

#include <jwt.h>

#include <ctime>
#include <memory>
#include <nlohmann/json.hpp>

#include "common/core/base64url.h"

namespace crm::common::auth {
namespace {
constexpr std::pair<Role, std::string_view> kRoleNames[] = {
    {Role::kSalesManager, "sales_manager"},
    {Role::kSalesHead, "sales_head"},
    {Role::kAnalyst, "analyst"},
    {Role::kAccountant, "accountant"},
    {Role::kAdmin, "admin"},
    {Role::kService, "service"},
};

// A token header is a few dozen bytes; a longer one is refused before it is decoded.
constexpr std::size_t kMaxHeaderCharacters = 4096;

struct JwtDeleter {
  void operator()(jwt_t* j) const { jwt_free(j); }
};
using JwtPtr = std::unique_ptr<jwt_t, JwtDeleter>;

struct FreeDeleter {
  void operator()(char* p) const { free(p); }
};

// A claim that is not a plain string (an array, an object) as parsed JSON; null when absent.
nlohmann::json ClaimJson(jwt_t* jwt, const char* claim) {
  std::unique_ptr<char, FreeDeleter> text(jwt_get_grants_json(jwt, claim));
  if (!text) {
    return nullptr;
  }
  return nlohmann::json::parse(text.get(), nullptr, false);
}

// RFC 7519 4.1.3: `aud` is one string or an array of strings; ours must be among them.
bool NamesAudience(const nlohmann::json& aud, const std::string& audience) {
  if (aud.is_string()) {
    return aud.get<std::string>() == audience;
  }
  if (aud.is_array()) {
    for (const auto& one : aud) {
      if (one.is_string() && one.get<std::string>() == audience) {
        return true;
      }
    }
  }
  return false;
}
// `exp` (seconds since the epoch, > 0) as a time point. system_clock counts nanoseconds in 64 bits,
// which end in 2262: a later expiry, which a token may carry, is the end of the clock rather
// than an overflow (that made such a token expired, or anything, on its first check).
std::chrono::system_clock::time_point ExpiryTime(long exp) {
  using std::chrono::system_clock;
  const auto latest = std::chrono::duration_cast<std::chrono::seconds>(
      system_clock::time_point::max().time_since_epoch());
  if (exp >= latest.count()) {
    return system_clock::time_point::max();
  }
  return system_clock::from_time_t(static_cast<std::time_t>(exp));
}

}  // namespace

std::string_view RoleName(Role role) {
  for (const auto& [r, name] : kRoleNames) {
    if (r == role) {
      return name;
    }
  }
  return "unknown";
}

std::optional<Role> ParseRole(std::string_view name) {
  for (const auto& [r, n] : kRoleNames) {
    if (n == name) {
      return r;
    }
  }
  return std::nullopt;
}

void RequireUnexpired(const Principal& caller) {
  if (std::chrono::system_clock::now() >= caller.expires_at) {
    throw AuthenticationError("token expired");
  }
}

bool Principal::HasAny(std::initializer_list<Role> wanted) const {
  for (Role r : wanted) {
    if (Has(r)) {
      return true;
    }
  }
  return false;
}

TokenVerifier::TokenVerifier(VerifierConfig config) : config_(std::move(config)) {
  const int sources = static_cast<int>(!config_.hs256_secret.empty()) +
                      static_cast<int>(!config_.rs256_public_key_pem.empty()) +
                      static_cast<int>(!config_.jwks_json.empty());
  if (sources != 1) {
    throw std::invalid_argument(
        "configure exactly one of an HS256 secret, an RS256 key and a JSON Web Key Set");
  }
  if (config_.audience.empty()) {
    throw std::invalid_argument("configure the audience tokens must be issued for");
  }
  if (!config_.hs256_secret.empty()) {
    if (config_.hs256_secret.size() < kMinHs256SecretBytes) {
      throw std::invalid_argument("the HS256 secret must be at least " +
                                  std::to_string(kMinHs256SecretBytes) + " bytes long");
    }
    keys_.push_back({"", SigningAlgorithm::kHs256, config_.hs256_secret});
  } else if (!config_.rs256_public_key_pem.empty()) {
    keys_.push_back({"", SigningAlgorithm::kRs256, config_.rs256_public_key_pem});
  } else {
    keys_ = ParseJwks(config_.jwks_json);
  }
}

const SigningKey& TokenVerifier::KeyFor(std::string_view token) const {
  if (keys_.size() == 1 && keys_.front().kid.empty()) {
    return keys_.front();  // one configured key: the header's kid, if any, does not matter
  }
  const std::size_t dot = token.find('.');
  const std::optional<std::string> header_text =
      dot > kMaxHeaderCharacters  // npos too: no dot at all
          ? std::nullopt
          : Base64UrlDecode(token.substr(0, dot));
  const nlohmann::json header =
      header_text ? nlohmann::json::parse(*header_text, nullptr, false) : nlohmann::json();
  if (!header.is_object()) {
    throw AuthenticationError("invalid token: malformed header");
  }
  const auto kid = header.find("kid");
  if (kid == header.end() || !kid->is_string()) {
    throw AuthenticationError("invalid token: no key id (kid) to choose among the signing keys");
  }
  for (const SigningKey& key : keys_) {
    if (key.kid == kid->get<std::string>()) {
      return key;
    }
  }
  throw AuthenticationError("invalid token: signed with an unknown key (kid)");
}

Principal TokenVerifier::Verify(std::string_view token) const {
  if (token.empty()) {
    throw AuthenticationError("missing bearer token");
  }
  const SigningKey& key = KeyFor(token);
  jwt_t* raw = nullptr;
  std::string token_str(token);
  if (jwt_decode(&raw, token_str.c_str(),
                 reinterpret_cast<const unsigned char*>(key.material.data()),
                 static_cast<int>(key.material.size())) != 0 ||
      raw == nullptr) {
    throw AuthenticationError("invalid token: malformed or bad signature");
  }
  JwtPtr jwt(raw);
  if (jwt_get_alg(jwt.get()) !=
      (key.algorithm == SigningAlgorithm::kHs256 ? JWT_ALG_HS256 : JWT_ALG_RS256)) {
    throw AuthenticationError("invalid token: unexpected signing algorithm");
  }
  const long now = static_cast<long>(std::time(nullptr));
  const long leeway = static_cast<long>(config_.leeway.count());
  errno = 0;
  long exp = jwt_get_grant_int(jwt.get(), "exp");
  if (errno == ENOENT || exp <= 0) {
    throw AuthenticationError("invalid token: no expiry (exp)");
  }
  // now - leeway, not exp + leeway: `exp` is the token's and may be as large as a long goes.
  if (now - leeway > exp) {
    throw AuthenticationError("token expired");
  }
  errno = 0;
  long nbf = jwt_get_grant_int(jwt.get(), "nbf");
  if (errno != ENOENT && nbf > 0 && now + leeway < nbf) {
    throw AuthenticationError("token not valid yet");
  }
  if (!config_.issuer.empty()) {
    const char* iss = jwt_get_grant(jwt.get(), "iss");
    if (iss == nullptr || config_.issuer != iss) {
      throw AuthenticationError("invalid token: wrong issuer");
    }
  }
  const char* aud_text = jwt_get_grant(jwt.get(), "aud");
  const nlohmann::json aud =
      aud_text != nullptr ? nlohmann::json(aud_text) : ClaimJson(jwt.get(), "aud");
  if (aud.is_null() || aud.is_discarded()) {
    throw AuthenticationError("invalid token: no audience (aud)");
  }
  if (!NamesAudience(aud, config_.audience)) {
    throw AuthenticationError("invalid token: issued for another audience (aud)");
  }
  Principal p;
  const char* sub = jwt_get_grant(jwt.get(), "sub");
  if (sub == nullptr || *sub == '\0') {
    throw AuthenticationError("invalid token: no subject (sub)");
  }
  p.subject = sub;
  const char* name = jwt_get_grant(jwt.get(), "name");
  p.name = name != nullptr ? name : p.subject;
  p.expires_at = ExpiryTime(exp);
  const nlohmann::json roles = ClaimJson(jwt.get(), "roles");
  if (roles.is_array()) {
    for (const auto& r : roles) {
      if (r.is_string()) {
        if (auto role = ParseRole(r.get<std::string>())) {
          p.roles.insert(*role);
        }
      }
    }
  }
  return p;
}

Principal TokenVerifier::VerifyAuthorizationHeader(std::string_view header) const {
  constexpr std::string_view kPrefix = "Bearer ";
  if (header.empty()) {
    throw AuthenticationError("missing authorization metadata (Bearer token)");
  }
  if (header.size() <= kPrefix.size() || header.substr(0, kPrefix.size()) != kPrefix) {
    throw AuthenticationError("authorization must be \"Bearer <token>\"");
  }
  return Verify(header.substr(kPrefix.size()));
}

std::string MintHs256Token(const std::string& secret, const TokenRequest& request) {
  jwt_t* raw = nullptr;
  if (jwt_new(&raw) != 0) {
    throw std::runtime_error("jwt_new failed");
  }
  JwtPtr jwt(raw);
  // system_clock, which expires_at and RequireUnexpired read, not std::time: that one reads a
  // coarse clock trailing it by up to a tick, so a token minted just after a second boundary
  // expired a second early.
  const long now = static_cast<long>(
      std::chrono::floor<std::chrono::seconds>(std::chrono::system_clock::now().time_since_epoch())
          .count());
  nlohmann::json roles = nlohmann::json::array();
  for (Role r : request.roles) {
    roles.push_back(std::string(RoleName(r)));
  }
  nlohmann::json claims = {{"sub", request.subject},
                           {"name", request.name.empty() ? request.subject : request.name},
                           {"iss", request.issuer},
                           {"iat", now},
                           {"exp", now + static_cast<long>(request.ttl.count())},
                           {"roles", roles}};
  if (request.audience.size() == 1) {
    claims["aud"] = request.audience.front();
  } else if (!request.audience.empty()) {
    claims["aud"] = request.audience;
  }
  if (jwt_add_grants_json(jwt.get(), claims.dump().c_str()) != 0 ||
      jwt_set_alg(jwt.get(), JWT_ALG_HS256, reinterpret_cast<const unsigned char*>(secret.data()),
                  static_cast<int>(secret.size())) != 0) {
    throw std::runtime_error("cannot build token");
  }
  std::unique_ptr<char, FreeDeleter> encoded(jwt_encode_str(jwt.get()));
  if (!encoded) {
    throw std::runtime_error("cannot encode token");
  }
  return encoded.get();
}

}  // namespace crm::common::auth
