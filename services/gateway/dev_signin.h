#pragma once

#include <chrono>
#include <nlohmann/json.hpp>
#include <string>

// Development sign-in for the web console on a local stack (CRM_GATEWAY_DEV_SIGNIN=1 with
// CRM_GATEWAY_DEV_SIGNIN_KEY_FILE, the stack's HS256 development key). `GET /dev/signin` lists the
// active employees that hold a role; `POST /dev/signin {"employee": "employees/<id>"}` answers a
// token for that employee with their roles, as `crm --as ROLE` mints one. Off by default and in
// every Kubernetes overlay: production tokens come from the company's identity provider (OIDC,
// console/README.md), and the gateway then holds no key.
namespace crm::gateway {

class DevSignIn {
 public:
  // A working day: the console signs in again the next morning.
  static constexpr std::chrono::seconds kDefaultTokenLifetime{10 * 3600};

  // `secret`: the HS256 key the services verify with; `audience`: the tokens' `aud`;
  // `token_lifetime`: how long the access tokens SignIn answers are good for.
  DevSignIn(std::string secret, std::string audience,
            std::chrono::seconds token_lifetime = kDefaultTokenLifetime);

  // Reads the key from `key_file` (the whole file, surrounding white space dropped) and the
  // access tokens' lifetime from CRM_GATEWAY_DEV_SIGNIN_TOKEN_TTL_S (seconds, 5 to a week;
  // a working day when unset); throws std::runtime_error when the file cannot be read or is
  // empty, or the lifetime is malformed.
  static DevSignIn FromKeyFile(const std::string& key_file, std::string audience);

  // A one-minute admin token the gateway lists the employees with.
  std::string LookupToken() const;
  // The employees one can sign in as, from ListEmployees responses' `employees`: active, holding
  // at least one role; name, fullName, department and roles of each.
  static nlohmann::json Candidates(const nlohmann::json& employees);
  // {"token", "expiresIn" (seconds, the token lifetime), "employee"} for one of Candidates().
  nlohmann::json SignIn(const nlohmann::json& employee) const;
  // An OpenID Connect ID token (HS256 with the same key) for one of Candidates(): `iss`, `aud`
  // (the client), `sub`, `name`, `nonce`, five minutes.
  std::string IdToken(const nlohmann::json& employee, const std::string& issuer,
                      const std::string& client_id, const std::string& nonce) const;

 private:
  std::string secret_;
  std::string audience_;
  std::chrono::seconds token_lifetime_;
};

}  // namespace crm::gateway
