#pragma once

#include <chrono>
#include <initializer_list>
#include <optional>
#include <set>
#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

#include "common/auth/jwks.h"

// Authentication with JWT bearer tokens (HS256 shared secret or RS256 public key) and role-based
// authorization. Pure of gRPC: the server glue in common/grpc calls Authenticate().
namespace crm::common::auth {

enum class Role { kSalesManager, kSalesHead, kAnalyst, kAccountant, kAdmin, kService };

std::string_view RoleName(Role role);
std::optional<Role> ParseRole(std::string_view name);

// The audience (`aud`) tokens for this system carry unless a deployment configures another
// (CRM_JWT_AUDIENCE); the dev tools mint tokens for it.
inline constexpr char kDefaultAudience[] = "expo-crm";

// Who is calling: the token's subject ("employees/{id}" for staff, "services/{name}" for
// systems), display name, CRM roles (unknown role names are dropped) and the token's expiry.
struct Principal {
  std::string subject;
  std::string name;
  std::set<Role> roles;
  // The token's `exp`: a long-lived call (a stream) ends when it passes.
  std::chrono::system_clock::time_point expires_at = std::chrono::system_clock::time_point::max();

  bool Has(Role role) const { return roles.contains(role); }
  bool HasAny(std::initializer_list<Role> wanted) const;
  // Whether the token carries at least one CRM role; a caller without one may call nothing.
  bool HasCrmRole() const { return !roles.empty(); }
};

// Throws AuthenticationError("token expired") once the caller's token has expired; a streaming
// RPC calls it between messages so it never outlives the credentials it started with.
void RequireUnexpired(const Principal& caller);

// Missing, malformed, expired or wrongly signed credentials -> UNAUTHENTICATED.
class AuthenticationError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

// Exactly one of the three key sources: one HS256 secret (development; at least
// kMinHs256SecretBytes), one RS256 public key, or a JSON Web Key Set whose keys are told apart by
// the token header's `kid`, so the identity provider can rotate keys.
struct VerifierConfig {
  std::string hs256_secret;
  std::string rs256_public_key_pem;
  std::string issuer;  // checked when not empty
  // Required: a token must name it in `aud` (a string or an array, RFC 7519 4.1.3), so a token
  // the identity provider issued for another application is not accepted here.
  std::string audience;
  // Tolerated clock difference between the issuer and us.
  std::chrono::seconds leeway{30};
  std::string jwks_json;
};

class TokenVerifier {
 public:
  // Throws std::invalid_argument for a configuration that cannot verify safely: no key or more
  // than one source, a short HS256 secret, a broken key set, no audience.
  explicit TokenVerifier(VerifierConfig config);
  // Picks the key by the header's `kid` (a single configured key needs none), verifies the
  // signature with that key's algorithm only (a token claiming another algorithm, "none"
  // included, is rejected), then exp/nbf/iss/aud, then reads sub, name, roles and exp. Every
  // failure is AuthenticationError (UNAUTHENTICATED).
  Principal Verify(std::string_view token) const;
  // Parses "Bearer <token>" from an authorization header value.
  Principal VerifyAuthorizationHeader(std::string_view header) const;

 private:
  // The key a token names by its header's `kid`; AuthenticationError for none or an unknown one.
  const SigningKey& KeyFor(std::string_view token) const;

  VerifierConfig config_;
  std::vector<SigningKey> keys_;
};

struct TokenRequest {
  std::string subject;
  std::string name;
  std::vector<Role> roles;
  std::string issuer = "expo-crm-dev";
  // `aud`: one value is written as a string, several as an array, none leaves the claim out.
  std::vector<std::string> audience = {kDefaultAudience};
  std::chrono::seconds ttl{std::chrono::hours(12)};
};

// Mints an HS256 token; used by the local stack's dev tool and by tests.
std::string MintHs256Token(const std::string& secret, const TokenRequest& request);

}  // namespace crm::common::auth
