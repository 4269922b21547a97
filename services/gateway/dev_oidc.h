#pragma once

#include <chrono>
#include <functional>
#include <map>
#include <mutex>
#include <nlohmann/json.hpp>
#include <string>

#include "services/gateway/dev_signin.h"
#include "services/gateway/http/http_types.h"
#include "services/gateway/transcoding/request_builder.h"

// A minimal OpenID Connect provider for the local stack, on the development sign-in's switch
// (CRM_GATEWAY_DEV_SIGNIN=1), so that the console signs in there by exactly the code path it uses
// with the company's provider in production: the authorization code flow with PKCE (RFC 6749,
// RFC 7636 S256). Under the issuer `<scheme>://<host>/dev/oidc`:
//   GET  /.well-known/openid-configuration  the discovery document;
//   GET  /authorize   a page (Russian, server-rendered) listing the demo employees to pick;
//   POST /authorize   the pick (or the refusal): a redirect to the client's redirect URI with a
//                     one-time code (60 s, bound to the client, the redirect URI and the PKCE
//                     challenge) or error=access_denied, and the state;
//   POST /token       grant_type=authorization_code: the code and its verifier
//                     (application/x-www-form-urlencoded) for the access token DevSignIn mints
//                     (expires_in: CRM_GATEWAY_DEV_SIGNIN_TOKEN_TTL_S), an ID token with the
//                     nonce and a refresh token; grant_type=refresh_token (RFC 6749 §6): the
//                     refresh token for a new access token and a new refresh token, the old one
//                     gone (rotated: each is good once), bound to the client and good until a day
//                     after the sign-in; RFC 6749 §5.2 errors as JSON.
// One public client: `client_id`, whose redirect URI is `redirect_path` on the issuer's origin.
namespace crm::gateway {

class DevOidcProvider {
 public:
  using Clock = std::function<std::chrono::steady_clock::time_point()>;

  // `now`: the time codes and refresh tokens expire by (the tests move it on).
  DevOidcProvider(const DevSignIn& signin, std::string client_id, std::string redirect_path,
                  Clock now = &std::chrono::steady_clock::now);

  static constexpr char kPrefix[] = "/dev/oidc";
  // A sign-in is renewed for a day; then the person signs in again.
  static constexpr std::chrono::hours kRefreshLifetime{24};

  // "http://127.0.0.1:8080/dev/oidc": the origin the request was sent to (Host, and
  // X-Forwarded-Proto behind a TLS proxy) and the prefix.
  static std::string IssuerOf(const HttpRequest& request);
  static nlohmann::json Discovery(const std::string& issuer);

  // GET /authorize: the page listing `candidates` (DevSignIn::Candidates), or the answer to a
  // request that cannot be served (an error page, or a redirect with the error).
  HttpResponse AuthorizePage(const HttpRequest& request, const QueryParams& params,
                             const nlohmann::json& candidates) const;
  // POST /authorize with the page's form: `employee` (one of `candidates`) or `deny`.
  HttpResponse Authorize(const HttpRequest& request, const QueryParams& form,
                         const nlohmann::json& candidates);
  // POST /token.
  HttpResponse Token(const HttpRequest& request, const QueryParams& form);

 private:
  struct Grant {
    std::string client_id;
    std::string redirect_uri;
    std::string code_challenge;
    std::string nonce;
    std::string scope;
    nlohmann::json employee;
    std::chrono::steady_clock::time_point expires;
  };
  // What a refresh token renews: the sign-in it came from.
  struct Renewal {
    std::string client_id;
    std::string scope;
    nlohmann::json employee;
    std::chrono::steady_clock::time_point expires;
  };
  // The authorization request's parameters, checked; `failure` set when it cannot go on.
  struct Checked;
  Checked Check(const HttpRequest& request, const QueryParams& params) const;
  HttpResponse CodeGrant(const HttpRequest& request, const QueryParams& form);
  HttpResponse RefreshGrant(const QueryParams& form);
  // A new refresh token for `renewal`, kept; the caller holds `mutex_`.
  std::string KeepRenewal(Renewal renewal);

  const DevSignIn& signin_;
  std::string client_id_;
  std::string redirect_path_;
  std::mutex mutex_;
  Clock now_;
  std::map<std::string, Grant> codes_;
  std::map<std::string, Renewal> refresh_tokens_;
};

// RFC 7636 §4.2: BASE64URL(SHA256(ASCII(code_verifier))), no padding.
std::string PkceS256(const std::string& verifier);

// The value of `name` in decoded query or form parameters; "" when absent.
std::string ParamOf(const QueryParams& params, const std::string& name);

}  // namespace crm::gateway
