#include "services/gateway/dev_oidc.h"

#include <absl/strings/escaping.h>

#include <optional>

#include "common/core/digest.h"
#include "common/core/ids.h"
#include "services/gateway/transcoding/path_template.h"

namespace crm::gateway {
namespace {

// A code is exchanged at once by the client it was issued to.
constexpr std::chrono::seconds kCodeLifetime{60};

HttpResponse JsonAnswer(int status, const nlohmann::json& body) {
  HttpResponse response;
  response.status = status;
  response.body = body.dump();
  response.SetHeader("content-type", "application/json");
  response.SetHeader("cache-control", "no-store");
  response.SetHeader("pragma", "no-cache");
  return response;
}

// RFC 6749 §5.2: {"error", "error_description"}; 401 for invalid_client, 400 otherwise.
HttpResponse OAuthError(const std::string& error, const std::string& description) {
  return JsonAnswer(error == "invalid_client" ? 401 : 400,
                    {{"error", error}, {"error_description", description}});
}

std::string HtmlEscape(const std::string& text) {
  std::string out;
  for (char c : text) {
    switch (c) {
      case '&':
        out += "&amp;";
        break;
      case '<':
        out += "&lt;";
        break;
      case '>':
        out += "&gt;";
        break;
      case '"':
        out += "&quot;";
        break;
      case '\'':
        out += "&#39;";
        break;
      default:
        out += c;
    }
  }
  return out;
}

HttpResponse Page(int status, const std::string& title, const std::string& body) {
  HttpResponse response;
  response.status = status;
  response.body = "<!doctype html><html lang='ru'><head><meta charset='utf-8'><title>" +
                  HtmlEscape(title) +
                  "</title><style>body{font-family:sans-serif;margin:2rem auto;max-width:60rem}"
                  "table{border-collapse:collapse}td{padding:.3rem .8rem;border-bottom:1px solid "
                  "#ddd}.error{color:#a00}</style></head><body><h1>" +
                  HtmlEscape(title) + "</h1>" + body + "</body></html>";
  response.SetHeader("content-type", "text/html; charset=utf-8");
  response.SetHeader("cache-control", "no-store");
  // The page must not be framed (a pick by a hidden click).
  response.SetHeader("x-frame-options", "DENY");
  return response;
}

HttpResponse Redirect(const std::string& location) {
  HttpResponse response;
  response.status = 302;
  response.SetHeader("location", location);
  response.SetHeader("cache-control", "no-store");
  return response;
}

// The redirect URI with `params` added to its query.
std::string WithQuery(const std::string& uri,
                      const std::vector<std::pair<std::string, std::string>>& params) {
  std::string out = uri;
  char separator = uri.find('?') == std::string::npos ? '?' : '&';
  for (const auto& [k, v] : params) {
    if (v.empty()) {
      continue;
    }
    out += separator + k + "=" + PercentEncode(v);
    separator = '&';
  }
  return out;
}

std::string RoleLabel(const std::string& role) {
  static const std::map<std::string, std::string> kLabels = {
      {"sales_manager", "менеджер по продажам"},
      {"sales_head", "руководитель отдела продаж"},
      {"analyst", "аналитик"},
      {"accountant", "бухгалтер"},
      {"admin", "администратор"}};
  auto it = kLabels.find(role);
  return it == kLabels.end() ? role : it->second;
}

// RFC 7636 §4.1: 43 to 128 unreserved characters.
bool IsPkceValue(const std::string& value) {
  if (value.size() < 43 || value.size() > 128) {
    return false;
  }
  for (unsigned char c : value) {
    if (std::isalnum(c) == 0 && c != '-' && c != '.' && c != '_' && c != '~') {
      return false;
    }
  }
  return true;
}

std::string NewCode() {
  std::string code;
  for (char c : common::NewUuid() + common::NewUuid()) {
    if (c != '-') {
      code += c;
    }
  }
  return code;
}

// Takes the entry of `key` out of `kept` (codes, refresh tokens): each is good once, so whatever
// the outcome it is gone; nullopt when there was none or it had expired by `now`.
template <class Kept>
std::optional<typename Kept::mapped_type> TakeOnce(Kept& kept, const std::string& key,
                                                   std::chrono::steady_clock::time_point now) {
  auto it = kept.find(key);
  if (it == kept.end()) {
    return std::nullopt;
  }
  auto value = std::move(it->second);
  kept.erase(it);
  if (value.expires <= now) {
    return std::nullopt;
  }
  return value;
}

}  // namespace

std::string PkceS256(const std::string& verifier) {
  return absl::WebSafeBase64Escape(common::Sha256(verifier));
}

std::string ParamOf(const QueryParams& params, const std::string& name) {
  for (const auto& [k, v] : params) {
    if (k == name) {
      return v;
    }
  }
  return "";
}

struct DevOidcProvider::Checked {
  std::string client_id;
  std::string redirect_uri;
  std::string state;
  std::string nonce;
  std::string scope;
  std::string code_challenge;
  // Set when the request cannot go on: an error page (unknown client, redirect URI not
  // registered: RFC 6749 §4.1.2.1 forbids redirecting then) or a redirect with the error.
  std::optional<HttpResponse> failure;
};

DevOidcProvider::DevOidcProvider(const DevSignIn& signin, std::string client_id,
                                 std::string redirect_path, Clock now)
    : signin_(signin),
      client_id_(std::move(client_id)),
      redirect_path_(std::move(redirect_path)),
      now_(std::move(now)) {}

std::string DevOidcProvider::IssuerOf(const HttpRequest& request) {
  std::string scheme = request.Header("x-forwarded-proto");
  if (scheme != "https") {
    scheme = "http";
  }
  std::string host = request.Header("host");
  if (host.empty()) {
    host = "localhost";
  }
  return scheme + "://" + host + kPrefix;
}

nlohmann::json DevOidcProvider::Discovery(const std::string& issuer) {
  return {{"issuer", issuer},
          {"authorization_endpoint", issuer + "/authorize"},
          {"token_endpoint", issuer + "/token"},
          {"response_types_supported", {"code"}},
          {"grant_types_supported", {"authorization_code", "refresh_token"}},
          {"code_challenge_methods_supported", {"S256"}},
          {"token_endpoint_auth_methods_supported", {"none"}},
          {"subject_types_supported", {"public"}},
          {"id_token_signing_alg_values_supported", {"HS256"}},
          {"scopes_supported", {"openid", "profile"}},
          {"claims_supported", {"sub", "name", "roles", "aud", "iss", "exp", "nonce"}}};
}

DevOidcProvider::Checked DevOidcProvider::Check(const HttpRequest& request,
                                                const QueryParams& params) const {
  Checked c;
  c.client_id = ParamOf(params, "client_id");
  c.redirect_uri = ParamOf(params, "redirect_uri");
  c.state = ParamOf(params, "state");
  c.nonce = ParamOf(params, "nonce");
  c.scope = ParamOf(params, "scope");
  c.code_challenge = ParamOf(params, "code_challenge");
  if (c.client_id != client_id_) {
    c.failure = Page(400, "Ошибка входа",
                     "<p class='error'>Неизвестное приложение (client_id «" +
                         HtmlEscape(c.client_id) + "»): вход для него не настроен.</p>");
    return c;
  }
  const std::string issuer = IssuerOf(request);
  const std::string registered =
      issuer.substr(0, issuer.size() - std::string(kPrefix).size()) + redirect_path_;
  if (c.redirect_uri != registered) {
    c.failure = Page(400, "Ошибка входа",
                     "<p class='error'>Адрес возврата «" + HtmlEscape(c.redirect_uri) +
                         "» не зарегистрирован для приложения; ожидается «" +
                         HtmlEscape(registered) + "».</p>");
    return c;
  }
  auto refuse = [&](const std::string& error, const std::string& description) {
    c.failure = Redirect(
        WithQuery(c.redirect_uri,
                  {{"error", error}, {"error_description", description}, {"state", c.state}}));
  };
  if (ParamOf(params, "response_type") != "code") {
    refuse("unsupported_response_type", "only response_type=code is served");
  } else if (!IsPkceValue(c.code_challenge) || ParamOf(params, "code_challenge_method") != "S256") {
    refuse("invalid_request", "PKCE is required: code_challenge with code_challenge_method=S256");
  } else if (c.state.empty()) {
    refuse("invalid_request", "state is required");
  }
  return c;
}

HttpResponse DevOidcProvider::AuthorizePage(const HttpRequest& request, const QueryParams& params,
                                            const nlohmann::json& candidates) const {
  Checked c = Check(request, params);
  if (c.failure) {
    return *c.failure;
  }
  std::string hidden;
  for (const char* name : {"response_type", "client_id", "redirect_uri", "scope", "state", "nonce",
                           "code_challenge", "code_challenge_method"}) {
    hidden += "<input type='hidden' name='" + std::string(name) + "' value='" +
              HtmlEscape(ParamOf(params, name)) + "'>";
  }
  const std::string action = std::string(kPrefix) + "/authorize";
  std::string rows;
  for (const auto& e : candidates) {
    std::string roles;
    for (const auto& role : e.value("roles", nlohmann::json::array())) {
      roles += (roles.empty() ? "" : ", ") + RoleLabel(role.get<std::string>());
    }
    rows += "<tr><td>" + HtmlEscape(e.value("fullName", ""));
    rows += "</td><td>" + HtmlEscape(e.value("department", ""));
    rows += "</td><td>" + HtmlEscape(roles);
    rows += "</td><td><form method='post' action='" + action + "'>";
    rows += hidden;
    rows += "<button name='employee' value='" + HtmlEscape(e.value("name", ""));
    rows += "'>Войти</button></form></td></tr>";
  }
  return Page(200, "Вход для разработки: демо-сотрудники",
              "<p>Локальный провайдер входа (OpenID Connect) выдаёт токен сотруднику, которого вы "
              "выберете. Только для разработки: в рабочей среде вход идёт через корпоративный "
              "провайдер.</p><table><tbody>" +
                  rows + "</tbody></table><form method='post' action='" + action + "'>" + hidden +
                  "<p><button name='deny' value='1'>Отказаться</button></p></form>");
}

HttpResponse DevOidcProvider::Authorize(const HttpRequest& request, const QueryParams& form,
                                        const nlohmann::json& candidates) {
  Checked c = Check(request, form);
  if (c.failure) {
    return *c.failure;
  }
  if (!ParamOf(form, "deny").empty()) {
    return Redirect(WithQuery(c.redirect_uri, {{"error", "access_denied"},
                                               {"error_description", "sign-in refused"},
                                               {"state", c.state}}));
  }
  const std::string picked = ParamOf(form, "employee");
  for (const auto& employee : candidates) {
    if (employee.value("name", "") != picked) {
      continue;
    }
    const std::string code = NewCode();
    const auto now = now_();
    std::lock_guard lock(mutex_);
    std::erase_if(codes_, [&](const auto& entry) { return entry.second.expires <= now; });
    codes_[code] = Grant{c.client_id, c.redirect_uri, c.code_challenge,   c.nonce,
                         c.scope,     employee,       now + kCodeLifetime};
    return Redirect(WithQuery(c.redirect_uri, {{"code", code}, {"state", c.state}}));
  }
  return Page(
      400, "Ошибка входа",
      "<p class='error'>Нет действующего сотрудника с ролью «" + HtmlEscape(picked) + "».</p>");
}

HttpResponse DevOidcProvider::Token(const HttpRequest& request, const QueryParams& form) {
  const std::string grant_type = ParamOf(form, "grant_type");
  if (grant_type == "refresh_token") {
    return RefreshGrant(form);
  }
  return CodeGrant(request, form);
}

std::string DevOidcProvider::KeepRenewal(Renewal renewal) {
  const auto now = now_();
  std::erase_if(refresh_tokens_, [&](const auto& entry) { return entry.second.expires <= now; });
  std::string token = NewCode();
  refresh_tokens_[token] = std::move(renewal);
  return token;
}

HttpResponse DevOidcProvider::CodeGrant(const HttpRequest& request, const QueryParams& form) {
  const std::string grant_type = ParamOf(form, "grant_type");
  const std::string code = ParamOf(form, "code");
  const std::string redirect_uri = ParamOf(form, "redirect_uri");
  const std::string client_id = ParamOf(form, "client_id");
  const std::string verifier = ParamOf(form, "code_verifier");
  if (grant_type.empty() || code.empty() || redirect_uri.empty() || client_id.empty()) {
    return OAuthError("invalid_request",
                      "grant_type, code, redirect_uri, client_id and code_verifier are required");
  }
  if (grant_type != "authorization_code") {
    return OAuthError("unsupported_grant_type",
                      "only authorization_code and refresh_token are served");
  }
  if (client_id != client_id_) {
    return OAuthError("invalid_client", "unknown client " + client_id);
  }
  if (!IsPkceValue(verifier)) {
    return OAuthError("invalid_request", "code_verifier must be 43 to 128 unreserved characters");
  }
  Grant grant;
  {
    std::lock_guard lock(mutex_);
    auto taken = TakeOnce(codes_, code, now_());
    if (!taken) {
      return OAuthError("invalid_grant", "the code is unknown, expired or already used");
    }
    grant = std::move(*taken);
  }
  if (grant.client_id != client_id) {
    return OAuthError("invalid_grant", "the code was issued to another client");
  }
  if (grant.redirect_uri != redirect_uri) {
    return OAuthError("invalid_grant", "redirect_uri differs from the authorization request's");
  }
  if (PkceS256(verifier) != grant.code_challenge) {
    return OAuthError("invalid_grant", "code_verifier does not match the code_challenge");
  }
  const nlohmann::json signed_in = signin_.SignIn(grant.employee);
  std::string refresh_token;
  {
    std::lock_guard lock(mutex_);
    refresh_token =
        KeepRenewal(Renewal{client_id, grant.scope, grant.employee, now_() + kRefreshLifetime});
  }
  nlohmann::json answer = {{"access_token", signed_in["token"]},
                           {"token_type", "Bearer"},
                           {"expires_in", signed_in["expiresIn"]},
                           {"refresh_token", refresh_token},
                           {"scope", grant.scope}};
  if ((" " + grant.scope + " ").find(" openid ") != std::string::npos) {
    answer["id_token"] = signin_.IdToken(grant.employee, IssuerOf(request), client_id, grant.nonce);
  }
  return JsonAnswer(200, answer);
}

HttpResponse DevOidcProvider::RefreshGrant(const QueryParams& form) {
  const std::string presented = ParamOf(form, "refresh_token");
  const std::string client_id = ParamOf(form, "client_id");
  if (presented.empty() || client_id.empty()) {
    return OAuthError("invalid_request", "refresh_token and client_id are required");
  }
  if (client_id != client_id_) {
    return OAuthError("invalid_client", "unknown client " + client_id);
  }
  Renewal renewal;
  std::string rotated;
  {
    std::lock_guard lock(mutex_);
    auto taken = TakeOnce(refresh_tokens_, presented, now_());
    if (!taken) {
      return OAuthError("invalid_grant", "the refresh token is unknown, expired or already used");
    }
    renewal = std::move(*taken);
    if (renewal.client_id != client_id) {
      return OAuthError("invalid_grant", "the refresh token was issued to another client");
    }
    // The new one ends when the sign-in's renewals end, however often it is rotated.
    rotated = KeepRenewal(renewal);
  }
  const nlohmann::json signed_in = signin_.SignIn(renewal.employee);
  return JsonAnswer(200, {{"access_token", signed_in["token"]},
                          {"token_type", "Bearer"},
                          {"expires_in", signed_in["expiresIn"]},
                          {"refresh_token", rotated},
                          {"scope", renewal.scope}});
}

}  // namespace crm::gateway
