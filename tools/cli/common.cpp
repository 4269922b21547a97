#include <chrono>
#include <iostream>

#include "common/auth/auth.h"
#include "tools/cli/commands.h"
#include "tools/cli/parse.h"

namespace crm::cli {
namespace {

namespace auth = crm::common::auth;

// Subject of a minted dev token when --subject is not given: a well-formed employee name, so
// services that read the caller as an employee accept it.
constexpr const char* kPlaceholderSubject = "employees/00000000-0000-0000-0000-000000000000";

std::vector<auth::Role> ParseRoles(const std::vector<std::string>& names) {
  std::vector<auth::Role> roles;
  for (const auto& name : names) {
    auto role = auth::ParseRole(name);
    if (!role) {
      throw ArgumentError("unknown role \"" + name +
                          "\"; expected sales_manager, sales_head, analyst, accountant, admin "
                          "or service");
    }
    roles.push_back(*role);
  }
  return roles;
}

std::string RequireSecret(const char* why) {
  std::string secret = EnvOr("CRM_JWT_HS256_SECRET", "");
  if (secret.empty()) {
    throw ArgumentError(std::string(why) +
                        " needs CRM_JWT_HS256_SECRET (source .local/env for the local stack)");
  }
  return secret;
}

}  // namespace

std::string Globals::ResolveToken() const {
  if (!token.empty()) {
    return token;
  }
  if (!as_roles.empty()) {
    auth::TokenRequest request;
    request.roles = ParseRoles(as_roles);
    request.subject = subject.empty() ? kPlaceholderSubject : subject;
    request.name = "crm CLI (" + as_roles.front() + ")";
    request.ttl = std::chrono::minutes(10);
    request.audience = {TokenAudience()};
    return auth::MintHs256Token(RequireSecret("--as"), request);
  }
  return EnvOr("CRM_TOKEN", "");
}

int RunCallWith(const Globals& globals,
                const std::function<grpc::Status(grpc::ClientContext&)>& invoke,
                const std::function<int()>& on_success) {
  std::string token = globals.ResolveToken();
  grpc::ClientContext context;
  std::string request_id = PrepareContext(context, token);
  grpc::Status status = invoke(context);
  if (status.ok()) {
    return on_success();
  }
  std::cerr << DescribeStatus(status) << "  request id: " << request_id << "\n";
  if (status.error_code() == grpc::UNAUTHENTICATED && token.empty()) {
    std::cerr << "  (no token: pass --token, set CRM_TOKEN, or use --as ROLE with "
                 "CRM_JWT_HS256_SECRET)\n";
  }
  return 1;
}

int RunCall(const Globals& globals, const std::function<grpc::Status(grpc::ClientContext&)>& invoke,
            const google::protobuf::Message& response) {
  return RunCallWith(globals, invoke, [&response] {
    std::cout << ToPrettyJson(response) << std::endl;
    return 0;
  });
}

void AddPaging(CLI::App* command, int* page_size, std::string* page_token) {
  command->add_option("--page-size", *page_size, "Results per page (service default 50, max 500)")
      ->check(CLI::Range(1, 500));
  command->add_option("--page-token", *page_token, "nextPageToken of the previous page");
}

void AddTokenCommands(CLI::App& app, Globals& globals) {
  auto* token = app.add_subcommand("token", "Access tokens (development)");
  token->require_subcommand(1);
  auto* mint =
      token->add_subcommand("mint", "Print an HS256 token signed with CRM_JWT_HS256_SECRET");
  struct Options {
    std::vector<std::string> roles;
    std::string subject;
    std::string name;
    int ttl_hours = 12;
  };
  auto opts = std::make_shared<Options>();
  mint->add_option("--role", opts->roles, "Role (repeatable)")
      ->required()
      ->allow_extra_args(false)
      ->delimiter(',');
  mint->add_option("--subject", opts->subject, "employees/<uuid> or services/<name>")->required();
  mint->add_option("--name", opts->name, "Display name");
  mint->add_option("--ttl-hours", opts->ttl_hours, "Lifetime in hours")
      ->check(CLI::Range(1, 24 * 366));
  mint->callback([&globals, opts] {
    globals.action = [opts] {
      auth::TokenRequest request;
      request.roles = ParseRoles(opts->roles);
      request.subject = opts->subject;
      request.name = opts->name;
      request.ttl = std::chrono::hours(opts->ttl_hours);
      request.audience = {TokenAudience()};
      std::cout << auth::MintHs256Token(RequireSecret("token mint"), request) << std::endl;
      return 0;
    };
  });
}

}  // namespace crm::cli
