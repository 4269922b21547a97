#pragma once

#include <chrono>
#include <initializer_list>
#include <optional>
#include <set>
#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

// Authentication with JWT bearer tokens (HS256 shared secret or RS256 public key) and role-based
// authorization. Pure of gRPC: the server glue in common/grpc calls Authenticate().
namespace crm::common::auth {

enum class Role { kSalesManager, kSalesHead, kAnalyst, kAccountant, kAdmin, kService };

std::string_view RoleName(Role role);
std::optional<Role> ParseRole(std::string_view name);

// Who is calling: the token's subject ("employees/{id}" for staff, "services/{name}" for
// systems), display name and roles.
struct Principal {
  std::string subject;
  std::string name;
  std::set<Role> roles;

  bool Has(Role role) const { return roles.contains(role); }
  bool HasAny(std::initializer_list<Role> wanted) const;
};

// Missing, malformed, expired or wrongly signed credentials -> UNAUTHENTICATED.
class AuthenticationError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

struct VerifierConfig {
  std::string hs256_secret;  // exactly one of these two
  std::string rs256_public_key_pem;
  std::string issuer;  // checked when not empty
  // Tolerated clock difference between the issuer and us.
  std::chrono::seconds leeway{30};
};

class TokenVerifier {
 public:
  explicit TokenVerifier(VerifierConfig config);
  // Verifies the signature with the configured algorithm only (a token claiming another
  // algorithm, "none" included, is rejected), then exp/nbf/iss, then reads sub, name and roles.
  Principal Verify(std::string_view token) const;
  // Parses "Bearer <token>" from an authorization header value.
  Principal VerifyAuthorizationHeader(std::string_view header) const;

 private:
  VerifierConfig config_;
};

struct TokenRequest {
  std::string subject;
  std::string name;
  std::vector<Role> roles;
  std::string issuer = "expo-crm-dev";
  std::chrono::seconds ttl{std::chrono::hours(12)};
};

// Mints an HS256 token; used by the local stack's dev tool and by tests.
std::string MintHs256Token(const std::string& secret, const TokenRequest& request);

}  // namespace crm::common::auth
